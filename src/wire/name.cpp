#include "wire/name.h"

#include <algorithm>
#include <cstring>

namespace zoned::wire {

std::size_t NameView::label_count() const {
  std::size_t n = 0;
  for (std::size_t i = 0; data_[i] != 0; i += data_[i] + 1u)
    ++n;
  return n;
}

NameView NameView::strip_labels(std::size_t n) const {
  std::size_t off = 0;
  for (; n > 0 && data_[off] != 0; --n)
    off += data_[off] + 1u;
  return {data_ + off, size_ - off};
}

std::string_view NameView::first_label() const {
  return {reinterpret_cast<const char*>(data_ + 1), data_[0]};
}

bool Name::from_wire(std::span<const std::uint8_t> wire, Name& out) {
  if (wire.empty() || wire.size() > kMaxNameLength) return false;
  std::size_t off = 0;
  while (off < wire.size()) {
    std::uint8_t len = wire[off];
    if (len == 0) {
      if (off + 1 != wire.size()) return false;
      std::memcpy(out.wire_.data(), wire.data(), wire.size());
      out.size_ = static_cast<std::uint16_t>(wire.size());
      return true;
    }
    if (len > kMaxLabelLength) return false;
    off += len + 1u;
  }
  return false;
}

void Name::assign(NameView v) {
  std::memcpy(wire_.data(), v.data(), v.size());
  size_ = static_cast<std::uint16_t>(v.size());
}

bool Name::append(NameView suffix) {
  std::size_t keep = size_ - 1u;  // drop our root label
  if (keep + suffix.size() > kMaxNameLength) return false;
  std::memcpy(wire_.data() + keep, suffix.data(), suffix.size());
  size_ = static_cast<std::uint16_t>(keep + suffix.size());
  return true;
}

bool Name::prepend_label(std::string_view label) {
  if (label.empty() || label.size() > kMaxLabelLength) return false;
  if (size_ + label.size() + 1 > kMaxNameLength) return false;
  std::memmove(wire_.data() + label.size() + 1, wire_.data(), size_);
  wire_[0] = static_cast<std::uint8_t>(label.size());
  std::memcpy(wire_.data() + 1, label.data(), label.size());
  size_ = static_cast<std::uint16_t>(size_ + label.size() + 1);
  return true;
}

const char* to_string(NameTextError e) {
  switch (e) {
    case NameTextError::kOk:
      return "ok";
    case NameTextError::kEmpty:
      return "empty domain name";
    case NameTextError::kEmptyLabel:
      return "empty label in domain name";
    case NameTextError::kLabelTooLong:
      return "label longer than 63 octets";
    case NameTextError::kNameTooLong:
      return "domain name longer than 255 octets";
    case NameTextError::kBadEscape:
      return "bad escape sequence in domain name";
    case NameTextError::kRelativeNoOrigin:
      return "relative domain name and no origin";
  }
  return "unknown error";
}

NameTextError parse_name(std::string_view text, const NameView* origin, Name& out) {
  if (text.empty()) return NameTextError::kEmpty;
  if (text.size() == 1 && text[0] == '@') {
    if (origin == nullptr) return NameTextError::kRelativeNoOrigin;
    out.assign(*origin);
    return NameTextError::kOk;
  }
  if (text.size() == 1 && text[0] == '.') {
    out = Name();
    return NameTextError::kOk;
  }
  // Room for a full name plus one spare so overflow is detected after the fact.
  std::uint8_t buf[kMaxNameLength + 2];
  std::size_t out_len = 0;   // octets written to buf
  std::size_t label_at = 0;  // position of the current label's length octet
  std::size_t label_len = 0;
  out_len = 1;
  bool absolute = false;
  const char* p = text.data();
  const char* end = p + text.size();
  while (p < end) {
    unsigned char c = static_cast<unsigned char>(*p++);
    if (c == '.') {
      if (label_len == 0) return NameTextError::kEmptyLabel;
      buf[label_at] = static_cast<std::uint8_t>(label_len);
      if (p == end) {
        absolute = true;
        break;
      }
      label_at = out_len++;
      label_len = 0;
      if (out_len > kMaxNameLength) return NameTextError::kNameTooLong;
      continue;
    }
    if (c == '\\') {
      if (p == end) return NameTextError::kBadEscape;
      unsigned char d = static_cast<unsigned char>(*p);
      if (d >= '0' && d <= '9') {
        if (end - p < 3) return NameTextError::kBadEscape;
        unsigned v = 0;
        for (int i = 0; i < 3; ++i) {
          unsigned char x = static_cast<unsigned char>(p[i]);
          if (x < '0' || x > '9') return NameTextError::kBadEscape;
          v = v * 10 + (x - '0');
        }
        if (v > 255) return NameTextError::kBadEscape;
        c = static_cast<unsigned char>(v);
        p += 3;
      } else {
        c = d;
        ++p;
      }
    }
    if (++label_len > kMaxLabelLength) return NameTextError::kLabelTooLong;
    if (out_len >= kMaxNameLength) return NameTextError::kNameTooLong;
    buf[out_len++] = c;
  }
  if (!absolute) {
    if (label_len == 0) return NameTextError::kEmptyLabel;
    buf[label_at] = static_cast<std::uint8_t>(label_len);
    if (origin == nullptr) return NameTextError::kRelativeNoOrigin;
    if (out_len + origin->size() > kMaxNameLength) return NameTextError::kNameTooLong;
    std::memcpy(buf + out_len, origin->data(), origin->size());
    out_len += origin->size();
  } else {
    if (out_len + 1 > kMaxNameLength) return NameTextError::kNameTooLong;
    buf[out_len++] = 0;
  }
  out.assign(NameView(buf, out_len));
  return NameTextError::kOk;
}

void append_name_text(NameView name, std::string& out) {
  if (name.is_root()) {
    out.push_back('.');
    return;
  }
  const std::uint8_t* d = name.data();
  for (std::size_t i = 0; d[i] != 0; i += d[i] + 1u) {
    for (std::size_t j = 1; j <= d[i]; ++j) {
      std::uint8_t c = d[i + j];
      if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
          c == '_' || c == '*' || c == '/' || c == '+' || c == '=') {
        out.push_back(static_cast<char>(c));
      } else if (c == '.' || c == ';' || c == '(' || c == ')' || c == '"' || c == '\\' ||
                 c == '@' || c == '$') {
        out.push_back('\\');
        out.push_back(static_cast<char>(c));
      } else if (c > 0x20 && c < 0x7f) {
        out.push_back(static_cast<char>(c));
      } else {
        char esc[4] = {'\\', static_cast<char>('0' + c / 100), static_cast<char>('0' + c / 10 % 10),
                       static_cast<char>('0' + c % 10)};
        out.append(esc, 4);
      }
    }
    out.push_back('.');
  }
}

