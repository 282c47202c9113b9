// The Prometheus text exposition format (0.0.4) of zoned's metrics: the query counters of
// `zoned-control stats` (never reset: Prometheus takes rates itself), the uptime, and per
// zone its served serial and, for a secondary zone, its state, last transfer and failures.
// Pure: plain data in, text out; metrics_server.h gathers the data and serves the text.
//
//   MetricsData data;  data.queries = server.query_stats();  ...
//   const std::string body = metrics_text(data);
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "server/query_stats.h"

namespace zoned::control {

// What an HTTP answer carries as Content-Type.
inline constexpr const char* kMetricsContentType = "text/plain; version=0.0.4";

// A secondary zone's state as the label zoned_zone_state{state=...} has it.
enum class SecondaryState : std::uint8_t { kOk, kRefreshing, kExpired, kWaiting };

struct ZoneMetrics {
  std::string name;  // "example.com" (zoned-control's form: no final dot)
  bool secondary = false;
  bool has_serial = false;
  std::uint32_t serial = 0;  // the served serial
  // Secondary zones only.
  SecondaryState state = SecondaryState::kWaiting;
  std::int64_t last_transfer = 0;  // wall-clock seconds of the last transfer; 0: none yet
  std::uint32_t refresh_failures = 0;
};

struct MetricsData {
  server::QueryStatsTotals queries;
  double uptime_seconds = 0;
  std::vector<ZoneMetrics> zones;  // printed in this order
  // zonestats: group names; group i's counters are queries.groups[i].
  std::vector<std::string> stat_groups;
};

// "ok", "refreshing", "expired", "waiting".
const char* secondary_state_text(SecondaryState state);
// SecondaryService's words ("waiting for the first transfer", ...) as a state.
SecondaryState secondary_state_from(std::string_view text);

// A label value escaped as the format wants: \ -> \\, " -> \", newline -> \n.
std::string escape_label_value(std::string_view value);

// Every metric family with its # HELP and # TYPE lines, then its samples; "\n" line ends.
std::string metrics_text(const MetricsData& data);

}  // namespace zoned::control
