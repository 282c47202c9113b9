#include "server/cookie_secrets.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/cookie_secret_file.h"

namespace zoned::server {

CookieSecretStore::CookieSecretStore(std::vector<wire::CookieSecret> secrets, bool random) {
  replace(std::move(secrets), random);
}

void CookieSecretStore::replace(std::vector<wire::CookieSecret> secrets, bool random) {
  if (secrets.empty()) return;
  auto list = std::make_unique<CookieSecretList>();
  list->secrets = std::move(secrets);
  list->random = random;
  std::lock_guard lock(mutex_);
  current_.store(list.get(), std::memory_order_release);
  versions_.push_back(std::move(list));
}

bool load_cookie_secrets(const config::ServerOptions& options, LoadedCookieSecrets& out,
                         std::string& error) {
  out = LoadedCookieSecrets{};
  if (options.cookie_secret) {
    out.secrets.push_back(options.cookie_secret_bytes);
    if (options.cookie_staging_secret) out.secrets.push_back(options.cookie_staging_secret_bytes);
    out.source = "cookie-secret";
    return true;
  }
  const std::string& path = options.cookie_secret_file;
  std::ifstream in(path);
  if (in) {
    std::ostringstream text;
    text << in.rdbuf();
    if (!config::parse_cookie_secret_file(text.str(), path, out.secrets, error)) return false;
    if (!out.secrets.empty()) {
      out.source = path;
      return true;
    }
  } else if (errno != ENOENT && !path.empty()) {
    error = path + ": cannot read the cookie secrets: " + std::strerror(errno);
    return false;
  }
  wire::CookieSecret secret{};
  if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
    error = "cannot make a random cookie secret (OpenSSL RAND_bytes failed)";
    return false;
  }
  out.secrets.push_back(secret);
  out.source = "random";
  return true;
}

}  // namespace zoned::server
