// Internal: the state of parsing one record's presentation RDATA into wire form, shared by
// the table-driven parser (rdata_text_in.cpp) and the special-field parsers (svcb, loc, apl,
// type bitmaps, wks).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>

#include "wire/encoding.h"
#include "wire/name.h"
#include "wire/rdata.h"
#include "wire/rrtype_table.h"

namespace zoned::wire {

inline constexpr std::size_t kMaxRdataLength = 65535;

// Writes into the caller's buffer, capped at 65535 octets. A write that does not fit is
// dropped and remembered, so parsers write unconditionally and the overflow is reported once.
class WireWriter {
 public:
  explicit WireWriter(std::span<std::uint8_t> out)
      : data_(out.data()), capacity_(std::min(out.size(), kMaxRdataLength)) {}

  std::uint8_t* data() { return data_; }
  std::size_t size() const { return size_; }
  std::size_t room() const { return capacity_ - size_; }
  bool overflowed() const { return overflow_; }

  void u8(std::uint8_t v) {
    if (fits(1)) data_[size_++] = v;
  }
  void u16(std::uint16_t v) {
    u8(static_cast<std::uint8_t>(v >> 8));
    u8(static_cast<std::uint8_t>(v));
  }
  void u32(std::uint32_t v) {
    u16(static_cast<std::uint16_t>(v >> 16));
    u16(static_cast<std::uint16_t>(v));
  }
  void bytes(const std::uint8_t* p, std::size_t n);
  // The free space, for decoders that write in place; commit() takes over what they wrote.
  ByteSink tail() { return ByteSink{data_ + size_, capacity_ - size_}; }
  void commit(const ByteSink& sink);
  void truncate(std::size_t size) { size_ = size; }

 private:
  bool fits(std::size_t n) {
    if (n <= capacity_ - size_) return true;
    overflow_ = true;
    return false;
  }

  std::uint8_t* data_;
  std::size_t capacity_;
  std::size_t size_ = 0;
  bool overflow_ = false;
};

class TextIn {
 public:
  TextIn(const TypeSpec& type, std::span<const TextToken> tokens, NameView origin,
         std::span<std::uint8_t> out, RdataTextResult& result)
      : type(type), origin(origin), out(out), tokens_(tokens), result_(result) {}

  const TypeSpec& type;
  NameView origin;
  WireWriter out;

  bool has_more() const { return next_ < tokens_.size(); }
  const TextToken& peek() const { return tokens_[next_]; }
  // The next token for `field`, or nullptr after recording "missing field: <label>".
  const TextToken* take(const FieldSpec& field);
  // The next token; the caller has checked has_more().
  const TextToken& take_any() { return tokens_[next_++]; }
  std::size_t next_index() const { return next_; }

  // Error recorders. They return false so that parsers can `return in.fail(...)`.
  // fail() blames the token taken last.
  bool fail(std::string message) { return fail_at(next_ == 0 ? 0 : next_ - 1, std::move(message)); }
  bool fail_at(std::size_t token, std::string message);
  // "bad MX preference 'x'"
  bool bad_value(const FieldSpec& field);
  // "MX preference out of range"
  bool out_of_range(const FieldSpec& field);
  // "<TYPE> <label>", e.g. "MX preference".
  std::string field_name(const FieldSpec& field) const;

 private:
  std::span<const TextToken> tokens_;
  std::size_t next_ = 0;
  RdataTextResult& result_;
};

// "'text'" for messages, shortened when long.
std::string quote_token(std::string_view text);

// Unescapes `token` into the output, preceded by a length octet when `counted` (then at most
// 255 octets). Records an error and returns false on a bad escape or an overlong string.
bool put_text(TextIn& in, const TextToken& token, bool counted);

// Parses a number token for a field, recording "bad ..." / "... out of range" on failure.
bool take_number(TextIn& in, const FieldSpec& field, std::uint64_t max, std::uint64_t& value);

}  // namespace zoned::wire
