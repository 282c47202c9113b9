// Query statistics: one worker's counters, the sum over workers, NSD's reset as a baseline,
// the names zoned-control stats prints, and what process_query counts.
#include "server/query_stats.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "answer_test_util.h"
#include "server/query_processor.h"
#include "wire/message_header.h"

namespace zoned::test {
namespace {

using server::QueryStats;
using server::QueryStatsTotals;
using server::Stat;

bool has_line(const std::vector<std::string>& lines, const std::string& line) {
  return std::find(lines.begin(), lines.end(), line) != lines.end();
}

std::size_t index_of(const std::vector<std::string>& lines, const std::string& prefix) {
  for (std::size_t i = 0; i < lines.size(); ++i)
    if (lines[i].rfind(prefix, 0) == 0) return i;
  return lines.size();
}

TEST(QueryStats, BlocksAreCacheLineAligned) {
  EXPECT_EQ(alignof(QueryStats), 64u);
  EXPECT_EQ(sizeof(QueryStats) % 64, 0u);
}

TEST(QueryStats, SumsWorkersAndKeepsEachServer) {
  QueryStats a, b;
  a.add(Stat::kUdp, 3);
  a.add(Stat::kTcp6);
  a.add_question(wire::rrclass::IN, wire::rrtype::A);
  a.add_question(wire::rrclass::CH, wire::rrtype::TXT);
  b.add(Stat::kUdp6, 2);
  b.add_question(wire::rrclass::IN, wire::rrtype::A);
  b.add_question(wire::rrclass::IN, 65000);  // beyond the table: the shared slot
  b.add_opcode(4);
  const std::uint8_t nxdomain[12] = {0, 0, 0x84, 0x03};  // AA, NXDOMAIN
  const std::uint8_t referral[12] = {0, 0, 0x80, 0x00};  // NOERROR without AA
  const std::uint8_t truncated[12] = {0, 0, 0x86, 0x00};
  b.add_response(nxdomain);
  b.add_response(referral);
  b.add_response(truncated);

  QueryStatsTotals t;
  a.add_to(t, 0);
  b.add_to(t, 1);
  EXPECT_EQ(t.queries(), 6u);
  ASSERT_EQ(t.server_queries.size(), 2u);
  EXPECT_EQ(t.server_queries[0], 4u);
  EXPECT_EQ(t.server_queries[1], 2u);
  EXPECT_EQ(t.types[wire::rrtype::A], 2u);
  EXPECT_EQ(t.types[server::kOtherTypeSlot], 1u);
  EXPECT_EQ(t.classes[wire::rrclass::IN], 3u);
  EXPECT_EQ(t.opcodes[4], 1u);
  EXPECT_EQ(t.rcodes[3], 1u);
  EXPECT_EQ(t.rcodes[0], 2u);
  EXPECT_EQ(t[Stat::kAnswerWoAa], 1u);
  EXPECT_EQ(t[Stat::kTruncated], 1u);
}

TEST(QueryStats, ReadersRunBesideTheWriter) {
  QueryStats s;
  std::thread writer([&] {
    for (int i = 0; i < 100000; ++i)
      s.add(Stat::kUdp);
  });
  std::uint64_t last = 0;
  for (int i = 0; i < 1000; ++i) {
    QueryStatsTotals t;
    s.add_to(t, 0);
    EXPECT_GE(t.queries(), last);  // one writer: a reader never sees it go back
    last = t.queries();
  }
  writer.join();
  QueryStatsTotals t;
  s.add_to(t, 0);
  EXPECT_EQ(t.queries(), 100000u);
}

TEST(QueryStats, ZonestatsGroupsAreSummedAndPrintedByName) {
  auto a = std::make_unique<QueryStats>();
  auto b = std::make_unique<QueryStats>();
  std::uint8_t nxdomain[12] = {0, 0, 0x84, 0x03};   // QR AA, NXDOMAIN
  std::uint8_t truncated[12] = {0, 0, 0x86, 0x00};  // QR AA TC, NOERROR
  a->add_group_query(1, server::GroupStat::kUdp, nxdomain);
  b->add_group_query(1, server::GroupStat::kTcp6, truncated);
  b->add_group_query(0, server::GroupStat::kUdp, nullptr);  // dropped: no response
  QueryStatsTotals totals;
  a->add_to(totals, 0);
  b->add_to(totals, 1);
  const std::vector<std::string> lines = server::group_stats_lines(totals, {"a", "b"});
  const std::vector<std::string> b_lines(lines.begin() + 12, lines.end());
  EXPECT_EQ(lines[0], "zonestat.a.num.queries=1");
  EXPECT_EQ(b_lines,
            (std::vector<std::string>{
                "zonestat.b.num.queries=2", "zonestat.b.num.rcode.NOERROR=1",
                "zonestat.b.num.rcode.FORMERR=0", "zonestat.b.num.rcode.SERVFAIL=0",
                "zonestat.b.num.rcode.NXDOMAIN=1", "zonestat.b.num.rcode.NOTIMP=0",
                "zonestat.b.num.rcode.REFUSED=0", "zonestat.b.num.udp=1", "zonestat.b.num.udp6=0",
                "zonestat.b.num.tcp=0", "zonestat.b.num.tcp6=1", "zonestat.b.num.truncated=1"}));
}

TEST(StatsBaseline, ResetReportsTheDifference) {
  QueryStats s;
  server::StatsBaseline baseline;
  s.add(Stat::kUdp, 5);
  s.add_question(wire::rrclass::IN, wire::rrtype::MX);
  auto totals = [&] {
    QueryStatsTotals t;
    s.add_to(t, 0);
    return t;
  };
  EXPECT_EQ(baseline.report(totals(), false).queries(), 5u);  // stats_noreset
  EXPECT_EQ(baseline.report(totals(), false).queries(), 5u);
  QueryStatsTotals r = baseline.report(totals(), true);  // stats
  EXPECT_EQ(r.queries(), 5u);
  EXPECT_EQ(r.types[wire::rrtype::MX], 1u);
  r = baseline.report(totals(), true);
  EXPECT_EQ(r.queries(), 0u);
  EXPECT_EQ(r.types[wire::rrtype::MX], 0u);
  EXPECT_EQ(r.server_queries.at(0), 0u);
  s.add(Stat::kTcp);
  r = baseline.report(totals(), false);
  EXPECT_EQ(r.queries(), 1u);
  EXPECT_EQ(r[Stat::kTcp], 1u);
  EXPECT_EQ(r.server_queries.at(0), 1u);
}

TEST(QueryStats, NamesAndOrderAreNsds) {
  QueryStats s;
  s.add(Stat::kUdp, 2);
  s.add_question(wire::rrclass::IN, wire::rrtype::AAAA);
  s.add_question(wire::rrclass::CH, wire::rrtype::TXT);
  s.add_opcode(0);
  s.add_opcode(0);
  s.add_rcode(5);
  QueryStatsTotals t;
  s.add_to(t, 0);
  const std::vector<std::string> lines =
      server::stats_lines(t, {"time.boot=1.0", "time.elapsed=2.0"});
  EXPECT_EQ(lines[0], "server0.queries=2");
  EXPECT_EQ(lines[1], "num.queries=2");
  EXPECT_EQ(lines[2], "time.boot=1.0");
  EXPECT_EQ(lines[3], "time.elapsed=2.0");
  EXPECT_TRUE(has_line(lines, "num.type.AAAA=1"));
  EXPECT_TRUE(has_line(lines, "num.type.TXT=1"));
  EXPECT_EQ(index_of(lines, "num.type.A="), lines.size());  // zero types are left out
  EXPECT_TRUE(has_line(lines, "num.opcode.QUERY=2"));
  EXPECT_TRUE(has_line(lines, "num.class.IN=1"));
  EXPECT_TRUE(has_line(lines, "num.class.CH=1"));
  EXPECT_TRUE(has_line(lines, "num.rcode.REFUSED=1"));
  EXPECT_TRUE(has_line(lines, "num.rcode.NXDOMAIN=0"));  // the common rcodes always
  EXPECT_EQ(index_of(lines, "num.rcode.NOTAUTH"), lines.size());
  for (const char* name : {"num.edns=0", "num.ednserr=0", "num.udp=2", "num.udp6=0", "num.tcp=0",
                           "num.tcp6=0", "num.answer_wo_aa=0", "num.rxerr=0", "num.txerr=0",
                           "num.raxfr=0", "num.rixfr=0", "num.truncated=0", "num.dropped=0"})
    EXPECT_TRUE(has_line(lines, name)) << name;
  // NSD's order: types, opcodes, classes, rcodes, then the single counters.
  EXPECT_LT(index_of(lines, "num.type."), index_of(lines, "num.opcode."));
  EXPECT_LT(index_of(lines, "num.opcode."), index_of(lines, "num.class."));
  EXPECT_LT(index_of(lines, "num.class."), index_of(lines, "num.rcode."));
  EXPECT_LT(index_of(lines, "num.rcode."), index_of(lines, "num.edns="));
  EXPECT_LT(index_of(lines, "num.edns="), index_of(lines, "num.udp="));
  EXPECT_LT(index_of(lines, "num.truncated="), index_of(lines, "num.dropped="));
  EXPECT_EQ(lines.back(), "num.ratelimited=0");
}

// process_query counts what it parsed and what it answered.
std::size_t run(QueryStats& stats, const std::vector<std::uint8_t>& query) {
  std::vector<std::uint8_t> out(65535);
  const server::Request request{server::Transport::kUdp4, nullptr, nullptr, nullptr, &stats};
  return server::process_query(test_served(), query, request, server::QueryLimits{}, out);
}

TEST(QueryStats, ProcessQueryCounts) {
  QueryStats s;
  EXPECT_GT(run(s, make_query({.name = "www.answer.example."})), 0u);
  EXPECT_GT(
      run(s, make_query({.name = "www.answer.example.", .type = wire::rrtype::MX, .edns = true})),
      0u);
  EXPECT_GT(run(s, make_query({.name = "nothing.answer.example."})), 0u);   // NXDOMAIN
  EXPECT_GT(run(s, make_query({.name = "www.other.example."})), 0u);        // REFUSED
  EXPECT_GT(run(s, make_query({.name = "host.sub.answer.example."})), 0u);  // referral
  EXPECT_GT(
      run(s, make_query(
                 {.name = "version.bind.", .type = wire::rrtype::TXT, .cls = wire::rrclass::CH})),
      0u);
  std::vector<std::uint8_t> garbage = {0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0, 0, 0, 0, 0, 0};
  EXPECT_GT(run(s, garbage), 0u);  // a question promised, none there: FORMERR
  std::vector<std::uint8_t> response = make_query({.name = "www.answer.example."});
  response[2] |= 0x80;
  EXPECT_EQ(run(s, response), 0u);  // dropped
  std::vector<std::uint8_t> axfr =
      make_query({.name = "answer.example.", .type = wire::rrtype::AXFR});
  EXPECT_GT(run(s, axfr), 0u);  // no provide-xfr: refused, not counted as served

  QueryStatsTotals t;
  s.add_to(t, 0);
  EXPECT_EQ(t.types[wire::rrtype::A], 4u);
  EXPECT_EQ(t.types[wire::rrtype::MX], 1u);
  EXPECT_EQ(t.types[wire::rrtype::TXT], 1u);
  EXPECT_EQ(t.types[wire::rrtype::AXFR], 1u);
  EXPECT_EQ(t.classes[wire::rrclass::IN], 6u);
  EXPECT_EQ(t.classes[wire::rrclass::CH], 1u);
  EXPECT_EQ(t.opcodes[0], 8u);  // the garbage's header too; not the dropped response
  EXPECT_EQ(t.rcodes[0], 4u);   // two answers, the referral, version.bind
  EXPECT_EQ(t.rcodes[3], 1u);
  EXPECT_EQ(t.rcodes[5], 2u);  // the other zone, the AXFR
  EXPECT_EQ(t.rcodes[1], 1u);
  EXPECT_EQ(t[Stat::kEdns], 1u);
  EXPECT_EQ(t[Stat::kDropped], 1u);
  EXPECT_EQ(t[Stat::kAnswerWoAa], 2u);  // the referral and version.bind (CH: no AA)
  EXPECT_EQ(t[Stat::kRaxfr], 0u);
  EXPECT_EQ(t.queries(), 0u);  // the transport counts what it received
}

}  // namespace
}  // namespace zoned::test
