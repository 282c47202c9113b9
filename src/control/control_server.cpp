#include "control/control_server.h"

#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <exception>

#include "control/listen_socket.h"
#include "server/listen_endpoints.h"
#include "server/log.h"

namespace zoned::control {
namespace {

using detail::Deadline;
using detail::IoResult;
using detail::UniqueFd;

constexpr int kBacklog = 16;
// After the reply, what a client may still send (and is read and dropped) before the
// connection is closed, so that closing does not reset it while the client still reads.
constexpr std::size_t kDrainLimit = 64 * 1024;
constexpr std::chrono::milliseconds kDrainTime{1000};

// `with_status`: false for a client that does not speak our protocol (nsd-control, another
// version): it gets the bare lines, "error ..." first, which nsd-control shows and fails on.
std::string reply_text(const ControlOutput& out, bool with_status) {
  std::string text;
  if (with_status) {
    text = kProtocolVersion;
    text += out.failed() ? " error\n" : " ok\n";
  }
  if (out.lines().empty() && !out.failed()) text += "ok\n";
  for (const std::string& line : out.lines()) {
    text += line;
    text += '\n';
  }
  return text;
}

std::string peer_text(int fd, bool tls) {
  if (!tls) return "local socket";
  sockaddr_storage address{};
  socklen_t length = sizeof address;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) return "?";
  return server::endpoint_text(reinterpret_cast<const sockaddr*>(&address));
}

// What the client asked, or an error for the reply. `line` has no newline. `foreign`: the
// line does not start with our protocol's version.
bool read_request(std::string_view line, ControlCommand& command, bool& foreign,
                  std::string& error) {
  const std::string_view header = kProtocolVersion;
  foreign = line.substr(0, header.size()) != header ||
            (line.size() > header.size() && line[header.size()] != ' ');
  if (foreign) {
    error = "unsupported control protocol: expected " + std::string(header) +
            " (use zoned-control of the same version as zoned)";
    return false;
  }
  line.remove_prefix(line.size() > header.size() ? header.size() + 1 : header.size());
  if (!parse_command(line, command, error)) return false;
  error = check_command(command);
  return error.empty();
}

}  // namespace

ControlServer::ControlServer(const config::RemoteControlOptions& options, CommandHandler& handler,
                             ControlServerLimits limits)
    : options_(options), handler_(handler), limits_(limits) {
  if (limits_.max_line < 2) limits_.max_line = 2;
}

ControlServer::~ControlServer() {
  stop();
}

bool ControlServer::load_tls(std::string& error) {
  detail::SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) {
    error = "remote-control: " + detail::openssl_errors("cannot make a TLS context");
    return false;
  }
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION | SSL_OP_CIPHER_SERVER_PREFERENCE);
  SSL_CTX_set_session_cache_mode(ctx.get(), SSL_SESS_CACHE_OFF);
  SSL_CTX_set_num_tickets(ctx.get(), 0);  // one command per connection: nothing to resume
  const std::string& cert = options_.server_cert_file;
  const std::string& key = options_.server_key_file;
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) != 1) {
    error = "server-cert-file " + cert + ": " + detail::openssl_errors("cannot load");
    return false;
  }
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
    error = "server-key-file " + key + ": " + detail::openssl_errors("cannot load");
    return false;
  }
  if (SSL_CTX_check_private_key(ctx.get()) != 1) {
    error = "server-key-file " + key + " does not match server-cert-file " + cert;
    ERR_clear_error();
    return false;
  }
  // The clients trusted: certificates signed by the server's (nsd-control-setup and
  // zoned-control-setup make the client's so), and control-cert-file itself when this host
  // has it (a self-signed client certificate). Nothing from the system's CA store.
  if (SSL_CTX_load_verify_locations(ctx.get(), cert.c_str(), nullptr) != 1) {
    error = "server-cert-file " + cert + ": " + detail::openssl_errors("cannot load");
    return false;
  }
  const std::string& client_cert = options_.control_cert_file;
  if (!client_cert.empty() && access(client_cert.c_str(), R_OK) == 0) {
    if (SSL_CTX_load_verify_locations(ctx.get(), client_cert.c_str(), nullptr) != 1) {
      error = "control-cert-file " + client_cert + ": " + detail::openssl_errors("cannot load");
      return false;
    }
  }
  X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx.get()), X509_V_FLAG_PARTIAL_CHAIN);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER | SSL_VERIFY_FAIL_IF_NO_PEER_CERT, nullptr);
  if (STACK_OF(X509_NAME)* names = SSL_load_client_CA_file(cert.c_str())) {
    SSL_CTX_set_client_CA_list(ctx.get(), names);
  }
  ERR_clear_error();
  tls_ = std::move(ctx);
  return true;
}

