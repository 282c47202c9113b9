// The metrics endpoint: the Prometheus text for given counters and zones (exact for a small
// case, label escaping, every line in the exposition format's grammar), and the HTTP server
// with a fixed body: GET of the path, 404, 405, 400, size limit, slow clients.
// GCC 12 at -O1 with the sanitizers (the asan preset) warns that std::function inside
// <regex> may be used uninitialized: a known false positive in the library's headers.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "config/listen_address.h"
#include "control/metrics_server.h"
#include "control/metrics_text.h"

namespace zoned::test {
namespace {

using control::MetricsData;
using control::SecondaryState;
using control::ZoneMetrics;
using server::Stat;

void set(server::QueryStatsTotals& t, Stat s, std::uint64_t v) {
  t.stats[static_cast<std::size_t>(s)] = v;
}

MetricsData small_case() {
  MetricsData d;
  d.uptime_seconds = 12.5;
  server::QueryStatsTotals& t = d.queries;
  set(t, Stat::kUdp, 3);
  set(t, Stat::kTcp6, 1);
  set(t, Stat::kEdns, 2);
  set(t, Stat::kDropped, 1);
  t.types[1] = 3;                       // A
  t.types[28] = 1;                      // AAAA
  t.types[server::kOtherTypeSlot] = 0;  // none of "other"
  t.opcodes[0] = 4;
  t.classes[1] = 4;
  t.rcodes[0] = 3;
  t.rcodes[3] = 1;
  t.server_queries = {4};
  ZoneMetrics primary;
  primary.name = "example.com";
  primary.has_serial = true;
  primary.serial = 7;
  ZoneMetrics secondary;
  secondary.name = "example.net";
  secondary.secondary = true;
  secondary.has_serial = true;
  secondary.serial = 2026010101;
  secondary.state = SecondaryState::kOk;
  secondary.last_transfer = 1700000000;
  secondary.refresh_failures = 0;
  d.zones = {primary, secondary};
  return d;
}

const char* const kSmallCaseText = R"(# HELP zoned_uptime_seconds Seconds since zoned started.
# TYPE zoned_uptime_seconds gauge
zoned_uptime_seconds 12.500
# HELP zoned_queries_total Queries received, over UDP and TCP.
# TYPE zoned_queries_total counter
zoned_queries_total 4
# HELP zoned_server_queries_total Queries received by each server thread.
# TYPE zoned_server_queries_total counter
zoned_server_queries_total{server="0"} 4
# HELP zoned_queries_by_transport_total Queries received by transport and address family.
# TYPE zoned_queries_by_transport_total counter
zoned_queries_by_transport_total{transport="udp"} 3
zoned_queries_by_transport_total{transport="udp6"} 0
zoned_queries_by_transport_total{transport="tcp"} 0
zoned_queries_by_transport_total{transport="tcp6"} 1
# HELP zoned_queries_by_type_total Queries by question type.
# TYPE zoned_queries_by_type_total counter
zoned_queries_by_type_total{type="A"} 3
zoned_queries_by_type_total{type="AAAA"} 1
# HELP zoned_queries_by_class_total Queries by question class.
# TYPE zoned_queries_by_class_total counter
zoned_queries_by_class_total{class="IN"} 4
# HELP zoned_queries_by_opcode_total Queries by opcode.
# TYPE zoned_queries_by_opcode_total counter
zoned_queries_by_opcode_total{opcode="QUERY"} 4
# HELP zoned_queries_by_rcode_total Answers by response code.
# TYPE zoned_queries_by_rcode_total counter
zoned_queries_by_rcode_total{rcode="NOERROR"} 3
zoned_queries_by_rcode_total{rcode="FORMERR"} 0
zoned_queries_by_rcode_total{rcode="SERVFAIL"} 0
zoned_queries_by_rcode_total{rcode="NXDOMAIN"} 1
zoned_queries_by_rcode_total{rcode="NOTIMP"} 0
zoned_queries_by_rcode_total{rcode="REFUSED"} 0
# HELP zoned_edns_total Queries with an EDNS OPT record.
# TYPE zoned_edns_total counter
zoned_edns_total 2
# HELP zoned_edns_errors_total Queries whose EDNS OPT record did not parse.
# TYPE zoned_edns_errors_total counter
zoned_edns_errors_total 0
# HELP zoned_answers_without_aa_total NOERROR answers without the AA bit (referrals).
# TYPE zoned_answers_without_aa_total counter
zoned_answers_without_aa_total 0
# HELP zoned_receive_errors_total Errors receiving queries.
# TYPE zoned_receive_errors_total counter
zoned_receive_errors_total 0
# HELP zoned_send_errors_total Responses that could not be sent.
# TYPE zoned_send_errors_total counter
zoned_send_errors_total 0
# HELP zoned_axfr_out_total AXFR requests served.
# TYPE zoned_axfr_out_total counter
zoned_axfr_out_total 0
# HELP zoned_ixfr_out_total IXFR requests served.
# TYPE zoned_ixfr_out_total counter
zoned_ixfr_out_total 0
# HELP zoned_truncated_total Answers sent with the TC bit.
# TYPE zoned_truncated_total counter
zoned_truncated_total 0
# HELP zoned_dropped_total Queries that got no answer.
# TYPE zoned_dropped_total counter
zoned_dropped_total 1
# HELP zoned_ratelimited_total Responses response rate limiting dropped or truncated.
# TYPE zoned_ratelimited_total counter
zoned_ratelimited_total 0
# HELP zoned_zones Zones configured, by role.
# TYPE zoned_zones gauge
zoned_zones{role="primary"} 1
zoned_zones{role="secondary"} 1
# HELP zoned_zone_serial The SOA serial a zone is served with.
# TYPE zoned_zone_serial gauge
zoned_zone_serial{zone="example.com"} 7
zoned_zone_serial{zone="example.net"} 2026010101
# HELP zoned_zone_state A secondary zone's state: 1 for the state it is in, 0 for the others.
# TYPE zoned_zone_state gauge
zoned_zone_state{zone="example.net",state="ok"} 1
zoned_zone_state{zone="example.net",state="refreshing"} 0
zoned_zone_state{zone="example.net",state="expired"} 0
zoned_zone_state{zone="example.net",state="waiting"} 0
# HELP zoned_zone_last_transfer_timestamp_seconds When a secondary zone last received its data, in seconds since the epoch.
# TYPE zoned_zone_last_transfer_timestamp_seconds gauge
zoned_zone_last_transfer_timestamp_seconds{zone="example.net"} 1700000000
# HELP zoned_zone_refresh_failures Failed refresh attempts of a secondary zone since its last success.
# TYPE zoned_zone_refresh_failures gauge
zoned_zone_refresh_failures{zone="example.net"} 0
)";

TEST(MetricsText, SmallCaseExactly) {
  EXPECT_EQ(control::metrics_text(small_case()), kSmallCaseText);
}

TEST(MetricsText, EscapesLabelValues) {
  EXPECT_EQ(control::escape_label_value("plain.example"), "plain.example");
  EXPECT_EQ(control::escape_label_value(R"(a\b"c)"), R"(a\\b\"c)");
  EXPECT_EQ(control::escape_label_value("x\ny"), "x\\ny");
  MetricsData d;
  ZoneMetrics z;
  z.name = "we\\\"ird\n.example";
  z.has_serial = true;
  z.serial = 1;
  d.zones = {z};
  EXPECT_NE(
      control::metrics_text(d).find("zoned_zone_serial{zone=\"we\\\\\\\"ird\\n.example\"} 1\n"),
      std::string::npos);
}

TEST(MetricsText, SecondaryStatesFromTheServiceWords) {
  EXPECT_EQ(control::secondary_state_from("ok"), SecondaryState::kOk);
  EXPECT_EQ(control::secondary_state_from("refreshing"), SecondaryState::kRefreshing);
  EXPECT_EQ(control::secondary_state_from("expired"), SecondaryState::kExpired);
  EXPECT_EQ(control::secondary_state_from("waiting for the first transfer"),
            SecondaryState::kWaiting);
}

// The text format 0.0.4, line by line: # HELP / # TYPE / samples, each family's TYPE
// before its samples and once, a family's samples together.
void expect_valid_exposition(const std::string& text) {
  static const std::regex kName("[a-zA-Z_:][a-zA-Z0-9_:]*");
  static const std::regex kHelp(R"(# HELP ([a-zA-Z_:][a-zA-Z0-9_:]*) (?:[^\\\n]|\\[\\n])*)");
  static const std::regex kType(
      R"(# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|untyped))");
  static const std::regex kSample(
      R"(([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?:[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")(?:,[a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\\n]|\\[\\"n])*")*,?\})? ([-+]?(?:[0-9]+(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?|Inf|NaN))(?: -?[0-9]+)?)");
  ASSERT_FALSE(text.empty());
  ASSERT_EQ(text.back(), '\n');
  std::istringstream in(text);
  std::string line;
  std::map<std::string, std::string> types;
  std::set<std::string> finished;
  std::string current;
  while (std::getline(in, line)) {
    std::smatch m;
    if (std::regex_match(line, m, kHelp)) continue;
    if (std::regex_match(line, m, kType)) {
      EXPECT_EQ(types.count(m[1]), 0u) << "second TYPE: " << line;
      types[m[1]] = m[2];
      if (!current.empty()) finished.insert(current);
      current = m[1];
      continue;
    }
    ASSERT_TRUE(std::regex_match(line, m, kSample)) << "not a sample: " << line;
    EXPECT_EQ(m[1], current) << "sample outside its family: " << line;
    EXPECT_EQ(finished.count(m[1]), 0u) << line;
    if (types[current] == "counter") {
      EXPECT_EQ(current.substr(current.size() - 6), "_total") << line;
    }
  }
}

TEST(MetricsText, ZonestatsGroups) {
  MetricsData d = small_case();
  d.stat_groups = {"customers"};
  d.queries.groups[0].stats[static_cast<std::size_t>(server::GroupStat::kQueries)] = 7;
  d.queries.groups[0].rcodes[3] = 2;
  const std::string text = control::metrics_text(d);
  EXPECT_NE(text.find("zoned_zonestat_queries_total{group=\"customers\"} 7\n"), std::string::npos);
  EXPECT_NE(text.find("zoned_zonestat_rcode_total{group=\"customers\",rcode=\"NXDOMAIN\"} 2\n"),
            std::string::npos);
  expect_valid_exposition(text);
  EXPECT_EQ(control::metrics_text(small_case()).find("zonestat"), std::string::npos);
}

TEST(MetricsText, EveryLineParses) {
  expect_valid_exposition(control::metrics_text(small_case()));
  MetricsData busy = small_case();
  for (std::size_t i = 0; i < busy.queries.types.size(); ++i)
    busy.queries.types[i] = i + 1;
  for (std::size_t i = 0; i < busy.queries.rcodes.size(); ++i)
    busy.queries.rcodes[i] = i + 1;
  for (std::size_t i = 0; i < busy.queries.opcodes.size(); ++i)
    busy.queries.opcodes[i] = i + 1;
  for (std::size_t i = 0; i < busy.queries.classes.size(); ++i)
    busy.queries.classes[i] = i + 1;
  busy.queries.server_queries = {1, 2, 3};
  ZoneMetrics odd;
  odd.name = "a\"b\\c\nd";
  odd.secondary = true;
  odd.state = SecondaryState::kExpired;
  odd.refresh_failures = 3;
  busy.zones.push_back(odd);
  const std::string text = control::metrics_text(busy);
  expect_valid_exposition(text);
  EXPECT_NE(text.find("zoned_queries_by_type_total{type=\"other\"} "), std::string::npos);
  EXPECT_NE(text.find("zoned_queries_by_opcode_total{opcode=\"OPCODE15\"} 16\n"),
            std::string::npos);
  EXPECT_NE(text.find("zoned_zones{role=\"secondary\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("zoned_zone_state{zone=\"a\\\"b\\\\c\\nd\",state=\"expired\"} 1\n"),
            std::string::npos);
  // No serial, no transfer yet: no sample for either.
  EXPECT_EQ(text.find("zoned_zone_serial{zone=\"a"), std::string::npos);
  EXPECT_EQ(text.find("zoned_zone_last_transfer_timestamp_seconds{zone=\"a"), std::string::npos);
}

TEST(MetricsText, NothingKnownIsStillValid) {
  expect_valid_exposition(control::metrics_text({}));
}

// --- the HTTP server, with a fixed body ---

config::ServerOptions metrics_options(bool enable = true) {
  config::ServerOptions o;
  o.metrics_enable = enable;
  o.metrics_port = 0;  // any free port
  config::ListenAddress a;
  EXPECT_EQ(config::parse_listen_address("127.0.0.1", false, a), "");
  o.metrics_interface.push_back(a);
  return o;
}

int connect_to(std::uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in to{};
  to.sin_family = AF_INET;
  to.sin_port = htons(port);
  to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  EXPECT_EQ(connect(fd, reinterpret_cast<const sockaddr*>(&to), sizeof to), 0);
  timeval tv{5, 0};  // bounded: a server that never answers fails the test
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  return fd;
}

// Sends `request`, reads until the server closes.
std::string exchange(std::uint16_t port, const std::string& request) {
  const int fd = connect_to(port);
  EXPECT_EQ(send(fd, request.data(), request.size(), MSG_NOSIGNAL),
            static_cast<ssize_t>(request.size()));
  std::string answer;
  char buffer[4096];
  for (;;) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) break;
    answer.append(buffer, static_cast<std::size_t>(n));
  }
  close(fd);
  return answer;
}

