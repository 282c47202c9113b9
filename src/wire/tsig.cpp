#include "wire/tsig.h"

#include <algorithm>
#include <cstring>

#include "wire/rrtype.h"

namespace zoned::wire {

namespace {

constexpr std::size_t kRrFixed = 10;      // type, class, TTL, RDLENGTH
constexpr std::size_t kRdataFixed = 16;   // time 6, fudge 2, MAC size 2, id 2, error 2, other len 2
constexpr std::size_t kTimeSize = 6;      // Time Signed and BADTIME's Other Data: 48 bits
constexpr unsigned kMaxUnsignedRun = 99;  // §5.3.1: a TSIG at least every 100 messages

// The fields of one TSIG RR (RFC 8945 §4.2).
struct TsigFields {
  NameView key_name;
  NameView algorithm;
  std::uint64_t time = 0;
  std::uint16_t fudge = 0;
  std::span<const std::uint8_t> mac;
  std::uint16_t original_id = 0;
  std::uint16_t error = 0;
  std::span<const std::uint8_t> other;
};

void store_u48(std::uint8_t* p, std::uint64_t v) {
  store_u16(p, static_cast<std::uint16_t>(v >> 32));
  store_u32(p + 2, static_cast<std::uint32_t>(v));
}

std::uint64_t load_u48(const std::uint8_t* p) {
  return (std::uint64_t{load_u16(p)} << 32) | load_u32(p + 2);
}

// The RR's size, counting `mac_size` octets of MAC.
std::size_t rr_size(const TsigFields& f, std::size_t mac_size) {
  return f.key_name.size() + kRrFixed + f.algorithm.size() + kRdataFixed + mac_size +
         f.other.size();
}

// Room for `rr` more octets after the message, and for one more additional record.
bool fits(std::span<const std::uint8_t> buffer, std::size_t length, std::size_t rr) {
  return length >= kHeaderSize && length <= buffer.size() && rr <= buffer.size() - length &&
         length + rr <= kMaxMessageSize && load_u16(buffer.data() + 10) != 0xFFFF;
}

// Writes the RR after the message (room checked by fits()) and counts it in ARCOUNT.
std::size_t append_rr(std::span<std::uint8_t> buffer, std::size_t length, const TsigFields& f) {
  std::uint8_t* p = buffer.data() + length;
  std::memcpy(p, f.key_name.data(), f.key_name.size());  // never compressed
  p += f.key_name.size();
  store_u16(p, rrtype::TSIG);
  store_u16(p + 2, rrclass::ANY);
  store_u32(p + 4, 0);
  const std::size_t rdlength = f.algorithm.size() + kRdataFixed + f.mac.size() + f.other.size();
  store_u16(p + 8, static_cast<std::uint16_t>(rdlength));
  p += kRrFixed;
  std::memcpy(p, f.algorithm.data(), f.algorithm.size());
  p += f.algorithm.size();
  store_u48(p, f.time);
  store_u16(p + 6, f.fudge);
  store_u16(p + 8, static_cast<std::uint16_t>(f.mac.size()));
  p += 10;
  if (!f.mac.empty()) std::memcpy(p, f.mac.data(), f.mac.size());
  p += f.mac.size();
  store_u16(p, f.original_id);
  store_u16(p + 2, f.error);
  store_u16(p + 4, static_cast<std::uint16_t>(f.other.size()));
  p += 6;
  if (!f.other.empty()) std::memcpy(p, f.other.data(), f.other.size());
  std::uint8_t* arcount = buffer.data() + 10;
  store_u16(arcount, static_cast<std::uint16_t>(load_u16(arcount) + 1));
  return length + rr_size(f, f.mac.size());
}

void set_notauth(std::span<std::uint8_t> buffer) {
  Header h = Header::read(buffer.data());
  h.set_rcode(Rcode::kNotAuth);
  store_u16(buffer.data() + 2, h.flags);
}

// A MAC in a digest: MAC Size, then the MAC (§4.3.1, §5.3.1).
void digest_mac(Hmac& hmac, std::span<const std::uint8_t> mac) {
  std::uint8_t size[2];
  store_u16(size, static_cast<std::uint16_t>(mac.size()));
  hmac.update(size);
  hmac.update(mac);
}

// All TSIG variables (§4.3.3): the names in canonical (lower-case) form, class ANY, TTL 0.
void digest_variables(Hmac& hmac, const TsigFields& f) {
  std::uint8_t buf[2 * kMaxNameLength + 6 + 12];
  std::size_t n = 0;
  to_lower(f.key_name, buf);
  n += f.key_name.size();
  store_u16(buf + n, rrclass::ANY);
  store_u32(buf + n + 2, 0);
  n += 6;
  to_lower(f.algorithm, buf + n);
  n += f.algorithm.size();
  store_u48(buf + n, f.time);
  store_u16(buf + n + 6, f.fudge);
  store_u16(buf + n + 8, f.error);
  store_u16(buf + n + 10, static_cast<std::uint16_t>(f.other.size()));
  n += 12;
  hmac.update({buf, n});
  hmac.update(f.other);
}

// Only the timers, for the later messages of a stream (§5.3.1).
void digest_timers(Hmac& hmac, std::uint64_t time, std::uint16_t fudge) {
  std::uint8_t buf[8];
  store_u48(buf, time);
  store_u16(buf + 6, fudge);
  hmac.update(buf);
}

// A received message as it was before its TSIG was added: the original ID back in place,
// ARCOUNT - 1, the TSIG RR cut off.
void digest_received(Hmac& hmac, std::span<const std::uint8_t> message, const MessageInfo& info) {
  std::uint8_t header[kHeaderSize];
  std::memcpy(header, message.data(), kHeaderSize);
  store_u16(header, info.tsig.original_id);
  store_u16(header + 10, static_cast<std::uint16_t>(info.header.arcount - 1));
  hmac.update(header);
  hmac.update(message.subspan(kHeaderSize, info.tsig.offset - kHeaderSize));
}

TsigFields received_fields(const TsigRecord& t) {
  return {t.key_name, t.algorithm,   t.time_signed, t.fudge,
          t.mac,      t.original_id, t.error,       t.other_data};
}

// §5.2.2.1: whether a MAC of `size` octets can stand for a digest of `full` octets.
bool mac_size_valid(std::size_t size, std::size_t full) {
  return size == full || (size < full && size >= std::max<std::size_t>(10, full / 2));
}

// §5.2.4: the shortest MAC the local policy accepts.
std::size_t policy_minimum(const TsigKey& key) {
  const std::size_t full = tsig_mac_size(key.algorithm);
  if (key.min_mac_size == 0 || key.min_mac_size >= full) return full;
  return std::max({key.min_mac_size, std::size_t{10}, full / 2});
}

bool key_matches(const TsigKey& key, const TsigRecord& t) {
  return equal(key.name, t.key_name) && equal(tsig_algorithm_name(key.algorithm), t.algorithm);
}

bool time_ok(const TsigRecord& t, std::uint64_t now) {
  return now <= t.time_signed + t.fudge && t.time_signed <= now + t.fudge;
}

// Ends the digest and compares its first mac.size() octets with `mac`. `hmac` must hold
// a digest for `key`, and mac.size() must be valid (mac_size_valid()).
Rcode check_mac(Hmac& hmac, const TsigKey& key, std::span<const std::uint8_t> mac) {
  std::uint8_t computed[kMaxTsigMacSize];
  if (hmac.final(computed) != tsig_mac_size(key.algorithm)) return Rcode::kServFail;
  if (!constant_time_equal({computed, mac.size()}, mac)) return Rcode::kBadSig;
  return Rcode::kNoError;
}

}  // namespace

void TsigMac::assign(std::span<const std::uint8_t> mac) {
  size = std::min(mac.size(), data.size());
  if (size != 0) std::memcpy(data.data(), mac.data(), size);
}

const char* tsig_error_name(Rcode error) {
  switch (error) {
    case Rcode::kFormErr:
      return "FORMERR";
    case Rcode::kBadSig:
      return "BADSIG";
    case Rcode::kBadKey:
      return "BADKEY";
    case Rcode::kBadTime:
      return "BADTIME";
    case Rcode::kBadTrunc:
      return "BADTRUNC";
    default:
      return to_string(error);
  }
}

std::string key_description(const TsigKey* key) {
  return key == nullptr ? std::string("no key") : "key " + to_text(key->name.view());
}

std::size_t tsig_rr_size(const TsigKey& key, std::size_t other_len) {
  return key.name.size() + kRrFixed + tsig_algorithm_name(key.algorithm).size() + kRdataFixed +
         tsig_mac_size(key.algorithm) + other_len;
}

// ----- server side -----

TsigCheck verify_request(std::span<const std::uint8_t> message, const MessageInfo& info,
                         std::span<const TsigKey> keys, std::uint64_t now, Hmac& hmac) {
  TsigCheck out;
  if (!info.has_tsig) return out;
  const TsigRecord& t = info.tsig;
  out.time_signed = t.time_signed;
  // §5.2.1: the key (name and algorithm).
  for (const TsigKey& key : keys) {
    if (key_matches(key, t)) {
      out.key = &key;
      break;
    }
  }
  if (out.key == nullptr) {
    out.error = Rcode::kBadKey;
    return out;
  }
  const TsigKey& key = *out.key;
  // §5.2.2: the MAC, whose size must make sense first (§5.2.2.1).
  if (!mac_size_valid(t.mac.size(), tsig_mac_size(key.algorithm))) {
    out.error = Rcode::kFormErr;
    return out;
  }
  out.request_mac.assign(t.mac);
  if (!hmac.init(key.algorithm, key.secret)) {
    out.error = Rcode::kServFail;
    return out;
  }
  digest_received(hmac, message, info);
  digest_variables(hmac, received_fields(t));
  out.error = check_mac(hmac, key, t.mac);
  if (out.error != Rcode::kNoError) return out;
  // §5.2.3: the time; §5.2.4: the truncation policy.
  if (!time_ok(t, now)) {
    out.error = Rcode::kBadTime;
  } else if (t.mac.size() < policy_minimum(key)) {
    out.error = Rcode::kBadTrunc;
  }
  return out;
}

TsigCheck verify_request(std::span<const std::uint8_t> message, const MessageInfo& info,
                         std::span<const TsigKey> keys, std::uint64_t now) {
  Hmac hmac;
  return verify_request(message, info, keys, now, hmac);
}

TsigSigner::TsigSigner(const TsigCheck& check)
    : TsigSigner(*check.key, check.request_mac.view(), check.time_signed) {}

TsigSigner::TsigSigner(const TsigKey& key, std::span<const std::uint8_t> request_mac,
                       std::uint64_t request_time)
    : key_(&key), request_time_(request_time) {
  request_mac_.assign(request_mac);
}

bool TsigSigner::continue_digest() {
  if (!continued_) {
    if (!hmac_.restart()) return false;
    digest_mac(hmac_, prior_.view());
    continued_ = true;
  }
  return true;
}

std::size_t TsigSigner::sign_with(std::span<std::uint8_t> buffer, std::size_t length,
                                  std::uint64_t time, std::uint16_t fudge, Rcode error,
                                  std::span<const std::uint8_t> other) {
  TsigFields f{key_->name, tsig_algorithm_name(key_->algorithm), time, fudge, {},
               0,          static_cast<std::uint16_t>(error),    other};
  const std::size_t full = tsig_mac_size(key_->algorithm);
  if (!fits(buffer, length, rr_size(f, full))) return 0;
  f.original_id = load_u16(buffer.data());
  const std::uint16_t flags = load_u16(buffer.data() + 2);
  if (error != Rcode::kNoError) set_notauth(buffer);
  const std::span<const std::uint8_t> message = buffer.first(length);
  bool ok;
  if (first_ || error != Rcode::kNoError) {
    ok = hmac_.init(key_->algorithm, key_->secret);
    if (request_mac_.size != 0) digest_mac(hmac_, request_mac_.view());
    hmac_.update(message);
    digest_variables(hmac_, f);
  } else {
    ok = continue_digest();
    hmac_.update(message);
    digest_timers(hmac_, time, fudge);
  }
  std::uint8_t mac[kMaxTsigMacSize];
  if (!ok || hmac_.final(mac) != full) {
    store_u16(buffer.data() + 2, flags);
    continued_ = false;
    return 0;
  }
  f.mac = {mac, full};
  prior_.assign(f.mac);
  first_ = false;
  continued_ = false;
  return append_rr(buffer, length, f);
}

std::size_t TsigSigner::sign(std::span<std::uint8_t> buffer, std::size_t length, std::uint64_t now,
                             std::uint16_t fudge) {
  return sign_with(buffer, length, now, fudge, Rcode::kNoError, {});
}

void TsigSigner::add_unsigned(std::span<const std::uint8_t> message) {
  if (first_ || !continue_digest()) return;
  hmac_.update(message);
}

std::size_t TsigSigner::sign_badtime(std::span<std::uint8_t> buffer, std::size_t length,
                                     std::uint64_t now, std::uint16_t fudge) {
  std::uint8_t server_time[kTimeSize];
  store_u48(server_time, now);
  return sign_with(buffer, length, request_time_, fudge, Rcode::kBadTime, server_time);
}

std::size_t TsigSigner::sign_badtrunc(std::span<std::uint8_t> buffer, std::size_t length,
                                      std::uint64_t now, std::uint16_t fudge) {
  return sign_with(buffer, length, now, fudge, Rcode::kBadTrunc, {});
}

std::size_t append_unsigned_tsig_error(std::span<std::uint8_t> buffer, std::size_t length,
                                       const TsigRecord& request, Rcode error, std::uint64_t now,
                                       std::uint16_t fudge) {
  TsigFields f{request.key_name,
               request.algorithm,
               now,
               fudge,
               {},
               0,
               static_cast<std::uint16_t>(error),
               {}};
  if (!fits(buffer, length, rr_size(f, 0))) return 0;
  f.original_id = load_u16(buffer.data());
  set_notauth(buffer);
  return append_rr(buffer, length, f);
}

std::size_t append_tsig_error(std::span<std::uint8_t> buffer, std::size_t length,
                              const MessageInfo& request, const TsigCheck& check,
                              std::uint64_t now) {
  switch (check.error) {
    case Rcode::kBadKey:
    case Rcode::kBadSig:
      if (!request.has_tsig) return 0;
      return append_unsigned_tsig_error(buffer, length, request.tsig, check.error, now);
    case Rcode::kBadTime:
      if (check.key == nullptr) return 0;
      return TsigSigner(check).sign_badtime(buffer, length, now);
    case Rcode::kBadTrunc:
      if (check.key == nullptr) return 0;
      return TsigSigner(check).sign_badtrunc(buffer, length, now);
    default:
      return 0;
  }
}

// ----- client side -----

std::size_t sign_request(std::span<std::uint8_t> buffer, std::size_t length, const TsigKey& key,
                         std::uint64_t now, TsigMac& mac, std::uint16_t fudge) {
  TsigSigner signer(key, {});
  std::size_t signed_length = signer.sign(buffer, length, now, fudge);
  if (signed_length != 0) mac = signer.mac();
  return signed_length;
}

TsigVerifier::TsigVerifier(const TsigKey& key, const TsigMac& request_mac)
    : key_(&key), prior_(request_mac) {}

Rcode TsigVerifier::fail(Rcode error) {
  failed_ = error;
  complete_ = false;
  return error;
}

Rcode TsigVerifier::verify(std::span<const std::uint8_t> message, const MessageInfo& info,
                           std::uint64_t now) {
  if (failed_ != Rcode::kNoError) return failed_;
  if (info.has_tsig) return verify_signed(message, info, now);
  if (first_ || unsigned_run_ == kMaxUnsignedRun) return fail(Rcode::kFormErr);
  if (!continued_) {
    if (!hmac_.restart()) return fail(Rcode::kServFail);
    digest_mac(hmac_, prior_.view());
    continued_ = true;
  }
  hmac_.update(message);
  ++unsigned_run_;
  complete_ = false;
  return Rcode::kNoError;
}

Rcode TsigVerifier::verify_signed(std::span<const std::uint8_t> message, const MessageInfo& info,
                                  std::uint64_t now) {
  const TsigRecord& t = info.tsig;
  const TsigKey& key = *key_;
  peer_error_ = t.error;
  if (t.error == static_cast<std::uint16_t>(Rcode::kBadTime) && t.other_data.size() == kTimeSize)
    peer_time_ = load_u48(t.other_data.data());
  // §5.3.2: BADKEY and BADSIG come unsigned; nothing to check.
  if (t.error != 0 && t.mac.empty()) return fail(Rcode::kNotAuth);
  if (!key_matches(key, t)) return fail(Rcode::kBadKey);
  if (!mac_size_valid(t.mac.size(), tsig_mac_size(key.algorithm))) return fail(Rcode::kFormErr);
  if (first_) {
    if (!hmac_.init(key.algorithm, key.secret)) return fail(Rcode::kServFail);
    if (prior_.size != 0) digest_mac(hmac_, prior_.view());
    digest_received(hmac_, message, info);
    digest_variables(hmac_, received_fields(t));
  } else {
    if (!continued_) {
      if (!hmac_.restart()) return fail(Rcode::kServFail);
      digest_mac(hmac_, prior_.view());
    }
    digest_received(hmac_, message, info);
    digest_timers(hmac_, t.time_signed, t.fudge);
  }
  continued_ = false;
  Rcode e = check_mac(hmac_, key, t.mac);
  if (e != Rcode::kNoError) return fail(e);
  if (!time_ok(t, now)) return fail(Rcode::kBadTime);
  if (t.mac.size() < policy_minimum(key)) return fail(Rcode::kBadTrunc);
  if (t.error != 0) return fail(Rcode::kNotAuth);
  prior_.assign(t.mac);
  first_ = false;
  unsigned_run_ = 0;
  complete_ = true;
  return Rcode::kNoError;
}

}  // namespace zoned::wire
