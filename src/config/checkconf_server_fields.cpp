#include "config/checkconf_server_fields.h"

#include <algorithm>

#include "config/checkconf_format.h"

namespace zoned::config {

namespace {

constexpr Section kServer = Section::kServer;
constexpr Section kDnstap = Section::kDnstap;
constexpr Section kRemote = Section::kRemoteControl;
using K = FieldKind;
using C = const Config&;

FieldValue yes_no(bool value) {
  return {value ? "yes" : "no", {}};
}
FieldValue integer(std::uint64_t value) {
  return {std::to_string(value), {}};
}
FieldValue text(std::optional<std::string> value) {
  return {std::move(value), {}};
}

FieldValue addresses(const std::vector<ListenAddress>& list) {
  FieldValue value;
  for (const ListenAddress& address : list)
    value.list.push_back(address.text);
  return value;
}

// Options zoned ignores: the value the file gave last, else NSD's default.
const std::string* ignored_value(C c, Section clause, std::string_view name) {
  const IgnoredOption* option = c.find_ignored(clause, name);
  return option == nullptr || option->values.empty() ? nullptr : &option->values.front();
}

FieldValue ignored_bool(C c, Section clause, std::string_view name, bool fallback) {
  const std::string* value = ignored_value(c, clause, name);
  return yes_no(value == nullptr ? fallback : *value == "yes");
}

FieldValue ignored_number(C c, Section clause, std::string_view name, std::uint64_t fallback) {
  const std::string* value = ignored_value(c, clause, name);
  return integer(value == nullptr ? fallback : parse_decimal(*value).value_or(fallback));
}

FieldValue ignored_text(C c, Section clause, std::string_view name,
                        std::optional<std::string> fallback = std::nullopt) {
  const std::string* value = ignored_value(c, clause, name);
  return text(value == nullptr ? std::move(fallback) : std::optional<std::string>(*value));
}

std::optional<std::string> nsid_text(C c) {
  if (!c.server.nsid) return std::nullopt;
  return c.server.nsid->text;
}

// ---- rows -v prints its own way ----

void print_ip_addresses(C c, std::string& out) {
  for (const ListenAddress& address : c.server.ip_addresses) {
    append_all(out, {"\tip-address: ", address.text});
    if (!address.servers.empty()) {
      out += " servers=\"";
      for (std::size_t i = 0; i < address.servers.size(); ++i) {
        const ServerRange& range = address.servers[i];
        if (i > 0) out += ' ';
        out += std::to_string(range.first);
        if (range.last != range.first) append_all(out, {"-", std::to_string(range.last)});
      }
      out += '"';
    }
    if (address.setfib) append_all(out, {" setfib=", std::to_string(*address.setfib)});
    out += '\n';
  }
}

void append_words(std::string& out, const std::string& text) {
  std::size_t start = 0;
  while ((start = text.find_first_not_of(" \t", start)) != std::string::npos) {
    std::size_t end = text.find_first_of(" \t", start);
    out += ' ';
    out += text.substr(start, end - start);
    start = end;
  }
}

// cpu-affinity, then (only when it is set, as NSD) the per-process affinities in the order
// they were first given.
void print_cpu_affinity(C c, std::string& out) {
  const IgnoredOption* cpus = c.find_ignored(kServer, "cpu-affinity");
  if (cpus == nullptr) return;
  out += "\tcpu-affinity:";
  for (const std::string& value : cpus->values)
    append_words(out, value);
  out += '\n';
  std::vector<std::string> printed;
  for (const IgnoredOption& option : c.ignored_options) {
    bool per_process = option.name == "xfrd-cpu-affinity" ||
                       (option.name.starts_with("server-") && option.name != "server-count");
    if (option.section != kServer || !per_process) continue;
    if (std::find(printed.begin(), printed.end(), option.name) != printed.end()) continue;
    printed.push_back(option.name);
    const IgnoredOption* last = c.find_ignored(kServer, option.name);
    append_setting(out, option.name, last->values.front());
  }
}

void print_cookie_secret(C c, std::string& out) {
  if (c.server.cookie_secret) append_string_var(out, "cookie-secret:", c.server.cookie_secret);
}

void print_cookie_staging_secret(C c, std::string& out) {
  if (c.server.cookie_staging_secret)
    append_string_var(out, "cookie-staging-secret:", c.server.cookie_staging_secret);
}

void print_control_interfaces(C c, std::string& out) {
  for (const ListenAddress& address : c.remote_control.control_interface) {
    append_string_var(out, "control-interface:", address.text);
  }
}

// NSD 4.12's metrics lines, printed only when the configuration uses metrics, so that -v of
// a configuration NSD 4.6 reads stays the same as its.
void print_metrics(C c, std::string& out) {
  if (!c.server.metrics_configured) return;
  append_setting(out, "metrics-enable", c.server.metrics_enable ? "yes" : "no");
  for (const ListenAddress& address : c.server.metrics_interface) {
    append_string_var(out, "metrics-interface:", address.text);
  }
  append_setting(out, "metrics-port", std::to_string(c.server.metrics_port));
  append_string_var(out, "metrics-path:", c.server.metrics_path);
}

// In the order of NSD 4.6's config_test_print_server().
constexpr ServerField kFields[] = {
    {"debug-mode", kServer, K::kBool,
     [](C c) { return ignored_bool(c, kServer, "debug-mode", false); }},
    {"ip-transparent", kServer, K::kBool, [](C c) { return yes_no(c.server.ip_transparent); }},
    {"ip-freebind", kServer, K::kBool,
     [](C c) { return ignored_bool(c, kServer, "ip-freebind", false); }},
    {"reuseport", kServer, K::kBool, [](C c) { return yes_no(c.server.reuseport); }},
    {"do-ip4", kServer, K::kBool, [](C c) { return yes_no(c.server.do_ip4); }},
    {"do-ip6", kServer, K::kBool, [](C c) { return yes_no(c.server.do_ip6); }},
    {"send-buffer-size", kServer, K::kInt, [](C c) { return integer(c.server.send_buffer_size); }},
    {"receive-buffer-size", kServer, K::kInt,
     [](C c) { return integer(c.server.receive_buffer_size); }},
    {"hide-version", kServer, K::kBool, [](C c) { return yes_no(c.server.hide_version); }},
    {"hide-identity", kServer, K::kBool, [](C c) { return yes_no(c.server.hide_identity); }},
    {"drop-updates", kServer, K::kBool,
     [](C c) { return ignored_bool(c, kServer, "drop-updates", false); }},
    {"tcp-reject-overflow", kServer, K::kBool,
     [](C c) { return yes_no(c.server.tcp_reject_overflow); }},
    {"database", kServer, K::kPath, [](C c) { return text(c.server.database); }},
    {"identity", kServer, K::kString, [](C c) { return text(c.server.identity); }},
    {"version", kServer, K::kString, [](C c) { return text(c.server.version); }},
    {"nsid", kServer, K::kString, [](C c) { return text(nsid_text(c)); }},
    {"logfile", kServer, K::kPath, [](C c) { return text(c.server.logfile); }},
    {"log-only-syslog", kServer, K::kBool,
     [](C c) { return ignored_bool(c, kServer, "log-only-syslog", false); }},
    {"server-count", kServer, K::kInt, [](C c) { return integer(c.server.server_count); }},
    {"cpu-affinity", kServer, K::kString, [](C) { return FieldValue{}; }, false, print_cpu_affinity,
     false},
    {"tcp-count", kServer, K::kInt, [](C c) { return integer(c.server.tcp_count); }},
    {"tcp-query-count", kServer, K::kInt, [](C c) { return integer(c.server.tcp_query_count); }},
    {"tcp-timeout", kServer, K::kInt, [](C c) { return integer(c.server.tcp_timeout); }},
    // zoned's own limits: -o knows them, -v leaves them out (its output stays NSD's).
    {"tcp-count-per-client", kServer, K::kInt,
     [](C c) { return integer(c.server.tcp_count_per_client); }, true, nullptr, true},
    {"transfers-out", kServer, K::kInt, [](C c) { return integer(c.server.transfers_out); }, true,
     nullptr, true},
    {"tcp-mss", kServer, K::kInt, [](C c) { return ignored_number(c, kServer, "tcp-mss", 0); }},
    {"outgoing-tcp-mss", kServer, K::kInt,
     [](C c) { return ignored_number(c, kServer, "outgoing-tcp-mss", 0); }},
    {"xfrd-tcp-max", kServer, K::kInt,
     [](C c) { return ignored_number(c, kServer, "xfrd-tcp-max", 128); }},
    {"xfrd-tcp-pipeline", kServer, K::kInt,
     [](C c) { return ignored_number(c, kServer, "xfrd-tcp-pipeline", 128); }},
    {"ipv4-edns-size", kServer, K::kInt, [](C c) { return integer(c.server.ipv4_edns_size); }},
    {"ipv6-edns-size", kServer, K::kInt, [](C c) { return integer(c.server.ipv6_edns_size); }},
    {"pidfile", kServer, K::kPath, [](C c) { return text(c.server.pidfile); }},
    {"port", kServer, K::kString, [](C c) { return text(std::to_string(c.server.port)); }},
    {"statistics", kServer, K::kInt, [](C c) { return integer(c.server.statistics); }},
    {"chroot", kServer, K::kString, [](C c) { return text(c.server.chroot); }},
    {"username", kServer, K::kString, [](C c) { return text(c.server.username); }},
    {"zonesdir", kServer, K::kPath, [](C c) { return text(c.server.zonesdir); }},
    {"xfrdfile", kServer, K::kPath, [](C c) { return text(c.server.xfrdfile); }},
    {"zonelistfile", kServer, K::kPath, [](C c) { return text(c.server.zonelistfile); }},
    {"xfrdir", kServer, K::kPath, [](C c) { return text(c.server.xfrdir); }},
    {"xfrd-reload-timeout", kServer, K::kInt,
     [](C c) { return integer(c.server.xfrd_reload_timeout); }},
    {"log-time-ascii", kServer, K::kBool, [](C c) { return yes_no(c.server.log_time_ascii); }},
    {"round-robin", kServer, K::kBool, [](C c) { return yes_no(c.server.round_robin); }},
    {"minimal-responses", kServer, K::kBool,
     [](C c) { return yes_no(c.server.minimal_responses); }},
    {"confine-to-zone", kServer, K::kBool,
     [](C c) { return ignored_bool(c, kServer, "confine-to-zone", false); }},
    {"refuse-any", kServer, K::kBool, [](C c) { return yes_no(c.server.refuse_any); }},
    {"verbosity", kServer, K::kInt, [](C c) { return integer(c.server.verbosity); }},
    {"ip-address", kServer, K::kAddresses, [](C c) { return addresses(c.server.ip_addresses); },
     true, print_ip_addresses, false},
    {"rrl-size", kServer, K::kInt, [](C c) { return integer(c.server.rrl_size); }},
    {"rrl-ratelimit", kServer, K::kInt, [](C c) { return integer(c.server.rrl_ratelimit); }},
    {"rrl-slip", kServer, K::kInt, [](C c) { return integer(c.server.rrl_slip); }},
    {"rrl-ipv4-prefix-length", kServer, K::kInt,
     [](C c) { return integer(c.server.rrl_ipv4_prefix_length); }},
    {"rrl-ipv6-prefix-length", kServer, K::kInt,
     [](C c) { return integer(c.server.rrl_ipv6_prefix_length); }},
    {"rrl-whitelist-ratelimit", kServer, K::kInt,
     [](C c) { return integer(c.server.rrl_whitelist_ratelimit); }},
    {"zonefiles-check", kServer, K::kBool, [](C c) { return yes_no(c.server.zonefiles_check); }},
    {"zonefiles-write", kServer, K::kInt, [](C c) { return integer(c.server.zonefiles_write); }},
    {"tls-service-key", kServer, K::kString,
     [](C c) { return ignored_text(c, kServer, "tls-service-key"); }},
    {"tls-service-pem", kServer, K::kString,
     [](C c) { return ignored_text(c, kServer, "tls-service-pem"); }},
    {"tls-service-ocsp", kServer, K::kString,
     [](C c) { return ignored_text(c, kServer, "tls-service-ocsp"); }},
    {"tls-port", kServer, K::kString,
     [](C c) { return text(*ignored_number(c, kServer, "tls-port", 853).text); }},
    {"tls-cert-bundle", kServer, K::kString,
     [](C c) { return ignored_text(c, kServer, "tls-cert-bundle"); }},
    {"answer-cookie", kServer, K::kBool, [](C c) { return yes_no(c.server.answer_cookie); }},
    {"cookie-secret", kServer, K::kString, [](C c) { return text(c.server.cookie_secret); }, true,
     print_cookie_secret, false},
    {"cookie-staging-secret", kServer, K::kString,
     [](C c) { return text(c.server.cookie_staging_secret); }, true, print_cookie_staging_secret,
     false},
    {"cookie-secret-file", kServer, K::kString,
     [](C c) { return text(c.server.cookie_secret_file); }},
    {"metrics-enable", kServer, K::kBool, [](C c) { return yes_no(c.server.metrics_enable); }, true,
     print_metrics, false},
    {"metrics-interface", kServer, K::kAddresses,
     [](C c) { return addresses(c.server.metrics_interface); }, true, nullptr, true},
    {"metrics-port", kServer, K::kInt, [](C c) { return integer(c.server.metrics_port); }, true,
     nullptr, true},
    {"metrics-path", kServer, K::kString, [](C c) { return text(c.server.metrics_path); }, true,
     nullptr, true},

    {"dnstap-enable", kDnstap, K::kBool,
     [](C c) { return ignored_bool(c, kDnstap, "dnstap-enable", false); }},
    {"dnstap-socket-path", kDnstap, K::kString,
     [](C c) {
       return ignored_text(c, kDnstap, "dnstap-socket-path", "/var/run/nsd-dnstap.sock");
     }},
    {"dnstap-send-identity", kDnstap, K::kBool,
     [](C c) { return ignored_bool(c, kDnstap, "dnstap-send-identity", false); }},
    {"dnstap-send-version", kDnstap, K::kBool,
     [](C c) { return ignored_bool(c, kDnstap, "dnstap-send-version", false); }},
    {"dnstap-identity", kDnstap, K::kString,
     [](C c) { return ignored_text(c, kDnstap, "dnstap-identity"); }},
    {"dnstap-version", kDnstap, K::kString,
     [](C c) { return ignored_text(c, kDnstap, "dnstap-version"); }},
    {"dnstap-log-auth-query-messages", kDnstap, K::kBool,
     [](C c) { return ignored_bool(c, kDnstap, "dnstap-log-auth-query-messages", false); }},
    {"dnstap-log-auth-response-messages", kDnstap, K::kBool,
     [](C c) { return ignored_bool(c, kDnstap, "dnstap-log-auth-response-messages", false); }},

    {"control-enable", kRemote, K::kBool,
     [](C c) { return yes_no(c.remote_control.control_enable); }},
    {"control-interface", kRemote, K::kAddresses,
     [](C c) { return addresses(c.remote_control.control_interface); }, true,
     print_control_interfaces, false},
    {"control-port", kRemote, K::kInt, [](C c) { return integer(c.remote_control.control_port); }},
    {"server-key-file", kRemote, K::kString,
     [](C c) { return text(c.remote_control.server_key_file); }},
    {"server-cert-file", kRemote, K::kString,
     [](C c) { return text(c.remote_control.server_cert_file); }},
    {"control-key-file", kRemote, K::kString,
     [](C c) { return text(c.remote_control.control_key_file); }},
    {"control-cert-file", kRemote, K::kString,
     [](C c) { return text(c.remote_control.control_cert_file); }},
};

}  // namespace

std::span<const ServerField> server_fields() {
  return kFields;
}

}  // namespace zoned::config
