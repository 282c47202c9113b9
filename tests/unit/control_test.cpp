// The control channel: ControlServer with a fake CommandHandler, send_command, over mutual
// TLS on loopback and over a Unix socket, with keys made by zoned-control-setup.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "config/listen_address.h"
#include "control/command.h"
#include "control/control_client.h"
#include "control/control_io.h"
#include "control/control_server.h"

namespace zoned::control {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

// --- the command line ---------------------------------------------------------------------

TEST(ControlCommand, ParseSplitsWords) {
  ControlCommand command;
  std::string error;
  ASSERT_TRUE(parse_command("  reload \texample.com  ", command, error));
  EXPECT_EQ(command.name, "reload");
  EXPECT_EQ(command.args, std::vector<std::string>{"example.com"});
  EXPECT_FALSE(parse_command("   ", command, error));
  EXPECT_FALSE(parse_command("reload a\x01", command, error));
}

TEST(ControlCommand, CheckKnowsNamesAndArgumentCounts) {
  EXPECT_EQ(check_command({"status", {}}), "");
  EXPECT_EQ(check_command({"reload", {}}), "");
  EXPECT_EQ(check_command({"reload", {"example.com"}}), "");
  EXPECT_EQ(check_command({"verbosity", {"3"}}), "");
  EXPECT_EQ(check_command({"bogus", {}}), "unknown command 'bogus'");
  EXPECT_NE(check_command({"status", {"x"}}), "");
  EXPECT_NE(check_command({"reload", {"a", "b"}}), "");
  for (const char* name :
       {"status", "stop", "reload", "reconfig", "repattern", "log_reopen", "verbosity", "notify",
        "write", "zonestatus", "stats", "stats_noreset", "serverpid"}) {
    EXPECT_NE(find_command(name), nullptr) << name;
  }
}

TEST(ControlCommand, TsigCommandsTakeNsdsArguments) {
  EXPECT_EQ(check_command({"print_tsig", {}}), "");
  EXPECT_EQ(check_command({"print_tsig", {"k1"}}), "");
  EXPECT_NE(check_command({"print_tsig", {"k1", "k2"}}), "");
  EXPECT_NE(check_command({"update_tsig", {"k1"}}), "");
  EXPECT_EQ(check_command({"update_tsig", {"k1", "c2VjcmV0"}}), "");
  EXPECT_NE(check_command({"update_tsig", {"k1", "c2VjcmV0", "x"}}), "");
  EXPECT_NE(check_command({"add_tsig", {"k2"}}), "");
  EXPECT_EQ(check_command({"add_tsig", {"k2", "c2VjcmV0"}}), "");
  EXPECT_EQ(check_command({"add_tsig", {"k2", "c2VjcmV0", "hmac-sha512"}}), "");
  EXPECT_NE(check_command({"add_tsig", {"k2", "c2VjcmV0", "hmac-sha512", "x"}}), "");
  EXPECT_NE(check_command({"assoc_tsig", {"example.com"}}), "");
  EXPECT_EQ(check_command({"assoc_tsig", {"example.com", "k2"}}), "");
  EXPECT_NE(check_command({"del_tsig", {}}), "");
  EXPECT_EQ(check_command({"del_tsig", {"k2"}}), "");
  EXPECT_NE(check_command({"del_tsig", {"k2", "k3"}}), "");
  for (const char* name : {"print_tsig", "update_tsig", "add_tsig", "assoc_tsig", "del_tsig"}) {
    const CommandInfo* info = find_command(name);
    ASSERT_NE(info, nullptr) << name;
    EXPECT_FALSE(info->help.empty()) << name;
  }
}

TEST(ControlCommand, FormatRoundTripsAndRefusesSpaces) {
  std::string line;
  std::string error;
  ASSERT_TRUE(format_command({"zonestatus", {"example.com."}}, line, error));
  EXPECT_EQ(line, "zonestatus example.com.");
  ControlCommand back;
  ASSERT_TRUE(parse_command(line, back, error));
  EXPECT_EQ(back, (ControlCommand{"zonestatus", {"example.com."}}));
  EXPECT_FALSE(format_command({"reload", {"a b"}}, line, error));
  EXPECT_FALSE(format_command({"reload", {""}}, line, error));
}

TEST(ControlCommand, OutputSplitsLinesAndMarksErrors) {
  ControlOutput out;
  out.line("a\nb");
  EXPECT_FALSE(out.failed());
  out.error("zone x not configured");
  EXPECT_TRUE(out.failed());
  EXPECT_EQ(out.lines(), (std::vector<std::string>{"a", "b", "error zone x not configured"}));
}

// --- the channel ----------------------------------------------------------------------------

class FakeHandler : public CommandHandler {
 public:
  void run(const ControlCommand& command, ControlOutput& out) override {
    {
      std::lock_guard lock(mutex_);
      seen_.push_back(command);
    }
    if (command.name == "status") {
      out.line("version: test");
      out.line("verbosity: 0");
    } else if (command.name == "reload" && !command.args.empty() && command.args[0] == "nosuch") {
      out.error("zone nosuch not configured");
    } else if (command.name == "stats") {
      for (int i = 0; i < 5000; ++i)
        out.line("num.counter" + std::to_string(i) + "=0");
    }
    // Anything else: no output, answered "ok".
  }
  std::vector<ControlCommand> seen() {
    std::lock_guard lock(mutex_);
    return seen_;
  }

