// The per-type RDATA layout table that drives presentation <-> wire, validation and
// canonicalization: one row per RR type, one entry per field. Code outside src/wire/ should
// use rdata.h and rrtype.h instead.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace zoned::wire {

enum class FieldKind : std::uint8_t {
  kU8,
  kU16,
  kU32,
  kPeriod,         // u32; TTL units ("1h") accepted on input: SOA timers, RRSIG original TTL
  kAlgorithm,      // u8 DNSSEC algorithm; number or mnemonic in, number out
  kCertAlgorithm,  // the same, printed as its mnemonic (CERT, as BIND and dnspython print it)
  kCertType,       // u16 CERT type; number or mnemonic in, mnemonic out
  kTypeCode,       // u16 RR type as its mnemonic (RRSIG type covered)
  kTime,           // u32 RRSIG time: YYYYMMDDHHmmSS, or seconds on input
  kIPv4,
  kIPv6,
  kEui48,  // "00-00-5e-00-53-2a"
  kEui64,
  kIlnp64,        // "2001:0db8:1140:1000" (L64 locator, NID node id)
  kName,          // uncompressed domain name; see NameFlag
  kString,        // <character-string>
  kOptString,     // optional last <character-string> (ISDN subaddress)
  kStrings,       // one or more <character-string>s to the end (TXT)
  kTextToEnd,     // one token, its octets to the end without a length (URI target, CAA value)
  kCaaTag,        // u8 length + 1..255 alphanumeric octets, printed unquoted
  kBase64,        // base64 to the end, at least one octet
  kBase64Opt,     // base64 to the end, possibly nothing (IPSECKEY, KEY)
  kHex,           // hex to the end, at least one octet
  kHexSalt,       // u8 length + hex, "-" for none (NSEC3, NSEC3PARAM)
  kBase32Hash,    // u8 length + base32hex, at least one octet (NSEC3 next hashed owner)
  kTypeBitmap,    // NSEC/NSEC3/CSYNC windowed type bitmap to the end
  kNsap,          // "0x" + hex (dots allowed) to the end
  kIpsecGateway,  // IPSECKEY gateway; its form follows the gateway-type octet (RDATA[1])
  kWksProtocol,   // u8; number, "tcp" or "udp"
  kWksBitmap,     // WKS port bitmap to the end
  kLoc,           // all of the RFC 1876 RDATA
  kApl,           // RFC 3123 address prefix items to the end
  kSvcParams,     // RFC 9460 SvcParams to the end
};

// How a kName field is handled besides its wire form.
enum NameFlag : std::uint8_t {
  kNameCompress = 1,    // RFC 1035 types: may be compressed when sent (RFC 3597 §4)
  kNameDecompress = 2,  // receivers decompress it (RFC 3597 §4 adds RP AFSDB RT SIG PX NAPTR SRV)
  kNameLowercase = 4,  // lowercased in canonical form (RFC 4034 §6.2 as amended by RFC 6840 §5.1)
};

struct FieldSpec {
  FieldKind kind;
  std::uint8_t name_flags;  // NameFlag bits, kName only
  const char* label;        // for messages: "missing field: exchange"
};

struct TypeSpec {
  std::uint16_t code;
  std::string_view mnemonic;
  // Empty when the type has no presentation format of its own (only RFC 3597 "\#").
  std::span<const FieldSpec> fields;
};

// The row of a type, or nullptr for types without a mnemonic.
const TypeSpec* find_type(std::uint16_t code);
// Case-insensitive mnemonic lookup; nullptr when unknown ("TYPEnnn" is not handled here).
const TypeSpec* find_type(std::string_view mnemonic);

// DNSSEC algorithm numbers (RFC 8624 registry), with BIND's and dnspython's spellings.
std::optional<std::uint8_t> dnssec_algorithm_from_text(std::string_view text);
// dnspython's mnemonic, or empty when the number has none.
std::string_view dnssec_algorithm_mnemonic(std::uint8_t algorithm);

// CERT certificate types (RFC 4398 §2.1).
std::optional<std::uint16_t> cert_type_from_text(std::string_view text);
std::string_view cert_type_mnemonic(std::uint16_t type);

}  // namespace zoned::wire
