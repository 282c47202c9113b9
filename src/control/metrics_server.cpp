#include "control/metrics_server.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <exception>
#include <memory>
#include <set>
#include <string_view>

#include "control/listen_socket.h"
#include "server/listen_endpoints.h"
#include "server/log.h"
#include "server/zone_file_loader.h"
#include "zone/zone_snapshot.h"

namespace zoned::control {

using detail::Clock;
using detail::Deadline;
using detail::UniqueFd;

namespace {

constexpr int kBacklog = 16;
// After the answer, what a client may still send (read and dropped) before the connection
// is closed, so that closing does not reset it while the client still reads the answer.
constexpr std::size_t kDrainLimit = 64 * 1024;
constexpr std::chrono::milliseconds kDrainTime{1000};

std::string http_answer(int status, const char* reason, const char* content_type,
                        const std::string& body, bool with_allow) {
  std::string out = "HTTP/1.1 " + std::to_string(status) + " " + reason + "\r\n";
  out += "Content-Type: ";
  out += content_type;
  out += "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  if (with_allow) out += "Allow: GET\r\n";
  out += "Connection: close\r\n\r\n";
  out += body;
  return out;
}

std::string error_answer(int status, const char* reason, bool with_allow = false) {
  return http_answer(status, reason, "text/plain; charset=utf-8", std::string(reason) + "\n",
                     with_allow);
}

// Where the request line and headers end (the blank line), or npos.
std::size_t header_end(std::string_view data) {
  for (std::size_t i = 0; i < data.size(); ++i) {
    if (data[i] != '\n') continue;
    if (i + 1 < data.size() && data[i + 1] == '\n') return i + 2;
    if (i + 2 < data.size() && data[i + 1] == '\r' && data[i + 2] == '\n') return i + 3;
  }
  return std::string_view::npos;
}

bool is_token_char(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
         std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

}  // namespace

struct MetricsServer::Client {
  enum class Phase { kReading, kWriting, kDraining };

