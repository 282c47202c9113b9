#include "wire/loc.h"

#include "wire/presentation.h"
#include "wire/rdata_text_in.h"

namespace zoned::wire {

namespace {

constexpr std::uint32_t kEquator = 0x80000000u;  // latitude/longitude zero on the wire
constexpr std::int64_t kMsPerDegree = 3600000;
constexpr std::int64_t kAltitudeBase = 10000000;     // cm below the WGS 84 spheroid
constexpr std::uint64_t kMaxSizeCm = 9000000000ull;  // 9e9: mantissa 9, exponent 9
constexpr std::uint64_t kDefaultSizeCm = 100, kDefaultHorizontalCm = 1000000,
                        kDefaultVerticalCm = 1000;

bool is_hemisphere(std::string_view t, char positive, char negative) {
  return t.size() == 1 && (ascii_lower(static_cast<std::uint8_t>(t[0])) == (positive | 0x20) ||
                           ascii_lower(static_cast<std::uint8_t>(t[0])) == (negative | 0x20));
}

// "123.45", optionally signed and optionally followed by "m", as hundredths.
bool parse_hundredths(std::string_view t, bool allow_sign, std::int64_t& out) {
  if (!t.empty() && (t.back() == 'm' || t.back() == 'M')) t.remove_suffix(1);
  bool negative = allow_sign && !t.empty() && t[0] == '-';
  if (negative) t.remove_prefix(1);
  std::size_t dot = t.find('.');
  std::string_view whole = t.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : t.substr(dot + 1);
  if ((whole.empty() && fraction.empty()) || fraction.size() > 2 || whole.size() > 12) return false;
  if (dot != std::string_view::npos && fraction.empty()) return false;
  std::uint64_t w = 0, f = 0;
  if (!whole.empty() && parse_decimal(whole, 999999999999ull, w) != NumberStatus::kOk) return false;
  if (!fraction.empty() && parse_decimal(fraction, 99, f) != NumberStatus::kOk) return false;
  if (fraction.size() == 1) f *= 10;
  std::int64_t v = static_cast<std::int64_t>(w * 100 + f);
  out = negative ? -v : v;
  return true;
}

// "23" or "23.5" or "23.123" seconds, as milliseconds.
bool parse_seconds(std::string_view t, std::uint32_t& ms) {
  std::size_t dot = t.find('.');
  std::string_view whole = t.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : t.substr(dot + 1);
  std::uint64_t s, f = 0;
  if (parse_decimal(whole, 59, s) != NumberStatus::kOk) return false;
  if (dot != std::string_view::npos) {
    if (fraction.empty() || fraction.size() > 3) return false;
    if (parse_decimal(fraction, 999, f) != NumberStatus::kOk) return false;
    for (std::size_t i = fraction.size(); i < 3; ++i)
      f *= 10;
  }
  ms = static_cast<std::uint32_t>(s * 1000 + f);
  return true;
}

// d [m [s]] hemisphere, into the RFC 1876 wire value.
bool parse_coordinate(TextIn& in, const FieldSpec& field, unsigned max_degrees, char positive,
                      char negative, std::uint32_t& wire) {
  std::uint64_t degrees, minutes = 0;
  std::uint32_t ms = 0;
  if (!take_number(in, field, max_degrees, degrees)) return false;
  const TextToken* t = in.take(field);
  if (t == nullptr) return false;
  if (!is_hemisphere(t->text, positive, negative)) {
    if (parse_decimal(t->text, 59, minutes) != NumberStatus::kOk)
      return in.fail("bad LOC " + std::string(field.label) + " minutes " + quote_token(t->text));
    if ((t = in.take(field)) == nullptr) return false;
    if (!is_hemisphere(t->text, positive, negative)) {
      if (!parse_seconds(t->text, ms))
        return in.fail("bad LOC " + std::string(field.label) + " seconds " + quote_token(t->text));
      if ((t = in.take(field)) == nullptr) return false;
      if (!is_hemisphere(t->text, positive, negative))
        return in.fail("bad LOC " + std::string(field.label) + " hemisphere " +
                       quote_token(t->text));
    }
  }
  std::int64_t total = static_cast<std::int64_t>((degrees * 60 + minutes) * 60000 + ms);
  if (total > max_degrees * kMsPerDegree) return in.out_of_range(field);
  bool south_or_west = ascii_lower(static_cast<std::uint8_t>(t->text[0])) == (negative | 0x20);
  wire = static_cast<std::uint32_t>(kEquator + (south_or_west ? -total : total));
  return true;
}

// RFC 1876 size encoding: mantissa << 4 | exponent, value = mantissa * 10^exponent cm,
// rounded down as BIND and dnspython do.
std::uint8_t encode_size(std::uint64_t cm) {
  unsigned exponent = 0;
  while (cm >= 10) {
    cm /= 10;
    ++exponent;
  }
  return static_cast<std::uint8_t>(cm << 4 | exponent);
}

std::uint64_t decode_size(std::uint8_t v) {
  std::uint64_t cm = v >> 4;
  for (unsigned i = 0; i < (v & 15u); ++i)
    cm *= 10;
  return cm;
}

bool size_is_valid(std::uint8_t v) {
  return (v >> 4) <= 9 && (v & 15) <= 9;
}

constexpr FieldSpec kLatitude{FieldKind::kLoc, 0, "latitude"};
constexpr FieldSpec kLongitude{FieldKind::kLoc, 0, "longitude"};
constexpr FieldSpec kAltitude{FieldKind::kLoc, 0, "altitude"};
constexpr FieldSpec kSizes[] = {{FieldKind::kLoc, 0, "size"},
                                {FieldKind::kLoc, 0, "horizontal precision"},
                                {FieldKind::kLoc, 0, "vertical precision"}};

void append_coordinate(std::uint32_t wire, char positive, char negative, std::string& out) {
  std::int64_t v = static_cast<std::int64_t>(wire) - kEquator;
  std::uint64_t ms = static_cast<std::uint64_t>(v < 0 ? -v : v);
  append_decimal(ms / kMsPerDegree, out);
  out.push_back(' ');
  append_decimal(ms / 60000 % 60, out);
  out.push_back(' ');
  append_decimal(ms / 1000 % 60, out);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + ms % 1000 / 100));
  out.push_back(static_cast<char>('0' + ms % 100 / 10));
  out.push_back(static_cast<char>('0' + ms % 10));
  out.push_back(' ');
  out.push_back(v < 0 ? negative : positive);
}

}  // namespace

