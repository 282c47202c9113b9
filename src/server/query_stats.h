// Query statistics for zoned-control stats / stats_noreset, with NSD's counter names
// (nsd-control(8), "STATISTIC COUNTERS").
//
// Each worker owns one QueryStats block and is its only writer: a counter goes up by a
// relaxed load and a relaxed store of the same atomic (no read-modify-write, no lock, no
// atomic shared between workers), and the block sits on cache lines of its own. Any thread
// may read the blocks (relaxed loads) and sum them into a QueryStatsTotals.
//
// The counters never go back: NSD's `stats` reset is a StatsBaseline, the totals at the last
// reset, subtracted from the totals now. Workers never see a write from another thread.
#pragma once

#include <array>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace zoned::server {

// The counters that are one number each, in NSD's print order (names: stat_name()).
enum class Stat : std::uint8_t {
  kEdns,         // num.edns: queries with an OPT record
  kEdnsErr,      // num.ednserr: queries whose OPT record did not parse
  kUdp,          // num.udp: queries received over UDP, IPv4
  kUdp6,         // num.udp6
  kTcp,          // num.tcp: queries received over TCP, IPv4 (NSD: per query too)
  kTcp6,         // num.tcp6
  kAnswerWoAa,   // num.answer_wo_aa: NOERROR answers without AA (referrals among them)
  kRxErr,        // num.rxerr: receive errors
  kTxErr,        // num.txerr: responses that could not be sent
  kRaxfr,        // num.raxfr: AXFR requests served
  kRixfr,        // num.rixfr: IXFR requests served
  kTruncated,    // num.truncated: answers with TC
  kDropped,      // num.dropped: queries that got no answer (responses, garbage, allow-query)
  kRatelimited,  // num.ratelimited: responses RRL dropped or slipped (zoned's own counter)
  kCount
};

// "num.udp", "num.edns", ...
const char* stat_name(Stat stat);
// The names counters are printed under: "QUERY", "NOTIFY", "OPCODE3"; "NXDOMAIN", "RCODE12".
std::string opcode_text(std::size_t opcode);
std::string rcode_text(std::size_t rcode);

// Query types 0..kLastTypeSlot are counted one by one; the rest share kOtherTypeSlot
// (printed as num.type.other).
inline constexpr std::size_t kLastTypeSlot = 260;  // AMTRELAY
inline constexpr std::size_t kOtherTypeSlot = kLastTypeSlot + 1;
inline constexpr std::size_t kTypeSlots = kOtherTypeSlot + 1;
// Classes 0..255 one by one, the rest share the last slot.
inline constexpr std::size_t kClassSlots = 257;
inline constexpr std::size_t kOpcodeSlots = 16;
inline constexpr std::size_t kRcodeSlots = 16;  // the header's 4 bits

constexpr std::size_t type_slot(std::uint16_t type) {
  return type <= kLastTypeSlot ? type : kOtherTypeSlot;
}
constexpr std::size_t class_slot(std::uint16_t cls) {
  return cls < kClassSlots - 1 ? cls : kClassSlots - 1;
}

// zonestats: (nsd.conf) groups: the queries of the zones naming a group are counted again
// under "zonestat.<group>." with these counters. At most kMaxStatGroups groups.
inline constexpr std::size_t kMaxStatGroups = 16;
inline constexpr std::uint8_t kNoStatGroup = 0xFF;
enum class GroupStat : std::uint8_t { kQueries, kUdp, kUdp6, kTcp, kTcp6, kTruncated, kCount };
struct GroupTotals {
  std::array<std::uint64_t, static_cast<std::size_t>(GroupStat::kCount)> stats{};
  std::array<std::uint64_t, kRcodeSlots> rcodes{};
};

// Plain numbers: a sum over workers, or a difference of two sums.
struct QueryStatsTotals {
  std::array<std::uint64_t, static_cast<std::size_t>(Stat::kCount)> stats{};
  std::array<std::uint64_t, kTypeSlots> types{};
  std::array<std::uint64_t, kOpcodeSlots> opcodes{};
  std::array<std::uint64_t, kClassSlots> classes{};
  std::array<std::uint64_t, kRcodeSlots> rcodes{};
  std::vector<std::uint64_t> server_queries;  // per worker: serverN.queries
  std::array<GroupTotals, kMaxStatGroups> groups{};

