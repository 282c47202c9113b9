// Telling systemd (Type=notify) that zoned is ready, reloading or stopping: one datagram to
// the socket $NOTIFY_SOCKET names (sd_notify(3)'s protocol, without linking libsystemd).
// Nothing happens when zoned does not run under a service manager.
#pragma once

#include <string_view>

namespace zoned::server {

// Sends `state` ("READY=1", "RELOADING=1", "STOPPING=1", "STATUS=...", lines joined by
// '\n'); false when there is no manager to tell or the send failed.
bool notify_service_manager(std::string_view state);

}  // namespace zoned::server
