// Placeholder until the RR type table lands.
#include "wire/rdata.h"

namespace zoned::wire {
RdataTextResult rdata_from_text(std::uint16_t, std::span<const TextToken>, NameView,
                                std::span<std::uint8_t>) {
  RdataTextResult r;
  r.error = "not implemented";
  return r;
}
void rdata_to_text(std::uint16_t, std::span<const std::uint8_t>, std::string&) {}
bool rdata_is_valid(std::uint16_t, std::span<const std::uint8_t>) {
  return true;
}
void rdata_canonicalize(std::uint16_t, std::span<std::uint8_t>) {}
}  // namespace zoned::wire