  std::uint64_t operator[](Stat s) const { return stats[static_cast<std::size_t>(s)]; }
  // num.queries: every query received, over UDP and TCP, IPv4 and IPv6.
  std::uint64_t queries() const;
  // this - base, counter by counter (base may have fewer servers).
  QueryStatsTotals since(const QueryStatsTotals& base) const;
};

class alignas(64) QueryStats {
 public:
  // --- the owning worker only ---
  void add(Stat s, std::uint64_t n = 1) { bump(stats_[static_cast<std::size_t>(s)], n); }
  void add_opcode(unsigned opcode) { bump(opcodes_[opcode & 0xF]); }
  // A question's class and type.
  void add_question(std::uint16_t cls, std::uint16_t type) {
    bump(classes_[class_slot(cls)]);
    bump(types_[type_slot(type)]);
  }
  // A response (at least a header) in `response`: its rcode, TC and AA bits.
  void add_response(const std::uint8_t* response) {
    const unsigned rcode = response[3] & 0xF;
    bump(rcodes_[rcode]);
    if ((response[2] & 0x02) != 0) add(Stat::kTruncated);
    if (rcode == 0 && (response[2] & 0x04) == 0) add(Stat::kAnswerWoAa);
  }
  void add_rcode(unsigned rcode) { bump(rcodes_[rcode & 0xF]); }
  // One query of a zone in zonestats group `group` (< kMaxStatGroups): how it came and what
  // the response's header says (nullptr: none was sent).
  void add_group_query(std::size_t group, GroupStat transport, const std::uint8_t* response) {
    Group& g = groups_[group];
    bump(g.stats[static_cast<std::size_t>(GroupStat::kQueries)]);
    bump(g.stats[static_cast<std::size_t>(transport)]);
    if (response == nullptr) return;
    bump(g.rcodes[response[3] & 0xF]);
    if ((response[2] & 0x02) != 0) bump(g.stats[static_cast<std::size_t>(GroupStat::kTruncated)]);
  }

  // --- any thread ---
  // Adds this block to `totals`, and its queries to totals.server_queries[server].
  void add_to(QueryStatsTotals& totals, std::size_t server) const;

 private:
  using Counter = std::atomic<std::uint64_t>;
  static void bump(Counter& c, std::uint64_t n = 1) {
    c.store(c.load(std::memory_order_relaxed) + n, std::memory_order_relaxed);
  }

  std::array<Counter, static_cast<std::size_t>(Stat::kCount)> stats_{};
  std::array<Counter, kOpcodeSlots> opcodes_{};
  std::array<Counter, kRcodeSlots> rcodes_{};
  std::array<Counter, kClassSlots> classes_{};
  std::array<Counter, kTypeSlots> types_{};
  struct Group {
    std::array<Counter, static_cast<std::size_t>(GroupStat::kCount)> stats{};
    std::array<Counter, kRcodeSlots> rcodes{};
  };
  std::array<Group, kMaxStatGroups> groups_{};
};

// NSD's `stats` (reset) and `stats_noreset`: the counts since the last reset.
class StatsBaseline {
 public:
  // `now` minus the totals at the last reset; with `reset`, `now` becomes the baseline.
  QueryStatsTotals report(const QueryStatsTotals& now, bool reset);

 private:
  QueryStatsTotals base_;
};

// The query counters as NSD prints them, "name=value" each: serverN.queries, num.queries,
// then num.type.X (nonzero only), num.opcode.X, num.class.X, num.rcode.X (QUERY, IN and the
// six common rcodes always, the others when nonzero), then the single counters.
// `time_lines` (time.boot, time.elapsed) go after num.queries, as NSD has them.
std::vector<std::string> stats_lines(const QueryStatsTotals& totals,
                                     const std::vector<std::string>& time_lines);

// The zonestats groups' lines, "zonestat.<group>.num.queries=N" and the rest, in the order
// of `group_names` (index = group).
std::vector<std::string> group_stats_lines(const QueryStatsTotals& totals,
                                           const std::vector<std::string>& group_names);

}  // namespace zoned::server
