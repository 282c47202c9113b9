// DNS messages written by hand, octet by octet, for the tests of malformed input: a zeroed
// header first, then whatever a test appends (names, pointers, records, lies about lengths).
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <vector>

namespace zoned::test {

struct Pkt {
  std::vector<std::uint8_t> b = std::vector<std::uint8_t>(12, 0);

  Pkt& id(std::uint16_t v) { return set16(0, v); }
  Pkt& counts(int qd, int an, int ns, int ar) {
    return set16(4, qd).set16(6, an).set16(8, ns).set16(10, ar);
  }
  Pkt& set16(std::size_t at, int v) {
    b[at] = static_cast<std::uint8_t>(v >> 8);
    b[at + 1] = static_cast<std::uint8_t>(v);
    return *this;
  }
  std::size_t here() const { return b.size(); }
  Pkt& raw(std::initializer_list<int> v) {
    for (int x : v)
      b.push_back(static_cast<std::uint8_t>(x));
    return *this;
  }
  Pkt& bytes(const std::vector<std::uint8_t>& v) {
    b.insert(b.end(), v.begin(), v.end());
    return *this;
  }
  Pkt& u16(int v) { return raw({(v >> 8) & 0xFF, v & 0xFF}); }
  Pkt& u32(std::uint32_t v) {
    return u16(static_cast<int>(v >> 16)).u16(static_cast<int>(v & 0xFFFF));
  }
  Pkt& labels(std::string_view dotted) {
    while (!dotted.empty()) {
      std::size_t dot = dotted.find('.');
      std::string_view l = dotted.substr(0, dot);
      b.push_back(static_cast<std::uint8_t>(l.size()));
      b.insert(b.end(), l.begin(), l.end());
      dotted = dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1);
    }
    return *this;
  }
  Pkt& name(std::string_view dotted) { return labels(dotted).raw({0}); }
  Pkt& label(std::size_t len, char c = 'a') {
    b.push_back(static_cast<std::uint8_t>(len));
    b.insert(b.end(), len, static_cast<std::uint8_t>(c));
    return *this;
  }
  Pkt& ptr(std::size_t off) { return raw({0xC0 | static_cast<int>(off >> 8), int(off & 0xFF)}); }
  Pkt& question(std::string_view n, int type = 1, int cls = 1) {
    return name(n).u16(type).u16(cls);
  }
  // TYPE, CLASS, TTL, then RDLENGTH from `rdata`'s size, then `rdata`.
  Pkt& rr(int type, int cls, std::uint32_t ttl, const std::vector<std::uint8_t>& rdata) {
    return u16(type).u16(cls).u32(ttl).u16(static_cast<int>(rdata.size())).bytes(rdata);
  }
  // Same, with an explicit RDLENGTH, for lying about it.
  Pkt& rr_len(int type, int cls, std::uint32_t ttl, int rdlength,
              const std::vector<std::uint8_t>& rdata) {
    return u16(type).u16(cls).u32(ttl).u16(rdlength).bytes(rdata);
  }
  std::span<const std::uint8_t> span() const { return b; }
};

}  // namespace zoned::test
