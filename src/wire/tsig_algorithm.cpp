#include "wire/tsig_algorithm.h"

#include <strings.h>

namespace zoned::wire {

namespace {

struct AlgorithmInfo {
  TsigAlgorithm algorithm;
  const char* short_name;  // nsd.conf, after an optional "hmac-"
  std::string_view text;   // presentation form of the wire name
  NameView wire;           // lower-case wire form
  std::size_t mac_size;
  const char* digest;  // OpenSSL's name
};

constexpr std::uint8_t kMd5Wire[] = {8,   'h', 'm', 'a', 'c', '-', 'm', 'd', '5',
                                     7,   's', 'i', 'g', '-', 'a', 'l', 'g', 3,
                                     'r', 'e', 'g', 3,   'i', 'n', 't', 0};
constexpr std::uint8_t kSha1Wire[] = {9, 'h', 'm', 'a', 'c', '-', 's', 'h', 'a', '1', 0};
constexpr std::uint8_t kSha224Wire[] = {11,  'h', 'm', 'a', 'c', '-', 's',
                                        'h', 'a', '2', '2', '4', 0};
constexpr std::uint8_t kSha256Wire[] = {11,  'h', 'm', 'a', 'c', '-', 's',
                                        'h', 'a', '2', '5', '6', 0};
constexpr std::uint8_t kSha384Wire[] = {11,  'h', 'm', 'a', 'c', '-', 's',
                                        'h', 'a', '3', '8', '4', 0};
constexpr std::uint8_t kSha512Wire[] = {11,  'h', 'm', 'a', 'c', '-', 's',
                                        'h', 'a', '5', '1', '2', 0};

// Indexed by TsigAlgorithm.
constexpr AlgorithmInfo kAlgorithms[] = {
    {TsigAlgorithm::kHmacMd5, "md5", "hmac-md5.sig-alg.reg.int.",
     NameView(kMd5Wire, sizeof kMd5Wire), 16, "MD5"},
    {TsigAlgorithm::kHmacSha1, "sha1", "hmac-sha1.", NameView(kSha1Wire, sizeof kSha1Wire), 20,
     "SHA1"},
    {TsigAlgorithm::kHmacSha224, "sha224", "hmac-sha224.",
     NameView(kSha224Wire, sizeof kSha224Wire), 28, "SHA224"},
    {TsigAlgorithm::kHmacSha256, "sha256", "hmac-sha256.",
     NameView(kSha256Wire, sizeof kSha256Wire), 32, "SHA256"},
    {TsigAlgorithm::kHmacSha384, "sha384", "hmac-sha384.",
     NameView(kSha384Wire, sizeof kSha384Wire), 48, "SHA384"},
    {TsigAlgorithm::kHmacSha512, "sha512", "hmac-sha512.",
     NameView(kSha512Wire, sizeof kSha512Wire), 64, "SHA512"},
};

const AlgorithmInfo& info(TsigAlgorithm algorithm) {
  std::size_t i = static_cast<std::size_t>(algorithm);
  return kAlgorithms[i < std::size(kAlgorithms) ? i : 0];
}

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace

std::optional<TsigAlgorithm> parse_tsig_algorithm(std::string_view text) {
  std::string_view bare = text;
  if (bare.size() > 5 && equals_ignoring_case(bare.substr(0, 5), "hmac-")) bare.remove_prefix(5);
  for (const AlgorithmInfo& entry : kAlgorithms) {
    if (equals_ignoring_case(bare, entry.short_name)) return entry.algorithm;
  }
  return std::nullopt;
}

std::string_view tsig_algorithm_wire_name(TsigAlgorithm algorithm) {
  return info(algorithm).text;
}

NameView tsig_algorithm_name(TsigAlgorithm algorithm) {
  return info(algorithm).wire;
}

std::optional<TsigAlgorithm> tsig_algorithm_from_wire(NameView name) {
  for (const AlgorithmInfo& entry : kAlgorithms) {
    if (equal(name, entry.wire)) return entry.algorithm;
  }
  return std::nullopt;
}

std::size_t tsig_mac_size(TsigAlgorithm algorithm) {
  return info(algorithm).mac_size;
}

const char* tsig_digest_name(TsigAlgorithm algorithm) {
  return info(algorithm).digest;
}

}  // namespace zoned::wire
