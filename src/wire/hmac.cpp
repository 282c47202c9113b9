#include "wire/hmac.h"

#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <utility>

namespace zoned::wire {

namespace {

// Fetched once for the whole process (a fetch takes a lock and a lookup) and never freed:
// the contexts made from it may live until exit.
EVP_MAC* hmac_method() {
  static EVP_MAC* const mac = EVP_MAC_fetch(nullptr, OSSL_MAC_NAME_HMAC, nullptr);
  return mac;
}

bool set_digest(EVP_MAC_CTX* ctx, TsigAlgorithm algorithm) {
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST,
                                       const_cast<char*>(tsig_digest_name(algorithm)), 0),
      OSSL_PARAM_construct_end()};
  return EVP_MAC_CTX_set_params(ctx, params) == 1;
}

}  // namespace

Hmac::~Hmac() {
  EVP_MAC_CTX_free(ctx_);
}

Hmac::Hmac(Hmac&& other) noexcept
    : ctx_(std::exchange(other.ctx_, nullptr)),
      algorithm_(other.algorithm_),
      keyed_(std::exchange(other.keyed_, false)),
      ok_(std::exchange(other.ok_, false)) {}

Hmac& Hmac::operator=(Hmac&& other) noexcept {
  if (this != &other) {
    EVP_MAC_CTX_free(ctx_);
    ctx_ = std::exchange(other.ctx_, nullptr);
    algorithm_ = other.algorithm_;
    keyed_ = std::exchange(other.keyed_, false);
    ok_ = std::exchange(other.ok_, false);
  }
  return *this;
}

bool Hmac::init(TsigAlgorithm algorithm, std::span<const std::uint8_t> secret) {
  ok_ = false;
  if (ctx_ == nullptr || algorithm != algorithm_) {
    keyed_ = false;
    if (ctx_ == nullptr) {
      EVP_MAC* mac = hmac_method();
      if (mac == nullptr) return false;
      ctx_ = EVP_MAC_CTX_new(mac);
      if (ctx_ == nullptr) return false;
    }
    algorithm_ = algorithm;
    if (!set_digest(ctx_, algorithm)) {
      // Leave no half-configured context behind: the next init() starts afresh.
      EVP_MAC_CTX_free(ctx_);
      ctx_ = nullptr;
      return false;
    }
  }
  // A null key would mean "keep the previous one": an empty secret needs a real pointer.
  static const std::uint8_t kEmpty = 0;
  const std::uint8_t* key = secret.empty() ? &kEmpty : secret.data();
  keyed_ = EVP_MAC_init(ctx_, key, secret.size(), nullptr) == 1;
  ok_ = keyed_;
  return ok_;
}

bool Hmac::restart() {
  ok_ = keyed_ && EVP_MAC_init(ctx_, nullptr, 0, nullptr) == 1;
  return ok_;
}

void Hmac::update(std::span<const std::uint8_t> data) {
  if (ok_ && !data.empty()) ok_ = EVP_MAC_update(ctx_, data.data(), data.size()) == 1;
}

std::size_t Hmac::final(std::span<std::uint8_t> out) {
  if (!ok_) return 0;
  ok_ = false;
  std::size_t written = 0;
  if (EVP_MAC_final(ctx_, out.data(), &written, out.size()) != 1) return 0;
  return written;
}

bool constant_time_equal(std::span<const std::uint8_t> a, std::span<const std::uint8_t> b) {
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace zoned::wire
