#include "server/privileges.h"

#include <grp.h>
#include <openssl/crypto.h>
#include <pwd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <vector>

namespace zoned::server {

bool drop_privileges(const std::string& username, const std::optional<std::string>& chroot,
                     std::string& error) {
  if (geteuid() != 0) return true;
  passwd entry{};
  passwd* found = nullptr;
  std::vector<char> buffer(16384);
  if (!username.empty()) {
    const int rc = getpwnam_r(username.c_str(), &entry, buffer.data(), buffer.size(), &found);
    if (rc != 0 || found == nullptr) {
      error = "username: user '" + username + "' does not exist" +
              (rc != 0 ? std::string(" (") + std::strerror(rc) + ")" : "");
      return false;
    }
  }
  // The user's groups too are read before the chroot hides /etc/group.
  std::vector<gid_t> groups(64);
  if (found != nullptr) {
    int count = static_cast<int>(groups.size());
    if (getgrouplist(found->pw_name, found->pw_gid, groups.data(), &count) < 0) {
      groups.resize(static_cast<std::size_t>(count));
      getgrouplist(found->pw_name, found->pw_gid, groups.data(), &count);
    }
    groups.resize(static_cast<std::size_t>(count));
  }
  if (chroot) {
    // OpenSSL reads its configuration on first use: now, while /usr/lib/ssl is visible.
    OPENSSL_init_crypto(OPENSSL_INIT_LOAD_CONFIG, nullptr);
    if (::chroot(chroot->c_str()) != 0 || ::chdir("/") != 0) {
      error = "cannot chroot to " + *chroot + ": " + std::strerror(errno);
      return false;
    }
  }
  if (found == nullptr) return true;
  // Groups first, then the gid, then the uid: once the uid is gone the rest cannot change.
  if (setgroups(groups.size(), groups.data()) != 0 || setgid(found->pw_gid) != 0 ||
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
