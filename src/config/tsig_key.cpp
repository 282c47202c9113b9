#include "config/tsig_key.h"

#include <strings.h>

#include "wire/encoding.h"

namespace zoned::config {

namespace {

struct AlgorithmName {
  const char* short_name;
  TsigAlgorithm algorithm;
  const char* wire_name;
};

constexpr AlgorithmName kAlgorithms[] = {
    {"md5", TsigAlgorithm::kHmacMd5, "hmac-md5.sig-alg.reg.int."},
    {"sha1", TsigAlgorithm::kHmacSha1, "hmac-sha1."},
    {"sha224", TsigAlgorithm::kHmacSha224, "hmac-sha224."},
    {"sha256", TsigAlgorithm::kHmacSha256, "hmac-sha256."},
    {"sha384", TsigAlgorithm::kHmacSha384, "hmac-sha384."},
    {"sha512", TsigAlgorithm::kHmacSha512, "hmac-sha512."},
};

bool equals_ignoring_case(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

}  // namespace

std::optional<TsigAlgorithm> parse_tsig_algorithm(std::string_view text) {
  std::string_view bare = text;
  if (bare.size() > 5 && equals_ignoring_case(bare.substr(0, 5), "hmac-")) bare.remove_prefix(5);
  for (const AlgorithmName& entry : kAlgorithms) {
    if (equals_ignoring_case(bare, entry.short_name)) return entry.algorithm;
  }
  return std::nullopt;
}

std::string_view tsig_algorithm_wire_name(TsigAlgorithm algorithm) {
  for (const AlgorithmName& entry : kAlgorithms) {
    if (entry.algorithm == algorithm) return entry.wire_name;
  }
  return "";
}

bool decode_tsig_secret(std::string_view base64, std::vector<std::uint8_t>& secret) {
  secret.assign(base64.size(), 0);  // decoding never grows the data
  wire::ByteSink sink{secret.data(), secret.size()};
  wire::Base64Decoder decoder;
  std::size_t start = 0;
  while (start < base64.size()) {
    std::size_t end = start;
    while (end < base64.size() && !is_blank(base64[end]))
      ++end;
    if (end > start && !decoder.feed(base64.substr(start, end - start), sink)) {
      secret.clear();
      return false;
    }
    start = end + 1;
  }
  if (!decoder.finish()) {
    secret.clear();
    return false;
  }
  secret.resize(sink.size);
  return true;
}

}  // namespace zoned::config
