#include "zone/zonefile_lexer.h"

#include <array>

namespace zoned::zone {

namespace {

// Octets that end an unquoted token, or need a look (backslash). One table lookup per
// octet keeps the inner loop tight.
constexpr std::array<bool, 256> make_special_table() {
  std::array<bool, 256> t{};
  for (unsigned char c : {' ', '\t', '\r', '\n', ';', '(', ')', '"', '\\'})
    t[c] = true;
  return t;
}
constexpr std::array<bool, 256> kSpecial = make_special_table();

bool is_blank(char c) {
  return c == ' ' || c == '\t' || c == '\r';
}

}  // namespace

TextPosition Entry::end_position() const {
  if (tokens.empty()) return {};
  TextPosition p = positions.back();
  std::size_t width = tokens.back().text.size() + (tokens.back().quoted ? 2 : 0);
  p.column += static_cast<std::uint32_t>(width);
  return p;
}

void Entry::grow() {
  std::size_t capacity = tokens.capacity() < 16 ? 16 : tokens.capacity() * 2;
  tokens.reserve(capacity);
  positions.reserve(capacity);
}

ZoneLexer::ZoneLexer(std::string_view text)
    : p_(text.data()), end_(text.data() + text.size()), line_start_(text.data()) {}

TextPosition ZoneLexer::position_of(const char* p) const {
  return {line_, static_cast<std::uint32_t>(p - line_start_) + 1};
}

void ZoneLexer::fail(TextPosition where, const char* message) {
  if (failed_) return;  // the first problem of an entry is the one worth reporting
  failed_ = true;
  error_ = {where, message};
}

LexResult ZoneLexer::next(Entry& entry, LexError& error) {
  entry.clear();
  failed_ = false;
  for (;;) {
    if (p_ == end_) {
      if (paren_depth_ > 0) {
        fail(open_paren_, "unbalanced parenthesis: '(' is never closed");
        paren_depth_ = 0;
      }
      break;
    }
    start_line_if_needed(entry);
    char c = *p_;
    if (c == '\n') {
      newline();
      if (paren_depth_ == 0 && (!entry.tokens.empty() || failed_)) break;
    } else if (is_blank(c)) {
      skip_blanks();
    } else if (c == ';') {
      skip_comment();
    } else if (c == '(') {
      open_parenthesis();
    } else if (c == ')') {
      close_parenthesis();
    } else if (c == '"') {
      read_quoted(entry);
    } else {
      read_word(entry);
    }
  }
  if (failed_) {
    entry.clear();
    error = error_;
    return LexResult::kError;
  }
  return entry.tokens.empty() ? LexResult::kEnd : LexResult::kEntry;
}

// An entry's owner is omitted when its first line begins with a blank (RFC 1035 §5.1).
// Lines holding only blanks or comments do not start an entry, so the flag is taken again
// at every line start until the entry has content.
void ZoneLexer::start_line_if_needed(Entry& entry) {
  if (!at_line_start_) return;
  at_line_start_ = false;
  if (paren_depth_ == 0 && entry.tokens.empty()) entry.owner_omitted = is_blank(*p_);
}

// The scanning loops below work on a local pointer: a char read may alias any member, so
// looping on p_ itself makes the compiler store and reload it at every octet.

void ZoneLexer::skip_blanks() {
  const char* p = p_;
  while (p != end_ && is_blank(*p))
    ++p;
  p_ = p;
}

void ZoneLexer::skip_comment() {
  const char* p = p_;
  while (p != end_ && *p != '\n')
    ++p;
  p_ = p;
}

void ZoneLexer::newline() {
  ++p_;
  ++line_;
  line_start_ = p_;
  at_line_start_ = true;
}

void ZoneLexer::open_parenthesis() {
  if (paren_depth_ > 0) {
    // BIND's lexer counts nesting, but nothing in RFC 1035 needs it and a stray '(' is far
    // more often a typo that would otherwise swallow the rest of the file.
    fail(position_of(p_), "nested parentheses");
  } else {
    open_paren_ = position_of(p_);
  }
  ++paren_depth_;
  ++p_;
}

void ZoneLexer::close_parenthesis() {
  if (paren_depth_ == 0) {
    fail(position_of(p_), "unbalanced parenthesis: ')' without '('");
  } else {
    --paren_depth_;
  }
  ++p_;
}

void ZoneLexer::read_quoted(Entry& entry) {
  const char* quote = p_;
  const char* start = quote + 1;
  const char* p = start;
  while (p != end_ && *p != '"' && *p != '\n') {
    if (*p == '\\' && p + 1 != end_ && p[1] != '\n') ++p;
    ++p;
  }
  p_ = p;
  if (p == end_ || *p == '\n') {
    // Quoted strings do not span lines; the newline is left for next() to see.
    fail(position_of(quote), "unterminated quoted string");
    return;
  }
  entry.add(std::string_view(start, static_cast<std::size_t>(p - start)), true, position_of(quote));
  ++p_;  // closing quote
}

void ZoneLexer::read_word(Entry& entry) {
  const char* start = p_;
  const char* p = start;
  for (;;) {
    while (p != end_ && !kSpecial[static_cast<unsigned char>(*p)])
      ++p;
    if (p == end_ || *p != '\\') break;
    // An escape takes the next octet whatever it is ("a\ b", "\;"), except the newline.
    ++p;
    if (p != end_ && *p != '\n') ++p;
  }
  p_ = p;
  entry.add(std::string_view(start, static_cast<std::size_t>(p - start)), false,
            position_of(start));
  // Most words are followed by blanks and another word; eating the blanks here keeps the
  // dispatch in next() predictable.
  skip_blanks();
}

}  // namespace zoned::zone