bool ControlServer::open_tcp(const config::ListenAddress& address, bool optional,
                             std::string& error) {
  config::ServerOptions where;
  where.port = options_.control_port;
  where.ip_addresses.push_back(address);
  std::string problem;
  const std::vector<server::Endpoint> endpoints = server::listen_endpoints(where, problem);
  if (endpoints.empty()) {
    error = "control-interface " + address.text + ": " + problem;
    return false;
  }
  for (const server::Endpoint& endpoint : endpoints) {
    const std::string label = "control-interface " + endpoint.text;
    ListenSocket socket;
    switch (open_listen_socket(endpoint, label, optional, kBacklog, socket, error)) {
      case ListenResult::kOpened:
        break;
      case ListenResult::kSkipped:
        server::log_warning("%s (skipped)", error.c_str());
        error.clear();
        continue;
      case ListenResult::kFailed:
        return false;
    }
    Listener listener;
    listener.fd = std::move(socket.fd);
    listener.text = std::move(socket.text);
    listener.port = socket.port;
    listeners_.push_back(std::move(listener));
  }
  return true;
}

bool ControlServer::open_local(const std::string& path, std::string& error) {
  const std::string label = "control-interface " + path;
  sockaddr_un address{};
  address.sun_family = AF_UNIX;
  if (path.size() >= sizeof address.sun_path) {
    error = label + ": the path is too long for a Unix socket";
    return false;
  }
  std::memcpy(address.sun_path, path.c_str(), path.size() + 1);
  struct stat info {};
  if (lstat(path.c_str(), &info) == 0) {
    if (!S_ISSOCK(info.st_mode)) {
      error = label + ": exists and is not a socket";
      return false;
    }
    unlink(path.c_str());  // left by an earlier run
  }
  UniqueFd fd(socket(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (fd.get() < 0) {
    error = label + ": socket: " + detail::errno_text(errno);
    return false;
  }
  if (bind(fd.get(), reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0) {
    error = label + ": bind: " + detail::errno_text(errno);
    return false;
  }
  Listener listener;
  listener.fd = std::move(fd);
  listener.tls = false;
  listener.text = path;
  listener.socket_path = path;
  // Owner and group may connect, as NSD's.
  if (chmod(path.c_str(), 0660) != 0 || listen(listener.fd.get(), kBacklog) != 0) {
    error = label + ": " + detail::errno_text(errno);
    unlink(path.c_str());
    return false;
  }
  listeners_.push_back(std::move(listener));
  return true;
}

bool ControlServer::open(std::string& error) {
  close_all();
  if (!options_.control_enable) return true;
  bool ok = true;
  if (options_.control_interface.empty()) {
    config::ListenAddress ip4;
    config::ListenAddress ip6;
    (void)config::parse_listen_address("127.0.0.1", false, ip4);
    (void)config::parse_listen_address("::1", false, ip6);
    // A host without IPv6 still gets its control channel.
    ok = open_tcp(ip4, false, error) && open_tcp(ip6, true, error);
  } else {
    for (const config::ListenAddress& address : options_.control_interface) {
      ok = address.kind == config::ListenKind::kLocalSocket ? open_local(address.socket_path, error)
                                                            : open_tcp(address, false, error);
      if (!ok) break;
    }
  }
  bool any_tls = false;
  for (const Listener& listener : listeners_)
    any_tls = any_tls || listener.tls;
  if (ok && any_tls) ok = load_tls(error);
  if (ok) {
    wake_.reset(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (wake_.get() < 0) {
      error = "remote-control: eventfd: " + detail::errno_text(errno);
      ok = false;
    }
  }
  if (!ok) close_all();
  return ok;
}

void ControlServer::start() {
  if (listeners_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void ControlServer::stop() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(wake_.get(), &one, sizeof one);
    thread_.join();
  }
  close_all();
}

void ControlServer::close_all() {
  for (Listener& listener : listeners_) {
    listener.fd.reset();
    if (!listener.socket_path.empty()) unlink(listener.socket_path.c_str());
  }
  listeners_.clear();
  wake_.reset();
  tls_.reset();
}

std::vector<std::string> ControlServer::endpoints() const {
  std::vector<std::string> out;
  for (const Listener& listener : listeners_)
    out.push_back(listener.text);
  return out;
}

std::uint16_t ControlServer::port() const {
  for (const Listener& listener : listeners_) {
    if (listener.tls) return listener.port;
  }
  return 0;
}

void ControlServer::run() {
  std::vector<pollfd> fds;
  for (const Listener& listener : listeners_)
    fds.push_back({listener.fd.get(), POLLIN, 0});
  fds.push_back({wake_.get(), POLLIN, 0});
  for (;;) {
    const int ready = poll(fds.data(), fds.size(), -1);
    if (ready < 0) {
      if (errno == EINTR) continue;
      server::log_error("remote-control: poll: %s", detail::errno_text(errno).c_str());
      return;
    }
    if (fds.back().revents != 0) return;
    for (std::size_t i = 0; i + 1 < fds.size(); ++i) {
      if (fds[i].revents == 0) continue;
      UniqueFd connection(accept4(fds[i].fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
      if (connection.get() < 0) {
        if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED) {
          server::log_warning("remote-control %s: accept: %s", listeners_[i].text.c_str(),
                              detail::errno_text(errno).c_str());
          if (errno == EMFILE || errno == ENFILE) usleep(100 * 1000);  // let fds free up
        }
        continue;
      }
      serve(connection.get(), listeners_[i]);
    }
  }
}

void ControlServer::serve(int fd, const Listener& listener) {
  const std::string peer = peer_text(fd, listener.tls);
  detail::SslPtr ssl;
  if (listener.tls) {
    ssl.reset(SSL_new(tls_.get()));
    if (!ssl) {
      server::log_error("control connection from %s: %s", peer.c_str(),
                        detail::openssl_errors("cannot make a TLS session").c_str());
      return;
    }
    SSL_set_accept_state(ssl.get());
  }
  detail::Stream stream(fd, std::move(ssl), wake_.get());
  const Deadline read_deadline = detail::deadline_after(limits_.io_timeout);
  IoResult result = stream.handshake(read_deadline);
  if (result != IoResult::kOk) {
    if (result != IoResult::kWoken) {
      server::log_warning("control connection from %s refused: %s", peer.c_str(),
                          stream.error().c_str());
    }
    return;
  }

  // The command line, up to its newline.
  std::string line;
  bool too_long = false;
  for (;;) {
    char buffer[1024];
    const std::size_t room = limits_.max_line - line.size();
    std::size_t got = 0;
    result = stream.read_some(buffer, std::min(room, sizeof buffer), got, read_deadline);
    if (result != IoResult::kOk) {
      if (result == IoResult::kTimeout || result == IoResult::kError) {
        server::log_warning(
            "control connection from %s: %s", peer.c_str(),
            result == IoResult::kTimeout ? "no command in time" : stream.error().c_str());
      }
      return;  // no command: nothing to answer
    }
    line.append(buffer, got);
    const std::size_t newline = line.find('\n');
    if (newline != std::string::npos) {
      line.resize(newline);
      break;
    }
    if (line.size() >= limits_.max_line) {
      too_long = true;
      break;
    }
  }

  ControlOutput out;
  ControlCommand command;
  std::string error;
  bool foreign = false;
  if (too_long) {
    out.error("command line too long (at most " + std::to_string(limits_.max_line - 1) +
              " octets)");
    server::log_warning("control connection from %s: command line too long", peer.c_str());
  } else if (!read_request(line, command, foreign, error)) {
    out.error(error);
    server::log_warning("control connection from %s: %s", peer.c_str(), error.c_str());
  } else {
    // The log never holds a secret: update_tsig, add_tsig and add_cookie_secret are shown
    // without theirs.
    ControlCommand logged = command;
    if ((logged.name == "update_tsig" || logged.name == "add_tsig") && logged.args.size() >= 2)
      logged.args[1] = "(secret)";
    if (logged.name == "add_cookie_secret" && !logged.args.empty()) logged.args[0] = "(secret)";
    std::string shown;
    std::string unused;
    format_command(logged, shown, unused);
    server::log_info("control cmd: %s", shown.c_str());
    try {
      handler_.run(command, out);
    } catch (const std::exception& e) {
      out.error(std::string("internal error: ") + e.what());
    }
  }

  // The reply is sent even while stopping (so "stop" is answered), within its own deadline.
  stream.set_wake_fd(-1);
  const Deadline write_deadline = detail::deadline_after(limits_.io_timeout);
  result = stream.write_all(reply_text(out, !foreign), write_deadline);
  if (result == IoResult::kOk) result = stream.finish_writing(write_deadline);
  if (result != IoResult::kOk) {
    server::log_warning("control connection from %s: reply not sent: %s", peer.c_str(),
                        stream.error().c_str());
    return;
  }
  const Deadline drain_deadline = std::min(write_deadline, detail::deadline_after(kDrainTime));
  stream.drain(kDrainLimit, drain_deadline);
}

}  // namespace zoned::control
