// TSIG keys of key: clauses (RFC 8945): the algorithm names NSD accepts and the base64 secret.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/diagnostics.h"
#include "wire/name.h"
#include "wire/tsig_algorithm.h"

namespace zoned::config {

// The algorithms live in the wire layer, which signs with them; the configuration names them
// with the same rules ("hmac-sha256" or NSD's short form "sha256", in any case).
using TsigAlgorithm = wire::TsigAlgorithm;
using wire::parse_tsig_algorithm;
using wire::tsig_algorithm_wire_name;

// Decodes a base64 secret. Blanks inside are skipped, as NSD's b64_pton skips them. False
// on anything else that is not base64 (bad characters, a missing '=', a partial quantum).
bool decode_tsig_secret(std::string_view base64, std::vector<std::uint8_t>& secret);

struct TsigKey {
  std::string name;      // as written; access control lists refer to it by this text
  wire::Name wire_name;  // the absolute name sent in TSIG records
  std::string algorithm_text = "sha256";  // as written (NSD's default when none is given)
  TsigAlgorithm algorithm = TsigAlgorithm::kHmacSha256;
  std::string secret_base64;         // as written, for nsd-checkconf -s
  std::vector<std::uint8_t> secret;  // decoded
  bool has_secret = false;
  SourceLocation where;  // the key: line
};

}  // namespace zoned::config
