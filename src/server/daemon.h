// Becoming a daemon the way NSD does, and the pidfile.
#pragma once

#include <string>

namespace zoned::server {

// fork(); the parent exits 0; the child starts a new session (setsid), so it has no
// controlling terminal, and points stdin/stdout/stderr at /dev/null. Returns false with
// `error` set when fork or setsid fails (in the original process).
bool daemonize(std::string& error);

// Writes our pid to `path` ("" does nothing). False with `error` set when it cannot.
bool write_pidfile(const std::string& path, std::string& error);

// Removes `path` if it still holds our pid (another instance may have taken it over).
void remove_pidfile(const std::string& path);

}  // namespace zoned::server
