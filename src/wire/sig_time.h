// RRSIG/SIG inception and expiration times (RFC 4034 §3.2): YYYYMMDDHHmmSS in UTC, or the
// number of seconds since 1970 on input. Times are the plain 32-bit value read as seconds
// since the epoch (1970..2106), as dnspython does, so printing never depends on "now".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zoned::wire {

std::optional<std::uint32_t> parse_sig_time(std::string_view text);
void append_sig_time(std::uint32_t seconds, std::string& out);

}  // namespace zoned::wire
