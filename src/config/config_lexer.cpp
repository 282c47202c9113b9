#include "config/config_lexer.h"

#include <utility>

namespace zoned::config {

ConfigLexer::ConfigLexer(std::string_view text, std::shared_ptr<const std::string> file)
    : p_(text.data()), end_(text.data() + text.size()), file_(std::move(file)) {}

LexResult ConfigLexer::next(ConfigToken& token, std::string& error) {
  skip_blanks_comments_and_newlines();
  if (p_ == end_) return LexResult::kEnd;
  token.text.clear();
  token.where = SourceLocation{file_, line_};
  token.quoted = *p_ == '"';
  if (token.quoted) return read_quoted(token, error);
  read_unquoted(token);
  return LexResult::kToken;
}

void ConfigLexer::skip_blanks_comments_and_newlines() {
  while (p_ < end_) {
    char c = *p_;
    if (c == ' ' || c == '\t') {
      ++p_;
    } else if (c == '\n' || c == '\r') {
      consume_newline(nullptr);
    } else if (c == '#') {
      skip_comment();
    } else {
      return;
    }
  }
}

void ConfigLexer::skip_comment() {
  while (p_ < end_ && !at_newline())
    ++p_;
}

void ConfigLexer::consume_newline(std::string* out) {
  bool crlf = *p_ == '\r' && p_ + 1 < end_ && p_[1] == '\n';
  std::size_t length = crlf ? 2 : 1;
  if (out != nullptr) out->append(p_, length);
  p_ += length;
  ++line_;
}

void ConfigLexer::read_unquoted(ConfigToken& token) {
  const char* start = p_;
  while (p_ < end_) {
    char c = *p_;
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"') break;
    // "\x" keeps x in the word even when it is a blank or a quote; a backslash before a
    // newline or at the end stays a plain character.
    if (c == '\\' && p_ + 1 < end_ && p_[1] != '\n' && p_[1] != '\r') ++p_;
    ++p_;
  }
  token.text.assign(start, p_);
}

LexResult ConfigLexer::read_quoted(ConfigToken& token, std::string& error) {
  ++p_;  // the opening quote
  while (p_ < end_) {
    char c = *p_;
    if (c == '"') {
      ++p_;
      return LexResult::kToken;
    }
    if (at_newline()) {
      consume_newline(&token.text);
      continue;
    }
    token.text.push_back(c);
    ++p_;
    if (c == '\\' && p_ < end_) {
      if (at_newline()) {
        consume_newline(&token.text);
      } else {
        token.text.push_back(*p_++);
      }
    }
  }
  error = "quoted string is not closed before the end of the file";
  return LexResult::kError;
}

}  // namespace zoned::config
