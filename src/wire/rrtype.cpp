// Placeholder until the RR type table lands.
#include "wire/rrtype.h"

namespace zoned::wire {
std::string type_to_text(std::uint16_t type) {
  return "TYPE" + std::to_string(type);
}
std::optional<std::uint16_t> type_from_text(std::string_view) {
  return std::nullopt;
}
std::string class_to_text(std::uint16_t cls) {
  return "CLASS" + std::to_string(cls);
}
std::optional<std::uint16_t> class_from_text(std::string_view) {
  return std::nullopt;
}
}  // namespace zoned::wire
