#include "config/option_values.h"

#include <strings.h>

#include <charconv>

#include "wire/encoding.h"

namespace zoned::config {

std::optional<std::uint64_t> parse_decimal(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text[0] < '0' || text[0] > '9') {
    return std::nullopt;
  }
  return value;
}

std::optional<bool> parse_yes_no(std::string_view text) {
  if (text == "yes") return true;
  if (text == "no") return false;
  return std::nullopt;
}

bool decode_hex(std::string_view text, std::vector<std::uint8_t>& out) {
  if (text.size() % 2 != 0) return false;
  out.clear();
  for (std::size_t i = 0; i < text.size(); i += 2) {
    int high = wire::hex_digit_value(text[i]);
    int low = wire::hex_digit_value(text[i + 1]);
    if (high < 0 || low < 0) return false;
    out.push_back(static_cast<std::uint8_t>(high * 16 + low));
  }
  return true;
}

std::string parse_nsid(std::string_view text, Nsid& out) {
  static constexpr std::string_view kAsciiPrefix = "ascii_";
  static constexpr std::size_t kMaxNsid = 65534;  // an EDNS option carries at most this
  if (text.size() >= kAsciiPrefix.size() &&
      strncasecmp(text.data(), kAsciiPrefix.data(), kAsciiPrefix.size()) == 0) {
    std::string_view ascii = text.substr(kAsciiPrefix.size());
    if (ascii.size() > kMaxNsid) return "NSID too long";
    out.bytes.assign(ascii.begin(), ascii.end());
    out.text.clear();
    wire::append_hex_lower(out.bytes, out.text);
    return "";
  }
  if (text.size() % 2 != 0) return "the NSID must be a hex string of an even length";
  if (text.size() / 2 > kMaxNsid) return "NSID too long";
  if (!decode_hex(text, out.bytes)) return "the NSID is not a hex string";
  out.text = std::string(text);
  return "";
}

namespace {

bool parse_bound(std::string_view text, std::uint32_t& value) {
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  return !text.empty() && ec == std::errc() && end == text.data() + text.size();
}

bool parse_server_range(std::string_view item, ServerRange& range) {
  std::size_t dash = item.find('-');
  std::string_view first = item.substr(0, dash);
  std::string_view last = dash == std::string_view::npos ? first : item.substr(dash + 1);
  if (!parse_bound(first, range.first) || !parse_bound(last, range.last)) return false;
  if (range.first > range.last) std::swap(range.first, range.last);
  return true;
}

}  // namespace

std::string parse_server_ranges(std::string_view text, std::vector<ServerRange>& out) {
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find_first_of(" \t", start);
    if (end == std::string_view::npos) end = text.size();
    std::string_view item = text.substr(start, end - start);
    ServerRange range;
    if (!item.empty()) {
      if (!parse_server_range(item, range))
        return "invalid server range '" + std::string(item) + "'";
      out.push_back(range);
    }
    start = end + 1;
  }
  if (out.empty()) return "servers= needs at least one server number";
  return "";
}

std::optional<MinExpireTime> parse_min_expire_time(std::string_view text) {
  if (text == "refresh+retry+1") return MinExpireTime{true, 0};
  std::optional<std::uint64_t> seconds = parse_decimal(text);
  if (!seconds || *seconds > UINT32_MAX) return std::nullopt;
  return MinExpireTime{false, static_cast<std::uint32_t>(*seconds)};
}

namespace {

struct RrlType {
  std::string_view name;
  std::uint16_t flag;
};

// NSD's flag values and print order; "rrsig" is never printed on its own by nsd-checkconf.
constexpr RrlType kRrlTypes[] = {{"nxdomain", 0x01},  {"error", 0x02},    {"referral", 0x04},
                                 {"any", 0x08},       {"wildcard", 0x10}, {"nodata", 0x20},
                                 {"dnskey", 0x40},    {"positive", 0x80}, {"rrsig", 0x100},
                                 {"all", kRrlTypeAll}};

}  // namespace

std::uint16_t parse_rrl_type(std::string_view text) {
  for (const RrlType& type : kRrlTypes) {
    if (type.name == text) return type.flag;
  }
  return 0;
}

std::vector<std::string_view> rrl_type_names(std::uint16_t flags) {
  if (flags == kRrlTypeAll) return {"all"};
  std::vector<std::string_view> names;
  for (const RrlType& type : kRrlTypes) {
    if (type.flag <= 0x80 && (flags & type.flag) != 0) names.push_back(type.name);
  }
  return names;
}

}  // namespace zoned::config
