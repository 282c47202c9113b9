// Serial number arithmetic (RFC 1982) with SERIAL_BITS = 32, as SOA serials use it.
#pragma once

#include <cstdint>
#include <optional>

namespace zoned::wire {

enum class SerialOrder : std::uint8_t { kLess, kEqual, kGreater, kUndefined };

// RFC 1982 §3.2. Two serials exactly 2^31 apart have no defined order: callers must not
// treat kUndefined as either "newer" or "older" (a transfer client should not update).
constexpr SerialOrder serial_compare(std::uint32_t a, std::uint32_t b) {
  if (a == b) return SerialOrder::kEqual;
  // Unsigned subtraction wraps modulo 2^32, which is exactly the serial space.
  std::uint32_t forward = b - a;
  if (forward == 0x80000000u) return SerialOrder::kUndefined;
  return forward < 0x80000000u ? SerialOrder::kLess : SerialOrder::kGreater;
}

constexpr bool serial_lt(std::uint32_t a, std::uint32_t b) {
  return serial_compare(a, b) == SerialOrder::kLess;
}
constexpr bool serial_gt(std::uint32_t a, std::uint32_t b) {
  return serial_compare(a, b) == SerialOrder::kGreater;
}

// RFC 1982 §3.1: only additions of 0 .. 2^31-1 are defined; anything larger has no result.
constexpr std::optional<std::uint32_t> serial_add(std::uint32_t s, std::uint32_t n) {
  if (n > 0x7FFFFFFFu) return std::nullopt;
  return static_cast<std::uint32_t>(s + n);
}

// The serial a primary should use after `current` when it wants at least `wanted` (for
// example a date-based serial): `wanted` when it is newer, otherwise `current` + 1. The
// result is always strictly newer than `current`.
constexpr std::uint32_t serial_next(std::uint32_t current, std::uint32_t wanted) {
  return serial_gt(wanted, current) ? wanted : static_cast<std::uint32_t>(current + 1);
}

}  // namespace zoned::wire
