// What an nsd.conf says, typed, for the server: the server:, remote-control: and verify:
// options, keys, tls-auths, patterns and zones. Defaults are those of Debian's NSD 4.6.1 as
// `nsd-checkconf -v` prints them, so an option left out means what it means to NSD.
//
// Options zoned does not act on yet are accepted (see option_table.h) and kept, raw, in
// Config::ignored_options.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "config/acl.h"
#include "config/diagnostics.h"
#include "config/listen_address.h"
#include "config/option_values.h"
#include "config/tsig_key.h"
#include "wire/name.h"
#include "wire/server_cookie.h"

namespace zoned::config {

// A value that remembers whether the configuration set it, as NSD's *_is_default flags: an
// include-pattern passes on only what the pattern set, and nsd-checkconf -v prints only that.
template <class T>
struct Setting {
  T value{};
  bool is_set = false;

  Setting() = default;
  explicit Setting(T default_value) : value(std::move(default_value)) {}
  void set(T v) {
    value = std::move(v);
    is_set = true;
  }
  const T& operator*() const { return value; }
  const T* operator->() const { return &value; }
};

struct ServerOptions {
  std::vector<ListenAddress> ip_addresses;  // none: the wildcard addresses
  std::uint16_t port = 53;
  bool do_ip4 = true;
  bool do_ip6 = true;
  std::uint32_t server_count = 1;
  std::uint32_t tcp_count = 100;
  std::uint32_t tcp_timeout = 120;    // seconds
  std::uint32_t tcp_query_count = 0;  // queries answered per TCP connection; 0: no limit
  // zoned's own: TCP connections one client address may hold (0: tcp-count / 2, at least
  // 1), and zone transfers out at once (BIND's transfers-out; 0: no limit).
  std::uint32_t tcp_count_per_client = 0;
  bool tcp_reject_overflow = false;  // NSD's; zoned behaves as if yes (worker.h)
  std::uint32_t transfers_out = 10;
  std::uint16_t ipv4_edns_size = 1232;
  std::uint16_t ipv6_edns_size = 1232;
  std::uint32_t send_buffer_size = 0;     // 0: the system's default
  std::uint32_t receive_buffer_size = 0;  // 0: the system's default
  bool ip_transparent = false;
  bool reuseport = false;

  std::string zonesdir = "/etc/nsd";  // "": relative paths stay relative to the cwd
  std::string database = "/var/lib/nsd/nsd.db";
  std::string xfrdfile = "/var/lib/nsd/xfrd.state";
  std::string zonelistfile = "/var/lib/nsd/zone.list";
  std::string xfrdir = "/tmp";
  std::string pidfile = "/run/nsd/nsd.pid";
  std::optional<std::string> logfile;  // none: stderr and syslog
  std::uint32_t verbosity = 0;
  std::string username = "nsd";
  // zoned drops to `username` only when the configuration names one (NSD's default "nsd"
  // would leave an unprepared machine's zone files unreadable); "" keeps the user.
  bool username_set = false;
  std::optional<std::string> chroot;

  std::optional<std::string> identity;  // none: the host name
  std::optional<std::string> version;   // none: the package version
  bool hide_version = false;
  bool log_time_ascii = true;  // "[2026-11-26 12:00:00.123]"; no: seconds since the epoch
  bool log_time_iso = false;   // ISO 8601 with milliseconds and the UTC offset
  bool hide_identity = false;
  std::optional<Nsid> nsid;
  bool refuse_any = false;
  bool minimal_responses = false;
  bool round_robin = false;

  std::uint32_t statistics = 0;  // seconds between statistics logs; 0: none
  bool zonefiles_check = true;
  std::uint32_t zonefiles_write = 0;  // NSD: 3600 when database is "" (set before it)
  std::uint32_t xfrd_reload_timeout = 1;

  std::uint64_t rrl_size = 1000000;
  std::uint32_t rrl_ratelimit = 200;  // NSD's default, printed by checkconf
  // RRL is off unless rrl-ratelimit is set (as NSD built with ratelimit-default-is-off).
  bool rrl_ratelimit_set = false;
  std::uint32_t rrl_slip = 2;
  std::uint32_t rrl_ipv4_prefix_length = 24;
  std::uint32_t rrl_ipv6_prefix_length = 64;
  std::uint32_t rrl_whitelist_ratelimit = 2000;

  bool answer_cookie = false;
  std::optional<std::string> cookie_secret;          // 32 hex digits, as written
  wire::CookieSecret cookie_secret_bytes{};          // meaningful when cookie_secret is set
  std::optional<std::string> cookie_staging_secret;  // verifies cookies, makes none
  wire::CookieSecret cookie_staging_secret_bytes{};
  std::string cookie_secret_file = "/etc/nsd/nsd_cookiesecrets.txt";

