#include "wire/rdata_wire.h"

#include "wire/apl.h"
#include "wire/loc.h"
#include "wire/name.h"
#include "wire/svcb.h"
#include "wire/type_bitmap.h"

namespace zoned::wire {

namespace {

std::size_t fixed(std::span<const std::uint8_t> rdata, std::size_t pos, std::size_t size) {
  return rdata.size() - pos >= size ? pos + size : kBadField;
}

// A length octet and that many octets, the length at least `min_length`.
std::size_t counted(std::span<const std::uint8_t> rdata, std::size_t pos, std::size_t min_length) {
  if (pos >= rdata.size() || rdata[pos] < min_length) return kBadField;
  return fixed(rdata, pos, 1u + rdata[pos]);
}

std::size_t strings_to_end(std::span<const std::uint8_t> rdata, std::size_t pos) {
  if (pos == rdata.size()) return kBadField;  // at least one string
  while (pos < rdata.size()) {
    pos = counted(rdata, pos, 0);
    if (pos == kBadField) return kBadField;
  }
  return pos;
}

std::size_t caa_tag_end(std::span<const std::uint8_t> rdata, std::size_t pos) {
  std::size_t end = counted(rdata, pos, 1);
  if (end == kBadField) return kBadField;
  for (std::size_t i = pos + 1; i < end; ++i) {
    std::uint8_t c = rdata[i];
    bool alnum = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    if (!alnum) return kBadField;
  }
  return end;
}

std::size_t name_end(std::span<const std::uint8_t> rdata, std::size_t pos) {
  std::size_t n = name_length(rdata, pos);
  return n == 0 ? kBadField : pos + n;
}

std::size_t ipsec_gateway_end(std::span<const std::uint8_t> rdata, std::size_t pos) {
  switch (rdata[1]) {  // the gateway type; the table puts the gateway after it
    case 0:
      return pos;
    case 1:
      return fixed(rdata, pos, 4);
    case 2:
      return fixed(rdata, pos, 16);
    case 3:
      return name_end(rdata, pos);
    default:
      return kBadField;
  }
}

// Fields that take the rest of the RDATA, valid when `check` accepts it.
template <typename Check>
std::size_t rest_if(std::span<const std::uint8_t> rdata, std::size_t pos, Check check) {
  return check(rdata.subspan(pos)) ? rdata.size() : kBadField;
}

}  // namespace

std::size_t name_length(std::span<const std::uint8_t> rdata, std::size_t pos) {
  std::size_t at = pos;
  while (at < rdata.size()) {
    std::uint8_t length = rdata[at];
    if (length > kMaxLabelLength) return 0;
    at += 1u + length;
    if (at - pos > kMaxNameLength) return 0;
    if (length == 0) return at - pos;
  }
  return 0;
}

std::size_t field_end(const FieldSpec& field, std::span<const std::uint8_t> rdata,
                      std::size_t pos) {
  switch (field.kind) {
    case FieldKind::kU8:
    case FieldKind::kAlgorithm:
    case FieldKind::kCertAlgorithm:
    case FieldKind::kWksProtocol:
      return fixed(rdata, pos, 1);
    case FieldKind::kU16:
    case FieldKind::kCertType:
    case FieldKind::kTypeCode:
      return fixed(rdata, pos, 2);
    case FieldKind::kU32:
    case FieldKind::kPeriod:
    case FieldKind::kTime:
    case FieldKind::kIPv4:
      return fixed(rdata, pos, 4);
    case FieldKind::kIPv6:
      return fixed(rdata, pos, 16);
    case FieldKind::kEui48:
      return fixed(rdata, pos, 6);
    case FieldKind::kEui64:
    case FieldKind::kIlnp64:
      return fixed(rdata, pos, 8);
    case FieldKind::kName:
      return name_end(rdata, pos);
    case FieldKind::kString:
    case FieldKind::kHexSalt:
      return counted(rdata, pos, 0);
    case FieldKind::kOptString:
      return pos == rdata.size() ? pos : counted(rdata, pos, 0);
    case FieldKind::kStrings:
      return strings_to_end(rdata, pos);
    case FieldKind::kCaaTag:
      return caa_tag_end(rdata, pos);
    case FieldKind::kBase32Hash:
      return counted(rdata, pos, 1);
    case FieldKind::kTextToEnd:
    case FieldKind::kBase64:
    case FieldKind::kBase64Opt:
    case FieldKind::kHex:
    case FieldKind::kNsap:
    case FieldKind::kWksBitmap:
      return rdata.size();
    case FieldKind::kTypeBitmap:
      return rest_if(rdata, pos, type_bitmap_is_valid);
    case FieldKind::kIpsecGateway:
      return ipsec_gateway_end(rdata, pos);
    case FieldKind::kLoc:
      return rest_if(rdata, pos, loc_is_valid);
    case FieldKind::kApl:
      return rest_if(rdata, pos, apl_is_valid);
    case FieldKind::kSvcParams:
      return rest_if(rdata, pos, svc_params_are_valid);
  }
  return kBadField;
}

}  // namespace zoned::wire
