#include "wire/ttl_text.h"

namespace zoned::wire {

std::optional<std::uint32_t> parse_ttl(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::uint64_t total = 0;
  std::uint64_t number = 0;
  bool have_digit = false;
  bool used_unit = false;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      number = number * 10 + static_cast<unsigned>(c - '0');
      if (number > 0xffffffffull) return std::nullopt;
      have_digit = true;
      continue;
    }
    if (!have_digit) return std::nullopt;
    std::uint64_t unit;
    switch (c) {
      case 'w':
      case 'W':
        unit = 604800;
        break;
      case 'd':
      case 'D':
        unit = 86400;
        break;
      case 'h':
      case 'H':
        unit = 3600;
        break;
      case 'm':
      case 'M':
        unit = 60;
        break;
      case 's':
      case 'S':
        unit = 1;
        break;
      default:
        return std::nullopt;
    }
    total += number * unit;
    if (total > 0xffffffffull) return std::nullopt;
    number = 0;
    have_digit = false;
    used_unit = true;
  }
  if (have_digit) {
    // A trailing bare number after units ("1h30") counts as seconds, as BIND reads it.
    total += number;
  } else if (!used_unit) {
    return std::nullopt;
  }
  if (total > 0xffffffffull) return std::nullopt;
  return static_cast<std::uint32_t>(total);
}

}  // namespace zoned::wire