bool parse_loc(TextIn& in) {
  std::uint32_t latitude, longitude;
  if (!parse_coordinate(in, kLatitude, 90, 'N', 'S', latitude)) return false;
  if (!parse_coordinate(in, kLongitude, 180, 'E', 'W', longitude)) return false;
  const TextToken* t = in.take(kAltitude);
  if (t == nullptr) return false;
  std::int64_t altitude;
  if (!parse_hundredths(t->text, true, altitude)) return in.bad_value(kAltitude);
  if (altitude < -kAltitudeBase || altitude > 0xffffffffll - kAltitudeBase)
    return in.out_of_range(kAltitude);
  std::uint8_t sizes[3] = {encode_size(kDefaultSizeCm), encode_size(kDefaultHorizontalCm),
                           encode_size(kDefaultVerticalCm)};
  for (int i = 0; i < 3 && in.has_more(); ++i) {
    const TextToken& token = in.take_any();
    std::int64_t cm;
    if (!parse_hundredths(token.text, false, cm)) return in.bad_value(kSizes[i]);
    if (static_cast<std::uint64_t>(cm) > kMaxSizeCm) return in.out_of_range(kSizes[i]);
    sizes[i] = encode_size(static_cast<std::uint64_t>(cm));
  }
  in.out.u8(0);  // version
  in.out.bytes(sizes, 3);
  in.out.u32(latitude);
  in.out.u32(longitude);
  in.out.u32(static_cast<std::uint32_t>(altitude + kAltitudeBase));
  return true;
}

bool loc_is_valid(std::span<const std::uint8_t> rdata) {
  if (!rdata.empty() && rdata[0] != 0) return true;
  if (rdata.size() != 16) return false;
  if (!size_is_valid(rdata[1]) || !size_is_valid(rdata[2]) || !size_is_valid(rdata[3]))
    return false;
  std::int64_t latitude = static_cast<std::int64_t>(read_u32(&rdata[4])) - kEquator;
  std::int64_t longitude = static_cast<std::int64_t>(read_u32(&rdata[8])) - kEquator;
  return latitude >= -90 * kMsPerDegree && latitude <= 90 * kMsPerDegree &&
         longitude >= -180 * kMsPerDegree && longitude <= 180 * kMsPerDegree;
}

bool append_loc(std::span<const std::uint8_t> rdata, std::string& out) {
  if (rdata.size() != 16 || rdata[0] != 0) return false;
  for (int i = 1; i <= 3; ++i)
    if ((rdata[i] >> 4) == 0 && (rdata[i] & 15) != 0) return false;
  append_coordinate(read_u32(&rdata[4]), 'N', 'S', out);
  out.push_back(' ');
  append_coordinate(read_u32(&rdata[8]), 'E', 'W', out);
  out.push_back(' ');
  append_hundredths(static_cast<std::int64_t>(read_u32(&rdata[12])) - kAltitudeBase, out);
  out.push_back('m');
  std::uint64_t sizes[3] = {decode_size(rdata[1]), decode_size(rdata[2]), decode_size(rdata[3])};
  if (sizes[0] == kDefaultSizeCm && sizes[1] == kDefaultHorizontalCm &&
      sizes[2] == kDefaultVerticalCm)
    return true;
  for (std::uint64_t cm : sizes) {
    out.push_back(' ');
    append_hundredths(static_cast<std::int64_t>(cm), out);
    out.push_back('m');
  }
  return true;
}

}  // namespace zoned::wire