 private:
  std::mutex mutex_;
  std::vector<ControlCommand> seen_;
};

class ControlChannel : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    char pattern[] = "/tmp/zoned-control-test.XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
    const std::string script =
        std::string(ZONED_TEST_DATA) + "/../src/programs/zoned-control-setup.sh";
    for (const char* sub : {"keys", "other"}) {
      fs::create_directories(dir_ / sub);
      const std::string command =
          "sh '" + script + "' -d '" + (dir_ / sub).string() + "' >/dev/null 2>&1";
      ASSERT_EQ(std::system(command.c_str()), 0) << command;
    }
  }
  static void TearDownTestSuite() {
    std::error_code ignored;
    fs::remove_all(dir_, ignored);
  }

  static std::string file(const char* sub, const char* name) {
    return (dir_ / sub / name).string();
  }

  static config::RemoteControlOptions tcp_options() {
    config::RemoteControlOptions options;
    config::ListenAddress address;
    EXPECT_EQ(config::parse_listen_address("127.0.0.1", true, address), "");
    options.control_interface.push_back(address);
    options.control_port = 0;  // any free port: ControlServer::port() tells which
    options.server_key_file = file("keys", "nsd_server.key");
    options.server_cert_file = file("keys", "nsd_server.pem");
    options.control_key_file = file("keys", "nsd_control.key");
    options.control_cert_file = file("keys", "nsd_control.pem");
    return options;
  }

  static ControlClientOptions client_for(const ControlServer& server, const char* keys = "keys") {
    ControlClientOptions options;
    options.server = "127.0.0.1@" + std::to_string(server.port());
    options.server_cert_file = file("keys", "nsd_server.pem");
    options.control_key_file = file(keys, "nsd_control.key");
    options.control_cert_file = file(keys, "nsd_control.pem");
    options.timeout = 10s;
    return options;
  }

  static std::string socket_path(const char* name) { return (dir_ / name).string(); }

  // A raw connection to a Unix socket.
  static detail::UniqueFd connect_local(const std::string& path) {
    detail::UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0));
    sockaddr_un address{};
    address.sun_family = AF_UNIX;
    std::snprintf(address.sun_path, sizeof address.sun_path, "%s", path.c_str());
    EXPECT_EQ(connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
    return fd;
  }

  // Everything the peer sends until it closes (or 10 seconds pass).
  static std::string read_all(detail::Stream& stream) {
    std::string data;
    const auto deadline = detail::deadline_after(10s);
    for (;;) {
      char buffer[4096];
      std::size_t got = 0;
      if (stream.read_some(buffer, sizeof buffer, got, deadline) != detail::IoResult::kOk) break;
      data.append(buffer, got);
    }
    return data;
  }

  static inline fs::path dir_;
  FakeHandler handler_;
};

