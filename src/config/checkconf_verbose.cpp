// zoned-checkconf -v: the configuration in nsd.conf syntax, as nsd-checkconf 4.6's
// config_test_print_server() prints it.
#include "config/checkconf_format.h"
#include "config/checkconf_output.h"
#include "config/checkconf_server_fields.h"

namespace zoned::config {

namespace {

void print_field(const Config& config, const ServerField& field, std::string& out) {
  if (field.print_verbose != nullptr) {
    field.print_verbose(config, out);
    return;
  }
  FieldValue value = field.get(config);
  std::string label = std::string(field.name).append(":");
  switch (field.kind) {
    case FieldKind::kBool:
    case FieldKind::kInt:
      append_all(out, {"\t", label, " ", value.text.value_or(""), "\n"});
      break;
    case FieldKind::kString:
    case FieldKind::kPath:
      append_string_var(out, label, value.text);
      break;
    case FieldKind::kAddresses:
      for (const std::string& address : value.list)
        append_string_var(out, label, address);
      break;
  }
}

void print_server_clauses(const Config& config, std::string& out) {
  out += "# Config settings.\nserver:\n";
  Section clause = Section::kServer;
  for (const ServerField& field : server_fields()) {
    if (field.skip_in_verbose) continue;
    if (field.clause != clause) {
      clause = field.clause;
      append_all(out, {"\n", to_string(clause), ":\n"});
    }
    print_field(config, field, out);
  }
}

std::string yes_no(bool value) {
  return value ? "yes" : "no";
}

void append_verifier(std::string& out, const std::vector<std::string>& command) {
  out += "\tverifier:";
  for (const std::string& word : command)
    append_all(out, {" \"", word, "\""});
  out += '\n';
}

void print_verify(const VerifyOptions& verify, std::string& out) {
  out += "\nverify:\n";
  append_setting(out, "enable", yes_no(verify.enable));
  for (const ListenAddress& address : verify.ip_addresses) {
    append_string_var(out, "ip-address:", address.text);
  }
  append_setting(out, "port", std::to_string(verify.port));
  append_setting(out, "verify-zones", yes_no(verify.verify_zones));
  if (verify.verifier) append_verifier(out, *verify.verifier);
  append_setting(out, "verifier-count", std::to_string(verify.verifier_count));
  append_setting(out, "verifier-feed-zone", yes_no(verify.verifier_feed_zone));
  append_setting(out, "verifier-timeout", std::to_string(verify.verifier_timeout));
}

void print_keys_and_tls_auths(const Config& config, std::string& out) {
  for (const TsigKey* key : keys_in_order(config)) {
    out += "\nkey:\n";
    append_string_var(out, "name:", key->name);
    append_string_var(out, "algorithm:", key->algorithm_text);
    append_string_var(out, "secret:", key->secret_base64);
  }
  for (const TlsAuth* tls : tls_auths_in_order(config)) {
    out += "\ntls-auth:\n";
    append_string_var(out, "name:", tls->name);
    append_string_var(out, "auth-domain-name:", tls->auth_domain_name);
  }
}

template <class T>
void print_if_set(std::string& out, std::string_view name, const Setting<T>& setting) {
  if (setting.is_set) append_setting(out, name, std::to_string(*setting));
}

void print_if_set(std::string& out, std::string_view name, const Setting<bool>& setting) {
  if (setting.is_set) append_setting(out, name, yes_no(*setting));
}

void print_transfer_timers(const ZoneSettings& s, std::string& out) {
  print_if_set(out, "max-refresh-time", s.max_refresh_time);
  print_if_set(out, "min-refresh-time", s.min_refresh_time);
  print_if_set(out, "max-retry-time", s.max_retry_time);
  print_if_set(out, "min-retry-time", s.min_retry_time);
  if (s.min_expire_time.is_set) {
    out += "\tmin-expire-time: ";
    out += s.min_expire_time->refresh_plus_retry_plus_one
               ? std::string("refresh+retry+1")
               : std::to_string(s.min_expire_time->seconds);
    out += '\n';
  }
  if (*s.size_limit_xfr != 0)
    append_setting(out, "size-limit-xfr", std::to_string(*s.size_limit_xfr));
}

void print_ixfr_and_verify(const ZoneSettings& s, std::string& out) {
  print_if_set(out, "store-ixfr", s.store_ixfr);
  print_if_set(out, "ixfr-number", s.ixfr_number);
  print_if_set(out, "ixfr-size", s.ixfr_size);
  print_if_set(out, "create-ixfr", s.create_ixfr);
  print_if_set(out, "verify-zone", s.verify_zone);
  if (s.verifier.is_set) append_verifier(out, *s.verifier);
  print_if_set(out, "verifier-feed-zone", s.verifier_feed_zone);
  print_if_set(out, "verifier-timeout", s.verifier_timeout);
}

// NSD's print_zone_content_elems(), including its "allow_query:" spelling.
void print_settings(const ZoneSettings& s, int verbosity, std::string& out) {
  if (s.zonefile.is_set) append_string_var(out, "zonefile:", *s.zonefile);
  for (std::string_view name : rrl_type_names(s.rrl_whitelist)) {
    append_setting(out, "rrl-whitelist", name);
  }
  append_acl_lines(out, "allow_query:", s.allow_query, verbosity);
  append_acl_lines(out, "allow-notify:", s.allow_notify, verbosity);
  append_acl_lines(out, "request-xfr:", s.request_xfr, verbosity);
  if (*s.multi_primary_check) out += "\tmulti-master-check: yes\n";
  print_if_set(out, "notify-retry", s.notify_retry);
  append_acl_lines(out, "notify:", s.notify, verbosity);
  append_acl_lines(out, "provide-xfr:", s.provide_xfr, verbosity);
  if (s.zonestats.is_set) append_string_var(out, "zonestats:", *s.zonestats);
  for (const AclEntry& entry : s.outgoing_interface) {
    append_setting(out, "outgoing-interface", entry.address_spec);
  }
  print_if_set(out, "allow-axfr-fallback", s.allow_axfr_fallback);
  print_transfer_timers(s, out);
  print_ixfr_and_verify(s, out);
}

void print_patterns_and_zones(const Config& config, int verbosity, std::string& out) {
  for (const Pattern* pattern : patterns_in_order(config)) {
    out += "\npattern:\n";
    append_string_var(out, "name:", pattern->name);
    print_settings(pattern->settings, verbosity, out);
  }
  for (const Zone* zone : zones_in_order(config)) {
    out += "\nzone:\n";
    append_string_var(out, "name:", zone->name);
    print_settings(zone->settings, verbosity, out);
  }
}

}  // namespace

void print_checkconf_verbose(const Config& config, int verbosity, std::string& out) {
  // NSD counts each zone's own (implicit) pattern among the patterns.
  append_all(out, {"# Read file ", config.path, ": ",
                   std::to_string(config.patterns.size() + config.zones.size()), " patterns, ",
                   std::to_string(config.zones.size()), " fixed-zones, ",
                   std::to_string(config.keys.size()), " keys, ",
                   std::to_string(config.tls_auths.size()), " tls-auth.\n"});
  print_server_clauses(config, out);
  print_verify(config.verify, out);
  print_keys_and_tls_auths(config, out);
  print_patterns_and_zones(config, verbosity, out);
}

}  // namespace zoned::config
