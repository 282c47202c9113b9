#include "control/control_client.h"

#include <netinet/in.h>
#include <openssl/err.h>
#include <openssl/x509_vfy.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <thread>

#include "config/listen_address.h"
#include "control/control_io.h"
#include "server/listen_endpoints.h"

namespace zoned::control {
namespace {

using detail::Deadline;
using detail::IoResult;
using detail::UniqueFd;

// A reply larger than this is not a control reply.
constexpr std::size_t kMaxReply = std::size_t{1} << 30;

struct Target {
  bool local = false;
  std::string path;           // local
  server::Endpoint endpoint;  // TCP
  std::string text;           // for messages: "127.0.0.1@8952" or the path
};

bool resolve(const ControlClientOptions& options, Target& target, std::string& error) {
  config::ListenAddress address;
  const std::string problem = config::parse_listen_address(options.server, true, address);
  if (!problem.empty()) {
    error = "could not parse the server address " + options.server + ": " + problem;
    return false;
  }
  if (address.kind == config::ListenKind::kLocalSocket) {
    target.local = true;
    target.path = address.socket_path;
    target.text = address.socket_path;
    return true;
  }
  config::ServerOptions where;
  where.port = options.port;
  where.ip_addresses.push_back(address);
  std::string unused;
  std::vector<server::Endpoint> endpoints = server::listen_endpoints(where, unused);
  if (endpoints.empty()) {
    error = "could not parse the server address " + options.server +
            ": not an IP address, and no interface by that name has an address";
    return false;
  }
  target.endpoint = endpoints.front();
  if (target.endpoint.wildcard) {
    // The server listens everywhere: talk to it on the loopback.
    sockaddr_storage& storage = target.endpoint.address;
    if (storage.ss_family == AF_INET) {
      reinterpret_cast<sockaddr_in*>(&storage)->sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    } else {
      reinterpret_cast<sockaddr_in6*>(&storage)->sin6_addr = in6addr_loopback;
    }
    target.endpoint.wildcard = false;
  }
  target.text = server::endpoint_text(reinterpret_cast<const sockaddr*>(&target.endpoint.address));
  return true;
}

// Connects, within the deadline. kRefused / kUnreachable with `error` on failure.
ClientStatus connect_to(const Target& target, Deadline deadline, UniqueFd& out,
                        std::string& error) {
  sockaddr_storage storage{};
  socklen_t length = 0;
  int family = 0;
  if (target.local) {
    auto* address = reinterpret_cast<sockaddr_un*>(&storage);
    address->sun_family = AF_UNIX;
    if (target.path.size() >= sizeof address->sun_path) {
      error = "connect (" + target.text + "): the path is too long for a Unix socket";
      return ClientStatus::kUnreachable;
    }
    std::memcpy(address->sun_path, target.path.c_str(), target.path.size() + 1);
    length = sizeof(sockaddr_un);
    family = AF_UNIX;
  } else {
    storage = target.endpoint.address;
    length = target.endpoint.length;
    family = target.endpoint.family();
  }
  UniqueFd fd(socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  auto failed = [&](int error_number) {
    error = "connect (" + target.text + "): " + detail::errno_text(error_number);
    return error_number == ECONNREFUSED ? ClientStatus::kRefused : ClientStatus::kUnreachable;
  };
  if (fd.get() < 0) return failed(errno);
  for (;;) {
    if (connect(fd.get(), reinterpret_cast<const sockaddr*>(&storage), length) == 0) break;
    if (errno == EINTR) continue;
    if (errno == EAGAIN && target.local) {
      // A Unix socket's backlog is full: the server is busy with another client.
      if (detail::Clock::now() >= deadline) return failed(ETIMEDOUT);
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
      continue;
    }
    if (errno != EINPROGRESS) return failed(errno);
    pollfd p{fd.get(), POLLOUT, 0};
    for (;;) {
      int timeout = -1;
      if (deadline != Deadline::max()) {
        const auto left =
            std::chrono::ceil<std::chrono::milliseconds>(deadline - detail::Clock::now());
        if (left.count() <= 0) return failed(ETIMEDOUT);
        timeout = static_cast<int>(left.count());
      }
      const int ready = poll(&p, 1, timeout);
      if (ready > 0) break;
      if (ready < 0 && errno != EINTR) return failed(errno);
    }
    int so_error = 0;
    socklen_t size = sizeof so_error;
    getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &so_error, &size);
    if (so_error != 0) return failed(so_error);
    break;
  }
  out = std::move(fd);
  return ClientStatus::kOk;
}

detail::SslCtxPtr make_context(const ControlClientOptions& options, std::string& error) {
  detail::SslCtxPtr ctx(SSL_CTX_new(TLS_client_method()));
  if (!ctx) {
    error = detail::openssl_errors("cannot make a TLS context");
    return nullptr;
  }
  SSL_CTX_set_min_proto_version(ctx.get(), TLS1_2_VERSION);
  SSL_CTX_set_options(ctx.get(), SSL_OP_NO_RENEGOTIATION);
  const std::string& cert = options.control_cert_file;
  const std::string& key = options.control_key_file;
  const std::string& anchor = options.server_cert_file;
  if (SSL_CTX_use_certificate_chain_file(ctx.get(), cert.c_str()) != 1) {
    error = "control-cert-file " + cert + ": " + detail::openssl_errors("cannot load");
    return nullptr;
  }
  if (SSL_CTX_use_PrivateKey_file(ctx.get(), key.c_str(), SSL_FILETYPE_PEM) != 1) {
    error = "control-key-file " + key + ": " + detail::openssl_errors("cannot load");
    return nullptr;
  }
  if (SSL_CTX_check_private_key(ctx.get()) != 1) {
    ERR_clear_error();
    error = "control-key-file " + key + " does not match control-cert-file " + cert;
    return nullptr;
  }
  // The server is whoever holds server-cert-file's key: no name check, no system CAs.
  if (SSL_CTX_load_verify_locations(ctx.get(), anchor.c_str(), nullptr) != 1) {
    error = "server-cert-file " + anchor + ": " + detail::openssl_errors("cannot load");
    return nullptr;
  }
  X509_VERIFY_PARAM_set_flags(SSL_CTX_get0_param(ctx.get()), X509_V_FLAG_PARTIAL_CHAIN);
  SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
  ERR_clear_error();
  return ctx;
}

bool parse_reply(const std::string& data, ControlReply& reply, std::string& error) {
  std::vector<std::string> lines;
  std::size_t start = 0;
  while (start < data.size()) {
    std::size_t end = data.find('\n', start);
    if (end == std::string::npos) end = data.size();
    lines.emplace_back(data, start, end - start);
    start = end + 1;
  }
  const std::string ok = std::string(kProtocolVersion) + " ok";
  const std::string failed = std::string(kProtocolVersion) + " error";
  if (lines.empty() || (lines.front() != ok && lines.front() != failed)) {
    error = lines.empty() ? "the server closed the connection without a reply"
                          : "unexpected reply from the server (not zoned, or not the same "
                            "version as zoned-control?): " +
                                lines.front().substr(0, 80);
    return false;
  }
  reply.failed = lines.front() == failed;
  reply.lines.assign(std::make_move_iterator(lines.begin() + 1),
                     std::make_move_iterator(lines.end()));
  return true;
}

}  // namespace

ControlClientOptions client_options(const config::RemoteControlOptions& options) {
  ControlClientOptions out;
  if (!options.control_interface.empty()) out.server = options.control_interface.front().text;
  out.port = options.control_port;
  out.server_cert_file = options.server_cert_file;
  out.control_key_file = options.control_key_file;
  out.control_cert_file = options.control_cert_file;
  return out;
}

ClientStatus send_command(const ControlClientOptions& options, const ControlCommand& command,
                          ControlReply& reply, std::string& error) {
  reply = {};
  std::string line;
  if (!format_command(command, line, error)) return ClientStatus::kSetupFailed;
  line = std::string(kProtocolVersion) + " " + line + "\n";
  if (line.size() > kMaxCommandLine) {
    error = "the command is too long (at most " + std::to_string(kMaxCommandLine) + " octets)";
    return ClientStatus::kSetupFailed;
  }
  Target target;
  if (!resolve(options, target, error)) return ClientStatus::kBadServer;

  detail::SslCtxPtr ctx;
  detail::SslPtr ssl;
  if (!target.local) {
    ctx = make_context(options, error);
    if (!ctx) return ClientStatus::kSetupFailed;
    ssl.reset(SSL_new(ctx.get()));
    if (!ssl) {
      error = detail::openssl_errors("cannot make a TLS session");
      return ClientStatus::kSetupFailed;
    }
    SSL_set_connect_state(ssl.get());
  }

  const Deadline deadline = detail::deadline_after(options.timeout);
  UniqueFd fd;
  const ClientStatus connected = connect_to(target, deadline, fd, error);
  if (connected != ClientStatus::kOk) return connected;

  detail::Stream stream(fd.get(), std::move(ssl));
  IoResult result = stream.handshake(deadline);
  if (result == IoResult::kOk) result = stream.write_all(line, deadline);
  if (result != IoResult::kOk) {
    error = (target.local ? "sending to " : "TLS with ") + target.text + ": " +
            (result == IoResult::kEof ? std::string("connection closed") : stream.error());
    return ClientStatus::kFailed;
  }

  std::string data;
  for (;;) {
    char buffer[16 * 1024];
    std::size_t got = 0;
    result = stream.read_some(buffer, sizeof buffer, got, Deadline::max());
    if (result == IoResult::kEof) break;
    if (result != IoResult::kOk) {
      error = "reading the reply from " + target.text + ": " + stream.error();
      return ClientStatus::kFailed;
    }
    data.append(buffer, got);
    if (data.size() > kMaxReply) {
      error = "the reply from " + target.text + " is too large";
      return ClientStatus::kFailed;
    }
  }
  if (!parse_reply(data, reply, error)) return ClientStatus::kFailed;
  return ClientStatus::kOk;
}

}  // namespace zoned::control
