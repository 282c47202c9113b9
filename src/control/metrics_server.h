// NSD 4.12's metrics endpoint (metrics-enable, metrics-interface, metrics-port,
// metrics-path): a small HTTP/1.1 server on a thread of its own that answers
// `GET <metrics-path>` with the Prometheus text of metrics_text.h, and nothing else.
//
// Every connection is `Connection: close`: one request, one answer. A request is at most
// `max_request` octets (request line and headers; a longer one gets 400) and must arrive
// within `read_timeout` of the connection, and the answer must be taken within
// `write_timeout`, so a slow or silent client holds nothing for long. Up to `max_clients`
// connections are served at once, all from one poll loop; GET of another path is 404, any
// other method 405, anything unparsable 400.
//
//   ServerMetrics source(server, secondaries);
//   MetricsServer metrics(config.server, [&] { return metrics_text(source.collect()); });
//   if (!metrics.open(error)) ...   // binds: before dropping privileges
//   metrics.start();
//   ...
//   metrics.stop();
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "config/config_model.h"
#include "control/control_io.h"
#include "control/metrics_text.h"
#include "server/server.h"
#include "transfer/secondary_service.h"

namespace zoned::control {

struct MetricsServerLimits {
  std::chrono::milliseconds read_timeout{5000};
  std::chrono::milliseconds write_timeout{10000};
  std::size_t max_request = 4096;
  std::size_t max_clients = 32;
};

class MetricsServer {
 public:
  // The body of every 200 answer; called on the metrics thread.
  using Collector = std::function<std::string()>;

  MetricsServer(const config::ServerOptions& options, Collector collect,
                MetricsServerLimits limits = {});
  ~MetricsServer();  // stop()s and closes
  MetricsServer(const MetricsServer&) = delete;
  MetricsServer& operator=(const MetricsServer&) = delete;

  // Binds every metrics-interface at metrics-port (none given: 127.0.0.1 and, when the host
  // has it, ::1). Does nothing when metrics-enable is no. False with `error` set, nothing
  // left open.
  bool open(std::string& error);
  // Starts the metrics thread (nothing when nothing is open).
  void start();
  // Ends the thread, drops the connections, closes the sockets.
  void stop();

  // What open() bound: "127.0.0.1@9100".
  std::vector<std::string> endpoints() const;
  // The port of the first socket (useful when metrics-port is 0), else 0.
  std::uint16_t port() const;

 private:
  struct Listener {
    detail::UniqueFd fd;
    std::string text;
    std::uint16_t port = 0;
  };
  struct Client;

  bool open_address(const config::ListenAddress& address, bool optional, std::string& error);
  void run();
  // Reads what is there; true while the connection lives.
  bool on_readable(Client& client);
  bool on_writable(Client& client);
  void answer(Client& client);
  void close_all();

  config::ServerOptions options_;
  Collector collect_;
  MetricsServerLimits limits_;
  std::vector<Listener> listeners_;
  detail::UniqueFd wake_;  // an eventfd: readable once stop() was called
  std::thread thread_;
};

// The data of metrics_text() from the running server: the query counters since start, the
// served zones with their serials, and each secondary zone's state from the
// SecondaryService. Safe on any thread beside the workers, the control thread and the
// secondary threads (it reads only what they publish under their own locks).
class ServerMetrics {
 public:
  // Construct before the workers start (the uptime counts from here).
  ServerMetrics(server::Server& server, transfer::SecondaryService& secondaries);
  MetricsData collect();

 private:
  server::Server& server_;
  transfer::SecondaryService& secondaries_;
  std::chrono::steady_clock::time_point started_;
  // Secondary zones of the configuration at start: those still waiting for their first
  // transfer are not among the served zones, yet are shown while the SecondaryService
  // still has them.
  std::vector<wire::Name> configured_secondaries_;
};

}  // namespace zoned::control
