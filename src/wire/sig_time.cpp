#include "wire/sig_time.h"

#include "wire/presentation.h"

namespace zoned::wire {

namespace {

// Howard Hinnant's days_from_civil / civil_from_days, for the proleptic Gregorian calendar.
std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct Civil {
  std::int64_t year;
  unsigned month, day;
};

Civil civil_from_days(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

unsigned days_in_month(std::int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  return month == 2 && leap ? 29 : kDays[month - 1];
}

unsigned digits_value(std::string_view text, std::size_t at, std::size_t count) {
  unsigned v = 0;
  for (std::size_t i = at; i < at + count; ++i)
    v = v * 10 + static_cast<unsigned>(text[i] - '0');
  return v;
}

std::optional<std::uint32_t> parse_calendar_time(std::string_view text) {
  for (char c : text)
    if (c < '0' || c > '9') return std::nullopt;
  std::int64_t year = digits_value(text, 0, 4);
  unsigned month = digits_value(text, 4, 2), day = digits_value(text, 6, 2);
  unsigned hour = digits_value(text, 8, 2), minute = digits_value(text, 10, 2);
  unsigned second = digits_value(text, 12, 2);
  if (year < 1970 || month < 1 || month > 12 || day < 1 || day > days_in_month(year, month) ||
      hour > 23 || minute > 59 || second > 59)
    return std::nullopt;
  std::int64_t t = days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
  if (t > 0xffffffffll) return std::nullopt;
  return static_cast<std::uint32_t>(t);
}

void append_two_digits(unsigned v, std::string& out) {
  out.push_back(static_cast<char>('0' + v / 10));
  out.push_back(static_cast<char>('0' + v % 10));
}

}  // namespace

std::optional<std::uint32_t> parse_sig_time(std::string_view text) {
  if (text.size() == 14) return parse_calendar_time(text);
  std::uint64_t v;
  if (text.size() > 10 || parse_decimal(text, 0xffffffffu, v) != NumberStatus::kOk)
    return std::nullopt;
  return static_cast<std::uint32_t>(v);
}

void append_sig_time(std::uint32_t seconds, std::string& out) {
  Civil c = civil_from_days(seconds / 86400);
  unsigned in_day = seconds % 86400;
  append_decimal(static_cast<std::uint64_t>(c.year), out);
  append_two_digits(c.month, out);
  append_two_digits(c.day, out);
  append_two_digits(in_day / 3600, out);
  append_two_digits(in_day / 60 % 60, out);
  append_two_digits(in_day % 60, out);
}

}  // namespace zoned::wire
