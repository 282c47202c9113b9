// username: (nsd.conf): after the sockets, the control channel's keys and the pidfile are
// in hand, zoned gives up root for this user's uid, gid and groups, as NSD does, so a
// compromised process cannot do more than that user can.
#pragma once

#include <string>

namespace zoned::server {

// Becomes `username` (looked up in the password database); false with `error` when the
// user does not exist or a step fails (then zoned must not go on as root by accident).
// Nothing to do (true) when `username` is empty or zoned does not run as root.
bool drop_privileges(const std::string& username, std::string& error);

}  // namespace zoned::server
