// zoned-syncheck's pure parts: which servers a zone has, how answers are sorted, the
// verdict and its exit code, the table and the Nagios line.
#include "control/sync_check.h"

#include <gtest/gtest.h>

#include "config/config_loader.h"

namespace zoned::control {
namespace {

config::Config load(const std::string& text) {
  config::LoadedConfig loaded = config::load_config_text(text, "test.conf");
  for (const auto& d : loaded.diagnostics.messages())
    ADD_FAILURE() << d.to_string();
  return std::move(loaded.config);
}

const char* const kKeys =
    "key:\n  name: k1\n  algorithm: hmac-sha256\n"
    "  secret: \"K2tf3TRjvQkVCmJF3/Z9vA3ONPhJ4g7sNL1bh0mFp0o=\"\n";

std::vector<std::string> texts(const std::vector<SyncServer>& servers) {
  std::vector<std::string> out;
  for (const SyncServer& s : servers) {
    out.push_back(std::string(to_string(s.role)) + " " + s.endpoint.text +
                  (s.endpoint.key ? " key" : ""));
  }
  return out;
}

TEST(SyncCheckTest, ServersOfAPrimaryZone) {
  const config::Config c = load(std::string("server:\n  ip-address: 192.0.2.53@5300\n") + kKeys +
                                "zone:\n  name: example.com\n  zonefile: example.com.zone\n"
                                "  notify: 192.0.2.2@5301 k1\n"
                                "  notify: 192.0.2.3 NOKEY\n"
                                "  provide-xfr: 192.0.2.2 k1\n"  // same as the notify target
                                "  provide-xfr: 192.0.2.3 k1\n"  // lends its key
                                "  provide-xfr: 192.0.2.9 k1\n"  // asked at 53
                                "  provide-xfr: 192.0.2.10@5305 NOKEY\n"
                                "  provide-xfr: 192.0.2.0/24 k1\n"  // a range: skipped
                                "  provide-xfr: 198.51.100.1 BLOCKED\n");
  const std::vector<GivenServer> given = {*parse_given_server("192.0.2.77@5400"),
                                          *parse_given_server("192.0.2.53@5300")};
  EXPECT_EQ(
      texts(servers_for_zone(c, c.zones[0], given)),
      (std::vector<std::string>{"self 192.0.2.53@5300", "notify 192.0.2.2@5301 key",
                                "notify 192.0.2.3@53 key", "given 192.0.2.77@5400",
                                "provide-xfr 192.0.2.9@53 key", "provide-xfr 192.0.2.10@5305"}));
}

TEST(SyncCheckTest, ServersOfASecondaryZoneAndTheWildcard) {
  const config::Config c =
      load(std::string("server:\n  ip-address: 0.0.0.0\n  port: 5353\n") + kKeys +
           "zone:\n  name: example.org\n"
           "  request-xfr: 192.0.2.1@5300 k1\n"
           "  allow-notify: 192.0.2.1 k1\n");
  EXPECT_EQ(texts(servers_for_zone(c, c.zones[0], {})),
            (std::vector<std::string>{"self 127.0.0.1@5353", "primary 192.0.2.1@5300 key"}));
  const config::Config none = load("zone:\n  name: example.net\n  zonefile: x\n");
  EXPECT_EQ(texts(servers_for_zone(none, none.zones[0], {})),
            (std::vector<std::string>{"self 127.0.0.1@53"}));
}

TEST(SyncCheckTest, GivenServers) {
  EXPECT_EQ(parse_given_server("2001:db8::1@5300")->port, 5300);
  EXPECT_EQ(parse_given_server("192.0.2.1")->port, 53);
  EXPECT_FALSE(parse_given_server("ns1.example.com"));
  EXPECT_FALSE(parse_given_server("192.0.2.1@0"));
  EXPECT_FALSE(parse_given_server("192.0.2.1@99999"));
}

SyncServer server(SyncRole role, const char* ip, std::uint16_t port) {
  std::vector<SyncServer> s;
  add_server(s, role, *config::parse_ip_address(ip), port);
  return s[0];
}

transfer::SoaAnswer ok(std::uint32_t serial) {
  return {true, serial, ""};
}
transfer::SoaAnswer failed(const char* error) {
  return {false, 0, error};
}

TEST(SyncCheckTest, Classify) {
  const SyncServer s = server(SyncRole::kNotify, "192.0.2.2", 53);
  EXPECT_EQ(classify(s, ok(7)).status, SyncStatus::kOk);
  EXPECT_EQ(classify(s, failed("no answer in 2 tries")).status, SyncStatus::kUnreachable);
  EXPECT_EQ(classify(s, failed("cannot connect: Connection refused")).status,
            SyncStatus::kUnreachable);
  const SyncResult refused = classify(s, failed("the primary answered REFUSED"));
  EXPECT_EQ(refused.status, SyncStatus::kRcode);
  EXPECT_EQ(refused.detail, "REFUSED");
  EXPECT_EQ(classify(s, failed("TSIG: BADSIG")).status, SyncStatus::kTsigError);
  EXPECT_EQ(classify(s, failed("a TSIG on the answer to an unsigned query")).status,
            SyncStatus::kTsigError);
  EXPECT_EQ(classify(s, failed("no SOA for the zone in the answer")).status, SyncStatus::kNoSoa);
}

ZoneReport report(std::vector<std::pair<SyncServer, transfer::SoaAnswer>> answers) {
  ZoneReport r;
  r.zone = "example.com";
  for (const auto& [s, a] : answers)
    r.results.push_back(classify(s, a));
  judge(r);
  return r;
}

TEST(SyncCheckTest, VerdictInSync) {
  const std::vector<ZoneReport> reports = {
      report({{server(SyncRole::kSelf, "127.0.0.1", 53), ok(2026112601)},
              {server(SyncRole::kNotify, "192.0.2.2", 53), ok(2026112601)}})};
  EXPECT_EQ(exit_code(reports), kSyncInSync);
  EXPECT_EQ(nagios_line(reports),
            "SYNC OK - 1 zone, 2 servers in sync at serial 2026112601 | servers=2 behind=0 "
            "failed=0");
  EXPECT_EQ(format_table(reports, false),
            "zone         server        role    serial      status\n"
            "example.com  127.0.0.1@53  self    2026112601  in sync\n"
            "example.com  192.0.2.2@53  notify  2026112601  in sync\n");
}

TEST(SyncCheckTest, VerdictBehindUsesSerialArithmetic) {
  // 5 is after 4294967290 (RFC 1982): the one at 4294967290 is 11 behind.
  const std::vector<ZoneReport> reports = {
      report({{server(SyncRole::kSelf, "127.0.0.1", 53), ok(5)},
              {server(SyncRole::kNotify, "192.0.2.2", 53), ok(4294967290u)}})};
  EXPECT_EQ(*reports[0].highest, 5u);
  EXPECT_EQ(reports[0].results[1].behind, 11u);
  EXPECT_EQ(exit_code(reports), kSyncBehind);
  EXPECT_EQ(nagios_line(reports),
            "SYNC WARNING - example.com 192.0.2.2@53 (notify) behind by 11 | servers=2 behind=1 "
            "failed=0");
  EXPECT_NE(format_table(reports, false).find("4294967290  behind by 11"), std::string::npos);
}

TEST(SyncCheckTest, FailureWinsOverBehind) {
  const std::vector<ZoneReport> reports = {
      report({{server(SyncRole::kSelf, "127.0.0.1", 53), ok(3)},
              {server(SyncRole::kNotify, "192.0.2.2", 53), ok(2)}}),
      report({{server(SyncRole::kSelf, "127.0.0.1", 53), failed("no answer in 2 tries")}})};
  EXPECT_EQ(exit_code(reports), kSyncFailed);
  EXPECT_FALSE(reports[1].highest);
  const std::string line = nagios_line(reports);
  EXPECT_TRUE(line.starts_with("SYNC CRITICAL - ")) << line;
  EXPECT_NE(line.find("unreachable (no answer in 2 tries)"), std::string::npos) << line;
  EXPECT_NE(line.find("behind=1 failed=1"), std::string::npos) << line;
  const std::string table = format_table(reports, false);
  EXPECT_NE(table.find("  unreachable\n"), std::string::npos) << table;
  EXPECT_NE(format_table(reports, true).find("unreachable (no answer in 2 tries)"),
            std::string::npos);
}

}  // namespace
}  // namespace zoned::control
