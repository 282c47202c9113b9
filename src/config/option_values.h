// The value syntaxes of nsd.conf options beyond plain strings: NSD's numbers (digits only,
// no sign), yes/no (lowercase only), NSIDs, cookie secrets, server ranges, min-expire-time
// and the RRL query classes of rrl-whitelist.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zoned::config {

// Digits only, as NSD's parse_number; nullopt for anything else or above 2^64-1.
std::optional<std::uint64_t> parse_decimal(std::string_view text);
// Exactly "yes" or "no".
std::optional<bool> parse_yes_no(std::string_view text);

// The EDNS NSID (RFC 5001) as nsd.conf gives it: hex digits, or "ascii_" and text.
struct Nsid {
  std::string text;  // as nsd-checkconf prints it: the hex as written, or the text hexified
  std::vector<std::uint8_t> bytes;
};
// Returns "" and fills `out`, or what is wrong.
std::string parse_nsid(std::string_view text, Nsid& out);

// Hex digits of any case into octets; false on odd length or a non-hex character.
bool decode_hex(std::string_view text, std::vector<std::uint8_t>& out);

// A server-count index range of ip-address's servers="1 2-4" (NSD swaps reversed bounds).
struct ServerRange {
  std::uint32_t first = 0;
  std::uint32_t last = 0;
};
// Blank-separated numbers and ranges; "" or what is wrong.
std::string parse_server_ranges(std::string_view text, std::vector<ServerRange>& out);

// min-expire-time: seconds, or the expression "refresh+retry+1".
struct MinExpireTime {
  bool refresh_plus_retry_plus_one = false;
  std::uint32_t seconds = 0;
  bool operator==(const MinExpireTime&) const = default;
};
std::optional<MinExpireTime> parse_min_expire_time(std::string_view text);

// RRL query classes of rrl-whitelist, as NSD's bit flags (rrl.h).
inline constexpr std::uint16_t kRrlTypeAll = 0x1ff;
// The flag of a class name ("nxdomain", "all", ...; case matters as in NSD), or 0.
std::uint16_t parse_rrl_type(std::string_view text);
// The class names set in `flags`, in NSD's print order ("all" alone when all are set).
std::vector<std::string_view> rrl_type_names(std::uint16_t flags);

}  // namespace zoned::config
