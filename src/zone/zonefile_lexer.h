// Splits zone-file text (RFC 1035 §5.1) into entries: one per record or directive, with
// parentheses joining lines, ';' comments dropped and quoted strings kept as one token.
// Tokens are views into the text with escapes left in place; nothing is copied.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "wire/rdata.h"

namespace zoned::zone {

struct TextPosition {
  std::uint32_t line = 0;    // 1-based
  std::uint32_t column = 0;  // 1-based, in octets
};

// One logical line. `tokens` and `positions` are parallel so the RDATA tokens can be
// handed on as a span without copying.
struct Entry {
  bool owner_omitted = false;  // the entry's first line starts with a blank
  std::vector<wire::TextToken> tokens;
  std::vector<TextPosition> positions;

  void clear() {
    owner_omitted = false;
    tokens.clear();
    positions.clear();
  }
  void add(std::string_view text, bool quoted, TextPosition where) {
    // Growing is rare (the vectors are reused for every entry); keeping it out of the
    // common path lets the compiler inline the append.
    if (tokens.size() == tokens.capacity()) [[unlikely]] {
      grow();
    }
    // Fields written in place: copying a TextToken built on the stack stalls on its
    // one-octet `quoted` (a store-forwarding stall), which cost ~15% of the lexing time.
    wire::TextToken& token = tokens.emplace_back();
    token.text = text;
    token.quoted = quoted;
    positions.push_back(where);
  }
  // Where the octet after the last token is: errors about missing fields point there.
  TextPosition end_position() const;

 private:
  void grow();
};

struct LexError {
  TextPosition where;
  const char* message = nullptr;  // static text
};

enum class LexResult : std::uint8_t { kEntry, kError, kEnd };

class ZoneLexer {
 public:
  explicit ZoneLexer(std::string_view text);

  // Fills `entry` with the next entry that has tokens. On kError the bad entry has been
  // skipped entirely and `error` says what was wrong with it (the first problem found).
  LexResult next(Entry& entry, LexError& error);

 private:
  void start_line_if_needed(Entry& entry);
  void skip_blanks();
  void skip_comment();
  void newline();
  void open_parenthesis();
  void close_parenthesis();
  void read_quoted(Entry& entry);
  void read_word(Entry& entry);
  void fail(TextPosition where, const char* message);
  TextPosition position_of(const char* p) const;

  const char* p_;
  const char* end_;
  const char* line_start_;
  std::uint32_t line_ = 1;
  bool at_line_start_ = true;
  int paren_depth_ = 0;
  TextPosition open_paren_;
  LexError error_;
  bool failed_ = false;
};

}  // namespace zoned::zone
