// Checks that need the whole configuration, run after it is read: every key and tls-auth an
// access control list names exists (they may be defined below their use, as in NSD), the
// zone rules nsd-checkconf applies (a primary needs a zonefile; allow-notify needs
// request-xfr), and the chroot rules for paths.
#pragma once

#include "config/config_model.h"
#include "config/diagnostics.h"

namespace zoned::config {

void check_config(Config& config, Diagnostics& diagnostics);

}  // namespace zoned::config
