// The client's end of the control channel: what zoned-control uses. Connects to the server
// (an address with an optional @port, or the absolute path of a Unix socket), TLS with the
// control key and certificate and server-cert-file as the only trust anchor (not over a Unix
// socket), sends one command and reads the whole reply.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "config/config_model.h"
#include "control/command.h"

namespace zoned::control {

struct ControlClientOptions {
  // "192.0.2.1", "2001:db8::1@8953", an interface name ("lo": its first address), or a path
  // "/run/zoned.sock". A wildcard address (0.0.0.0, ::) means the loopback of its family.
  std::string server = "127.0.0.1";
  std::uint16_t port = 8952;  // when `server` has no @port
  std::string server_cert_file = "/etc/nsd/nsd_server.pem";
  std::string control_key_file = "/etc/nsd/nsd_control.key";
  std::string control_cert_file = "/etc/nsd/nsd_control.pem";
  // For connecting, the TLS handshake and sending the command; the reply may take as long
  // as the command runs (a reload of large zones) and has no limit. 0: no limit at all.
  std::chrono::milliseconds timeout{60000};
};

// From remote-control: the first control-interface (127.0.0.1 when none), control-port and
// the files.
ControlClientOptions client_options(const config::RemoteControlOptions& options);

struct ControlReply {
  bool failed = false;  // the server answered with an error
  std::vector<std::string> lines;
};

enum class ClientStatus {
  kOk,           // `reply` holds the server's answer (which may be an error)
  kBadServer,    // `server` is not an address, interface or path
  kRefused,      // nothing listens there (ECONNREFUSED): the server is not running
  kUnreachable,  // any other failure to connect (no such socket file, timeout, ...)
  kSetupFailed,  // the key or a certificate could not be loaded, or a word cannot be sent
  kFailed,       // TLS refused, connection lost, a reply that is not zoned's
};

// Sends `command` and reads the reply. On anything but kOk, `error` says what failed, as
// "connect (127.0.0.1@8952): Connection refused".
ClientStatus send_command(const ControlClientOptions& options, const ControlCommand& command,
                          ControlReply& reply, std::string& error);

}  // namespace zoned::control
