#include "config/chroot_paths.h"

namespace zoned::config {

std::string path_in_chroot(const std::string& path, const std::string& root) {
  std::string prefix = root;
  while (prefix.size() > 1 && prefix.back() == '/')
    prefix.pop_back();
  if (prefix.empty() || prefix == "/" || path.empty() || path[0] != '/') return path;
  if (path == prefix) return "/";
  if (path.compare(0, prefix.size(), prefix) == 0 && path[prefix.size()] == '/')
    return path.substr(prefix.size());
  return path;
}

void rebase_into_chroot(Config& config, const std::string& root) {
  ServerOptions& s = config.server;
  s.zonesdir = path_in_chroot(s.zonesdir, root);
  s.xfrdfile = path_in_chroot(s.xfrdfile, root);
  s.zonelistfile = path_in_chroot(s.zonelistfile, root);
  s.cookie_secret_file = path_in_chroot(s.cookie_secret_file, root);
  for (Zone& zone : config.zones) {
    if (zone.settings.zonefile.is_set)
      zone.settings.zonefile.value = path_in_chroot(zone.settings.zonefile.value, root);
  }
  for (Pattern& pattern : config.patterns) {
    if (pattern.settings.zonefile.is_set)
      pattern.settings.zonefile.value = path_in_chroot(pattern.settings.zonefile.value, root);
  }
}

}  // namespace zoned::config
