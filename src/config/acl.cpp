#include "config/acl.h"

#include <algorithm>
#include <charconv>
#include <optional>

namespace zoned::config {

const char* to_string(AclUse use) {
  switch (use) {
    case AclUse::kAllowNotify:
      return "allow-notify";
    case AclUse::kProvideXfr:
      return "provide-xfr";
    case AclUse::kAllowQuery:
      return "allow-query";
    case AclUse::kNotify:
      return "notify";
    case AclUse::kRequestXfr:
      return "request-xfr";
    case AclUse::kOutgoingInterface:
      return "outgoing-interface";
  }
  return "?";
}

namespace {

const char* family_name(AddressFamily family) {
  return family == AddressFamily::kIpv4 ? "IPv4" : "IPv6";
}

// Splits "a&b", "a/b" and "a-b" in NSD's order of precedence: '&', then '/', then '-'.
AclRange split_range(std::string_view spec, std::string_view& first, std::string_view& second) {
  static constexpr std::pair<char, AclRange> kSeparators[] = {
      {'&', AclRange::kMask}, {'/', AclRange::kSubnet}, {'-', AclRange::kMinMax}};
  for (auto [separator, range] : kSeparators) {
    std::size_t at = spec.find(separator);
    if (at == std::string_view::npos) continue;
    first = spec.substr(0, at);
    second = spec.substr(at + 1);
    return range;
  }
  first = spec;
  second = {};
  return AclRange::kSingle;
}

std::string parse_prefix_length(std::string_view digits, AclEntry& out) {
  unsigned bits = 0;
  unsigned max_bits = out.address.family == AddressFamily::kIpv4 ? 32 : 128;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), bits);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size()) {
    return "bad prefix length '" + std::string(digits) + "'";
  }
  if (bits > max_bits) {
    return "prefix length " + std::to_string(bits) + " out of range 0.." + std::to_string(max_bits);
  }
  out.prefix_length = static_cast<std::uint8_t>(bits);
  out.range_limit = prefix_mask(out.address.family, bits);
  return "";
}

std::string parse_second_address(std::string_view text, AclEntry& out) {
  std::optional<IpAddress> second = parse_ip_address(text);
  if (!second || second->family != out.address.family) {
    const char* what = out.range == AclRange::kMask ? "mask" : "range end";
    return std::string("bad ") + family_name(out.address.family) + " " + what + " '" +
           std::string(text) + "'";
  }
  out.range_limit = *second;
  return "";
}

std::string parse_address_part(std::string_view spec, AclEntry& out) {
  std::string_view without_port;
  std::optional<std::uint16_t> port;
  if (!split_port_suffix(spec, without_port, port)) {
    return "expected a port number 1..65535 after '@' in '" + std::string(spec) + "'";
  }
  out.port = port.value_or(0);
  std::string_view first;
  std::string_view second;
  out.range = split_range(without_port, first, second);
  std::optional<IpAddress> address = parse_ip_address(first);
  if (!address) {
    return std::string("bad ") + family_name(intended_family(first)) + " address '" +
           std::string(first) + "'";
  }
  out.address = *address;
  if (out.range == AclRange::kSubnet) return parse_prefix_length(second, out);
  if (out.range != AclRange::kSingle) return parse_second_address(second, out);
  return "";
}

void parse_key_word(std::string_view key_word, AclEntry& out) {
  // Case matters, as in NSD: "nokey" is the name of a key.
  if (key_word == "NOKEY") {
    out.key = AclKey::kNoKey;
  } else if (key_word == "BLOCKED") {
    out.key = AclKey::kBlocked;
  } else {
    out.key = AclKey::kKeyName;
    out.key_name = std::string(key_word);
  }
}

// NSD's rules for the lists whose addresses zoned contacts rather than matches.
std::string check_use(AclUse use, const AclEntry& entry) {
  bool contacted =
      use == AclUse::kNotify || use == AclUse::kRequestXfr || use == AclUse::kOutgoingInterface;
  if (!contacted) return "";
  if (entry.range != AclRange::kSingle) {
    return std::string("address range used for ") + to_string(use);
  }
  if (entry.key == AclKey::kBlocked) {
    return std::string("blocked address used for ") + to_string(use);
  }
  return "";
}

}  // namespace

std::string parse_acl_entry(std::string_view address_spec, std::string_view key_word, AclUse use,
                            AclEntry& out) {
  out.address_spec = std::string(address_spec);
  std::string error = parse_address_part(address_spec, out);
  if (!error.empty()) return error;
  parse_key_word(key_word, out);
  return check_use(use, out);
}

bool AclEntry::covers(const IpAddress& source, std::uint16_t source_port) const {
  if (source.family != address.family) return false;
  if (port != 0 && port != source_port) return false;
  const std::size_t n = address.size();
  switch (range) {
    case AclRange::kSingle:
      return std::equal(source.bytes.begin(), source.bytes.begin() + n, address.bytes.begin());
    case AclRange::kSubnet:
    case AclRange::kMask:
      for (std::size_t i = 0; i < n; ++i) {
        if ((source.bytes[i] & range_limit.bytes[i]) != (address.bytes[i] & range_limit.bytes[i]))
          return false;
      }
      return true;
    case AclRange::kMinMax:
      // Addresses are big-endian octet strings, so octet order is numeric order.
      return !std::lexicographical_compare(source.bytes.begin(), source.bytes.begin() + n,
                                           address.bytes.begin(), address.bytes.begin() + n) &&
             !std::lexicographical_compare(range_limit.bytes.begin(), range_limit.bytes.begin() + n,
                                           source.bytes.begin(), source.bytes.begin() + n);
  }
  return false;
}

bool AclEntry::is_empty_range() const {
  const std::size_t n = address.size();
  return range == AclRange::kMinMax &&
         std::lexicographical_compare(range_limit.bytes.begin(), range_limit.bytes.begin() + n,
                                      address.bytes.begin(), address.bytes.begin() + n);
}

}  // namespace zoned::config
