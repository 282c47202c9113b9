// Splits nsd.conf text into tokens the way NSD's lexer does: blanks and newlines separate
// tokens, '#' at the start of a token comments out the rest of the line (inside a word it is
// an ordinary character: "a#b" is one value), double quotes make one token of anything up to
// the closing quote (newlines included), and a backslash keeps the next character in the
// token. Escapes are kept as written, as NSD keeps them. The lexer knows no keywords: telling
// "port:" from a value is the grammar's job.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "config/diagnostics.h"

namespace zoned::config {

struct ConfigToken {
  std::string text;  // without the quotes
  bool quoted = false;
  SourceLocation where;  // the line the token starts on
};

enum class LexResult : std::uint8_t { kToken, kEnd, kError };

class ConfigLexer {
 public:
  // `text` must outlive the lexer.
  ConfigLexer(std::string_view text, std::shared_ptr<const std::string> file);

  // Fills `token` with the next token. On kError `error` says what was wrong and
  // `token.where` where; the bad part has been consumed, so the next call goes on after it.
  LexResult next(ConfigToken& token, std::string& error);

  // The file name shared with the locations of this lexer's tokens.
  const std::shared_ptr<const std::string>& file() const { return file_; }

 private:
  void skip_blanks_comments_and_newlines();
  void skip_comment();
  // Consumes a '\n', '\r' or "\r\n" at p_ (counted as one line, unlike NSD which counts
  // CRLF files double) and appends what it consumed to `out` when given.
  void consume_newline(std::string* out);
  bool at_newline() const { return p_ < end_ && (*p_ == '\n' || *p_ == '\r'); }
  void read_unquoted(ConfigToken& token);
  LexResult read_quoted(ConfigToken& token, std::string& error);

  const char* p_;
  const char* end_;
  std::uint32_t line_ = 1;
  std::shared_ptr<const std::string> file_;
};

}  // namespace zoned::config