  UniqueFd fd;
  Phase phase = Phase::kReading;
  Deadline deadline;
  std::unique_ptr<char[]> request;  // max_request octets
  std::size_t got = 0;
  std::string response;
  std::size_t sent = 0;
  std::size_t drained = 0;
};

MetricsServer::MetricsServer(const config::ServerOptions& options, Collector collect,
                             MetricsServerLimits limits)
    : options_(options), collect_(std::move(collect)), limits_(limits) {}

MetricsServer::~MetricsServer() {
  stop();
}

bool MetricsServer::open_address(const config::ListenAddress& address, bool optional,
                                 std::string& error) {
  config::ServerOptions where;
  where.port = options_.metrics_port;
  where.ip_addresses.push_back(address);
  std::string problem;
  const std::vector<server::Endpoint> endpoints = server::listen_endpoints(where, problem);
  if (endpoints.empty()) {
    if (optional) return true;
    error = "metrics-interface " + address.text + ": " + problem;
    return false;
  }
  for (const server::Endpoint& endpoint : endpoints) {
    const std::string label = "metrics-interface " + endpoint.text;
    ListenSocket socket;
    switch (open_listen_socket(endpoint, label, optional, kBacklog, socket, error)) {
      case ListenResult::kOpened:
        break;
      case ListenResult::kSkipped:

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

bool MetricsServer::open(std::string& error) {
  close_all();
  if (!options_.metrics_enable) return true;
  bool ok = true;
  if (options_.metrics_interface.empty()) {
    config::ListenAddress ip4;
    config::ListenAddress ip6;
    (void)config::parse_listen_address("127.0.0.1", false, ip4);
    (void)config::parse_listen_address("::1", false, ip6);
    ok = open_address(ip4, false, error) && open_address(ip6, true, error);
  } else {
    for (const config::ListenAddress& address : options_.metrics_interface) {
      ok = open_address(address, false, error);
      if (!ok) break;
    }
  }
  if (ok) {
    wake_.reset(eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC));
    if (wake_.get() < 0) {
      error = "metrics: eventfd: " + detail::errno_text(errno);
      ok = false;
    }
  }
  if (!ok) close_all();
  if (ok) {
    for (const Listener& listener : listeners_)
      server::log_info("metrics on %s, path %s", listener.text.c_str(),
                       options_.metrics_path.c_str());
  }
  return ok;
}

void MetricsServer::start() {
  if (listeners_.empty() || thread_.joinable()) return;
  thread_ = std::thread([this] { run(); });
}

void MetricsServer::stop() {
  if (thread_.joinable()) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const ssize_t n = write(wake_.get(), &one, sizeof one);
    thread_.join();
  }
  close_all();
}

void MetricsServer::close_all() {
  listeners_.clear();
  wake_.reset();
}

std::vector<std::string> MetricsServer::endpoints() const {
  std::vector<std::string> out;
  for (const Listener& listener : listeners_)
    out.push_back(listener.text);
  return out;
}

std::uint16_t MetricsServer::port() const {
  return listeners_.empty() ? 0 : listeners_.front().port;
}

void MetricsServer::answer(Client& client) {
  const std::string_view data(client.request.get(), client.got);
  const std::size_t end = header_end(data);
  if (end == std::string_view::npos) {
    client.response = error_answer(400, "Bad Request");  // too long
  } else {
    std::string_view line = data.substr(0, data.find('\n'));
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    const std::size_t s1 = line.find(' ');
    const std::size_t s2 = s1 == std::string_view::npos ? s1 : line.find(' ', s1 + 1);
    const std::string_view method = line.substr(0, s1);
    const std::string_view target =
        s2 == std::string_view::npos ? std::string_view() : line.substr(s1 + 1, s2 - s1 - 1);
    const std::string_view version =
        s2 == std::string_view::npos ? std::string_view() : line.substr(s2 + 1);
    const bool method_ok =
        !method.empty() && std::all_of(method.begin(), method.end(), is_token_char);
    if (!method_ok || target.empty() || target.front() != '/' ||
        (version != "HTTP/1.1" && version != "HTTP/1.0")) {
      client.response = error_answer(400, "Bad Request");
    } else if (method != "GET") {
      client.response = error_answer(405, "Method Not Allowed", true);
    } else if (target.substr(0, target.find('?')) != options_.metrics_path) {
      client.response = error_answer(404, "Not Found");
    } else {
      try {
        client.response = http_answer(200, "OK", kMetricsContentType, collect_(), false);
      } catch (const std::exception& e) {
        server::log_error("metrics: %s", e.what());
        client.response = error_answer(500, "Internal Server Error");
      }
    }
  }
  client.phase = Client::Phase::kWriting;
  client.deadline = detail::deadline_after(limits_.write_timeout);
}

bool MetricsServer::on_readable(Client& client) {
  if (client.phase == Client::Phase::kDraining) {
    char scratch[4096];
    const ssize_t n = recv(client.fd.get(), scratch, sizeof scratch, 0);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    client.drained += static_cast<std::size_t>(n);
    return n > 0 && client.drained < kDrainLimit;
  }
  const ssize_t n =
      recv(client.fd.get(), client.request.get() + client.got, limits_.max_request - client.got, 0);
  if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
  if (n == 0) return false;  // gone before its request was complete
  client.got += static_cast<std::size_t>(n);
  const std::string_view data(client.request.get(), client.got);
  if (header_end(data) != std::string_view::npos || client.got == limits_.max_request) {
    answer(client);
    return on_writable(client);
  }
  return true;
}

bool MetricsServer::on_writable(Client& client) {
  while (client.sent < client.response.size()) {
    const ssize_t n = send(client.fd.get(), client.response.data() + client.sent,
                           client.response.size() - client.sent, MSG_NOSIGNAL);
    if (n < 0) return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR;
    client.sent += static_cast<std::size_t>(n);
  }
  shutdown(client.fd.get(), SHUT_WR);
  client.phase = Client::Phase::kDraining;
  client.deadline = detail::deadline_after(kDrainTime);
  client.response = std::string();
  return true;
}

void MetricsServer::run() {
  std::vector<Client> clients;
  std::vector<pollfd> fds;
  for (;;) {
    fds.clear();
    const bool accepting = clients.size() < limits_.max_clients;
    if (accepting) {
      for (const Listener& listener : listeners_)
        fds.push_back({listener.fd.get(), POLLIN, 0});
    }
    const std::size_t first_client = fds.size();
    Deadline next = Deadline::max();
    for (const Client& client : clients) {
      const short events = client.phase == Client::Phase::kWriting ? POLLOUT : POLLIN;
      fds.push_back({client.fd.get(), events, 0});
      next = std::min(next, client.deadline);
    }
    fds.push_back({wake_.get(), POLLIN, 0});
    int timeout = -1;
    if (next != Deadline::max()) {
      const auto left = std::chrono::ceil<std::chrono::milliseconds>(next - Clock::now()).count();
      timeout = static_cast<int>(std::clamp<long long>(left, 0, 60000));
    }
    const int ready = poll(fds.data(), fds.size(), timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      server::log_error("metrics: poll: %s", detail::errno_text(errno).c_str());
      return;
    }
    if (fds.back().revents != 0) return;
    // Connections first: their indexes in fds are those of `clients` now.
    const Deadline now = Clock::now();
    for (std::size_t i = 0; i < clients.size(); ++i) {
      Client& client = clients[i];
      const short revents = fds[first_client + i].revents;
      bool alive = true;
      if (revents != 0) {
        alive = client.phase == Client::Phase::kWriting ? on_writable(client) : on_readable(client);
        if ((revents & (POLLERR | POLLNVAL)) != 0) alive = false;
      } else if (client.deadline <= now) {
        alive = false;  // too slow: reading, writing or draining
      }
      if (!alive) client.fd.reset();
    }
    clients.erase(std::remove_if(clients.begin(), clients.end(),
                                 [](const Client& c) { return c.fd.get() < 0; }),
                  clients.end());
    if (!accepting) continue;
    for (std::size_t i = 0; i < first_client; ++i) {
      if (fds[i].revents == 0) continue;
      while (clients.size() < limits_.max_clients) {
        UniqueFd connection(accept4(fds[i].fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC));
        if (connection.get() < 0) {
          if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR && errno != ECONNABORTED) {
            server::log_warning("metrics %s: accept: %s", listeners_[i].text.c_str(),
                                detail::errno_text(errno).c_str());
            if (errno == EMFILE || errno == ENFILE) usleep(100 * 1000);  // let fds free up
          }
          break;
        }
        Client client;
        client.fd = std::move(connection);
        client.request = std::make_unique<char[]>(limits_.max_request);
        client.deadline = detail::deadline_after(limits_.read_timeout);
        clients.push_back(std::move(client));
      }
    }
  }
}

ServerMetrics::ServerMetrics(server::Server& server, transfer::SecondaryService& secondaries)
    : server_(server), secondaries_(secondaries), started_(std::chrono::steady_clock::now()) {
  for (const config::Zone& zone : server.config().zones) {
    if (zone.is_secondary()) configured_secondaries_.push_back(zone.apex);
  }
}

namespace {

void add_secondary(ZoneMetrics& m, const transfer::SecondaryStatus& s) {
  m.secondary = true;
  m.state = secondary_state_from(s.state);
  m.last_transfer = s.has_serial ? s.acquired : 0;
  m.refresh_failures = s.failures;
}

}  // namespace

MetricsData ServerMetrics::collect() {
  MetricsData data;
  data.queries = server_.query_stats();
  data.stat_groups = server_.stat_groups();
  data.uptime_seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  std::set<std::string> seen;
  for (const auto& snapshot : server_.zones()) {
    ZoneMetrics m;
    m.name = server::zone_display_name(snapshot->apex());
    m.has_serial = true;
    m.serial = snapshot->serial();
    if (const auto s = secondaries_.status(snapshot->apex())) add_secondary(m, *s);
    seen.insert(wire::name_key(snapshot->apex()));
    data.zones.push_back(std::move(m));
  }
  for (const wire::Name& apex : configured_secondaries_) {
    if (seen.count(wire::name_key(apex)) != 0) continue;
    const auto s = secondaries_.status(apex);
    if (!s) continue;  // removed since
    ZoneMetrics m;
    m.name = server::zone_display_name(apex);
    m.has_serial = s->has_serial;
    m.serial = s->serial;
    add_secondary(m, *s);
    data.zones.push_back(std::move(m));
  }
  std::sort(data.zones.begin(), data.zones.end(),
            [](const ZoneMetrics& a, const ZoneMetrics& b) { return a.name < b.name; });
  return data;
}

}  // namespace zoned::control
