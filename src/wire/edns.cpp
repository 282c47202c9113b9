#include "wire/edns.h"

#include <cstring>

#include "wire/message_header.h"
#include "wire/rrtype.h"

namespace zoned::wire {

const char* to_string(EdnsError e) {
  switch (e) {
    case EdnsError::kOk:
      return "ok";
    case EdnsError::kBadOptionLength:
      return "EDNS option runs past the end of the OPT record";
    case EdnsError::kBadCookie:
      return "malformed COOKIE option";
    case EdnsError::kTooManyOptions:
      return "more EDNS options than zoned takes";
  }
  return "unknown error";
}

bool EdnsOptionIterator::next(EdnsOptionView& out) {
  if (rest_.size() < 4) return false;
  std::size_t len = load_u16(rest_.data() + 2);
  if (rest_.size() - 4 < len) return false;
  out.code = load_u16(rest_.data());
  out.data = rest_.subspan(4, len);
  rest_ = rest_.subspan(4 + len);
  return true;
}

bool find_option(std::span<const std::uint8_t> options, std::uint16_t code, EdnsOptionView& out) {
  EdnsOptionIterator it(options);
  while (it.next(out)) {
    if (out.code == code) return true;
  }
  return false;
}

namespace {

// A client cookie alone is 8 octets; with a server cookie (8..32 octets) 16..40.
bool valid_cookie_length(std::size_t n) {
  return n == 8 || (n >= 16 && n <= 40);
}

}  // namespace

EdnsError parse_opt(std::uint16_t rrclass, std::uint32_t ttl, std::span<const std::uint8_t> rdata,
                    Edns& out) {
  out = Edns{};
  out.udp_size = rrclass;
  out.extended_rcode = static_cast<std::uint8_t>(ttl >> 24);
  out.version = static_cast<std::uint8_t>(ttl >> 16);
  out.flags = static_cast<std::uint16_t>(ttl);
  out.options = rdata;
  std::size_t pos = 0;
  std::size_t count = 0;
  while (pos < rdata.size()) {
    if (++count > kMaxEdnsOptions) return EdnsError::kTooManyOptions;
    if (rdata.size() - pos < 4) return EdnsError::kBadOptionLength;
    std::uint16_t code = load_u16(rdata.data() + pos);
    std::size_t len = load_u16(rdata.data() + pos + 2);
    pos += 4;
    if (rdata.size() - pos < len) return EdnsError::kBadOptionLength;
    if (code == edns_option::COOKIE && out.cookie.empty()) {
      if (!valid_cookie_length(len)) return EdnsError::kBadCookie;
      out.cookie = rdata.subspan(pos, len);
    }
    pos += len;
  }
  return EdnsError::kOk;
}

std::size_t opt_record_size(const OptRecord& opt) {
  std::size_t n = kOptFixedSize;
  for (const EdnsOption& o : opt.options)
    n += 4 + o.data_size();
  return n;
}

std::size_t write_opt_record(const OptRecord& opt, std::span<std::uint8_t> out) {
  std::size_t size = opt_record_size(opt);
  if (size > out.size() || size - kOptFixedSize > 0xFFFF) return 0;
  std::uint8_t* p = out.data();
  p[0] = 0;  // root owner
  store_u16(p + 1, rrtype::OPT);
  store_u16(p + 3, opt.udp_size);
  std::uint32_t ttl = (std::uint32_t{opt.extended_rcode} << 24) |
                      (std::uint32_t{opt.version} << 16) | (opt.dnssec_ok ? kEdnsFlagDo : 0u);
  store_u32(p + 5, ttl);
  store_u16(p + 9, static_cast<std::uint16_t>(size - kOptFixedSize));
  p += kOptFixedSize;
  for (const EdnsOption& o : opt.options) {
    if (o.data_size() > 0xFFFF) return 0;
    store_u16(p, o.code);
    store_u16(p + 2, static_cast<std::uint16_t>(o.data_size()));
    p += 4;
    if (o.has_info_code) {
      store_u16(p, o.info_code);
      p += 2;
    }
    if (!o.data.empty()) std::memcpy(p, o.data.data(), o.data.size());
    p += o.data.size();
  }
  return size;
}

}  // namespace zoned::wire
