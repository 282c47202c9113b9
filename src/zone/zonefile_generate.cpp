#include "zone/zonefile_generate.h"

#include <charconv>
#include <limits>

namespace zoned::zone {

namespace {

constexpr std::uint32_t kMaxRangeValue = 0x7fffffff;
// Widths beyond a name's length can only produce errors later; refuse them up front so a
// template can never ask for gigabytes of zeros.
constexpr std::uint32_t kMaxWidth = 255;

bool parse_decimal(std::string_view text, std::uint32_t& out) {
  if (text.empty() || text.size() > 10) return false;
  std::uint64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return false;
    v = v * 10 + static_cast<unsigned>(c - '0');
  }
  if (v > std::numeric_limits<std::uint32_t>::max()) return false;
  out = static_cast<std::uint32_t>(v);
  return true;
}

// Reads an optionally signed decimal at text[i...] (BIND's "%d").
bool parse_signed(std::string_view text, std::size_t& i, std::int64_t& out) {
  bool negative = false;
  if (i < text.size() && (text[i] == '-' || text[i] == '+')) negative = text[i++] == '-';
  std::size_t first = i;
  std::int64_t v = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    v = v * 10 + (text[i++] - '0');
    if (v > std::numeric_limits<std::int32_t>::max()) return false;
  }
  if (i == first) return false;
  out = negative ? -v : v;
  return true;
}

bool parse_unsigned(std::string_view text, std::size_t& i, std::uint32_t& out) {
  std::size_t first = i;
  std::uint64_t v = 0;
  while (i < text.size() && text[i] >= '0' && text[i] <= '9') {
    v = v * 10 + static_cast<unsigned>(text[i++] - '0');
    if (v > kMaxWidth) return false;
  }
  if (i == first) return false;
  out = static_cast<std::uint32_t>(v);
  return true;
}

void append_nibbles(std::uint32_t value, std::uint32_t width, bool upper, std::string& out) {
  const char* digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
  // Least significant nibble first, one label each; the width includes the dots, and a
  // trailing dot is written when the width asks for one (BIND's nibbles()).
  do {
    out.push_back(digits[value & 0xf]);
    value >>= 4;
    if (width > 0) --width;
    if (width > 0 || value != 0) {
      out.push_back('.');
      if (width > 0) --width;
    }
  } while (value != 0 || width > 0);
}

}  // namespace

bool parse_generate_range(std::string_view text, GenerateRange& out, std::string& error) {
  std::size_t dash = text.find('-');
  std::size_t slash = text.find('/');
  std::string_view start = text.substr(0, dash);
  std::string_view stop =
      dash == std::string_view::npos
          ? std::string_view()
          : text.substr(dash + 1, slash == std::string_view::npos ? std::string_view::npos
                                                                  : slash - dash - 1);
  GenerateRange r;
  bool ok = dash != std::string_view::npos && (slash == std::string_view::npos || slash > dash) &&
            parse_decimal(start, r.start) && parse_decimal(stop, r.stop);
  if (ok && slash != std::string_view::npos) ok = parse_decimal(text.substr(slash + 1), r.step);
  if (!ok) {
    error = "bad $GENERATE range, expected start-stop[/step]";
    return false;
  }
  if (r.start > kMaxRangeValue || r.stop > kMaxRangeValue || r.step > kMaxRangeValue) {
    error = "$GENERATE range values must not exceed 2147483647";
    return false;
  }
  if (r.start > r.stop) {
    error = "$GENERATE range start is above its stop";
    return false;
  }
  if (r.step == 0) {
    error = "$GENERATE step must be at least 1";
    return false;
  }
  out = r;
  return true;
}

void append_generated_number(std::int64_t value, std::uint32_t width, char base, std::string& out) {
  if (base == 'n' || base == 'N') {
    // BIND formats negative values from a signed int; their 32-bit pattern is what it means.
    append_nibbles(static_cast<std::uint32_t>(value), width, base == 'N', out);
    return;
  }
  char digits[32];
  char* end = digits;
  if (base == 'd') {
    std::uint64_t magnitude = value < 0 ? static_cast<std::uint64_t>(-value) : value;
    end = std::to_chars(digits, digits + sizeof digits, magnitude).ptr;
  } else {
    int radix = base == 'o' ? 8 : 16;
    auto bits = static_cast<std::uint32_t>(value);  // printf's %o/%x of a negative int
    end = std::to_chars(digits, digits + sizeof digits, bits, radix).ptr;
    if (base == 'X') {
      for (char* c = digits; c != end; ++c)
        if (*c >= 'a' && *c <= 'f') *c = static_cast<char>(*c - 'a' + 'A');
    }
  }
  bool minus = base == 'd' && value < 0;
  std::size_t length = static_cast<std::size_t>(end - digits) + (minus ? 1 : 0);
  if (minus) out.push_back('-');
  if (width > length) out.append(width - length, '0');
  out.append(digits, end);
}

bool GenerateTemplate::compile(std::string_view text, std::string& error) {
  pieces_.clear();
  std::size_t literal_start = 0;
  auto flush_literal = [&](std::size_t until) {
    if (until > literal_start)
      pieces_.push_back({text.substr(literal_start, until - literal_start)});
  };
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '\\') {
      i += i + 1 < text.size() ? 2 : 1;  // escapes stay as written, for the name parser
      continue;
    }
    if (c != '$') {
      ++i;
      continue;
    }
    flush_literal(i);
    ++i;
    if (i < text.size() && text[i] == '$') {
      pieces_.push_back({text.substr(i, 1)});  // "$$": a literal '$'
      literal_start = ++i;
      continue;
    }
    Piece piece;
    piece.substitution = true;
    if (i < text.size() && text[i] == '{' && !parse_modifier(text, i, piece, error)) return false;
    pieces_.push_back(piece);
    literal_start = i;
  }
  flush_literal(text.size());
  return true;
}

// text[i] is '{'; reads "{offset[,width[,base]]}" and leaves i after the '}'.
bool GenerateTemplate::parse_modifier(std::string_view text, std::size_t& i, Piece& piece,
                                      std::string& error) {
  std::size_t open = i++;
  bool ok = parse_signed(text, i, piece.offset);
  if (ok && i < text.size() && text[i] == ',') {
    ++i;
    ok = parse_unsigned(text, i, piece.width);
    if (ok && i < text.size() && text[i] == ',') {
      ++i;
      ok = i < text.size() && std::string_view("doxXnN").find(text[i]) != std::string_view::npos;
      if (ok) piece.base = text[i++];
    }
  }
  if (!ok || i >= text.size() || text[i] != '}') {
    std::size_t close = text.find('}', open);
    std::string_view shown =
        text.substr(open, close == std::string_view::npos ? close : close - open + 1);
    error = "bad $GENERATE modifier '$" + std::string(shown) +
            "', expected ${offset[,width[,base]]} with width <= 255 and base d, o, x, X, n or N";
    return false;
  }
  ++i;
  return true;
}

bool GenerateTemplate::expand(std::uint32_t iterator, std::string& out) const {
  for (const Piece& piece : pieces_) {
    if (!piece.substitution) {
      out.append(piece.literal);
      continue;
    }
    std::int64_t value = std::int64_t{iterator} + piece.offset;
    if (value < std::numeric_limits<std::int32_t>::min() ||
        value > std::numeric_limits<std::int32_t>::max())
      return false;
    append_generated_number(value, piece.width, piece.base, out);
  }
  return true;
}

}  // namespace zoned::zone
