// chroot: (nsd.conf) as NSD reads it: the configuration names files by their paths outside
// the chroot, which must lie inside it; once zoned has entered the chroot those paths lose
// the chroot's prefix ("/etc/nsd/zones/a.zone" with chroot "/etc/nsd" is "/zones/a.zone").
#pragma once

#include <string>

#include "config/config_model.h"

namespace zoned::config {

// `path` as seen inside `root`: the prefix removed when `path` is absolute and inside
// `root`; unchanged otherwise (relative paths, or paths outside, which then cannot be
// reached: the caller reports those).
std::string path_in_chroot(const std::string& path, const std::string& root);

// Rewrites the paths zoned opens after entering the chroot: zonesdir, xfrdfile,
// zonelistfile and every zone's zonefile.
void rebase_into_chroot(Config& config, const std::string& root);

}  // namespace zoned::config
