// The TSIG algorithms (RFC 8945 §6): their names in nsd.conf and on the wire, and their MAC
// sizes. The wire layer owns them because both the HMAC code and the configuration need them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "wire/name.h"

namespace zoned::wire {

enum class TsigAlgorithm : std::uint8_t {
  kHmacMd5,
  kHmacSha1,
  kHmacSha224,
  kHmacSha256,
  kHmacSha384,
  kHmacSha512
};

// The longest MAC of any algorithm (HMAC-SHA512): fixed buffers for MACs use it.
inline constexpr std::size_t kMaxTsigMacSize = 64;

// nsd.conf's spelling: "hmac-sha256" or NSD's short form "sha256", in any case. nullopt for
// anything else (NSD also refuses the full "hmac-md5.sig-alg.reg.int").
std::optional<TsigAlgorithm> parse_tsig_algorithm(std::string_view text);

// The algorithm's domain name in presentation form, as sent in TSIG records: "hmac-sha256."
// (hmac-md5 is "hmac-md5.sig-alg.reg.int.").
std::string_view tsig_algorithm_wire_name(TsigAlgorithm algorithm);

// The same name in (lower-case) wire form, ready to be written or digested.
NameView tsig_algorithm_name(TsigAlgorithm algorithm);

// The algorithm a TSIG record names, compared case-insensitively (names are, RFC 4343).
// nullopt for algorithms we do not implement (GSS-TSIG, the truncated hmac-sha256-128, ...):
// a server answers those with BADKEY (RFC 8945 §5.2.1).
std::optional<TsigAlgorithm> tsig_algorithm_from_wire(NameView name);

// The full digest length in octets: 16, 20, 28, 32, 48 or 64.
std::size_t tsig_mac_size(TsigAlgorithm algorithm);

// OpenSSL's name of the hash ("SHA256"), for EVP_MAC's "digest" parameter.
const char* tsig_digest_name(TsigAlgorithm algorithm);

}  // namespace zoned::wire
