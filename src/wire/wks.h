// WKS (RFC 1035 §3.4.2): the protocol and the bitmap of well-known services.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace zoned::wire {

class TextIn;
struct FieldSpec;

// A protocol number, or "tcp" / "udp".
bool parse_wks_protocol(TextIn& in, const FieldSpec& field);
// The remaining tokens as port numbers. Service names are not looked up: that would depend
// on the host's /etc/services.
bool parse_wks_bitmap(TextIn& in);
// "25 80"; false for a bitmap the text cannot reproduce: trailing zero octets, or bits for
// ports past 65535.
bool append_wks_bitmap(std::span<const std::uint8_t> bitmap, std::string& out);

}  // namespace zoned::wire
