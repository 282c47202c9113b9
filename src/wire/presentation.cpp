#include "wire/presentation.h"

#include <arpa/inet.h>

#include <charconv>
#include <cstring>

#include "wire/name.h"

namespace zoned::wire {

NumberStatus parse_decimal(std::string_view text, std::uint64_t max, std::uint64_t& out) {
  if (text.empty()) return NumberStatus::kSyntax;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return NumberStatus::kSyntax;
    v = v * 10 + static_cast<unsigned>(c - '0');
    // Checked per digit so that even 30-digit inputs cannot wrap around.
    if (v > max) {
      for (char rest : text)
        if (rest < '0' || rest > '9') return NumberStatus::kSyntax;
      return NumberStatus::kRange;
    }
  }
  out = v;
  return NumberStatus::kOk;
}

UnescapeStatus unescape_text(std::string_view text, std::uint8_t* out, std::size_t capacity,
                             std::size_t& length) {
  std::size_t n = 0;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    unsigned char c = static_cast<unsigned char>(*p++);
    if (c == '\\') {
      if (p == end) return UnescapeStatus::kBadEscape;
      c = static_cast<unsigned char>(*p++);
      if (c >= '0' && c <= '9') {
        if (end - p < 2) return UnescapeStatus::kBadEscape;
        unsigned d1 = static_cast<unsigned char>(p[0]) - '0';
        unsigned d2 = static_cast<unsigned char>(p[1]) - '0';
        if (d1 > 9 || d2 > 9) return UnescapeStatus::kBadEscape;
        unsigned v = (c - '0') * 100u + d1 * 10u + d2;
        if (v > 255) return UnescapeStatus::kBadEscape;
        c = static_cast<unsigned char>(v);
        p += 2;
      }
    }
    if (n == capacity) return UnescapeStatus::kTooLong;
    out[n++] = c;
  }
  length = n;
  return UnescapeStatus::kOk;
}

namespace {
// Characters taken by the plain character or escape at `pos`: 1, 2 (\X) or 4 (\DDD).
std::size_t escape_width(std::string_view text, std::size_t pos) {
  if (text[pos] != '\\') return 1;
  bool decimal = pos + 1 < text.size() && text[pos + 1] >= '0' && text[pos + 1] <= '9';
  return decimal ? 4 : 2;
}
}  // namespace

bool Unescaper::next(std::uint8_t& octet) {
  if (pos_ >= text_.size()) return false;
  std::size_t n = escape_width(text_, pos_);
  std::size_t length = 0;
  if (pos_ + n > text_.size() ||
      unescape_text(text_.substr(pos_, n), &octet, 1, length) != UnescapeStatus::kOk) {
    bad_ = true;
    pos_ = text_.size();
    return false;
  }
  pos_ += n;
  return true;
}

void append_escaped(std::span<const std::uint8_t> text, std::string& out) {
  for (std::uint8_t c : text) {
    if (c == '"' || c == '\\') {
      out.push_back('\\');
      out.push_back(static_cast<char>(c));
    } else if (c >= 0x20 && c < 0x7f) {
      out.push_back(static_cast<char>(c));
    } else {
      char esc[4] = {'\\', static_cast<char>('0' + c / 100), static_cast<char>('0' + c / 10 % 10),
                     static_cast<char>('0' + c % 10)};
      out.append(esc, 4);
    }
  }
}

void append_quoted(std::span<const std::uint8_t> text, std::string& out) {
  out.push_back('"');
  append_escaped(text, out);
  out.push_back('"');
}

void append_decimal(std::uint64_t value, std::string& out) {
  char buf[20];
  auto r = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, r.ptr);
}

void append_hundredths(std::int64_t value, std::string& out) {
  std::uint64_t magnitude = value < 0 ? 0 - static_cast<std::uint64_t>(value) : value;
  if (value < 0) out.push_back('-');
  append_decimal(magnitude / 100, out);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + magnitude % 100 / 10));
  out.push_back(static_cast<char>('0' + magnitude % 10));
}

bool parse_ipv4(std::string_view text, std::uint8_t out[4]) {
  std::size_t pos = 0;
  for (int part = 0; part < 4; ++part) {
    if (part > 0) {
      if (pos >= text.size() || text[pos] != '.') return false;
      ++pos;
    }
    std::size_t start = pos;
    unsigned v = 0;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9' && pos - start < 3)
      v = v * 10 + static_cast<unsigned>(text[pos++] - '0');
    std::size_t digits = pos - start;
    // Leading zeros are refused: some stacks read "010" as octal.
    if (digits == 0 || v > 255 || (digits > 1 && text[start] == '0')) return false;
    out[part] = static_cast<std::uint8_t>(v);
  }
  return pos == text.size();
}

bool parse_ipv6(std::string_view text, std::uint8_t out[16]) {
  char buf[INET6_ADDRSTRLEN];
  if (text.size() >= sizeof buf) return false;
  std::memcpy(buf, text.data(), text.size());
  buf[text.size()] = '\0';
  return inet_pton(AF_INET6, buf, out) == 1;
}

void append_ipv4(const std::uint8_t address[4], std::string& out) {
  for (int i = 0; i < 4; ++i) {
    if (i > 0) out.push_back('.');
    append_decimal(address[i], out);
  }
}

void append_ipv6(const std::uint8_t address[16], std::string& out) {
  char buf[INET6_ADDRSTRLEN];
  if (inet_ntop(AF_INET6, address, buf, sizeof buf) != nullptr) out.append(buf);
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (ascii_lower(static_cast<std::uint8_t>(a[i])) !=
        ascii_lower(static_cast<std::uint8_t>(b[i])))
      return false;
  }
  return true;
}

}  // namespace zoned::wire
