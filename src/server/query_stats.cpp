#include "server/query_stats.h"

#include "wire/message_header.h"
#include "wire/rrtype.h"

namespace zoned::server {
namespace {

std::string line(const std::string& name, std::uint64_t value) {
  return name + "=" + std::to_string(value);
}

std::uint64_t load(const std::atomic<std::uint64_t>& c) {
  return c.load(std::memory_order_relaxed);
}

template <typename Array>
void subtract(Array& a, const Array& b) {
  for (std::size_t i = 0; i < a.size(); ++i)
    a[i] -= b[i];
}

}  // namespace

std::string opcode_text(std::size_t opcode) {
  switch (opcode) {
    case 0:
    case 1:
    case 2:
    case 4:
    case 5:
    case 6:
      return wire::to_string(static_cast<wire::Opcode>(opcode));
    default:
      return "OPCODE" + std::to_string(opcode);
  }
}

std::string rcode_text(std::size_t rcode) {
  if (rcode <= static_cast<std::size_t>(wire::Rcode::kDsoTypeNi))
    return wire::to_string(static_cast<wire::Rcode>(rcode));
  return "RCODE" + std::to_string(rcode);
}

const char* stat_name(Stat stat) {
  switch (stat) {
    case Stat::kUdp:
      return "num.udp";
    case Stat::kUdp6:
      return "num.udp6";
    case Stat::kTcp:
      return "num.tcp";
    case Stat::kTcp6:
      return "num.tcp6";
    case Stat::kEdns:
      return "num.edns";
    case Stat::kEdnsErr:
      return "num.ednserr";
    case Stat::kAnswerWoAa:
      return "num.answer_wo_aa";
    case Stat::kRxErr:
      return "num.rxerr";
    case Stat::kTxErr:
      return "num.txerr";
    case Stat::kRaxfr:
      return "num.raxfr";
    case Stat::kRixfr:
      return "num.rixfr";
    case Stat::kTruncated:
      return "num.truncated";
    case Stat::kDropped:
      return "num.dropped";
    case Stat::kRatelimited:
      return "num.ratelimited";
    case Stat::kCount:
      break;
  }
  return "num.unknown";
}

std::uint64_t QueryStatsTotals::queries() const {
  return (*this)[Stat::kUdp] + (*this)[Stat::kUdp6] + (*this)[Stat::kTcp] + (*this)[Stat::kTcp6];
}

QueryStatsTotals QueryStatsTotals::since(const QueryStatsTotals& base) const {
  QueryStatsTotals d = *this;
  subtract(d.stats, base.stats);
  subtract(d.types, base.types);
  subtract(d.opcodes, base.opcodes);
  subtract(d.classes, base.classes);
  subtract(d.rcodes, base.rcodes);
  for (std::size_t i = 0; i < d.server_queries.size() && i < base.server_queries.size(); ++i)
    d.server_queries[i] -= base.server_queries[i];
  for (std::size_t g = 0; g < kMaxStatGroups; ++g) {
    subtract(d.groups[g].stats, base.groups[g].stats);
    subtract(d.groups[g].rcodes, base.groups[g].rcodes);
  }
  return d;
}

void QueryStats::add_to(QueryStatsTotals& totals, std::size_t server) const {
  for (std::size_t i = 0; i < stats_.size(); ++i)
    totals.stats[i] += load(stats_[i]);
  for (std::size_t i = 0; i < opcodes_.size(); ++i)
    totals.opcodes[i] += load(opcodes_[i]);
  for (std::size_t i = 0; i < rcodes_.size(); ++i)
    totals.rcodes[i] += load(rcodes_[i]);
  for (std::size_t i = 0; i < classes_.size(); ++i)
    totals.classes[i] += load(classes_[i]);
  for (std::size_t i = 0; i < types_.size(); ++i)
    totals.types[i] += load(types_[i]);
  for (std::size_t g = 0; g < kMaxStatGroups; ++g) {
    for (std::size_t i = 0; i < groups_[g].stats.size(); ++i)
      totals.groups[g].stats[i] += load(groups_[g].stats[i]);
    for (std::size_t i = 0; i < groups_[g].rcodes.size(); ++i)
      totals.groups[g].rcodes[i] += load(groups_[g].rcodes[i]);
  }
  if (totals.server_queries.size() <= server) totals.server_queries.resize(server + 1);
  totals.server_queries[server] += load(stats_[static_cast<std::size_t>(Stat::kUdp)]) +
                                   load(stats_[static_cast<std::size_t>(Stat::kUdp6)]) +
                                   load(stats_[static_cast<std::size_t>(Stat::kTcp)]) +
                                   load(stats_[static_cast<std::size_t>(Stat::kTcp6)]);
}

QueryStatsTotals StatsBaseline::report(const QueryStatsTotals& now, bool reset) {
  QueryStatsTotals d = now.since(base_);
  if (reset) base_ = now;
  return d;
}

std::vector<std::string> stats_lines(const QueryStatsTotals& t,
                                     const std::vector<std::string>& time_lines) {
  std::vector<std::string> lines;
  for (std::size_t i = 0; i < t.server_queries.size(); ++i)
    lines.push_back(line("server" + std::to_string(i) + ".queries", t.server_queries[i]));
  lines.push_back(line("num.queries", t.queries()));
  lines.insert(lines.end(), time_lines.begin(), time_lines.end());
  for (std::size_t i = 0; i < kTypeSlots; ++i) {
    if (t.types[i] == 0) continue;
    const std::string name =
        i == kOtherTypeSlot ? "other" : wire::type_to_text(static_cast<std::uint16_t>(i));
    lines.push_back(line("num.type." + name, t.types[i]));
  }
  for (std::size_t i = 0; i < kOpcodeSlots; ++i) {
    if (t.opcodes[i] != 0 || i == 0)
      lines.push_back(line("num.opcode." + opcode_text(i), t.opcodes[i]));
  }
  for (std::size_t i = 0; i < kClassSlots; ++i) {
    if (t.classes[i] == 0 && i != 1) continue;
    const std::string name =
        i == kClassSlots - 1 ? "other" : wire::class_to_text(static_cast<std::uint16_t>(i));
    lines.push_back(line("num.class." + name, t.classes[i]));
  }
  for (std::size_t i = 0; i < kRcodeSlots; ++i) {
    if (t.rcodes[i] != 0 || i <= 5)
      lines.push_back(line("num.rcode." + rcode_text(i), t.rcodes[i]));
  }
  for (std::size_t i = 0; i < static_cast<std::size_t>(Stat::kCount); ++i)
    lines.push_back(line(stat_name(static_cast<Stat>(i)), t.stats[i]));
  return lines;
}

std::vector<std::string> group_stats_lines(const QueryStatsTotals& totals,
                                           const std::vector<std::string>& group_names) {
  static constexpr const char* kGroupStatNames[] = {"num.queries", "num.udp",  "num.udp6",
                                                    "num.tcp",     "num.tcp6", "num.truncated"};
  std::vector<std::string> lines;
  for (std::size_t g = 0; g < group_names.size() && g < kMaxStatGroups; ++g) {
    const std::string prefix = "zonestat." + group_names[g] + ".";
    const GroupTotals& t = totals.groups[g];
    lines.push_back(line(prefix + kGroupStatNames[0], t.stats[0]));
    for (std::size_t i = 0; i < kRcodeSlots; ++i) {
      if (t.rcodes[i] != 0 || i <= 5)
        lines.push_back(line(prefix + "num.rcode." + rcode_text(i), t.rcodes[i]));
    }
    for (std::size_t i = 1; i < t.stats.size(); ++i)
      lines.push_back(line(prefix + kGroupStatNames[i], t.stats[i]));
  }
  return lines;
}

}  // namespace zoned::server