std::string to_text(NameView name) {
  std::string s;
  append_name_text(name, s);
  return s;
}

bool equal(NameView a, NameView b) {
  if (a.size() != b.size()) return false;
  const std::uint8_t* x = a.data();
  const std::uint8_t* y = b.data();
  // Length octets are <= 63 and so unaffected by ascii_lower; compare everything in one pass.
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (x[i] != y[i] && ascii_lower(x[i]) != ascii_lower(y[i])) return false;
  }
  return true;
}

std::size_t hash(NameView n) {
  // FNV-1a over lowercased octets: cheap, and names are short.
  std::uint64_t h = 1469598103934665603ull;
  for (std::size_t i = 0; i < n.size(); ++i) {
    h ^= ascii_lower(n.data()[i]);
    h *= 1099511628211ull;
  }
  // FNV's low bits mix poorly for names that differ only in a digit or two ("host17",
  // "host18"), and hash tables index by the low bits: finish with a full avalanche.
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return static_cast<std::size_t>(h);
}

namespace {
// Offsets of each label's length octet, root excluded; returns the count.
std::size_t label_offsets(NameView n, std::uint8_t (&offs)[128]) {
  std::size_t count = 0;
  for (std::size_t i = 0; n.data()[i] != 0; i += n.data()[i] + 1u) {
    offs[count++] = static_cast<std::uint8_t>(i);
  }
  return count;
}
}  // namespace

int canonical_compare(NameView a, NameView b) {
  std::uint8_t oa[128], ob[128];
  std::size_t na = label_offsets(a, oa);
  std::size_t nb = label_offsets(b, ob);
  while (na > 0 && nb > 0) {
    --na;
    --nb;
    const std::uint8_t* la = a.data() + oa[na];
    const std::uint8_t* lb = b.data() + ob[nb];
    std::size_t n = std::min(la[0], lb[0]);
    for (std::size_t i = 1; i <= n; ++i) {
      std::uint8_t x = ascii_lower(la[i]);
      std::uint8_t y = ascii_lower(lb[i]);
      if (x != y) return x < y ? -1 : 1;
    }
    if (la[0] != lb[0]) return la[0] < lb[0] ? -1 : 1;
  }
  if (na == nb) return 0;
  return na < nb ? -1 : 1;
}

bool is_subdomain(NameView name, NameView zone) {
  if (name.size() < zone.size()) return false;
  std::size_t nl = name.label_count();
  std::size_t zl = zone.label_count();
  if (nl < zl) return false;
  return equal(name.strip_labels(nl - zl), zone);
}

void to_lower(NameView name, std::uint8_t* out) {
  for (std::size_t i = 0; i < name.size(); ++i)
    out[i] = ascii_lower(name.data()[i]);
}

std::string name_key(NameView name) {
  std::string key = to_text(name);
  for (char& c : key)
    c = static_cast<char>(ascii_lower(static_cast<std::uint8_t>(c)));
  return key;
}

}  // namespace zoned::wire
