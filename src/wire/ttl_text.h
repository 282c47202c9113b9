// TTLs and other periods in presentation form: "3600", "1h30m", "2w" (BIND's units).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zoned::wire {

// Plain seconds or a sequence of number+unit (w d h m s, either case). Values above
// 2^32-1 are rejected. RFC 2181 §8's clamp of TTLs above 2^31-1 is the caller's business.
std::optional<std::uint32_t> parse_ttl(std::string_view text);

}  // namespace zoned::wire
