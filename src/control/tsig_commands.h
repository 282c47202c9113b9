// zoned-control's TSIG key commands, nsd-control's: print_tsig, update_tsig, add_tsig,
// assoc_tsig, del_tsig. Each works on a copy of the running configuration; the caller applies
// the copy the way reconfig does (the workers' keys and ACLs, NOTIFY out, transfers in).
// Nothing is written to the configuration file: reconfig or a restart takes the file's keys
// and ACLs again, as with NSD. The output lines are NSD's.
#pragma once

#include <string_view>

#include "config/config_model.h"
#include "control/command.h"

namespace zoned::control {

// True for the five commands above.
bool is_tsig_command(std::string_view name);

// Runs `command` (already checked by check_command) on `config`. True when `config` was
// changed and must be applied; false when nothing changed (print_tsig, or an error: `out`
// says why and `config` is as it was).
//   print_tsig [key]        key: name: "k" secret: "..." algorithm: hmac-sha256 (by name)
//   update_tsig key secret  a new base64 secret, same algorithm
//   add_tsig key secret [a] a new key, hmac-sha256 when no algorithm is given
//   assoc_tsig zone key     every entry of the zone's allow-notify, notify, request-xfr,
//                           provide-xfr and allow-query that is not BLOCKED now uses `key`
//                           (NOKEY entries included)
//   del_tsig key            refused while a zone's ACL names the key
bool run_tsig_command(const ControlCommand& command, config::Config& config, ControlOutput& out);

}  // namespace zoned::control