std::string status_line(const std::string& answer) {
  return answer.substr(0, answer.find("\r\n"));
}

class MetricsHttp : public ::testing::Test {
 protected:
  void SetUp() override {
    control::MetricsServerLimits limits;
    limits.read_timeout = std::chrono::milliseconds(300);
    limits.max_request = 512;
    server_ = std::make_unique<control::MetricsServer>(
        metrics_options(), [] { return std::string("zoned_up 1\n"); }, limits);
    std::string error;
    ASSERT_TRUE(server_->open(error)) << error;
    ASSERT_NE(server_->port(), 0);
    server_->start();
  }
  void TearDown() override { server_->stop(); }

  std::unique_ptr<control::MetricsServer> server_;
};

TEST_F(MetricsHttp, GetOfThePathAnswersTheText) {
  const std::string a =
      exchange(server_->port(), "GET /metrics HTTP/1.1\r\nHost: x\r\nAccept: */*\r\n\r\n");
  EXPECT_EQ(status_line(a), "HTTP/1.1 200 OK");
  EXPECT_NE(a.find("\r\nContent-Type: text/plain; version=0.0.4\r\n"), std::string::npos) << a;
  EXPECT_NE(a.find("\r\nContent-Length: 11\r\n"), std::string::npos) << a;
  EXPECT_NE(a.find("\r\nConnection: close\r\n"), std::string::npos) << a;
  EXPECT_EQ(a.substr(a.find("\r\n\r\n") + 4), "zoned_up 1\n");
  // A query string and HTTP/1.0 with bare newlines are fine too.
  EXPECT_EQ(status_line(exchange(server_->port(), "GET /metrics?x=1 HTTP/1.0\n\n")),
            "HTTP/1.1 200 OK");
}

