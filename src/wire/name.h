// Domain names in uncompressed wire form (RFC 1035 §3.1), case preserved.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace zoned::wire {

inline constexpr std::size_t kMaxNameLength = 255;  // wire octets, root label included
inline constexpr std::size_t kMaxLabelLength = 63;

// A validated, absolute, uncompressed wire-form name that someone else owns.
class NameView {
 public:
  constexpr NameView() = default;
  // `data` must hold a valid uncompressed name of exactly `size` octets.
  constexpr NameView(const std::uint8_t* data, std::size_t size)
      : data_(data), size_(static_cast<std::uint16_t>(size)) {}

  const std::uint8_t* data() const { return data_; }
  std::size_t size() const { return size_; }
  std::span<const std::uint8_t> wire() const { return {data_, size_}; }
  bool is_root() const { return size_ == 1; }
  std::size_t label_count() const;  // root not counted
  // The name with the first `n` labels removed (n <= label_count()).
  NameView strip_labels(std::size_t n) const;
  NameView parent() const { return strip_labels(1); }
  // First label's length and octets.
  std::string_view first_label() const;

 private:
  const std::uint8_t* data_ = kRoot;
  std::uint16_t size_ = 1;
  static constexpr std::uint8_t kRoot[1] = {0};
};

// An owned name; fixed capacity so building one never allocates.
class Name {
 public:
  Name() { wire_[0] = 0; }
  explicit Name(NameView v) { assign(v); }

  // Validates an uncompressed wire name occupying all of `wire`.
  static bool from_wire(std::span<const std::uint8_t> wire, Name& out);

  void assign(NameView v);
  NameView view() const { return {wire_.data(), size_}; }
  operator NameView() const { return view(); }  // NOLINT: names pass as views everywhere
  const std::uint8_t* data() const { return wire_.data(); }
  std::size_t size() const { return size_; }
  std::span<const std::uint8_t> wire() const { return {wire_.data(), size_}; }
  bool is_root() const { return size_ == 1; }
  std::size_t label_count() const { return view().label_count(); }

  // Appends `suffix` (an absolute name) after this name's labels: "www" + "example.com.".
  // Returns false (and leaves *this unchanged) when the result would exceed 255 octets.
  bool append(NameView suffix);
  // Prepends one label; false when too long.
  bool prepend_label(std::string_view label);

 private:
  std::uint16_t size_ = 1;
  std::array<std::uint8_t, kMaxNameLength> wire_;
};

// ----- text -----

enum class NameTextError : std::uint8_t {
  kOk,
  kEmpty,            // "" is not a name
  kEmptyLabel,       // "a..b" or a leading dot
  kLabelTooLong,     // more than 63 octets
  kNameTooLong,      // more than 255 octets
  kBadEscape,        // "\" at the end, or \DDD above 255 / not three digits
  kRelativeNoOrigin  // relative name and no origin to complete it
};
const char* to_string(NameTextError e);

// Parses presentation form (RFC 1035 §5.1): escapes \X and \DDD, "@" for the origin, a name
// without a trailing dot is relative to `origin` (pass nullptr when there is none).
NameTextError parse_name(std::string_view text, const NameView* origin, Name& out);

// Appends the presentation form: absolute with a trailing dot, "." for the root; octets
// outside letters, digits, '-' and '_' as \DDD, and the specials . ; ( ) " \ @ $ as \X.
void append_name_text(NameView name, std::string& out);
std::string to_text(NameView name);
// The name lower-cased, in presentation form: one key per name whatever the case it is
// written in (the maps that tell zones apart by their apex).
std::string name_key(NameView name);

// ----- comparison -----

inline std::uint8_t ascii_lower(std::uint8_t c) {
  return static_cast<std::uint8_t>(static_cast<unsigned>(c - 'A') < 26u ? c + 32 : c);
}
// Case-insensitive equality (RFC 4343).
bool equal(NameView a, NameView b);
// Case-insensitive hash, consistent with equal().
std::size_t hash(NameView n);
// RFC 4034 §6.1 canonical order: labels compared from the root, as lowercased octet strings.
// Returns <0, 0, >0.
int canonical_compare(NameView a, NameView b);
// True when `name` is `zone` or below it.
bool is_subdomain(NameView name, NameView zone);
// Writes the lowercased form of `name` to `out` (capacity >= name.size()).
void to_lower(NameView name, std::uint8_t* out);

struct NameHash {
  std::size_t operator()(NameView n) const { return hash(n); }
};
struct NameEqual {
  bool operator()(NameView a, NameView b) const { return equal(a, b); }
};

}  // namespace zoned::wire
