// -o, -z, -p, -s, -a and -t of zoned-checkconf, as nsd-checkconf 4.6's config_print_zone().
#include <strings.h>

#include <functional>

#include "config/checkconf_format.h"
#include "config/checkconf_output.h"
#include "config/checkconf_server_fields.h"

namespace zoned::config {

namespace {

// NSD compares option names with '-' turned into '_', ignoring case.
std::string underscored(std::string_view name) {
  std::string out(name);
  for (char& c : out) {
    if (c == '-') c = '_';
  }
  return out;
}

bool same_option(std::string_view wanted, std::string_view name) {
  std::string a = underscored(wanted);
  std::string b = underscored(name);
  return a.size() == b.size() && strcasecmp(a.c_str(), b.c_str()) == 0;
}

std::optional<std::string> with_chroot(const Config& config, bool final_paths,
                                       const std::optional<std::string>& path) {
  const std::optional<std::string>& chroot = config.server.chroot;
  if (!path || !final_paths || !chroot || chroot->empty() || path->starts_with('/')) return path;
  return *chroot + *path;  // the checks gave the chroot its trailing slash
}

void print_field(const Config& config, const ServerField& field, bool final_paths,
                 std::string& out) {
  FieldValue value = field.get(config);
  if (field.kind == FieldKind::kAddresses) {
    for (const std::string& line : value.list)
      append_line(out, line);
  } else if (field.kind == FieldKind::kPath) {
    append_line(out, with_chroot(config, final_paths, value.text));
  } else {
    append_line(out, value.text);
  }
}

int print_server_option(const Config& config, const CheckconfRequest& request, std::string& out) {
  const std::string& wanted = *request.option;
  for (const ServerField& field : server_fields()) {
    if (!field.queryable || !same_option(wanted, field.name)) continue;
    print_field(config, field, request.final_paths, out);
    return 0;
  }
  if (same_option(wanted, "zones")) {
    for (const Zone* zone : zones_in_order(config))
      append_line(out, zone->name);
    return 0;
  }
  if (same_option(wanted, "patterns")) {
    for (const std::string& name : all_pattern_names(config))
      append_line(out, name);
    return 0;
  }
  append_all(out, {"Server option not handled: ", underscored(wanted), "\n"});
  return 1;
}

std::string yes_no(bool value) {
  return value ? "yes" : "no";
}

void append_acl_list(std::string& out, const std::vector<AclEntry>& list) {
  for (const AclEntry& entry : list)
    append_line(out, acl_query_text(entry));
}

// The options -o can ask of a zone or a pattern; false when `wanted` is none of them.
bool print_settings_option(const ZoneSettings& s, std::string_view wanted, std::string& out) {
  auto number = [&out](std::uint64_t n) { append_line(out, std::to_string(n)); };
  const std::pair<std::string_view, std::function<void()>> options[] = {
      {"allow-query", [&] { append_acl_list(out, s.allow_query); }},
      {"request-xfr", [&] { append_acl_list(out, s.request_xfr); }},
      {"provide-xfr", [&] { append_acl_list(out, s.provide_xfr); }},
      {"allow-notify", [&] { append_acl_list(out, s.allow_notify); }},
      {"notify", [&] { append_acl_list(out, s.notify); }},
      // NSD prints notify-retry as a yes/no: "yes" unless it is 0.
      {"notify-retry", [&] { append_line(out, yes_no(*s.notify_retry != 0)); }},
      {"zonestats",
       [&] { append_line(out, s.zonestats.is_set ? std::optional(*s.zonestats) : std::nullopt); }},
      {"outgoing-interface",
       [&] {
         for (const AclEntry& entry : s.outgoing_interface)
           append_line(out, entry.address_spec);
       }},
      {"allow-axfr-fallback", [&] { append_line(out, yes_no(*s.allow_axfr_fallback)); }},
      {"max-refresh-time", [&] { number(*s.max_refresh_time); }},
      {"min-refresh-time", [&] { number(*s.min_refresh_time); }},
      {"max-retry-time", [&] { number(*s.max_retry_time); }},
      {"min-retry-time", [&] { number(*s.min_retry_time); }},
      {"min-expire-time", [&] { number(s.min_expire_time->seconds); }},
      {"size-limit-xfr", [&] { number(*s.size_limit_xfr); }},
      {"max-records", [&] { number(*s.max_records); }},
      {"rrl-whitelist",
       [&] {
         for (std::string_view name : rrl_type_names(s.rrl_whitelist)) {
           append_line(out, std::string(name));
         }
       }},
      {"multi-master-check", [&] { append_line(out, yes_no(*s.multi_primary_check)); }},
      {"multi-primary-check", [&] { append_line(out, yes_no(*s.multi_primary_check)); }},
      {"store-ixfr", [&] { append_line(out, yes_no(*s.store_ixfr)); }},
      {"ixfr-size", [&] { number(*s.ixfr_size); }},
      {"ixfr-number", [&] { number(*s.ixfr_number); }},
      {"create-ixfr", [&] { append_line(out, yes_no(*s.create_ixfr)); }},
  };
  for (const auto& [name, print] : options) {
    if (!same_option(wanted, name)) continue;
    print();
    return true;
  }
  return false;
}

std::optional<std::string> zonefile_text(const ZoneSettings& settings) {
  if (!settings.zonefile.is_set) return std::nullopt;
  return *settings.zonefile;
}

int print_zone_option(const Config& config, const CheckconfRequest& request, std::string& out) {
  const std::string& zone_text = *request.zone;
  const std::string& wanted = *request.option;
  wire::Name apex;
  wire::NameView root;
  if (wire::parse_name(zone_text, &root, apex) != wire::NameTextError::kOk) {
    append_all(out, {"Could not parse zone name ", zone_text, "\n"});
    return 1;
  }
  const Zone* zone = config.find_zone(apex);
  if (zone == nullptr) {
    append_all(out, {"Zone does not exist: ", zone_text, "\n"});
    return 1;
  }
  if (same_option(wanted, "name")) {
    append_line(out, zone->name);
  } else if (same_option(wanted, "pattern")) {
    append_line(out, implicit_pattern_name(*zone));
  } else if (same_option(wanted, "part-of-config")) {
    append_line(out, "yes");
  } else if (same_option(wanted, "zonefile")) {
    append_line(out, with_chroot(config, request.final_paths, zonefile_text(zone->settings)));
  } else if (!print_settings_option(zone->settings, wanted, out)) {
    append_all(out, {"Zone option not handled: ", zone_text, " ", underscored(wanted), "\n"});
    return 1;
  }
  return 0;
}

int print_pattern_option(const Config& config, const CheckconfRequest& request, std::string& out) {
  const std::string& name = *request.pattern;
  const std::string& wanted = *request.option;
  const Pattern* pattern = config.find_pattern(name);
  if (pattern == nullptr) {
    append_all(out, {"Pattern does not exist: ", name, "\n"});
    return 1;
  }
  if (same_option(wanted, "name")) {
    append_line(out, pattern->name);
  } else if (same_option(wanted, "zonefile")) {
    append_line(out, zonefile_text(pattern->settings));  // NSD applies no -f here
  } else if (!print_settings_option(pattern->settings, wanted, out)) {
    append_all(out, {"Pattern option not handled: ", name, " ", underscored(wanted), "\n"});
    return 1;
  }
  return 0;
}

void print_key(const Config& config, const CheckconfRequest& request, std::string& out) {
  const TsigKey* key = config.find_key(*request.key);
  if (key == nullptr) {
    append_all(out, {"Could not find key ", *request.key, "\n"});
    return;
  }
  append_line(out, request.key_algorithm ? key->algorithm_text : key->secret_base64);
}

void print_tls_auth(const Config& config, const CheckconfRequest& request, std::string& out) {
  const TlsAuth* tls = config.find_tls_auth(*request.tls_auth);
  if (tls == nullptr) {
    append_all(out, {"Could not find tls-auth ", *request.tls_auth, "\n"});
    return;
  }
  append_line(out, tls->auth_domain_name);
}

}  // namespace

int print_checkconf_request(const Config& config, const CheckconfRequest& request,
                            std::string& out) {
  if (request.key) {
    print_key(config, request, out);
    return 0;
  }
  if (request.tls_auth) {
    print_tls_auth(config, request, out);
    return 0;
  }
  if (!request.option) {
    if (request.verbosity > 0) print_checkconf_verbose(config, request.verbosity, out);
    return 0;
  }
  if (request.zone) return print_zone_option(config, request, out);
  if (request.pattern) return print_pattern_option(config, request, out);
  return print_server_option(config, request, out);
}

}  // namespace zoned::config
