#include "config/option_table.h"

#include <strings.h>

#include "config/clause_options.h"
#include "config/cookie_secret_file.h"
#include "config/option_context.h"

namespace zoned::config {

namespace {

constexpr SectionMask kServer = section_bit(Section::kServer);
constexpr SectionMask kRemote = section_bit(Section::kRemoteControl);
constexpr SectionMask kVerify = section_bit(Section::kVerify);
constexpr SectionMask kDnstap = section_bit(Section::kDnstap);
constexpr SectionMask kKey = section_bit(Section::kKey);
constexpr SectionMask kTls = section_bit(Section::kTlsAuth);
constexpr SectionMask kPattern = section_bit(Section::kPattern);
constexpr SectionMask kZone = section_bit(Section::kZone);
constexpr SectionMask kZoneOrPattern = kPattern | kZone;

constexpr Support kYes = Support::kImplemented;
constexpr Support kNo = Support::kIgnored;

using V = ValueKind;
using C = OptionContext;

// Handlers with more than one line.

void apply_database(C& c) {
  c.set_string(c.server().database);
  // NSD: without a database, changed secondary zones are written out hourly by default;
  // a zonefiles-write given before database: "" is overwritten as NSD does.
  if (c.server().database.empty() && c.server().zonefiles_write == 0) {
    c.server().zonefiles_write = 3600;
  }
}

// CHAOS TXT answers carry at most 255 octets (NSD checks the same).
void apply_chaos_text(C& c, std::optional<std::string>& target) {
  if (c.text().size() > 255) {
    c.error(std::string(c.option_name()) + " is longer than 255 characters (" +
            std::to_string(c.text().size()) + ")");
    return;
  }
  target = c.text();
}

void apply_nsid(C& c) {
  Nsid nsid;
  std::string problem = parse_nsid(c.text(), nsid);
  if (!problem.empty()) {
    c.error("nsid: " + problem);
    return;
  }
  c.server().nsid = std::move(nsid);
}

// The secret itself never goes into a message: error output reaches logs and terminals.
bool decode_cookie_secret(C& c, const char* option, wire::CookieSecret& secret) {
  if (parse_cookie_secret(c.text(), secret)) return true;
  const std::string got = c.text().size() == 32 ? std::string("a character that is not a hex digit")
                                                : std::to_string(c.text().size()) + " characters";
  c.error(std::string(option) + " must be 32 hex digits (128 bits), got " + got);
  return false;
}

void apply_cookie_secret(C& c) {
  if (!decode_cookie_secret(c, "cookie-secret", c.server().cookie_secret_bytes)) return;
  c.server().cookie_secret = c.text();
}

void apply_cookie_staging_secret(C& c) {
  if (!decode_cookie_secret(c, "cookie-staging-secret", c.server().cookie_staging_secret_bytes))
    return;
  c.server().cookie_staging_secret = c.text();
}

// ip4-only: yes and ip6-only: yes are NSD's older spelling of do-ip4/do-ip6.
void apply_ip4_only(C& c) {
  if (c.boolean().value_or(false)) {
    c.server().do_ip4 = true;
    c.server().do_ip6 = false;
  }
}

void apply_ip6_only(C& c) {
  if (c.boolean().value_or(false)) {
    c.server().do_ip4 = false;
    c.server().do_ip6 = true;
  }
}

void apply_min_expire_time(C& c) {
  std::optional<MinExpireTime> value = parse_min_expire_time(c.text());
  if (!value) {
    c.error("expected seconds or refresh+retry+1 for min-expire-time, got '" + c.text() + "'");
    return;
  }
  c.settings().min_expire_time.set(*value);
}

void apply_rrl_whitelist(C& c) {
  std::uint16_t type = parse_rrl_type(c.text());
  if (type == 0) {
    // NSD ignores unknown classes without a word; a typo deserves one.
    c.warning("rrl-whitelist: unknown RRL class '" + c.text() + "' ignored");
    return;
  }
  c.settings().rrl_whitelist |= type;
}

void apply_metrics_interface(C& c) {
  c.server().metrics_configured = true;
  c.add_listen_address(c.server().metrics_interface, false, false);
}

constexpr OptionSpec kOptions[] = {
    // ---- server: what zoned implements ----
    {"ip-address", kServer, V::kListenAddress, kYes,
     [](C& c) { c.add_listen_address(c.server().ip_addresses, false, true); }},
    {"interface", kServer, V::kListenAddress, kYes,
     [](C& c) { c.add_listen_address(c.server().ip_addresses, false, true); }},
    {"port", kServer, V::kNumber, kYes, [](C& c) { c.set_port(c.server().port); }},
    {"do-ip4", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().do_ip4); }},
    {"do-ip6", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().do_ip6); }},
    {"ip4-only", kServer, V::kBool, kYes, apply_ip4_only},
    {"ip6-only", kServer, V::kBool, kYes, apply_ip6_only},
    {"server-count", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().server_count, 1, 65535); }},
    {"tcp-count", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().tcp_count, 1, 1000000); }},
    {"tcp-timeout", kServer, V::kNumber, kYes, [](C& c) { c.set_number(c.server().tcp_timeout); }},
    // zoned never leaves a connection in the listen backlog (a full worker evicts or
    // refuses at once), which is what this asks for: accepted as it is.
    {"tcp-reject-overflow", kServer, V::kBool, kYes,
     [](C& c) { c.set_bool(c.server().tcp_reject_overflow); }},
    {"tcp-count-per-client", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().tcp_count_per_client, 0, 1000000); }},
    {"transfers-out", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().transfers_out, 0, 100000); }},
    {"tcp-query-count", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().tcp_query_count); }},
    {"ipv4-edns-size", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().ipv4_edns_size); }},
    {"ipv6-edns-size", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().ipv6_edns_size); }},
    {"send-buffer-size", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().send_buffer_size); }},
    {"receive-buffer-size", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().receive_buffer_size); }},
    {"ip-transparent", kServer, V::kBool, kYes,
     [](C& c) { c.set_bool(c.server().ip_transparent); }},
    {"reuseport", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().reuseport); }},
    {"zonesdir", kServer, V::kString, kYes, [](C& c) { c.set_string(c.server().zonesdir); }},
    {"database", kServer, V::kString, kYes, apply_database},
    {"xfrdfile", kServer, V::kString, kYes, [](C& c) { c.set_string(c.server().xfrdfile); }},
    {"zonelistfile", kServer, V::kString, kYes,
     [](C& c) { c.set_string(c.server().zonelistfile); }},
    {"xfrdir", kServer, V::kString, kYes, [](C& c) { c.set_string(c.server().xfrdir); }},
    {"pidfile", kServer, V::kString, kYes, [](C& c) { c.set_string(c.server().pidfile); }},
    {"logfile", kServer, V::kString, kYes, [](C& c) { c.set_string(c.server().logfile); }},
    {"verbosity", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().verbosity, 0, 100); }},
    {"username", kServer, V::kString, kYes,
     [](C& c) {
       c.set_string(c.server().username);
       c.server().username_set = true;
     }},
    {"chroot", kServer, V::kString, kYes, [](C& c) { c.set_string(c.server().chroot); }},
    {"identity", kServer, V::kString, kYes, [](C& c) { apply_chaos_text(c, c.server().identity); }},
    {"version", kServer, V::kString, kYes, [](C& c) { apply_chaos_text(c, c.server().version); }},
    {"hide-version", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().hide_version); }},
    {"log-time-ascii", kServer, V::kBool, kYes,
     [](C& c) { c.set_bool(c.server().log_time_ascii); }},
    {"log-time-iso", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().log_time_iso); }},
    {"hide-identity", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().hide_identity); }},
    {"nsid", kServer, V::kString, kYes, apply_nsid},
    {"refuse-any", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().refuse_any); }},
    {"minimal-responses", kServer, V::kBool, kYes,
     [](C& c) { c.set_bool(c.server().minimal_responses); }},
    {"round-robin", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().round_robin); }},
    {"statistics", kServer, V::kNumber, kYes, [](C& c) { c.set_number(c.server().statistics); }},
    {"zonefiles-check", kServer, V::kBool, kYes,
     [](C& c) { c.set_bool(c.server().zonefiles_check); }},
    {"zonefiles-write", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().zonefiles_write); }},
    {"xfrd-reload-timeout", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().xfrd_reload_timeout); }},
    {"rrl-size", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().rrl_size, 1, UINT32_MAX); }},
    {"rrl-ratelimit", kServer, V::kNumber, kYes,
     [](C& c) {
       c.set_number(c.server().rrl_ratelimit);
       c.server().rrl_ratelimit_set = true;
     }},
    {"rrl-slip", kServer, V::kNumber, kYes, [](C& c) { c.set_number(c.server().rrl_slip); }},
    {"rrl-ipv4-prefix-length", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().rrl_ipv4_prefix_length, 0, 32); }},
    {"rrl-ipv6-prefix-length", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().rrl_ipv6_prefix_length, 0, 64); }},
    {"rrl-whitelist-ratelimit", kServer, V::kNumber, kYes,
     [](C& c) { c.set_number(c.server().rrl_whitelist_ratelimit); }},
    {"answer-cookie", kServer, V::kBool, kYes, [](C& c) { c.set_bool(c.server().answer_cookie); }},
    {"cookie-secret", kServer, V::kString, kYes, apply_cookie_secret},
    {"cookie-staging-secret", kServer, V::kString, kYes, apply_cookie_staging_secret},
    {"cookie-secret-file", kServer, V::kString, kYes,
     [](C& c) { c.set_string(c.server().cookie_secret_file); }},
    {"metrics-enable", kServer, V::kBool, kYes,
     [](C& c) {
       c.server().metrics_configured = true;
       c.set_bool(c.server().metrics_enable);
     }},
    {"metrics-interface", kServer, V::kString, kYes, apply_metrics_interface},
    {"metrics-port", kServer, V::kNumber, kYes,
     [](C& c) {
       c.server().metrics_configured = true;
       c.set_port(c.server().metrics_port);
     }},
    {"metrics-path", kServer, V::kString, kYes,
     [](C& c) {
       c.server().metrics_configured = true;
       c.set_string(c.server().metrics_path);
     }},

    // ---- server: accepted, not implemented yet ----
    {"debug-mode", kServer, V::kBool, kNo, nullptr},
    {"ip-freebind", kServer, V::kBool, kNo, nullptr},
    {"use-systemd", kServer, V::kBool, kNo, nullptr},  // deprecated and ignored by NSD too
    {"drop-updates", kServer, V::kBool, kNo, nullptr},
    {"log-only-syslog", kServer, V::kBool, kNo, nullptr},
    {"confine-to-zone", kServer, V::kBool, kNo, nullptr},
    {"tcp-mss", kServer, V::kNumber, kNo, nullptr},
    {"outgoing-tcp-mss", kServer, V::kNumber, kNo, nullptr},
    {"xfrd-tcp-max", kServer, V::kNumber, kNo, nullptr},
    {"xfrd-tcp-pipeline", kServer, V::kNumber, kNo, nullptr},
    {"difffile", kServer, V::kString, kNo, nullptr},  // NSD 3 leftover, ignored by NSD too
    {"cpu-affinity", kServer, V::kNumbers, kNo, nullptr},
    {"xfrd-cpu-affinity", kServer, V::kNumber, kNo, nullptr},
    {"server-N-cpu-affinity", kServer, V::kNumber, kNo, nullptr},
    {"tls-service-key", kServer, V::kString, kNo, nullptr},
    {"tls-service-pem", kServer, V::kString, kNo, nullptr},
    {"tls-service-ocsp", kServer, V::kString, kNo, nullptr},
    {"tls-port", kServer, V::kNumber, kNo, nullptr},
    {"tls-cert-bundle", kServer, V::kString, kNo, nullptr},
    {"tls-auth-port", kServer, V::kNumber, kNo, nullptr},
    {"tls-auth-xfr-only", kServer, V::kBool, kNo, nullptr},
    {"reload-config", kServer, V::kBool, kNo, nullptr},
    {"proxy-protocol-port", kServer, V::kNumber, kNo, nullptr},
    {"xdp-interface", kServer, V::kString, kNo, nullptr},
    {"xdp-program-path", kServer, V::kString, kNo, nullptr},
    {"xdp-program-load", kServer, V::kBool, kNo, nullptr},
    {"xdp-bpffs-path", kServer, V::kString, kNo, nullptr},
    {"xdp-force-copy", kServer, V::kBool, kNo, nullptr},

    // ---- dnstap: (nothing implemented yet) ----
    {"dnstap-enable", kDnstap, V::kBool, kNo, nullptr},
    {"dnstap-socket-path", kDnstap, V::kString, kNo, nullptr},
    {"dnstap-ip", kDnstap, V::kString, kNo, nullptr},
    {"dnstap-tls", kDnstap, V::kBool, kNo, nullptr},
    {"dnstap-tls-server-name", kDnstap, V::kString, kNo, nullptr},
    {"dnstap-tls-cert-bundle", kDnstap, V::kString, kNo, nullptr},
    {"dnstap-tls-client-key-file", kDnstap, V::kString, kNo, nullptr},
    {"dnstap-tls-client-cert-file", kDnstap, V::kString, kNo, nullptr},
    {"dnstap-send-identity", kDnstap, V::kBool, kNo, nullptr},
    {"dnstap-send-version", kDnstap, V::kBool, kNo, nullptr},
    {"dnstap-identity", kDnstap, V::kString, kNo, nullptr},
    {"dnstap-version", kDnstap, V::kString, kNo, nullptr},
    {"dnstap-log-auth-query-messages", kDnstap, V::kBool, kNo, nullptr},
    {"dnstap-log-auth-response-messages", kDnstap, V::kBool, kNo, nullptr},

    // ---- remote-control: ----
    {"control-enable", kRemote, V::kBool, kYes,
     [](C& c) { c.set_bool(c.remote_control().control_enable); }},
    {"control-interface", kRemote, V::kString, kYes,
     [](C& c) { c.add_listen_address(c.remote_control().control_interface, true, false); }},
    {"control-port", kRemote, V::kNumber, kYes,
     [](C& c) { c.set_port(c.remote_control().control_port); }},
    {"server-key-file", kRemote, V::kString, kYes,
     [](C& c) { c.set_string(c.remote_control().server_key_file); }},
    {"server-cert-file", kRemote, V::kString, kYes,
     [](C& c) { c.set_string(c.remote_control().server_cert_file); }},
    {"control-key-file", kRemote, V::kString, kYes,
     [](C& c) { c.set_string(c.remote_control().control_key_file); }},
    {"control-cert-file", kRemote, V::kString, kYes,
     [](C& c) { c.set_string(c.remote_control().control_cert_file); }},

    // ---- verify: ----
    {"enable", kVerify, V::kBool, kYes, [](C& c) { c.set_bool(c.verify().enable); }},
    {"ip-address", kVerify, V::kString, kYes,
     [](C& c) { c.add_listen_address(c.verify().ip_addresses, false, false); }},
    {"interface", kVerify, V::kString, kYes,
     [](C& c) { c.add_listen_address(c.verify().ip_addresses, false, false); }},
    {"port", kVerify, V::kNumber, kYes, [](C& c) { c.set_port(c.verify().port); }},
    {"verify-zones", kVerify, V::kBool, kYes, [](C& c) { c.set_bool(c.verify().verify_zones); }},
    {"verifier", kVerify, V::kStrings, kYes, [](C& c) { c.set_strings(c.verify().verifier); }},
    {"verifier-count", kVerify, V::kNumber, kYes,
     [](C& c) { c.set_number(c.verify().verifier_count, 1, 65535); }},
    {"verifier-feed-zone", kVerify, V::kBool, kYes,
     [](C& c) { c.set_bool(c.verify().verifier_feed_zone); }},
    {"verifier-timeout", kVerify, V::kNumber, kYes,
     [](C& c) { c.set_number(c.verify().verifier_timeout); }},

    // ---- key: ----
    {"name", kKey, V::kString, kYes, apply_key_name},
    {"algorithm", kKey, V::kString, kYes, apply_key_algorithm},
    {"secret", kKey, V::kString, kYes, apply_key_secret},

    // ---- tls-auth: the name is implemented (request-xfr refers to it), XoT is not ----
    {"name", kTls, V::kString, kYes, apply_tls_auth_name},
    {"auth-domain-name", kTls, V::kString, kNo,
     [](C& c) { c.set_string(c.block().tls_auth.auth_domain_name); }},
    {"client-cert", kTls, V::kString, kNo,
     [](C& c) { c.set_string(c.block().tls_auth.client_cert); }},
    {"client-key", kTls, V::kString, kNo,
     [](C& c) { c.set_string(c.block().tls_auth.client_key); }},
    {"client-key-pw", kTls, V::kString, kNo,
     [](C& c) { c.set_string(c.block().tls_auth.client_key_pw); }},

    // ---- pattern: and zone: ----
    {"name", kPattern, V::kString, kYes, apply_pattern_name},
    {"name", kZone, V::kString, kYes, apply_zone_name},
    {"include-pattern", kZoneOrPattern, V::kString, kYes, apply_include_pattern},
    {"zonefile", kZoneOrPattern, V::kString, kYes,
     [](C& c) { c.set_string(c.settings().zonefile); }},
    {"zonestats", kZoneOrPattern, V::kString, kYes,
     [](C& c) { c.set_string(c.settings().zonestats); }},
    {"allow-notify", kZoneOrPattern, V::kAcl, kYes,
     [](C& c) { c.add_acl(c.settings().allow_notify, AclUse::kAllowNotify); }},
    {"request-xfr", kZoneOrPattern, V::kRequestXfr, kYes,
     [](C& c) { c.add_request_xfr(c.settings().request_xfr); }},
    {"notify", kZoneOrPattern, V::kAcl, kYes,
     [](C& c) { c.add_acl(c.settings().notify, AclUse::kNotify); }},
    {"provide-xfr", kZoneOrPattern, V::kAcl, kYes,
     [](C& c) { c.add_acl(c.settings().provide_xfr, AclUse::kProvideXfr); }},
    {"allow-query", kZoneOrPattern, V::kAcl, kYes,
     [](C& c) { c.add_acl(c.settings().allow_query, AclUse::kAllowQuery); }},
    {"outgoing-interface", kZoneOrPattern, V::kString, kYes,
     [](C& c) { c.add_outgoing_interface(c.settings().outgoing_interface); }},
    {"allow-axfr-fallback", kZoneOrPattern, V::kBool, kYes,
     [](C& c) { c.set_bool(c.settings().allow_axfr_fallback); }},
    {"notify-retry", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().notify_retry); }},
    {"max-refresh-time", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().max_refresh_time); }},
    {"min-refresh-time", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().min_refresh_time); }},
    {"max-retry-time", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().max_retry_time); }},
    {"min-retry-time", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().min_retry_time); }},
    {"min-expire-time", kZoneOrPattern, V::kString, kYes, apply_min_expire_time},
    {"size-limit-xfr", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().size_limit_xfr); }},
    // zoned's own (BIND's name): a bound on what a primary or a zone file can make us hold.
    {"max-records", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().max_records); }},
    {"multi-master-check", kZoneOrPattern, V::kBool, kYes,
     [](C& c) { c.set_bool(c.settings().multi_primary_check); }},
    {"multi-primary-check", kZoneOrPattern, V::kBool, kYes,
     [](C& c) { c.set_bool(c.settings().multi_primary_check); }},
    {"store-ixfr", kZoneOrPattern, V::kBool, kYes,
     [](C& c) { c.set_bool(c.settings().store_ixfr); }},
    {"ixfr-number", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().ixfr_number); }},
    {"ixfr-size", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().ixfr_size); }},
    {"create-ixfr", kZoneOrPattern, V::kBool, kYes,
     [](C& c) { c.set_bool(c.settings().create_ixfr); }},
    {"rrl-whitelist", kZoneOrPattern, V::kString, kYes, apply_rrl_whitelist},
    {"verify-zone", kZoneOrPattern, V::kBool, kYes,
     [](C& c) { c.set_bool(c.settings().verify_zone); }},
    {"verifier", kZoneOrPattern, V::kStrings, kYes,
     [](C& c) { c.set_strings(c.settings().verifier); }},
    {"verifier-feed-zone", kZoneOrPattern, V::kBool, kYes,
     [](C& c) { c.set_bool(c.settings().verifier_feed_zone); }},
    {"verifier-timeout", kZoneOrPattern, V::kNumber, kYes,
     [](C& c) { c.set_number(c.settings().verifier_timeout); }},
    {"catalog", kZoneOrPattern, V::kString, kNo, nullptr},
    {"catalog-member-pattern", kZoneOrPattern, V::kString, kNo, nullptr},
    {"catalog-producer-zone", kZoneOrPattern, V::kString, kNo, nullptr},
    {"catalog-group-pattern", kZoneOrPattern, V::kString, kNo, nullptr},
};

