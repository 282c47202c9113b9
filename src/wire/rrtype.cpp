// Type and class mnemonics; the type names come from the RDATA layout table.
#include "wire/rrtype.h"

#include "wire/presentation.h"
#include "wire/rrtype_table.h"

namespace zoned::wire {

namespace {

struct ClassName {
  std::string_view text;
  std::uint16_t value;
};
// The first spelling of each class is the one printed.
constexpr ClassName kClasses[] = {
    {"IN", rrclass::IN},   {"CH", rrclass::CH},    {"HS", rrclass::HS},     {"NONE", rrclass::NONE},
    {"ANY", rrclass::ANY}, {"CHAOS", rrclass::CH}, {"HESIOD", rrclass::HS},
};

// The RFC 3597 generic forms "TYPEnnn" and "CLASSnnn" (prefix in either case).
std::optional<std::uint16_t> generic_code(std::string_view text, std::string_view prefix) {
  if (text.size() <= prefix.size() || !iequals(text.substr(0, prefix.size()), prefix))
    return std::nullopt;
  std::uint64_t v;
  if (parse_decimal(text.substr(prefix.size()), 65535, v) != NumberStatus::kOk) return std::nullopt;
  return static_cast<std::uint16_t>(v);
}

std::string generic_text(std::string_view prefix, std::uint16_t code) {
  std::string s(prefix);
  append_decimal(code, s);
  return s;
}

}  // namespace

std::string type_to_text(std::uint16_t type) {
  if (const TypeSpec* t = find_type(type)) return std::string(t->mnemonic);
  return generic_text("TYPE", type);
}

std::optional<std::uint16_t> type_from_text(std::string_view text) {
  if (const TypeSpec* t = find_type(text)) return t->code;
  return generic_code(text, "TYPE");
}

std::string class_to_text(std::uint16_t cls) {
  for (const ClassName& c : kClasses)
    if (c.value == cls) return std::string(c.text);
  return generic_text("CLASS", cls);
}

std::optional<std::uint16_t> class_from_text(std::string_view text) {
  for (const ClassName& c : kClasses)
    if (iequals(c.text, text)) return c.value;
  return generic_code(text, "CLASS");
}

}  // namespace zoned::wire
