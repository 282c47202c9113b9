#include "config/ip_address.h"

#include <arpa/inet.h>

#include <charconv>

namespace zoned::config {

AddressFamily intended_family(std::string_view text) {
  std::size_t separator = text.find_first_of(".:");
  if (separator != std::string_view::npos && text[separator] == ':') return AddressFamily::kIpv6;
  return AddressFamily::kIpv4;
}

std::optional<IpAddress> parse_ip_address(std::string_view text) {
  // inet_pton wants a terminated string; longer texts are no address anyway.
  char buffer[64];
  if (text.size() >= sizeof buffer) return std::nullopt;
  text.copy(buffer, text.size());
  buffer[text.size()] = '\0';
  IpAddress address;
  address.family = intended_family(text);
  int af = address.family == AddressFamily::kIpv4 ? AF_INET : AF_INET6;
  if (inet_pton(af, buffer, address.bytes.data()) != 1) return std::nullopt;
  return address;
}

std::string to_string(const IpAddress& address) {
  char buffer[INET6_ADDRSTRLEN];
  int af = address.family == AddressFamily::kIpv4 ? AF_INET : AF_INET6;
  if (inet_ntop(af, address.bytes.data(), buffer, sizeof buffer) == nullptr) return "?";
  return buffer;
}

IpAddress prefix_mask(AddressFamily family, unsigned bits) {
  IpAddress mask;
  mask.family = family;
  for (std::size_t i = 0; i < mask.size() && bits > 0; ++i) {
    unsigned take = bits >= 8 ? 8 : bits;
    mask.bytes[i] = static_cast<std::uint8_t>(0xff00u >> take);
    bits -= take;
  }
  return mask;
}

bool split_port_suffix(std::string_view text, std::string_view& address,
                       std::optional<std::uint16_t>& port) {
  std::size_t at = text.rfind('@');
  port.reset();
  address = text.substr(0, at);
  if (at == std::string_view::npos) return true;
  std::string_view digits = text.substr(at + 1);
  unsigned value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (digits.empty() || ec != std::errc() || end != digits.data() + digits.size() || value == 0 ||
      value > 65535) {
    return false;
  }
  port = static_cast<std::uint16_t>(value);
  return true;
}

}  // namespace zoned::config