struct SectionKeyword {
  std::string_view name;
  Section section;
};

constexpr SectionKeyword kSectionKeywords[] = {
    {"server", Section::kServer},   {"remote-control", Section::kRemoteControl},
    {"verify", Section::kVerify},   {"dnstap", Section::kDnstap},
    {"key", Section::kKey},         {"tls-auth", Section::kTlsAuth},
    {"pattern", Section::kPattern}, {"zone", Section::kZone},
};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// "server-<N>-cpu-affinity" with N >= 1, as NSD's lexer matches it.
bool is_server_cpu_affinity(std::string_view name) {
  constexpr std::string_view kPrefix = "server-";
  constexpr std::string_view kSuffix = "-cpu-affinity";
  if (name.size() <= kPrefix.size() + kSuffix.size()) return false;
  if (!equals_ignoring_case(name.substr(0, kPrefix.size()), kPrefix)) return false;
  if (!equals_ignoring_case(name.substr(name.size() - kSuffix.size()), kSuffix)) return false;
  std::string_view number =
      name.substr(kPrefix.size(), name.size() - kPrefix.size() - kSuffix.size());
  if (number[0] < '1' || number[0] > '9') return false;
  for (char c : number) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool matches(const OptionSpec& spec, std::string_view name) {
  if (spec.name == "server-N-cpu-affinity") return is_server_cpu_affinity(name);
  return equals_ignoring_case(spec.name, name);
}

}  // namespace

const OptionSpec* find_option(Section section, std::string_view name) {
  for (const OptionSpec& spec : kOptions) {
    if ((spec.sections & section_bit(section)) != 0 && matches(spec, name)) {
      return &spec;
    }
  }
  return nullptr;
}

SectionMask sections_of(std::string_view name) {
  SectionMask sections = 0;
  for (const OptionSpec& spec : kOptions) {
    if (matches(spec, name)) sections |= spec.sections;
  }
  return sections;
}

bool is_option_name(std::string_view name) {
  return sections_of(name) != 0;
}

std::optional<Section> find_section_keyword(std::string_view name) {
  for (const SectionKeyword& keyword : kSectionKeywords) {
    if (equals_ignoring_case(keyword.name, name)) return keyword.section;
  }
  return std::nullopt;
}

std::span<const OptionSpec> all_options() {
  return kOptions;
}

}  // namespace zoned::config