TEST_F(ControlChannel, RoundTripOverTls) {
  ControlServer server(tcp_options(), handler_);
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  ASSERT_NE(server.port(), 0);
  server.start();
  const ControlClientOptions options = client_for(server);

  ControlReply reply;
  ASSERT_EQ(send_command(options, {"status", {}}, reply, error), ClientStatus::kOk) << error;
  EXPECT_FALSE(reply.failed);
  EXPECT_EQ(reply.lines, (std::vector<std::string>{"version: test", "verbosity: 0"}));

  ASSERT_EQ(send_command(options, {"reload", {"nosuch"}}, reply, error), ClientStatus::kOk);
  EXPECT_TRUE(reply.failed);
  EXPECT_EQ(reply.lines, std::vector<std::string>{"error zone nosuch not configured"});

  ASSERT_EQ(send_command(options, {"reload", {}}, reply, error), ClientStatus::kOk);
  EXPECT_FALSE(reply.failed);
  EXPECT_EQ(reply.lines, std::vector<std::string>{"ok"});

  // A large reply arrives whole.
  ASSERT_EQ(send_command(options, {"stats", {}}, reply, error), ClientStatus::kOk);
  ASSERT_EQ(reply.lines.size(), 5000u);
  EXPECT_EQ(reply.lines.back(), "num.counter4999=0");

  // Unknown commands and wrong argument counts are answered by the channel, as NSD's.
  ASSERT_EQ(send_command(options, {"bogus", {}}, reply, error), ClientStatus::kOk);
  EXPECT_TRUE(reply.failed);
  EXPECT_EQ(reply.lines, std::vector<std::string>{"error unknown command 'bogus'"});
  ASSERT_EQ(send_command(options, {"status", {"extra"}}, reply, error), ClientStatus::kOk);
  EXPECT_TRUE(reply.failed);

  server.stop();
  const std::vector<ControlCommand> seen = handler_.seen();
  ASSERT_EQ(seen.size(), 4u);
  EXPECT_EQ(seen[1], (ControlCommand{"reload", {"nosuch"}}));
}

TEST_F(ControlChannel, ClientWithAnotherCertificateIsRefused) {
  ControlServer server(tcp_options(), handler_);
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  server.start();
  ControlReply reply;
  // The other setup's client certificate is signed by another server key.
  EXPECT_EQ(send_command(client_for(server, "other"), {"stop", {}}, reply, error),
            ClientStatus::kFailed);
  EXPECT_FALSE(error.empty());
  // A client that trusts another server certificate does not talk to this server.
  ControlClientOptions options = client_for(server);
  options.server_cert_file = file("other", "nsd_server.pem");
  EXPECT_EQ(send_command(options, {"stop", {}}, reply, error), ClientStatus::kFailed);
  // The right one still gets in.
  EXPECT_EQ(send_command(client_for(server), {"status", {}}, reply, error), ClientStatus::kOk)
      << error;
  server.stop();
  const std::vector<ControlCommand> seen = handler_.seen();
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].name, "status");
}

TEST_F(ControlChannel, ClientWithoutCertificateIsRefused) {
  ControlServer server(tcp_options(), handler_);
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  server.start();
  SSL_CTX* ctx = SSL_CTX_new(TLS_client_method());
  ASSERT_NE(ctx, nullptr);
  ASSERT_EQ(SSL_CTX_load_verify_locations(ctx, file("keys", "nsd_server.pem").c_str(), nullptr), 1);
  detail::UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
  ASSERT_TRUE(rc == 0 || errno == EINPROGRESS);
  detail::SslPtr ssl(SSL_new(ctx));
  SSL_set_connect_state(ssl.get());
  detail::Stream stream(fd.get(), std::move(ssl));
  const auto deadline = detail::deadline_after(10s);
  detail::IoResult result = stream.handshake(deadline);
  if (result == detail::IoResult::kOk) result = stream.write_all("ZONEDCT1 stop\n", deadline);
  const std::string data = read_all(stream);
  EXPECT_EQ(data, "");
  SSL_CTX_free(ctx);
  server.stop();
  EXPECT_TRUE(handler_.seen().empty());
}

