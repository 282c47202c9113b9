// username: and chroot: (nsd.conf): after the sockets, the control channel's keys and the
// pidfile are in hand, zoned enters the chroot (if any) and gives up root for the user's
// uid, gid and groups, as NSD does, so a compromised process can do no more than that user
// can, and see no more than the chroot.
#pragma once

#include <optional>
#include <string>

namespace zoned::server {

// Looks the user up (before the chroot hides /etc/passwd), enters `chroot`, then becomes the
// user. False with `error` when the user does not exist or a step fails: zoned must then
// stop rather than go on as root by accident. An empty `username` keeps the user; nothing
// changes unless zoned runs as root.
bool drop_privileges(const std::string& username, const std::optional<std::string>& chroot,
                     std::string& error);

}  // namespace zoned::server
