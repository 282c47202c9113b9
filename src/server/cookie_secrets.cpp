#include "server/cookie_secrets.h"

#include <openssl/rand.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "config/cookie_secret_file.h"

namespace zoned::server {

CookieSecretStore::CookieSecretStore(std::vector<wire::CookieSecret> secrets) {
  replace(std::move(secrets));
}

void CookieSecretStore::replace(std::vector<wire::CookieSecret> secrets) {
  if (secrets.empty()) return;
  auto list = std::make_unique<CookieSecretList>();
  list->secrets = std::move(secrets);
  std::lock_guard lock(mutex_);
  current_.store(list.get(), std::memory_order_release);
  versions_.push_back(std::move(list));
}

std::vector<wire::CookieSecret> CookieSecretStore::snapshot() const {
  std::lock_guard lock(mutex_);
  return current().secrets;
}

namespace {

bool copy_secret(const std::vector<std::uint8_t>& bytes, wire::CookieSecret& out) {
  if (bytes.size() != out.size()) return false;
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return true;
}

}  // namespace

bool load_cookie_secrets(const config::ServerOptions& options, LoadedCookieSecrets& out,
                         std::string& error) {
  out = LoadedCookieSecrets{};
  wire::CookieSecret secret{};
  if (options.cookie_secret && copy_secret(options.cookie_secret_bytes, secret)) {
    out.secrets.push_back(secret);
    if (options.cookie_staging_secret && copy_secret(options.cookie_staging_secret_bytes, secret))
      out.secrets.push_back(secret);
    out.source = "cookie-secret";
    return true;
  }
  const std::string& path = options.cookie_secret_file;
  std::ifstream in(path);
  if (in) {
    std::ostringstream text;
    text << in.rdbuf();
    if (!config::parse_cookie_secret_file(text.str(), path, out.secrets, error)) return false;
    if (out.secrets.size() > config::kMaxCookieSecrets)
      out.secrets.resize(config::kMaxCookieSecrets);
    if (!out.secrets.empty()) {
      out.source = path;
      return true;
    }
  } else if (errno != ENOENT && !path.empty()) {
    error = path + ": cannot read the cookie secrets: " + std::strerror(errno);
    return false;
  }
  if (RAND_bytes(secret.data(), static_cast<int>(secret.size())) != 1) {
    error = "cannot make a random cookie secret (OpenSSL RAND_bytes failed)";
    return false;
  }
  out.secrets.push_back(secret);
  out.source = "random";
  return true;
}

}  // namespace zoned::server