TEST_F(ControlChannel, UnixSocketWithoutTls) {
  const std::string path = socket_path("control.sock");
  config::RemoteControlOptions options;
  config::ListenAddress address;
  ASSERT_EQ(config::parse_listen_address(path, true, address), "");
  options.control_interface.push_back(address);
  // The key files are not needed for a Unix socket.
  options.server_key_file = "/nonexistent/key";
  options.server_cert_file = "/nonexistent/cert";
  ControlServer server(options, handler_);
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  struct stat info {};
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_TRUE(S_ISSOCK(info.st_mode));
  EXPECT_EQ(info.st_mode & 0777, 0660u);
  server.start();

  ControlClientOptions client;
  client.server = path;
  client.control_key_file = "/nonexistent/key";
  client.control_cert_file = "/nonexistent/cert";
  ControlReply reply;
  ASSERT_EQ(send_command(client, {"status", {}}, reply, error), ClientStatus::kOk) << error;
  EXPECT_EQ(reply.lines.front(), "version: test");
  ASSERT_EQ(send_command(client, {"notify", {"nosuch"}}, reply, error), ClientStatus::kOk);
  EXPECT_FALSE(reply.failed);
  server.stop();
  EXPECT_NE(access(path.c_str(), F_OK), 0);  // removed

  // A socket file left by an earlier run is replaced.
  {
    detail::UniqueFd stale(socket(AF_UNIX, SOCK_STREAM, 0));
    sockaddr_un un{};
    un.sun_family = AF_UNIX;
    std::snprintf(un.sun_path, sizeof un.sun_path, "%s", path.c_str());
    ASSERT_EQ(bind(stale.get(), reinterpret_cast<sockaddr*>(&un), sizeof un), 0);
  }
  ControlServer again(options, handler_);
  ASSERT_TRUE(again.open(error)) << error;
  again.stop();
}

TEST_F(ControlChannel, ProtocolMismatchIsAnswered) {
  const std::string path = socket_path("mismatch.sock");
  config::RemoteControlOptions options;
  config::ListenAddress address;
  ASSERT_EQ(config::parse_listen_address(path, true, address), "");
  options.control_interface.push_back(address);
  ControlServer server(options, handler_);
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  server.start();
  detail::UniqueFd fd = connect_local(path);
  detail::Stream stream(fd.get(), nullptr);
  ASSERT_EQ(stream.write_all("NSDCT1 status\n", detail::deadline_after(5s)), detail::IoResult::kOk);
  const std::string data = read_all(stream);
  // Bare "error ..." lines: nsd-control shows them and exits 1.
  EXPECT_EQ(data.rfind("error unsupported control protocol", 0), 0u) << data;
  server.stop();
  EXPECT_TRUE(handler_.seen().empty());
}

