// The server secrets of DNS Cookies (RFC 7873, RFC 9018) as the workers read them: one
// immutable list (active first, then staging) behind an atomic pointer. A rotation
// (zoned-control add/activate/drop_cookie_secret) publishes a new list; old lists are kept
// until shutdown, so a worker never reads freed memory and never waits. Rotations are rare
// and a list is a few hundred octets.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "config/config_model.h"
#include "wire/server_cookie.h"

namespace zoned::server {

struct CookieSecretList {
  std::vector<wire::CookieSecret> secrets;  // [0] makes cookies; every one verifies
  bool random = false;  // made at start, configured nowhere (add_cookie_secret replaces it)
};

class CookieSecretStore {
 public:
  CookieSecretStore(std::vector<wire::CookieSecret> secrets, bool random);
  CookieSecretStore(const CookieSecretStore&) = delete;
  CookieSecretStore& operator=(const CookieSecretStore&) = delete;

  // Never null, never empty. Any thread, no lock.
  const CookieSecretList& current() const { return *current_.load(std::memory_order_acquire); }
  // Publishes `secrets` (at least one), configured ones. Any thread; rotations are
  // serialised.
  void replace(std::vector<wire::CookieSecret> secrets, bool random = false);

 private:
  std::mutex mutex_;
  std::vector<std::unique_ptr<const CookieSecretList>> versions_;
  std::atomic<const CookieSecretList*> current_{nullptr};
};

// Where the secrets come from, in NSD's order: cookie-secret: (with cookie-staging-secret:),
// else the cookie-secret-file when it exists and holds any, else one random secret (then
// each server has its own, which is right for a single server and wrong for an anycast
// set: the log says so). An unreadable or malformed file is an error ("file:line: what").
struct LoadedCookieSecrets {
  std::vector<wire::CookieSecret> secrets;
  std::string source;  // for the log: "cookie-secret", the file's path, or "random"
};
bool load_cookie_secrets(const config::ServerOptions& options, LoadedCookieSecrets& out,
                         std::string& error);

}  // namespace zoned::server
