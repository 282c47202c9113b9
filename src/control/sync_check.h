// zoned-syncheck: is every server of a zone serving the same SOA serial? For each zone of
// the configuration the servers to ask are this server, the zone's request-xfr primaries,
// its notify: targets, its single-address provide-xfr entries, the servers given on the
// command line and (optionally) the addresses of the zone's NS names. Each is asked for the
// zone's SOA (TSIG-signed when the configuration gives a key), the serials are compared by
// RFC 1982 arithmetic with the highest one seen, and the verdict is an exit code that follows
// the Nagios conventions: 0 in sync, 1 some server behind, 2 some server unreachable or
// erroring, 3 usage or configuration error.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_model.h"
#include "transfer/peer_address.h"
#include "transfer/xfr_client.h"

namespace zoned::control {

inline constexpr int kSyncInSync = 0;
inline constexpr int kSyncBehind = 1;
inline constexpr int kSyncFailed = 2;
inline constexpr int kSyncUsage = 3;

// Why a server is asked.
enum class SyncRole : std::uint8_t { kSelf, kPrimary, kNotify, kProvideXfr, kNs, kGiven };
const char* to_string(SyncRole role);  // "self", "primary", "notify", ...

// A server given on the command line: "192.0.2.1", "192.0.2.1@5300", "2001:db8::1@53".
struct GivenServer {
  config::IpAddress address;
  std::uint16_t port = 53;
};
// Parses `text`; nullopt when it is not a numeric address with an optional @port.
std::optional<GivenServer> parse_given_server(std::string_view text);

struct SyncServer {
  SyncRole role = SyncRole::kSelf;
  config::IpAddress address;
  std::uint16_t port = 53;
  transfer::Primary endpoint;  // socket address, "addr@port" text, key, source address
};

// The address this server answers on: the first ip-address: (its @port, else port:);
// 127.0.0.1 when that is a wildcard, an interface name, or there is none.
GivenServer self_address(const config::Config& config);

// The servers to ask about `zone`, without `--ns` ones: self, request-xfr primaries (with
// their keys), notify: targets (with their keys), the given servers, then provide-xfr
// entries that are a single address (ranges, subnets and BLOCKED skipped). A provide-xfr
// entry without @port whose address is already listed is the same server (a secondary is
// normally both a notify: target and a provide-xfr entry): it is not asked again, but lends
// its key to that server when it has none. Otherwise it is asked at its @port, or 53. The
// same address and port is never listed twice.
std::vector<SyncServer> servers_for_zone(const config::Config& config, const config::Zone& zone,
                                         const std::vector<GivenServer>& given);

// Adds a server (no key) unless its address and port are listed already.
void add_server(std::vector<SyncServer>& servers, SyncRole role, const config::IpAddress& address,
                std::uint16_t port);

enum class SyncStatus : std::uint8_t { kOk, kUnreachable, kRcode, kNoSoa, kTsigError };

struct SyncResult {
  SyncServer server;
  SyncStatus status = SyncStatus::kUnreachable;
  std::uint32_t serial = 0;  // kOk
  std::string detail;        // kRcode: "REFUSED"; else the query's own words
  // Filled by judge(): how far this serial is behind the highest one (kOk only).
  std::uint32_t behind = 0;
};

// Sorts a query_soa answer into a status.
SyncResult classify(const SyncServer& server, const transfer::SoaAnswer& answer);

struct ZoneReport {
  std::string zone;  // the apex as written in the configuration
  std::vector<SyncResult> results;
  std::optional<std::uint32_t> highest;  // the highest serial any server answered
};

// Finds the highest serial (RFC 1982) and sets each result's `behind`.
void judge(ZoneReport& report);

// 2 if some server failed, else 1 if some server is behind, else 0.
int exit_code(const std::vector<ZoneReport>& reports);

// The table: zone, server, role, serial, status ("in sync", "behind by N", "unreachable",
// "REFUSED", "no SOA", "TSIG error"), one line per server, with a header line.
std::string format_table(const std::vector<ZoneReport>& reports, bool verbose);

// One line for Nagios: "SYNC OK - ...", "SYNC WARNING - ...", "SYNC CRITICAL - ...".
std::string nagios_line(const std::vector<ZoneReport>& reports);

struct SyncOptions {
  std::chrono::milliseconds timeout{2000};  // per server
  bool ns = false;                          // also ask the addresses of the zone's NS names
  std::vector<GivenServer> given;
};

// Asks every server of `zone` (in parallel) and judges the answers. With `options.ns` the
// zone's NS names and their A/AAAA are asked of this server (never the system resolver);
// `ns_error` tells when that lookup failed.
ZoneReport check_zone(const config::Config& config, const config::Zone& zone,
                      const SyncOptions& options, std::string& ns_error);

}  // namespace zoned::control