  // NSD 4.12's metrics (Prometheus) endpoint.
  bool metrics_enable = false;
  std::vector<ListenAddress> metrics_interface;
  std::uint16_t metrics_port = 9100;
  std::string metrics_path = "/metrics";
  bool metrics_configured = false;  // some metrics-* option was given
};

struct RemoteControlOptions {
  bool control_enable = true;                    // Debian's NSD enables it by default
  std::vector<ListenAddress> control_interface;  // none: 127.0.0.1 and ::1
  std::uint16_t control_port = 8952;
  std::string server_key_file = "/etc/nsd/nsd_server.key";
  std::string server_cert_file = "/etc/nsd/nsd_server.pem";
  std::string control_key_file = "/etc/nsd/nsd_control.key";
  std::string control_cert_file = "/etc/nsd/nsd_control.pem";
};

// The verify: clause: zone verification before a transferred zone is served.
struct VerifyOptions {
  bool enable = false;
  std::vector<ListenAddress> ip_addresses;  // none: 127.0.0.1 and ::1
  std::uint16_t port = 5347;
  bool verify_zones = true;
  std::optional<std::vector<std::string>> verifier;  // the command and its arguments
  std::uint32_t verifier_count = 1;
  bool verifier_feed_zone = true;
  std::uint32_t verifier_timeout = 0;  // seconds; 0: no limit
};

// Credentials for XFR-over-TLS to a primary (request-xfr's third value).
struct TlsAuth {
  std::string name;
  std::optional<std::string> auth_domain_name;
  std::optional<std::string> client_cert;
  std::optional<std::string> client_key;
  std::optional<std::string> client_key_pw;
  SourceLocation where;
};

// The options a pattern: or zone: can hold. Lists accumulate (a pattern's entries are
// appended where it is included); single values are overwritten by whatever comes later.
struct ZoneSettings {
  Setting<std::string> zonefile;   // unset: the zone is not read from or written to a file
  Setting<std::string> zonestats;  // statistics group, "%s" style substitutions allowed
  std::vector<AclEntry> allow_notify;
  std::vector<AclEntry> request_xfr;
  std::vector<AclEntry> notify;
  std::vector<AclEntry> provide_xfr;
  std::vector<AclEntry> allow_query;  // empty: anyone may query
  std::vector<AclEntry> outgoing_interface;
  Setting<bool> allow_axfr_fallback{true};
  Setting<std::uint32_t> notify_retry{5};
  Setting<std::uint32_t> max_refresh_time{2419200};
  Setting<std::uint32_t> min_refresh_time{0};
  Setting<std::uint32_t> max_retry_time{1209600};
  Setting<std::uint32_t> min_retry_time{0};
  Setting<MinExpireTime> min_expire_time;
  Setting<std::uint64_t> size_limit_xfr{0};  // octets; 0: no limit
  Setting<std::uint64_t> max_records{0};     // records of the zone (BIND's); 0: no limit
  std::uint16_t rrl_whitelist = 0;           // RRL classes (option_values.h), accumulated
  Setting<bool> multi_primary_check{false};
  Setting<bool> store_ixfr{false};
  Setting<std::uint32_t> ixfr_number{5};
  Setting<std::uint64_t> ixfr_size{1048576};
  Setting<bool> create_ixfr{false};
  // Unset verify settings take the verify: clause's values.
  Setting<bool> verify_zone;
  Setting<std::vector<std::string>> verifier;
  Setting<bool> verifier_feed_zone;
  Setting<std::uint32_t> verifier_timeout;
};

struct Pattern {
  std::string name;  // case sensitive, as in NSD
  ZoneSettings settings;
  SourceLocation where;
};

struct Zone {
  std::string name;                            // as written: the %s of zonefile substitutions
  wire::Name apex;                             // zones are told apart by this, case-insensitively
  ZoneSettings settings;                       // with every include-pattern already applied
  std::vector<std::string> included_patterns;  // in order, for messages and printing
  SourceLocation where;

  // A zone with request-xfr entries is a secondary: it is transferred in.
  bool is_secondary() const { return !settings.request_xfr.empty(); }
};

enum class Section : std::uint8_t {
  kNone,
  kServer,
  kRemoteControl,
  kVerify,
  kDnstap,
  kKey,
  kTlsAuth,
  kPattern,
  kZone
};
std::string_view to_string(Section section);  // "server", "remote-control", ...

// An option zoned accepts but does not act on yet, as written.
struct IgnoredOption {
  Section section = Section::kNone;
  std::string name;
  std::vector<std::string> values;
  SourceLocation where;
};

struct Config {
  std::string path;  // the main file
  ServerOptions server;
  RemoteControlOptions remote_control;
  VerifyOptions verify;
  std::vector<TsigKey> keys;       // in the order of the file
  std::vector<TlsAuth> tls_auths;  // in the order of the file
  std::vector<Pattern> patterns;   // in the order of the file
  std::vector<Zone> zones;         // in the order of the file
  std::vector<IgnoredOption> ignored_options;
  // Where each option of the server:, remote-control:, verify: and dnstap: clauses was last
  // set, keyed "section:name", so later checks can point at the line.
  std::unordered_map<std::string, SourceLocation> option_locations;

  const TsigKey* find_key(std::string_view name) const;
  const TlsAuth* find_tls_auth(std::string_view name) const;
  const Pattern* find_pattern(std::string_view name) const;
  const Zone* find_zone(wire::NameView apex) const;
  // The last value given to an ignored option of `section`, if any.
  const IgnoredOption* find_ignored(Section section, std::string_view name) const;
  // Where option `name` of `section` was last set; nullptr when it was not.
  const SourceLocation* location_of(Section section, std::string_view name) const;
};

}  // namespace zoned::config
