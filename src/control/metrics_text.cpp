#include "control/metrics_text.h"

#include <algorithm>
#include <cstdio>

#include "wire/message_header.h"
#include "wire/rrtype.h"

namespace zoned::control {
namespace {

using server::Stat;

// One metric family at a time: its HELP and TYPE lines, then samples.
class Writer {
 public:
  explicit Writer(std::string& out) : out_(out) {}

  void family(const char* name, const char* type, const char* help) {
    name_ = name;
    out_ += "# HELP ";
    out_ += name;
    out_ += ' ';
    out_ += help;  // our own texts: no backslash or newline to escape
    out_ += "\n# TYPE ";
    out_ += name;
    out_ += ' ';
    out_ += type;
    out_ += '\n';
  }

  // A sample without labels.
  void sample(std::uint64_t value) { sample({}, value); }
  // `labels`: name, value, name, value, ...
  void sample(std::initializer_list<std::string_view> labels, std::uint64_t value) {
    start(labels);
    out_ += std::to_string(value);
    out_ += '\n';
  }
  void sample_real(std::initializer_list<std::string_view> labels, double value) {
    start(labels);
    char text[64];
    std::snprintf(text, sizeof text, "%.3f", value);
    out_ += text;
    out_ += '\n';
  }
  void sample_signed(std::initializer_list<std::string_view> labels, std::int64_t value) {
    start(labels);
    out_ += std::to_string(value);
    out_ += '\n';
  }

 private:
  void start(std::initializer_list<std::string_view> labels) {
    out_ += name_;
    if (labels.size() != 0) {
      out_ += '{';
      bool first = true;
      for (auto it = labels.begin(); it != labels.end() && it + 1 != labels.end(); it += 2) {
        if (!first) out_ += ',';
        first = false;
        out_ += *it;
        out_ += "=\"";
        out_ += escape_label_value(*(it + 1));
        out_ += '"';
      }
      out_ += '}';
    }
    out_ += ' ';
  }

