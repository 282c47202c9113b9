// IPv4 and IPv6 addresses as nsd.conf writes them, and the "@port" suffix NSD allows after
// an address. Parsing is numeric only: nothing here resolves names.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace zoned::config {

enum class AddressFamily : std::uint8_t { kIpv4, kIpv6 };

struct IpAddress {
  AddressFamily family = AddressFamily::kIpv4;
  std::array<std::uint8_t, 16> bytes{};  // an IPv4 address uses the first 4

  std::size_t size() const { return family == AddressFamily::kIpv4 ? 4 : 16; }
  bool operator==(const IpAddress&) const = default;
};

// NSD's rule for which family a text is meant to be: the first '.' or ':' decides ("::ffff:
// 1.2.3.4" is IPv6, "1.2.3.4" IPv4), so an error message can name the family the user meant.
AddressFamily intended_family(std::string_view text);

// Parses a numeric address of the intended family; nullopt when it is not one.
std::optional<IpAddress> parse_ip_address(std::string_view text);

// Presentation form (inet_ntop).
std::string to_string(const IpAddress& address);

// The address with every bit outside the first `bits` cleared / set: a netmask is
// prefix_mask(family, bits).
IpAddress prefix_mask(AddressFamily family, unsigned bits);

// Splits "text@port" at the last '@'. `port` is nullopt when there is no '@'; returns false
// when the text after '@' is not a port number 1..65535.
bool split_port_suffix(std::string_view text, std::string_view& address,
                       std::optional<std::uint16_t>& port);

}  // namespace zoned::config