TEST_F(ControlChannel, OverLongLineIsRefused) {
  ControlServer server(tcp_options(), handler_, {2000ms, 512});
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  server.start();

  // Over TLS, with the right certificate: the line never ends.
  detail::SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  ASSERT_EQ(SSL_CTX_use_certificate_chain_file(ctx.get(), file("keys", "nsd_control.pem").c_str()),
            1);
  ASSERT_EQ(SSL_CTX_use_PrivateKey_file(ctx.get(), file("keys", "nsd_control.key").c_str(),
                                        SSL_FILETYPE_PEM),
            1);
  detail::UniqueFd fd(socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const int rc = connect(fd.get(), reinterpret_cast<sockaddr*>(&address), sizeof address);
  ASSERT_TRUE(rc == 0 || errno == EINPROGRESS);
  detail::SslPtr ssl(SSL_new(ctx.get()));
  SSL_set_connect_state(ssl.get());
  detail::Stream stream(fd.get(), std::move(ssl));
  const auto deadline = detail::deadline_after(10s);
  ASSERT_EQ(stream.handshake(deadline), detail::IoResult::kOk) << stream.error();
  ASSERT_EQ(stream.write_all("ZONEDCT1 reload " + std::string(2000, 'a'), deadline),
            detail::IoResult::kOk);
  const std::string data = read_all(stream);
  EXPECT_EQ(data.rfind("ZONEDCT1 error\nerror command line too long", 0), 0u) << data;

  // The client refuses to send such a line at all.
  ControlReply reply;
  EXPECT_EQ(send_command(client_for(server), {"reload", {std::string(5000, 'a')}}, reply, error),
            ClientStatus::kSetupFailed);
  // And the channel still works.
  EXPECT_EQ(send_command(client_for(server), {"status", {}}, reply, error), ClientStatus::kOk)
      << error;
  server.stop();
  EXPECT_EQ(handler_.seen().size(), 1u);
}

TEST_F(ControlChannel, SilentClientDoesNotBlockTheNext) {
  ControlServer server(tcp_options(), handler_, {500ms, kMaxCommandLine});
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  server.start();
  // Connects and sends nothing, not even a TLS hello; the connection stays open.
  detail::UniqueFd silent(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(server.port());
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(connect(silent.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  std::this_thread::sleep_for(50ms);  // the server is now waiting on it

  const auto start = std::chrono::steady_clock::now();
  ControlReply reply;
  ASSERT_EQ(send_command(client_for(server), {"status", {}}, reply, error), ClientStatus::kOk)
      << error;
  EXPECT_LT(std::chrono::steady_clock::now() - start, 5s);
  EXPECT_FALSE(reply.failed);

  // A client stuck after its handshake does not keep stop() waiting either.
  detail::UniqueFd another(socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
  ASSERT_EQ(connect(another.get(), reinterpret_cast<sockaddr*>(&address), sizeof address), 0);
  std::this_thread::sleep_for(50ms);
  const auto stopping = std::chrono::steady_clock::now();
  server.stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 400ms);
}

TEST_F(ControlChannel, NothingListeningIsRefused) {
  std::uint16_t port = 0;
  {
    ControlServer probe(tcp_options(), handler_);
    std::string error;
    ASSERT_TRUE(probe.open(error)) << error;
    port = probe.port();
  }  // closed again: nothing listens there now
  ControlClientOptions options;
  options.server = "127.0.0.1@" + std::to_string(port);
  options.server_cert_file = file("keys", "nsd_server.pem");
  options.control_key_file = file("keys", "nsd_control.key");
  options.control_cert_file = file("keys", "nsd_control.pem");
  ControlReply reply;
  std::string error;
  EXPECT_EQ(send_command(options, {"status", {}}, reply, error), ClientStatus::kRefused);
  EXPECT_EQ(error, "connect (127.0.0.1@" + std::to_string(port) + "): Connection refused");
  options.server = socket_path("nothing.sock");
  EXPECT_EQ(send_command(options, {"status", {}}, reply, error), ClientStatus::kUnreachable);
  options.server = "no-such-interface0";
  EXPECT_EQ(send_command(options, {"status", {}}, reply, error), ClientStatus::kBadServer);
}

TEST_F(ControlChannel, DefaultInterfacesAndDisabled) {
  config::RemoteControlOptions options = tcp_options();
  options.control_interface.clear();  // 127.0.0.1 and ::1
  ControlServer server(options, handler_);
  std::string error;
  ASSERT_TRUE(server.open(error)) << error;
  ASSERT_GE(server.endpoints().size(), 1u);
  EXPECT_EQ(server.endpoints().front().rfind("127.0.0.1@", 0), 0u);
  server.start();
  ControlReply reply;
  EXPECT_EQ(send_command(client_for(server), {"serverpid", {}}, reply, error), ClientStatus::kOk)
      << error;
  server.stop();

  options.control_enable = false;
  ControlServer disabled(options, handler_);
  ASSERT_TRUE(disabled.open(error));
  EXPECT_TRUE(disabled.endpoints().empty());
  disabled.start();
  disabled.stop();
}

TEST_F(ControlChannel, MissingKeyFailsToOpen) {
  config::RemoteControlOptions options = tcp_options();
  options.server_key_file = (dir_ / "absent.key").string();
  ControlServer server(options, handler_);
  std::string error;
  EXPECT_FALSE(server.open(error));
  EXPECT_NE(error.find("server-key-file"), std::string::npos) << error;
  EXPECT_TRUE(server.endpoints().empty());
}

TEST_F(ControlChannel, ClientOptionsFromConfig) {
  config::RemoteControlOptions options;
  ControlClientOptions client = client_options(options);
  EXPECT_EQ(client.server, "127.0.0.1");
  EXPECT_EQ(client.port, 8952);
  EXPECT_EQ(client.server_cert_file, "/etc/nsd/nsd_server.pem");
  config::ListenAddress address;
  ASSERT_EQ(config::parse_listen_address("::1@9000", true, address), "");
  options.control_interface.push_back(address);
  client = client_options(options);
  EXPECT_EQ(client.server, "::1@9000");
}

}  // namespace
}  // namespace zoned::control
