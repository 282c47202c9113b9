#include "config/diagnostics.h"

#include <utility>

namespace zoned::config {

namespace {

// Messages quote the text they are about; a control character in it (a NUL, a newline of a
// multi-line quoted value) would cut or split the message line, so it is shown as \xNN.
void append_printable(std::string& out, std::string_view text) {
  static constexpr char kHex[] = "0123456789abcdef";
  for (char c : text) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u >= 0x20 && u != 0x7f) {
      out += c;
      continue;
    }
    out += "\\x";
    out += kHex[u >> 4];
    out += kHex[u & 15];
  }
}

}  // namespace

std::string Diagnostic::to_string() const {
  std::string text(where.file_name());
  if (where.line != 0) {
    text += ':';
    text += std::to_string(where.line);
  }
  text += severity == Severity::kError ? ": error: " : ": warning: ";
  append_printable(text, message);
  return text;
}

void Diagnostics::error(const SourceLocation& where, std::string message) {
  ++errors_;
  add(Severity::kError, where, std::move(message));
}

void Diagnostics::warning(const SourceLocation& where, std::string message) {
  ++warnings_;
  add(Severity::kWarning, where, std::move(message));
}

void Diagnostics::warning_once(std::string_view key, const SourceLocation& where,
                               std::string message) {
  if (warned_keys_.contains(key)) return;
  warned_keys_.emplace(key);
  warning(where, std::move(message));
}

void Diagnostics::add(Severity severity, const SourceLocation& where, std::string message) {
  // A damaged file can produce an error per token; keeping the first thousand is enough to
  // act on and bounds the memory.
  if (messages_.size() >= kMaxKept) return;
  messages_.push_back(Diagnostic{severity, where, std::move(message)});
}

}  // namespace zoned::config
