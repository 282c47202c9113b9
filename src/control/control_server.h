// The server's end of the control channel (remote-control: in nsd.conf). One thread accepts
// connections on the control-interface addresses and serves them one after the other: one
// command per connection, run by a CommandHandler. TCP connections are mutual TLS (TLS 1.2 or
// later; the client must show a certificate signed by server-cert-file, or control-cert-file
// itself); a control-interface that is an absolute path is a Unix socket (mode 0660) served
// without TLS, access being the file system's, as NSD does.
//
// Bounded: a connection has `io_timeout` for its handshake and command line and again for
// the reply, and a command line is at most `max_line` octets, so a stuck or hostile client
// delays the next one by at most a few seconds. The handler itself runs unbounded (a
// reload takes what it takes), on the control thread.
//
//   ControlServer control(config.remote_control, handler);
//   if (!control.open(error)) ...   // binds, loads the keys: before dropping privileges
//   control.start();
//   ...
//   control.stop();
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "config/config_model.h"
#include "control/command.h"
#include "control/control_io.h"

namespace zoned::control {

struct ControlServerLimits {
  std::chrono::milliseconds io_timeout{5000};
  std::size_t max_line = kMaxCommandLine;  // with the newline
};

class ControlServer {
 public:
  ControlServer(const config::RemoteControlOptions& options, CommandHandler& handler,
                ControlServerLimits limits = {});
  ~ControlServer();  // stop()s and closes
  ControlServer(const ControlServer&) = delete;
  ControlServer& operator=(const ControlServer&) = delete;

  // Binds every control-interface (none given: 127.0.0.1 and ::1 at control-port; ::1 may
  // be missing on a host without IPv6) and, when one of them is TCP, loads the TLS key and
  // certificates. A stale Unix socket file is replaced. Does nothing when control-enable is
  // no. False with `error` set, nothing left open.
  bool open(std::string& error);
  // Starts the control thread (nothing when nothing is open).
  void start();
  // Ends the thread: a connection still reading its command is dropped, a reply being sent
  // is finished (within io_timeout). Closes the sockets, removes the Unix socket files.
  // Not from the handler (it runs on the control thread): a "stop" command should ask the
  // main thread, which then calls stop().
  void stop();

  // What open() bound: "127.0.0.1@8952", "::1@8952", "/run/zoned.sock".
  std::vector<std::string> endpoints() const;
  // The port of the first TCP socket (useful when control-port is 0), else 0.
  std::uint16_t port() const;

 private:
  struct Listener {
    detail::UniqueFd fd;
    bool tls = true;
    std::string text;
    std::string socket_path;  // a Unix socket's file, removed at stop()
    std::uint16_t port = 0;
  };

  bool open_tcp(const config::ListenAddress& address, bool optional, std::string& error);
  bool open_local(const std::string& path, std::string& error);
  bool load_tls(std::string& error);
  void run();
  void serve(int fd, const Listener& listener);
  void close_all();

  config::RemoteControlOptions options_;
  CommandHandler& handler_;
  ControlServerLimits limits_;
  std::vector<Listener> listeners_;
  detail::SslCtxPtr tls_;
  detail::UniqueFd wake_;  // an eventfd: readable once stop() was called
  std::thread thread_;
};

}  // namespace zoned::control
