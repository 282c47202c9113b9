// Presentation -> wire: the table-driven field parsers, and the RFC 3597 "\#" form.
#include "wire/rdata_text_in.h"

#include <cstring>

#include "wire/apl.h"
#include "wire/loc.h"
#include "wire/presentation.h"
#include "wire/rrtype.h"
#include "wire/sig_time.h"
#include "wire/svcb.h"
#include "wire/ttl_text.h"
#include "wire/type_bitmap.h"
#include "wire/wks.h"

namespace zoned::wire {

// ----- the parsing state -----

void WireWriter::bytes(const std::uint8_t* p, std::size_t n) {
  if (!fits(n)) return;
  std::memcpy(data_ + size_, p, n);
  size_ += n;
}

void WireWriter::commit(const ByteSink& sink) {
  size_ += sink.size;
  if (sink.overflow) overflow_ = true;
}

const TextToken* TextIn::take(const FieldSpec& field) {
  if (has_more()) return &tokens_[next_++];
  fail_at(tokens_.size(), std::string("missing field: ") + field.label);
  return nullptr;
}

bool TextIn::fail_at(std::size_t token, std::string message) {
  result_.ok = false;
  result_.bad_token = token;
  result_.error = std::move(message);
  return false;
}

std::string TextIn::field_name(const FieldSpec& field) const {
  std::string s(type.mnemonic);
  s += ' ';
  s += field.label;
  return s;
}

bool TextIn::bad_value(const FieldSpec& field) {
  return fail("bad " + field_name(field) + " " + quote_token(tokens_[next_ - 1].text));
}

bool TextIn::out_of_range(const FieldSpec& field) {
  return fail(field_name(field) + " out of range");
}

std::string quote_token(std::string_view text) {
  constexpr std::size_t kShown = 60;
  std::string s = "'";
  s += text.substr(0, kShown);
  if (text.size() > kShown) s += "...";
  s += '\'';
  return s;
}

bool put_text(TextIn& in, const TextToken& token, bool counted) {
  std::size_t length_at = in.out.size();
  if (counted) in.out.u8(0);
  ByteSink room = in.out.tail();
  std::size_t capacity = counted ? std::min<std::size_t>(room.capacity, 255) : room.capacity;
  std::size_t length = 0;
  switch (unescape_text(token.text, room.data, capacity, length)) {
    case UnescapeStatus::kOk:
      break;
    case UnescapeStatus::kBadEscape:
      return in.fail("bad escape in " + quote_token(token.text));
    case UnescapeStatus::kTooLong:
      if (counted && capacity == 255) return in.fail("character-string longer than 255 octets");
      return in.fail("RDATA longer than 65535 octets");
  }
  if (in.out.overflowed()) return in.fail("RDATA longer than 65535 octets");
  room.size = length;
  in.out.commit(room);
  if (counted) in.out.data()[length_at] = static_cast<std::uint8_t>(length);
  return true;
}

bool take_number(TextIn& in, const FieldSpec& field, std::uint64_t max, std::uint64_t& value) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  switch (parse_decimal(token->text, max, value)) {
    case NumberStatus::kOk:
      return true;
    case NumberStatus::kSyntax:
      return in.bad_value(field);
    case NumberStatus::kRange:
      return in.out_of_range(field);
  }
  return false;
}

