#include "wire/svcb.h"

#include <algorithm>

#include "wire/encoding.h"
#include "wire/presentation.h"
#include "wire/rdata_text_in.h"

namespace zoned::wire {

namespace {

using namespace svc_key;

constexpr std::string_view kKeyNames[] = {"mandatory", "alpn", "no-default-alpn", "port",
                                          "ipv4hint",  "ech",  "ipv6hint"};
constexpr std::uint16_t kLastNamedKey = kIpv6Hint;
// Newer keys are accepted by name but printed as keyNNNNN, as dnspython 2.3 prints them.
constexpr std::uint16_t kDohPath = 7, kOhttp = 8;
constexpr std::string_view kGenericPrefix = "key";

bool starts_with_generic_prefix(std::string_view text) {
  return text.size() > kGenericPrefix.size() &&
         iequals(text.substr(0, kGenericPrefix.size()), kGenericPrefix);
}

// ----- values, wire side -----

bool mandatory_is_valid(std::span<const std::uint8_t> v) {
  if (v.empty() || v.size() % 2 != 0) return false;
  for (std::size_t i = 0; i < v.size(); i += 2) {
    std::uint16_t key = read_u16(&v[i]);
    if (key == kMandatory || (i > 0 && key <= read_u16(&v[i - 2]))) return false;
  }
  return true;
}

bool alpn_is_valid(std::span<const std::uint8_t> v) {
  if (v.empty()) return false;
  for (std::size_t pos = 0; pos < v.size(); pos += 1 + v[pos])
    if (v[pos] == 0 || v.size() - pos - 1 < v[pos]) return false;
  return true;
}

bool value_is_valid(std::uint16_t key, std::span<const std::uint8_t> v) {
  switch (key) {
    case kMandatory:
      return mandatory_is_valid(v);
    case kAlpn:
      return alpn_is_valid(v);
    case kNoDefaultAlpn:
      return v.empty();
    case kPort:
      return v.size() == 2;
    case kIpv4Hint:
      return !v.empty() && v.size() % 4 == 0;
    case kIpv6Hint:
      return !v.empty() && v.size() % 16 == 0;
    default:  // ech and unknown keys: opaque
      return true;
  }
}

// Calls `fn` with each param's key and value; false when the headers do not add up.
template <typename Fn>
bool for_each_param(std::span<const std::uint8_t> params, Fn fn) {
  for (std::size_t pos = 0; pos < params.size();) {
    if (params.size() - pos < 4) return false;
    std::uint16_t key = read_u16(&params[pos]);
    std::size_t length = read_u16(&params[pos + 2]);
    if (params.size() - pos - 4 < length) return false;
    if (!fn(key, params.subspan(pos + 4, length))) return false;
    pos += 4 + length;
  }
  return true;
}

bool has_key(std::span<const std::uint8_t> params, std::uint16_t wanted) {
  bool found = false;
  for_each_param(params, [&](std::uint16_t key, std::span<const std::uint8_t>) {
    found = found || key == wanted;
    return true;
  });
  return found;
}

// The first unlisted key of the mandatory list, or nullopt when all are present.
std::optional<std::uint16_t> missing_mandatory_key(std::span<const std::uint8_t> params) {
  std::optional<std::uint16_t> missing;
  for_each_param(params, [&](std::uint16_t key, std::span<const std::uint8_t> v) {
    if (key != kMandatory) return true;
    for (std::size_t i = 0; i + 1 < v.size() && !missing; i += 2)
      if (!has_key(params, read_u16(&v[i]))) missing = read_u16(&v[i]);
    return true;
  });
  return missing;
}

// ----- values, text side -----

// Splits an unescaped value on commas and hands each item to `fn` (short items only: keys
// and addresses). False on a bad escape, an overlong item, or when `fn` refuses an item.
template <typename Fn>
bool for_each_item(std::string_view raw, Fn fn) {
  Unescaper octets(raw);
  char item[64];
  std::size_t n = 0;
  bool too_long = false;
  std::uint8_t c;
  while (octets.next(c)) {
    if (c == ',') {
      if (too_long || !fn(std::string_view(item, n))) return false;
      n = 0;
    } else if (n == sizeof item) {
      too_long = true;
    } else {
      item[n++] = static_cast<char>(c);
    }
  }
  return !octets.bad() && !too_long && fn(std::string_view(item, n));
}

// Keys kept sorted as they are written, so that the wire list is in order.
bool encode_mandatory(WireWriter& out, std::string_view raw) {
  std::size_t begin = out.size();
  return for_each_item(raw, [&](std::string_view item) {
    std::optional<std::uint16_t> key = svc_key_from_text(item);
    if (!key || *key == kMandatory) return false;
    out.u16(*key);
    if (out.overflowed()) return false;
    std::uint8_t* d = out.data();
    for (std::size_t at = out.size() - 2; at > begin; at -= 2) {
      std::uint16_t before = read_u16(d + at - 2);
      if (before == *key) return false;
      if (before < *key) break;
      std::swap_ranges(d + at - 2, d + at, d + at);
    }
    return true;
  });
}

// RFC 9460 Appendix A.1: after the zone-file escapes are resolved, "\," is a comma inside
// an ALPN id and "\\" a backslash; a bare comma separates ids.
bool encode_alpn(WireWriter& out, std::string_view raw) {
  Unescaper octets(raw);
  std::size_t length_at = out.size();
  out.u8(0);
  std::size_t n = 0;
  bool escaped = false;
  std::uint8_t c;
  while (octets.next(c) && !out.overflowed()) {
    if (!escaped && c == '\\') {
      escaped = true;
      continue;
    }
    if (!escaped && c == ',') {
      if (n == 0) return false;
      out.data()[length_at] = static_cast<std::uint8_t>(n);
      length_at = out.size();
      out.u8(0);
      n = 0;
      continue;
    }
    escaped = false;
    if (++n > 255) return false;
    out.u8(c);
  }
  if (octets.bad() || escaped || n == 0 || out.overflowed()) return false;
  out.data()[length_at] = static_cast<std::uint8_t>(n);
  return true;
}

bool encode_port(WireWriter& out, std::string_view raw) {
  bool first = true;
  return for_each_item(raw, [&](std::string_view item) {
    std::uint64_t port;
    if (!first || parse_decimal(item, 65535, port) != NumberStatus::kOk) return false;
    first = false;
    out.u16(static_cast<std::uint16_t>(port));
    return true;
  });
}

bool encode_ipv4_list(WireWriter& out, std::string_view raw) {
  return for_each_item(raw, [&](std::string_view item) {
    std::uint8_t a[4];
    if (!parse_ipv4(item, a)) return false;
    out.bytes(a, 4);
    return true;
  });
}

bool encode_ipv6_list(WireWriter& out, std::string_view raw) {
  return for_each_item(raw, [&](std::string_view item) {
    std::uint8_t a[16];
    if (!parse_ipv6(item, a)) return false;
    out.bytes(a, 16);
    return true;
  });
}

bool encode_ech(WireWriter& out, std::string_view raw) {
  Unescaper octets(raw);
  Base64Decoder decoder;
  ByteSink sink = out.tail();
  std::uint8_t c;
  while (octets.next(c))
    if (!decoder.feed(std::string_view(reinterpret_cast<const char*>(&c), 1), sink)) return false;
  if (octets.bad() || !decoder.finish() || sink.overflow) return false;
  out.commit(sink);
  return true;
}

bool encode_raw(WireWriter& out, std::string_view raw) {
  Unescaper octets(raw);
  std::uint8_t c;
  while (octets.next(c))
    out.u8(c);
  return !octets.bad();
}

struct Param {
  std::size_t token;  // index of the key's token, for messages
  std::string_view key_text;
  std::string_view value;
  bool has_value = false;
};

// True when the '"' closing `quoted` is itself escaped ("a\"").
bool closing_quote_escaped(std::string_view quoted) {
  std::size_t backslashes = 0;
  for (std::size_t i = quoted.size() - 1; i > 0 && quoted[i - 1] == '\\'; --i)
    ++backslashes;
  return backslashes % 2 == 1;
}

bool split_param(TextIn& in, Param& p) {
  p.token = in.next_index();
  const TextToken& token = in.take_any();
  if (token.quoted) return in.fail("SVCB parameter must be key or key=value");
  std::size_t eq = token.text.find('=');
  p.key_text = token.text.substr(0, eq);
  p.has_value = eq != std::string_view::npos;
  if (!p.has_value) return true;
  p.value = token.text.substr(eq + 1);
  if (p.value.empty() && in.has_more() && in.peek().quoted) {
    p.value = in.take_any().text;
  } else if (!p.value.empty() && p.value.front() == '"') {
    if (p.value.size() < 2 || p.value.back() != '"' || closing_quote_escaped(p.value))
      return in.fail("unterminated quoted SVCB value");
    p.value = p.value.substr(1, p.value.size() - 2);
  }
  return true;
}

bool bad_param_value(TextIn& in, const Param& p, std::uint16_t key) {
  std::string name;
  append_svc_key(key, name);
  return in.fail_at(p.token, "bad SVCB " + name + " value " + quote_token(p.value));
}

// Writes the value of `key`; `generic` when given as keyNNNNN, whose value is wire octets.
bool encode_value(TextIn& in, const Param& p, std::uint16_t key, bool generic) {
  std::size_t value_at = in.out.size();
  bool opaque = generic || key > kLastNamedKey;
  if (!p.has_value && !opaque && key != kNoDefaultAlpn && key != kEch) {
    std::string name;
    append_svc_key(key, name);
    return in.fail_at(p.token, "SVCB " + name + " needs a value");
  }
  if (!p.has_value && key == kEch) return bad_param_value(in, p, key);
  bool ok = true;
  if (opaque) {
    ok = encode_raw(in.out, p.value) &&
         (in.out.overflowed() ||
          value_is_valid(key, {in.out.data() + value_at, in.out.size() - value_at}));
  } else if (key == kNoDefaultAlpn) {
    if (!p.value.empty()) return in.fail_at(p.token, "SVCB no-default-alpn takes no value");
  } else if (key == kMandatory) {
    ok = encode_mandatory(in.out, p.value);
  } else if (key == kAlpn) {
    ok = encode_alpn(in.out, p.value);
  } else if (key == kPort) {
    ok = encode_port(in.out, p.value);
  } else if (key == kIpv4Hint) {
    ok = encode_ipv4_list(in.out, p.value);
  } else if (key == kEch) {
    ok = encode_ech(in.out, p.value);
  } else {
    ok = encode_ipv6_list(in.out, p.value);
  }
  return ok || bad_param_value(in, p, key);
}

// Moves the param just written at `param_at` to its place among the sorted ones before it.
bool insert_sorted(TextIn& in, std::size_t start, std::size_t param_at, const Param& p) {
  std::uint8_t* d = in.out.data();
  std::uint16_t key = read_u16(d + param_at);
  std::size_t pos = start;
  for (; pos < param_at; pos += 4 + read_u16(d + pos + 2)) {
    std::uint16_t k = read_u16(d + pos);
    if (k == key) return in.fail_at(p.token, "duplicate SVCB key " + quote_token(p.key_text));
    if (k > key) break;
  }
  std::rotate(d + pos, d + param_at, d + in.out.size());
  return true;
}

bool parse_param(TextIn& in, std::size_t start) {
  Param p;
  if (!split_param(in, p)) return false;
  std::optional<std::uint16_t> key = svc_key_from_text(p.key_text);
  if (!key) return in.fail_at(p.token, "unknown SVCB key " + quote_token(p.key_text));
  std::size_t param_at = in.out.size();
  in.out.u16(*key);
  in.out.u16(0);
  if (!encode_value(in, p, *key, starts_with_generic_prefix(p.key_text))) return false;
  if (in.out.overflowed()) return in.fail("RDATA longer than 65535 octets");
  std::size_t length = in.out.size() - param_at - 4;
  in.out.data()[param_at + 2] = static_cast<std::uint8_t>(length >> 8);
  in.out.data()[param_at + 3] = static_cast<std::uint8_t>(length);
  return insert_sorted(in, start, param_at, p);
}

// ----- printing -----

void append_mandatory(std::span<const std::uint8_t> v, std::string& out) {
  for (std::size_t i = 0; i < v.size(); i += 2) {
    if (i > 0) out.push_back(',');
    append_svc_key(read_u16(&v[i]), out);
  }
}

// The two escaping levels of RFC 9460 Appendix A.1 at once: "," and "\" inside an id get an
// inner backslash, which the quoted-string level then escapes again.
void append_alpn(std::span<const std::uint8_t> v, std::string& out) {
  for (std::size_t pos = 0; pos < v.size(); pos += 1 + v[pos]) {
    if (pos > 0) out.push_back(',');
    for (std::uint8_t c : v.subspan(pos + 1, v[pos])) {
      if (c == ',' || c == '\\') out += "\\\\";
      append_escaped({&c, 1}, out);
    }
  }
}

template <std::size_t N, typename Append>
void append_addresses(std::span<const std::uint8_t> v, Append append, std::string& out) {
  for (std::size_t i = 0; i < v.size(); i += N) {
    if (i > 0) out.push_back(',');
    append(&v[i], out);
  }
}

void append_value(std::uint16_t key, std::span<const std::uint8_t> v, std::string& out) {
  switch (key) {
    case kMandatory:
      return append_mandatory(v, out);
    case kAlpn:
      return append_alpn(v, out);
    case kPort:
      return append_decimal(read_u16(v.data()), out);
    case kIpv4Hint:
      return append_addresses<4>(v, append_ipv4, out);
    case kEch:
      return append_base64(v, out);
    case kIpv6Hint:
      return append_addresses<16>(v, append_ipv6, out);
    default:
      return append_escaped(v, out);
  }
}

}  // namespace

std::optional<std::uint16_t> svc_key_from_text(std::string_view text) {
  for (std::uint16_t key = 0; key <= kLastNamedKey; ++key)
    if (iequals(text, kKeyNames[key])) return key;
  if (iequals(text, "dohpath")) return kDohPath;
  if (iequals(text, "ohttp")) return kOhttp;
  if (!starts_with_generic_prefix(text)) return std::nullopt;
  std::string_view digits = text.substr(kGenericPrefix.size());
  std::uint64_t key;
  if (digits.size() > 1 && digits[0] == '0') return std::nullopt;
  if (parse_decimal(digits, 65535, key) != NumberStatus::kOk) return std::nullopt;
  return static_cast<std::uint16_t>(key);
}

void append_svc_key(std::uint16_t key, std::string& out) {
  if (key <= kLastNamedKey) {
    out += kKeyNames[key];
  } else {
    out += kGenericPrefix;
    append_decimal(key, out);
  }
}

bool parse_svc_params(TextIn& in) {
  if (in.has_more() && read_u16(in.out.data()) == 0)
    return in.fail_at(in.next_index(), "SVCB parameters in AliasMode (priority 0)");
  std::size_t start = in.out.size();
  std::size_t first_token = in.next_index();
  while (in.has_more())
    if (!parse_param(in, start)) return false;
  std::span<const std::uint8_t> params(in.out.data() + start, in.out.size() - start);
  if (std::optional<std::uint16_t> missing = missing_mandatory_key(params)) {
    std::string name;
    append_svc_key(*missing, name);
    return in.fail_at(first_token, "SVCB mandatory key " + quote_token(name) + " is missing");
  }
  if (has_key(params, kNoDefaultAlpn) && !has_key(params, kAlpn))
    return in.fail_at(first_token, "SVCB no-default-alpn requires alpn");
  return true;
}

bool svc_params_are_valid(std::span<const std::uint8_t> params) {
  int last_key = -1;
  bool ok = for_each_param(params, [&](std::uint16_t key, std::span<const std::uint8_t> v) {
    if (key <= last_key || !value_is_valid(key, v)) return false;
    last_key = key;
    return true;
  });
  return ok && !missing_mandatory_key(params);
}

bool append_svc_params(std::uint16_t priority, std::span<const std::uint8_t> params,
                       std::string& out) {
  if (priority == 0 && !params.empty()) return false;
  if (has_key(params, kNoDefaultAlpn) && !has_key(params, kAlpn)) return false;
  bool first = true;
  return for_each_param(params, [&](std::uint16_t key, std::span<const std::uint8_t> v) {
    if (!first) out.push_back(' ');
    first = false;
    append_svc_key(key, out);
    bool bare = key == kNoDefaultAlpn || (key > kLastNamedKey && v.empty());
    if (bare) return true;
    out += "=\"";
    append_value(key, v, out);
    out.push_back('"');
    return true;
  });
}

}  // namespace zoned::wire
