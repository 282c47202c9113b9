// BIND's $GENERATE: the range and the owner/RDATA templates with their '$' substitutions.
//   $GENERATE start-stop[/step] lhs [ttl] [class] type rhs
// In a template, '$' is the iterator, "${offset[,width[,base]]}" shifts, pads and formats
// it (base d, o, x, X, or n/N for reversed nibble labels), "\$" is a literal '$' (the
// backslash is kept, so the name parser sees an escaped '$') and "$$" is a literal '$'
// (kept by BIND for compatibility with old zone files).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace zoned::zone {

struct GenerateRange {
  std::uint32_t start = 0;
  std::uint32_t stop = 0;
  std::uint32_t step = 1;

  std::uint64_t count() const { return (std::uint64_t{stop} - start) / step + 1; }
};

// Parses "start-stop" or "start-stop/step": decimal, at most 2^31-1 (BIND's limit),
// start <= stop, step >= 1. On failure returns false and says why in `error`.
bool parse_generate_range(std::string_view text, GenerateRange& out, std::string& error);

class GenerateTemplate {
 public:
  // Splits `text` into literal runs and substitutions. On a malformed "${...}" returns
  // false with `error` set. `text` must outlive the template (literals are views).
  bool compile(std::string_view text, std::string& error);

  // Appends the text for iterator value `iterator` to `out`. Returns false when an
  // offset pushes the value outside the 32-bit signed range BIND computes in.
  bool expand(std::uint32_t iterator, std::string& out) const;

 private:
  struct Piece {
    std::string_view literal;  // used when !substitution
    bool substitution = false;
    std::int64_t offset = 0;
    std::uint32_t width = 0;
    char base = 'd';
  };
  bool parse_modifier(std::string_view text, std::size_t& i, Piece& piece, std::string& error);

  std::vector<Piece> pieces_;
};

// Formats `value` in `base` ('d', 'o', 'x', 'X', 'n', 'N') zero-padded to `width`, as
// BIND's genname() does; in nibble mode the width counts the separating dots too.
void append_generated_number(std::int64_t value, std::uint32_t width, char base, std::string& out);

}  // namespace zoned::zone