  std::string& out_;
  const char* name_ = "";
};

// The counters that are one number each: name, help, which Stat.
struct SingleCounter {
  const char* name;
  const char* help;
  Stat stat;
};

constexpr SingleCounter kSingleCounters[] = {
    {"zoned_edns_total", "Queries with an EDNS OPT record.", Stat::kEdns},
    {"zoned_edns_errors_total", "Queries whose EDNS OPT record did not parse.", Stat::kEdnsErr},
    {"zoned_answers_without_aa_total", "NOERROR answers without the AA bit (referrals).",
     Stat::kAnswerWoAa},
    {"zoned_receive_errors_total", "Errors receiving queries.", Stat::kRxErr},
    {"zoned_send_errors_total", "Responses that could not be sent.", Stat::kTxErr},
    {"zoned_axfr_out_total", "AXFR requests served.", Stat::kRaxfr},
    {"zoned_ixfr_out_total", "IXFR requests served.", Stat::kRixfr},
    {"zoned_truncated_total", "Answers sent with the TC bit.", Stat::kTruncated},
    {"zoned_dropped_total", "Queries that got no answer.", Stat::kDropped},
    {"zoned_ratelimited_total", "Responses response rate limiting dropped or truncated.",
     Stat::kRatelimited},
};

void query_counters(Writer& w, const server::QueryStatsTotals& t) {
  w.family("zoned_queries_total", "counter", "Queries received, over UDP and TCP.");
  w.sample(t.queries());

  w.family("zoned_server_queries_total", "counter", "Queries received by each server thread.");
  for (std::size_t i = 0; i < t.server_queries.size(); ++i)
    w.sample({"server", std::to_string(i)}, t.server_queries[i]);

  w.family("zoned_queries_by_transport_total", "counter",
           "Queries received by transport and address family.");
  w.sample({"transport", "udp"}, t[Stat::kUdp]);
  w.sample({"transport", "udp6"}, t[Stat::kUdp6]);
  w.sample({"transport", "tcp"}, t[Stat::kTcp]);
  w.sample({"transport", "tcp6"}, t[Stat::kTcp6]);

  w.family("zoned_queries_by_type_total", "counter", "Queries by question type.");
  for (std::size_t i = 0; i < server::kTypeSlots; ++i) {
    if (t.types[i] == 0) continue;
    const std::string name =
        i == server::kOtherTypeSlot ? "other" : wire::type_to_text(static_cast<std::uint16_t>(i));
    w.sample({"type", name}, t.types[i]);
  }

  w.family("zoned_queries_by_class_total", "counter", "Queries by question class.");
  for (std::size_t i = 0; i < server::kClassSlots; ++i) {
    if (t.classes[i] == 0 && i != 1) continue;
    const std::string name =
        i == server::kClassSlots - 1 ? "other" : wire::class_to_text(static_cast<std::uint16_t>(i));
    w.sample({"class", name}, t.classes[i]);
  }

  w.family("zoned_queries_by_opcode_total", "counter", "Queries by opcode.");
  for (std::size_t i = 0; i < server::kOpcodeSlots; ++i) {
    if (t.opcodes[i] != 0 || i == 0) w.sample({"opcode", server::opcode_text(i)}, t.opcodes[i]);
  }

  w.family("zoned_queries_by_rcode_total", "counter", "Answers by response code.");
  for (std::size_t i = 0; i < server::kRcodeSlots; ++i) {
    if (t.rcodes[i] != 0 || i <= 5) w.sample({"rcode", server::rcode_text(i)}, t.rcodes[i]);
  }

  for (const SingleCounter& c : kSingleCounters) {
    w.family(c.name, "counter", c.help);
    w.sample(t[c.stat]);
  }
}

void zone_metrics(Writer& w, const std::vector<ZoneMetrics>& zones) {
  std::uint64_t primaries = 0;
  std::uint64_t secondaries = 0;
  for (const ZoneMetrics& z : zones)
    (z.secondary ? secondaries : primaries) += 1;
  w.family("zoned_zones", "gauge", "Zones configured, by role.");
  w.sample({"role", "primary"}, primaries);
  w.sample({"role", "secondary"}, secondaries);

  w.family("zoned_zone_serial", "gauge", "The SOA serial a zone is served with.");
  for (const ZoneMetrics& z : zones) {
    if (z.has_serial) w.sample({"zone", z.name}, z.serial);
  }

  constexpr SecondaryState kStates[] = {SecondaryState::kOk, SecondaryState::kRefreshing,
                                        SecondaryState::kExpired, SecondaryState::kWaiting};
  w.family("zoned_zone_state", "gauge",
           "A secondary zone's state: 1 for the state it is in, 0 for the others.");
  for (const ZoneMetrics& z : zones) {
    if (!z.secondary) continue;
    for (const SecondaryState s : kStates)
      w.sample({"zone", z.name, "state", secondary_state_text(s)}, s == z.state ? 1 : 0);
  }

  w.family("zoned_zone_last_transfer_timestamp_seconds", "gauge",
           "When a secondary zone last received its data, in seconds since the epoch.");
  for (const ZoneMetrics& z : zones) {
    if (z.secondary && z.last_transfer > 0) w.sample_signed({"zone", z.name}, z.last_transfer);
  }

  w.family("zoned_zone_refresh_failures", "gauge",
           "Failed refresh attempts of a secondary zone since its last success.");
  for (const ZoneMetrics& z : zones) {
    if (z.secondary) w.sample({"zone", z.name}, z.refresh_failures);
  }
}

}  // namespace

const char* secondary_state_text(SecondaryState state) {
  switch (state) {
    case SecondaryState::kOk:
      return "ok";
    case SecondaryState::kRefreshing:
      return "refreshing";
    case SecondaryState::kExpired:
      return "expired";
    case SecondaryState::kWaiting:
      return "waiting";
  }
  return "waiting";
}

SecondaryState secondary_state_from(std::string_view text) {
  if (text == "ok") return SecondaryState::kOk;
  if (text == "refreshing") return SecondaryState::kRefreshing;
  if (text == "expired") return SecondaryState::kExpired;
  return SecondaryState::kWaiting;
}

std::string escape_label_value(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '"':
        out += "\\\"";
        break;
      case '\n':
        out += "\\n";
        break;
      default:
        out += c;
    }
  }
  return out;
}

// zonestats: groups, as zoned-control stats prints them under zonestat.<group>.
void group_metrics(Writer& w, const MetricsData& data) {
  if (data.stat_groups.empty()) return;
  const std::size_t count = std::min(data.stat_groups.size(), server::kMaxStatGroups);
  w.family("zoned_zonestat_queries_total", "counter",
           "Queries of the zones in each zonestats group.");
  for (std::size_t g = 0; g < count; ++g) {
    const auto& stats = data.queries.groups[g].stats;
    w.sample({"group", data.stat_groups[g]},
             stats[static_cast<std::size_t>(server::GroupStat::kQueries)]);
  }
  w.family("zoned_zonestat_rcode_total", "counter",
           "Answers to the zones in each zonestats group, by response code.");
  for (std::size_t g = 0; g < count; ++g) {
    for (std::size_t i = 0; i < server::kRcodeSlots; ++i) {
      const std::uint64_t n = data.queries.groups[g].rcodes[i];
      if (n != 0 || i <= 5)
        w.sample({"group", data.stat_groups[g], "rcode", server::rcode_text(i)}, n);
    }
  }
}

std::string metrics_text(const MetricsData& data) {
  std::string out;
  out.reserve(4096 + data.zones.size() * 512);
  Writer w(out);
  w.family("zoned_uptime_seconds", "gauge", "Seconds since zoned started.");
  w.sample_real({}, data.uptime_seconds);
  query_counters(w, data.queries);
  group_metrics(w, data);
  zone_metrics(w, data.zones);
  return out;
}

}  // namespace zoned::control