namespace {

// ----- scalar fields -----

bool parse_unsigned(TextIn& in, const FieldSpec& field, unsigned octets) {
  std::uint64_t max = octets == 4 ? 0xffffffffu : (1u << (8 * octets)) - 1;
  std::uint64_t v;
  if (!take_number(in, field, max, v)) return false;
  if (octets == 1) in.out.u8(static_cast<std::uint8_t>(v));
  if (octets == 2) in.out.u16(static_cast<std::uint16_t>(v));
  if (octets == 4) in.out.u32(static_cast<std::uint32_t>(v));
  return true;
}

bool all_digits(std::string_view text) {
  if (text.empty()) return false;
  for (char c : text)
    if (c < '0' || c > '9') return false;
  return true;
}

bool parse_period(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::optional<std::uint32_t> v = parse_ttl(token->text);
  if (!v) return all_digits(token->text) ? in.out_of_range(field) : in.bad_value(field);
  in.out.u32(*v);
  return true;
}

bool parse_algorithm(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::optional<std::uint8_t> v = dnssec_algorithm_from_text(token->text);
  if (!v) return all_digits(token->text) ? in.out_of_range(field) : in.bad_value(field);
  in.out.u8(*v);
  return true;
}

bool parse_cert_type(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::optional<std::uint16_t> v = cert_type_from_text(token->text);
  if (!v) return all_digits(token->text) ? in.out_of_range(field) : in.bad_value(field);
  in.out.u16(*v);
  return true;
}

bool parse_type_code(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::optional<std::uint16_t> v = type_from_text(token->text);
  if (!v) return in.fail("unknown RR type " + quote_token(token->text));
  in.out.u16(*v);
  return true;
}

bool parse_time(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::optional<std::uint32_t> v = parse_sig_time(token->text);
  if (!v) return in.bad_value(field);
  in.out.u32(*v);
  return true;
}

bool parse_ipv4_field(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::uint8_t a[4];
  if (!parse_ipv4(token->text, a)) return in.fail("bad IPv4 address " + quote_token(token->text));
  in.out.bytes(a, 4);
  return true;
}

bool parse_ipv6_field(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::uint8_t a[16];
  if (!parse_ipv6(token->text, a)) return in.fail("bad IPv6 address " + quote_token(token->text));
  in.out.bytes(a, 16);
  return true;
}

// Hex groups of up to `digits` digits joined by `separator`: "00-00-5e-00-53-2a" (EUI,
// exactly two digits) or "2001:db8:1140:1000" (ILNP, one to four).
bool parse_hex_groups(std::string_view text, unsigned groups, unsigned digits, bool exact,
                      char separator, std::uint8_t* out) {
  std::size_t pos = 0;
  for (unsigned g = 0; g < groups; ++g) {
    if (g > 0 && (pos >= text.size() || text[pos++] != separator)) return false;
    unsigned v = 0, n = 0;
    for (; pos < text.size() && n < digits && hex_digit_value(text[pos]) >= 0; ++pos, ++n)
      v = v << 4 | static_cast<unsigned>(hex_digit_value(text[pos]));
    if (n == 0 || (exact && n != digits)) return false;
    for (unsigned i = digits / 2; i-- > 0;)
      *out++ = static_cast<std::uint8_t>(v >> (8 * i));
  }
  return pos == text.size();
}

bool parse_hex_groups_field(TextIn& in, const FieldSpec& field, unsigned groups, unsigned digits,
                            bool exact, char separator) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::uint8_t bytes[8];
  if (!parse_hex_groups(token->text, groups, digits, exact, separator, bytes))
    return in.bad_value(field);
  in.out.bytes(bytes, groups * digits / 2);
  return true;
}

bool parse_name_field(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  Name name;
  NameTextError e = parse_name(token->text, &in.origin, name);
  if (e != NameTextError::kOk)
    return in.fail("bad domain name " + quote_token(token->text) + ": " + to_string(e));
  in.out.bytes(name.data(), name.size());
  return true;
}

// ----- strings -----

bool parse_string(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  return token != nullptr && put_text(in, *token, true);
}

bool parse_strings_to_end(TextIn& in, const FieldSpec& field) {
  if (!parse_string(in, field)) return false;
  while (in.has_more())
    if (!put_text(in, in.take_any(), true)) return false;
  return true;
}

bool parse_caa_tag(TextIn& in, const FieldSpec& field) {
  std::size_t at = in.out.size();
  if (!parse_string(in, field)) return false;
  std::uint8_t length = in.out.data()[at];
  if (length == 0) return in.fail("empty CAA tag");
  for (std::size_t i = 1; i <= length; ++i) {
    std::uint8_t c = in.out.data()[at + i];
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum) return in.fail("CAA tag must be alphanumeric");
  }
  return true;
}

// ----- binary data -----

constexpr const char* kIncompleteBase64 = "incomplete base64";
constexpr const char* kOddHex = "odd number of hex digits";

// Binary data to the end of the RDATA, possibly split over several tokens. `what` names
// the encoding and `incomplete` the way its input can stop short, for messages.
template <typename Decoder>
bool parse_encoded_to_end(TextIn& in, const FieldSpec& field, bool required, const char* what,
                          const char* incomplete) {
  if (!in.has_more()) return required ? in.take(field) != nullptr : true;
  Decoder decoder;
  ByteSink sink = in.out.tail();
  while (in.has_more()) {
    const TextToken& token = in.take_any();
    if (!decoder.feed(token.text, sink))
      return in.fail(std::string("bad ") + what + " in " + in.field_name(field));
  }
  if (!decoder.finish()) return in.fail(std::string(incomplete) + " in " + in.field_name(field));
  if (sink.overflow) return in.fail("RDATA longer than 65535 octets");
  in.out.commit(sink);
  return true;
}

