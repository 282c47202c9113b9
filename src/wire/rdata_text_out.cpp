// Wire -> presentation, table driven. Anything the typed form cannot print exactly falls
// back to RFC 3597 "\# len hex", so that parsing the output always gives back the same wire.
#include "wire/apl.h"
#include "wire/encoding.h"
#include "wire/loc.h"
#include "wire/presentation.h"
#include "wire/rdata.h"
#include "wire/rdata_wire.h"
#include "wire/rrtype.h"
#include "wire/sig_time.h"
#include "wire/svcb.h"
#include "wire/type_bitmap.h"
#include "wire/wks.h"

namespace zoned::wire {

namespace {

void append_hex_groups(std::span<const std::uint8_t> v, std::size_t group, char separator,
                       std::string& out) {
  for (std::size_t i = 0; i < v.size(); i += group) {
    if (i > 0) out.push_back(separator);
    append_hex_lower(v.subspan(i, group), out);
  }
}

void append_strings(std::span<const std::uint8_t> v, std::string& out) {
  for (std::size_t pos = 0; pos < v.size(); pos += 1 + v[pos]) {
    if (pos > 0) out.push_back(' ');
    append_quoted(v.subspan(pos + 1, v[pos]), out);
  }
}

void append_mnemonic_or_number(std::string_view mnemonic, std::uint64_t value, std::string& out) {
  if (mnemonic.empty()) {
    append_decimal(value, out);
  } else {
    out += mnemonic;
  }
}

void append_ipsec_gateway(std::span<const std::uint8_t> rdata, std::span<const std::uint8_t> v,
                          std::string& out) {
  switch (rdata[1]) {
    case 0:
      out.push_back('.');
      return;
    case 1:
      return append_ipv4(v.data(), out);
    case 2:
      return append_ipv6(v.data(), out);
    default:
      return append_name_text(NameView(v.data(), v.size()), out);
  }
}

// Appends field `v` (a valid slice of `rdata`). False when the field has no text form that
// parses back to the same octets.
bool append_field(const FieldSpec& field, std::span<const std::uint8_t> rdata,
                  std::span<const std::uint8_t> v, std::string& out) {
  switch (field.kind) {
    case FieldKind::kU8:
    case FieldKind::kAlgorithm:
    case FieldKind::kWksProtocol:
      append_decimal(v[0], out);
      return true;
    case FieldKind::kU16:
      append_decimal(read_u16(v.data()), out);
      return true;
    case FieldKind::kU32:
    case FieldKind::kPeriod:
      append_decimal(read_u32(v.data()), out);
      return true;
    case FieldKind::kCertAlgorithm:
      append_mnemonic_or_number(dnssec_algorithm_mnemonic(v[0]), v[0], out);
      return true;
    case FieldKind::kCertType:
      append_mnemonic_or_number(cert_type_mnemonic(read_u16(v.data())), read_u16(v.data()), out);
      return true;
    case FieldKind::kTypeCode:
      out += type_to_text(read_u16(v.data()));
      return true;
    case FieldKind::kTime:
      append_sig_time(read_u32(v.data()), out);
      return true;
    case FieldKind::kIPv4:
      append_ipv4(v.data(), out);
      return true;
    case FieldKind::kIPv6:
      append_ipv6(v.data(), out);
      return true;
    case FieldKind::kEui48:
    case FieldKind::kEui64:
      append_hex_groups(v, 1, '-', out);
      return true;
    case FieldKind::kIlnp64:
      append_hex_groups(v, 2, ':', out);
      return true;
    case FieldKind::kName:
      append_name_text(NameView(v.data(), v.size()), out);
      return true;
    case FieldKind::kString:
    case FieldKind::kOptString:
    case FieldKind::kStrings:
      append_strings(v, out);
      return true;
    case FieldKind::kTextToEnd:
      append_quoted(v, out);
      return true;
    case FieldKind::kCaaTag:  // alphanumeric, so nothing to escape
      out.append(reinterpret_cast<const char*>(v.data() + 1), v.size() - 1);
      return true;
    case FieldKind::kBase64:
    case FieldKind::kBase64Opt:
      append_base64(v, out);
      return !v.empty() || field.kind == FieldKind::kBase64Opt;
    case FieldKind::kHex:
      append_hex_upper(v, out);
      return !v.empty();
    case FieldKind::kHexSalt:
      if (v.size() == 1) out.push_back('-');
      append_hex_upper(v.subspan(1), out);
      return true;
    case FieldKind::kBase32Hash:
      append_base32hex(v.subspan(1), out);
      return true;
    case FieldKind::kTypeBitmap:
      append_type_bitmap(v, out);
      return true;
    case FieldKind::kNsap:
      out += "0x";
      append_hex_lower(v, out);
      return !v.empty();
    case FieldKind::kIpsecGateway:
      append_ipsec_gateway(rdata, v, out);
      return true;
    case FieldKind::kWksBitmap:
      return append_wks_bitmap(v, out);
    case FieldKind::kLoc:
      return append_loc(v, out);
    case FieldKind::kApl:
      return append_apl(v, out);
    case FieldKind::kSvcParams:
      return append_svc_params(read_u16(rdata.data()), v, out);
  }
  return false;
}

// Fields separated by single spaces; a field that prints nothing (an empty bitmap, no key)
// adds no separator either.
bool append_typed(const TypeSpec& spec, std::span<const std::uint8_t> rdata, std::string& out) {
  std::size_t start = out.size();
  std::size_t pos = 0;
  for (const FieldSpec& field : spec.fields) {
    std::size_t end = field_end(field, rdata, pos);
    if (end == kBadField) return false;
    std::size_t before = out.size();
    if (before > start) out.push_back(' ');
    std::size_t content = out.size();
    if (!append_field(field, rdata, rdata.subspan(pos, end - pos), out)) return false;
    if (out.size() == content) out.resize(before);
    pos = end;
  }
  return pos == rdata.size();
}

void append_generic(std::span<const std::uint8_t> rdata, std::string& out) {
  out += "\\# ";
  append_decimal(rdata.size(), out);
  if (rdata.empty()) return;
  out.push_back(' ');
  append_hex_upper(rdata, out);
}

}  // namespace

void rdata_to_text(std::uint16_t type, std::span<const std::uint8_t> rdata, std::string& out) {
  std::size_t start = out.size();
  const TypeSpec* spec = find_type(type);
  bool typed = spec != nullptr && !spec->fields.empty() && rdata.size() <= 65535;
  if (typed && append_typed(*spec, rdata, out)) return;
  out.resize(start);
  append_generic(rdata, out);
}

}  // namespace zoned::wire
