// SVCB and HTTPS SvcParams (RFC 9460): key=value presentation, sorted wire form.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace zoned::wire {

class TextIn;

namespace svc_key {
inline constexpr std::uint16_t kMandatory = 0, kAlpn = 1, kNoDefaultAlpn = 2, kPort = 3,
                               kIpv4Hint = 4, kEch = 5, kIpv6Hint = 6;
}

// "alpn", "key65333" (either case; no leading zeros), also "dohpath" (7) and "ohttp" (8).
std::optional<std::uint16_t> svc_key_from_text(std::string_view text);
// The names dnspython 2.3 prints: mandatory..ipv6hint by name, everything else "keyNNNNN".
void append_svc_key(std::uint16_t key, std::string& out);

// Parses all remaining tokens as SvcParams after the priority and target already written.
// A parameter arrives as one token `key`, `key=value` or `key="value"`, or as `key=`
// followed by a quoted token (how lexers that end a token at '"' deliver `key="a b"`).
// Params are stored sorted by key; duplicates, a mandatory key that is absent, and
// no-default-alpn without alpn are errors, as is any parameter in AliasMode (priority 0).
bool parse_svc_params(TextIn& in);
// Keys strictly increasing, each value well formed for its key, mandatory keys present.
bool svc_params_are_valid(std::span<const std::uint8_t> params);
// `key="value"` forms separated by spaces, as dnspython prints them. False when our parser
// would refuse the text (parameters in AliasMode, no-default-alpn without alpn).
bool append_svc_params(std::uint16_t priority, std::span<const std::uint8_t> params,
                       std::string& out);

}  // namespace zoned::wire
