#include "zone/soa_advice.h"

namespace zoned::zone {
namespace {

std::uint32_t field(std::span<const std::uint8_t> rdata, std::size_t from_end) {
  const std::uint8_t* p = rdata.data() + rdata.size() - from_end;
  return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) |
         p[3];
}

}  // namespace

std::vector<std::string> soa_timer_advice(std::span<const std::uint8_t> soa_rdata) {
  std::vector<std::string> advice;
  if (soa_rdata.size() < 20) return advice;
  const std::uint32_t refresh = field(soa_rdata, 16);
  const std::uint32_t retry = field(soa_rdata, 12);
  const std::uint32_t expire = field(soa_rdata, 8);
  if (retry >= refresh) {
    advice.push_back("SOA retry " + std::to_string(retry) + " is not shorter than refresh " +
                     std::to_string(refresh) +
                     ": secondaries retry a failed refresh no sooner than the next one "
                     "(3600 and 600 are common)");
  }
  if (std::uint64_t{expire} <= std::uint64_t{refresh} + retry) {
    advice.push_back("SOA expire " + std::to_string(expire) +
                     " is not longer than refresh + retry (" +
                     std::to_string(std::uint64_t{refresh} + retry) +
                     "): secondaries stop answering after one failed refresh (1209600, two "
                     "weeks, is common)");
  }
  return advice;
}

}  // namespace zoned::zone
