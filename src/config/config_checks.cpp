#include "config/config_checks.h"

#include <set>
#include <string>

namespace zoned::config {

namespace {

// Entries copied from a pattern into its zones keep the pattern's line: report each once.
class ReferenceChecker {
 public:
  ReferenceChecker(const Config& config, Diagnostics& diagnostics)
      : config_(config), diagnostics_(diagnostics) {}

  void check(const ZoneSettings& settings) {
    check_keys(settings.allow_notify, AclUse::kAllowNotify);
    check_keys(settings.request_xfr, AclUse::kRequestXfr);
    check_keys(settings.notify, AclUse::kNotify);
    check_keys(settings.provide_xfr, AclUse::kProvideXfr);
    check_keys(settings.allow_query, AclUse::kAllowQuery);
    for (const AclEntry& entry : settings.request_xfr)
      check_tls_auth(entry);
  }

 private:
  void check_keys(const std::vector<AclEntry>& list, AclUse use) {
    for (const AclEntry& entry : list) {
      if (entry.key != AclKey::kKeyName || config_.find_key(entry.key_name) != nullptr) continue;
      if (!first_report(entry, entry.key_name)) continue;
      diagnostics_.error(entry.where, std::string(to_string(use)) + " " + entry.address_spec +
                                          ": key '" + entry.key_name + "' is not defined");
    }
  }

  void check_tls_auth(const AclEntry& entry) {
    if (entry.tls_auth_name.empty() || config_.find_tls_auth(entry.tls_auth_name) != nullptr) {
      return;
    }
    if (!first_report(entry, entry.tls_auth_name)) return;
    diagnostics_.error(entry.where, "request-xfr " + entry.address_spec + ": tls-auth '" +
                                        entry.tls_auth_name + "' is not defined");
  }

  bool first_report(const AclEntry& entry, const std::string& name) {
    std::string key = std::string(entry.where.file_name()) + ":" +
                      std::to_string(entry.where.line) + ":" + entry.address_spec + ":" + name;
    return reported_.insert(std::move(key)).second;
  }

  const Config& config_;
  Diagnostics& diagnostics_;
  std::set<std::string> reported_;
};

void check_zone_sources(const Zone& zone, Diagnostics& diagnostics) {
  const ZoneSettings& s = zone.settings;
  if (!s.allow_notify.empty() && s.request_xfr.empty()) {
    diagnostics.error(zone.where, "zone '" + zone.name +
                                      "' has allow-notify but no request-xfr: where would it "
                                      "get a transfer from when a notify comes?");
  }
  if (!zone.is_secondary() && (!s.zonefile.is_set || s.zonefile->empty())) {
    diagnostics.error(zone.where, "zone '" + zone.name +
                                      "' is a primary zone (no request-xfr) but has no "
                                      "zonefile: where would its data come from?");
  }
}

void add_trailing_slash(std::string& directory) {
  if (!directory.empty() && directory.back() != '/') directory += '/';
}

// Where to point a message about server option `name`: its line, else the chroot's.
SourceLocation location_for(const Config& config, std::string_view name) {
  if (const SourceLocation* where = config.location_of(Section::kServer, name)) return *where;
  if (const SourceLocation* where = config.location_of(Section::kServer, "chroot")) return *where;
  return SourceLocation{std::make_shared<const std::string>(config.path), 0};
}

// NSD's rules with a chroot: zonesdir inside it, other absolute paths inside it too.
void check_chroot(Config& config, Diagnostics& diagnostics) {
  ServerOptions& server = config.server;
  if (!server.chroot || server.chroot->empty()) return;
  std::string& chroot = *server.chroot;
  add_trailing_slash(chroot);
  add_trailing_slash(server.xfrdir);
  add_trailing_slash(server.zonesdir);
  if (!server.zonesdir.starts_with(chroot)) {
    diagnostics.error(location_for(config, "zonesdir"),
                      "zonesdir '" + server.zonesdir +
                          "' must be an absolute path inside the chroot '" + chroot + "'");
  }
  const std::pair<const char*, const std::string*> paths[] = {
      {"pidfile", &server.pidfile},
      {"database", &server.database},
      {"xfrdfile", &server.xfrdfile},
      {"zonelistfile", &server.zonelistfile},
      {"xfrdir", &server.xfrdir}};
  for (auto [name, path] : paths) {
    if (path->empty() || path->front() != '/' || path->starts_with(chroot)) continue;
    diagnostics.error(
        location_for(config, name),
        std::string(name) + " '" + *path + "' is not inside the chroot '" + chroot + "'");
  }
}

}  // namespace

void check_config(Config& config, Diagnostics& diagnostics) {
  ReferenceChecker references(config, diagnostics);
  for (const Pattern& pattern : config.patterns)
    references.check(pattern.settings);
  for (const Zone& zone : config.zones) {
    references.check(zone.settings);
    check_zone_sources(zone, diagnostics);
  }
  check_chroot(config, diagnostics);
}

}  // namespace zoned::config
