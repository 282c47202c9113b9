#include "server/privileges.h"

#include <grp.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace zoned::server {

bool drop_privileges(const std::string& username, std::string& error) {
  if (username.empty() || geteuid() != 0) return true;
  std::vector<char> buffer(16384);
  passwd entry{};
  passwd* found = nullptr;
  const int rc = getpwnam_r(username.c_str(), &entry, buffer.data(), buffer.size(), &found);
  if (rc != 0 || found == nullptr) {
    error = "username: user '" + username + "' does not exist" +
            (rc != 0 ? std::string(" (") + std::strerror(rc) + ")" : "");
    return false;
  }
  // Groups first, then the gid, then the uid: once the uid is gone the rest cannot change.
  if (initgroups(found->pw_name, found->pw_gid) != 0 || setgid(found->pw_gid) != 0 ||
      setuid(found->pw_uid) != 0) {
    error = "cannot become user '" + username + "': " + std::strerror(errno);
    return false;
  }
  if (setuid(0) == 0) {  // must fail now
    error = "still root after becoming user '" + username + "'";
    return false;
  }
  return true;
}

}  // namespace zoned::server
