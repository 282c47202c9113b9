// nsd-control's DNS Cookie secret commands (NSD 4.8): print_cookie_secrets,
// add_cookie_secret, activate_cookie_secret, drop_cookie_secret. A rollover across an
// anycast set: add the new secret (it becomes the staging one) on every server; once all
// verify it, activate it everywhere (the old active one becomes staging); an hour later,
// drop the old one. Each change takes effect at once and is written to the
// cookie-secret-file (atomically, mode 0600), so a restart keeps it.
#pragma once

#include <string>
#include <string_view>

#include "control/command.h"
#include "server/cookie_secrets.h"

namespace zoned::control {

bool is_cookie_command(std::string_view name);

// `file`: the cookie-secret-file. A random secret made at start (none configured) is
// replaced by add_cookie_secret rather than staged, as NSD does.
void run_cookie_command(const ControlCommand& command, server::CookieSecretStore& store,
                        const std::string& file, ControlOutput& out);

}  // namespace zoned::control