// A length octet, then what `decode` writes; "-" stands for nothing when `dash_is_empty`.
template <typename Decode>
bool parse_counted(TextIn& in, const FieldSpec& field, bool dash_is_empty, Decode decode) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::size_t length_at = in.out.size();
  in.out.u8(0);
  if (dash_is_empty && token->text == "-") return true;
  ByteSink sink = in.out.tail();
  sink.capacity = std::min<std::size_t>(sink.capacity, 255);
  if (!decode(token->text, sink) || sink.size == 0) return in.bad_value(field);
  if (sink.overflow) return in.fail(in.field_name(field) + " longer than 255 octets");
  in.out.commit(sink);
  in.out.data()[length_at] = static_cast<std::uint8_t>(sink.size);
  return true;
}

bool decode_hex_token(std::string_view text, ByteSink& sink) {
  HexDecoder d;
  return d.feed(text, sink) && d.finish();
}

bool parse_nsap(TextIn& in, const FieldSpec& field) {
  const TextToken* token = in.take(field);
  if (token == nullptr) return false;
  std::string_view text = token->text;
  if (text.size() < 3 || text[0] != '0' || (text[1] != 'x' && text[1] != 'X'))
    return in.bad_value(field);
  HexDecoder decoder;
  ByteSink sink = in.out.tail();
  // Dots only group the digits for the reader (RFC 1706 §5).
  for (std::size_t start = 2; start <= text.size();) {
    std::size_t dot = std::min(text.find('.', start), text.size());
    if (!decoder.feed(text.substr(start, dot - start), sink)) return in.bad_value(field);
    start = dot + 1;
  }
  if (!decoder.finish() || sink.size == 0) return in.bad_value(field);
  in.out.commit(sink);
  return true;
}

bool parse_ipsec_gateway(TextIn& in, const FieldSpec& field) {
  switch (in.out.data()[1]) {  // the gateway type, already parsed
    case 0: {
      const TextToken* token = in.take(field);
      if (token == nullptr) return false;
      return token->text == "." ? true : in.fail("IPSECKEY gateway must be '.' for type 0");
    }
    case 1:
      return parse_ipv4_field(in, field);
    case 2:
      return parse_ipv6_field(in, field);
    case 3:
      return parse_name_field(in, field);
    default:
      return in.fail_at(1, "IPSECKEY gateway type must be 0, 1, 2 or 3");
  }
}

bool parse_field(TextIn& in, const FieldSpec& field) {
  switch (field.kind) {
    case FieldKind::kU8:
      return parse_unsigned(in, field, 1);
    case FieldKind::kU16:
      return parse_unsigned(in, field, 2);
    case FieldKind::kU32:
      return parse_unsigned(in, field, 4);
    case FieldKind::kPeriod:
      return parse_period(in, field);
    case FieldKind::kAlgorithm:
    case FieldKind::kCertAlgorithm:
      return parse_algorithm(in, field);
    case FieldKind::kCertType:
      return parse_cert_type(in, field);
    case FieldKind::kTypeCode:
      return parse_type_code(in, field);
    case FieldKind::kTime:
      return parse_time(in, field);
    case FieldKind::kIPv4:
      return parse_ipv4_field(in, field);
    case FieldKind::kIPv6:
      return parse_ipv6_field(in, field);
    case FieldKind::kEui48:
      return parse_hex_groups_field(in, field, 6, 2, true, '-');
    case FieldKind::kEui64:
      return parse_hex_groups_field(in, field, 8, 2, true, '-');
    case FieldKind::kIlnp64:
      return parse_hex_groups_field(in, field, 4, 4, false, ':');
    case FieldKind::kName:
      return parse_name_field(in, field);
    case FieldKind::kString:
      return parse_string(in, field);
    case FieldKind::kOptString:
      return !in.has_more() || parse_string(in, field);
    case FieldKind::kStrings:
      return parse_strings_to_end(in, field);
    case FieldKind::kTextToEnd: {
      const TextToken* token = in.take(field);
      return token != nullptr && put_text(in, *token, false);
    }
    case FieldKind::kCaaTag:
      return parse_caa_tag(in, field);
    case FieldKind::kBase64:
      return parse_encoded_to_end<Base64Decoder>(in, field, true, "base64", kIncompleteBase64);
    case FieldKind::kBase64Opt:
      return parse_encoded_to_end<Base64Decoder>(in, field, false, "base64", kIncompleteBase64);
    case FieldKind::kHex:
      return parse_encoded_to_end<HexDecoder>(in, field, true, "hex", kOddHex);
    case FieldKind::kHexSalt:
      return parse_counted(in, field, true, decode_hex_token);
    case FieldKind::kBase32Hash:
      return parse_counted(in, field, false, decode_base32hex);
    case FieldKind::kTypeBitmap:
      return parse_type_bitmap(in);
    case FieldKind::kNsap:
      return parse_nsap(in, field);
    case FieldKind::kIpsecGateway:
      return parse_ipsec_gateway(in, field);
    case FieldKind::kWksProtocol:
      return parse_wks_protocol(in, field);
    case FieldKind::kWksBitmap:
      return parse_wks_bitmap(in);
    case FieldKind::kLoc:
      return parse_loc(in);
    case FieldKind::kApl:
      return parse_apl(in);
    case FieldKind::kSvcParams:
      return parse_svc_params(in);
  }
  return false;
}