TEST_F(MetricsHttp, RejectsWhatItDoesNotServe) {
  const std::uint16_t port = server_->port();
  EXPECT_EQ(status_line(exchange(port, "GET /other HTTP/1.1\r\n\r\n")), "HTTP/1.1 404 Not Found");
  EXPECT_EQ(status_line(exchange(port, "GET /metrics/ HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 404 Not Found");
  const std::string post = exchange(port, "POST /metrics HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc");
  EXPECT_EQ(status_line(post), "HTTP/1.1 405 Method Not Allowed");
  EXPECT_NE(post.find("\r\nAllow: GET\r\n"), std::string::npos);
  EXPECT_EQ(status_line(exchange(port, "HEAD /metrics HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 405 Method Not Allowed");
  EXPECT_EQ(status_line(exchange(port, "GET /metrics\r\n\r\n")), "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(status_line(exchange(port, "GET /metrics HTTP/2.0\r\n\r\n")),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(status_line(exchange(port, "GET metrics HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 400 Bad Request");
  EXPECT_EQ(status_line(exchange(port, "G(T /metrics HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 400 Bad Request");
  // Longer than max_request without its end: 400, no more read.
  const std::string big = "GET /metrics HTTP/1.1\r\nX-Pad: " + std::string(1000, 'a') + "\r\n\r\n";
  EXPECT_EQ(status_line(exchange(port, big)), "HTTP/1.1 400 Bad Request");
}

TEST_F(MetricsHttp, ASilentClientDoesNotHoldTheNext) {
  const int silent = connect_to(server_->port());
  const int partial = connect_to(server_->port());
  ASSERT_EQ(send(partial, "GET /met", 8, MSG_NOSIGNAL), 8);
  const auto start = std::chrono::steady_clock::now();
  EXPECT_EQ(status_line(exchange(server_->port(), "GET /metrics HTTP/1.1\r\n\r\n")),
            "HTTP/1.1 200 OK");
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(250));
  // Both are dropped at the read timeout (300 ms): recv sees the end, not the 5 s limit.
  char c;
  EXPECT_EQ(recv(silent, &c, 1, 0), 0);
  EXPECT_EQ(recv(partial, &c, 1, 0), 0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(3));
  close(silent);
  close(partial);
}

TEST(MetricsServer, DisabledOpensNothing) {
  control::MetricsServer server(metrics_options(false), [] { return std::string(); });
  std::string error;
  ASSERT_TRUE(server.open(error));
  EXPECT_TRUE(server.endpoints().empty());
  EXPECT_EQ(server.port(), 0);
  server.start();
  server.stop();
}

TEST(MetricsServer, APortInUseIsAnError) {
  control::MetricsServer first(metrics_options(), [] { return std::string(); });
  std::string error;
  ASSERT_TRUE(first.open(error)) << error;
  config::ServerOptions same = metrics_options();
  same.metrics_port = first.port();
  control::MetricsServer second(same, [] { return std::string(); });
  EXPECT_FALSE(second.open(error));
  EXPECT_NE(error.find("metrics-interface 127.0.0.1@"), std::string::npos) << error;
  EXPECT_TRUE(second.endpoints().empty());
}

}  // namespace
}  // namespace zoned::test
