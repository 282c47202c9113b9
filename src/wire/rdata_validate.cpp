// Structural checks of wire RDATA, and the per-field walks that need no presentation:
// canonical lowercasing and locating embedded names.
#include "wire/rdata.h"
#include "wire/rdata_wire.h"

namespace zoned::wire {

namespace {

// Calls fn(field, begin, end) for each field of valid RDATA of a type with a layout.
template <typename Fn>
void for_each_field(const TypeSpec& spec, std::span<const std::uint8_t> rdata, Fn fn) {
  std::size_t pos = 0;
  for (const FieldSpec& field : spec.fields) {
    std::size_t end = field_end(field, rdata, pos);
    if (end == kBadField) return;
    fn(field, pos, end);
    pos = end;
  }
}

bool has_layout(const TypeSpec* spec) {
  return spec != nullptr && !spec->fields.empty();
}

}  // namespace

bool rdata_is_valid(std::uint16_t type, std::span<const std::uint8_t> rdata) {
  if (rdata.size() > 65535) return false;
  const TypeSpec* spec = find_type(type);
  if (!has_layout(spec)) return true;  // opaque to us, as RFC 3597 treats unknown types
  std::size_t pos = 0;
  for (const FieldSpec& field : spec->fields) {
    pos = field_end(field, rdata, pos);
    if (pos == kBadField) return false;
  }
  return pos == rdata.size();
}

void rdata_canonicalize(std::uint16_t type, std::span<std::uint8_t> rdata) {
  const TypeSpec* spec = find_type(type);
  if (!has_layout(spec)) return;
  for_each_field(*spec, rdata, [&](const FieldSpec& field, std::size_t begin, std::size_t end) {
    if (field.kind != FieldKind::kName || (field.name_flags & kNameLowercase) == 0) return;
    for (std::size_t i = begin; i < end; ++i)
      rdata[i] = ascii_lower(rdata[i]);
  });
}

RdataNames rdata_names(std::uint16_t type, std::span<const std::uint8_t> rdata) {
  RdataNames result;
  const TypeSpec* spec = find_type(type);
  if (!has_layout(spec)) return result;
  for_each_field(*spec, rdata, [&](const FieldSpec& field, std::size_t begin, std::size_t end) {
    bool gateway_name = field.kind == FieldKind::kIpsecGateway && rdata[1] == 3;
    if ((field.kind != FieldKind::kName && !gateway_name) || result.count == result.names.size())
      return;
    result.names[result.count++] = {static_cast<std::uint16_t>(begin),
                                    static_cast<std::uint16_t>(end - begin),
                                    (field.name_flags & kNameCompress) != 0};
  });
  return result;
}

}  // namespace zoned::wire