// ----- RFC 3597 -----

bool is_generic_marker(const TextToken& token) {
  return !token.quoted && token.text == "\\#";
}

RdataTextResult fail(std::size_t token, std::string message) {
  RdataTextResult r;
  r.bad_token = token;
  r.error = std::move(message);
  return r;
}

// "\# <length> <hex>...": the hex may be split over tokens; "\# 0" is empty RDATA.
RdataTextResult generic_from_text(std::uint16_t type, std::span<const TextToken> tokens,
                                  std::span<std::uint8_t> out) {
  if (tokens.size() < 2) return fail(tokens.size(), "missing field: \\# length");
  std::uint64_t length;
  NumberStatus s = parse_decimal(tokens[1].text, kMaxRdataLength, length);
  if (s == NumberStatus::kSyntax) return fail(1, "bad \\# length " + quote_token(tokens[1].text));
  if (s == NumberStatus::kRange) return fail(1, "\\# length out of range");
  HexDecoder decoder;
  ByteSink sink{out.data(), std::min(out.size(), kMaxRdataLength)};
  for (std::size_t i = 2; i < tokens.size(); ++i)
    if (!decoder.feed(tokens[i].text, sink)) return fail(i, "bad hex in \\# data");
  if (!decoder.finish()) return fail(tokens.size() - 1, "odd number of hex digits in \\# data");
  if (sink.overflow) return fail(tokens.size() - 1, "\\# data longer than 65535 octets");
  if (sink.size != length)
    return fail(tokens.size() - 1, "\\# length is " + std::to_string(length) +
                                       " but the data has " + std::to_string(sink.size) +
                                       " octets");
  if (!rdata_is_valid(type, {out.data(), sink.size}))
    return fail(0, "\\# data is not valid " + type_to_text(type) + " RDATA");
  RdataTextResult r;
  r.ok = true;
  r.length = static_cast<std::uint16_t>(sink.size);
  return r;
}

}  // namespace

RdataTextResult rdata_from_text(std::uint16_t type, std::span<const TextToken> tokens,
                                NameView origin, std::span<std::uint8_t> out) {
  if (!tokens.empty() && is_generic_marker(tokens[0])) return generic_from_text(type, tokens, out);
  const TypeSpec* spec = find_type(type);
  if (spec == nullptr || spec->fields.empty())
    return fail(0, type_to_text(type) + " RDATA must be given in \\# form");
  RdataTextResult result;
  TextIn in(*spec, tokens, origin, out, result);
  for (const FieldSpec& field : spec->fields)
    if (!parse_field(in, field)) return result;
  if (in.has_more()) {
    in.fail_at(in.next_index(), "too many fields");
    return result;
  }
  if (in.out.overflowed()) return fail(0, "RDATA longer than 65535 octets");
  result.ok = true;
  result.length = static_cast<std::uint16_t>(in.out.size());
  return result;
}

}  // namespace zoned::wire
