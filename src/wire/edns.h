// EDNS(0) (RFC 6891): the OPT pseudo-record's fields, its options, and writing one,
// including Extended DNS Errors (RFC 8914) and DNS cookies (RFC 7873) framing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace zoned::wire {

namespace edns_option {
inline constexpr std::uint16_t NSID = 3, CLIENT_SUBNET = 8, EXPIRE = 9, COOKIE = 10,
                               TCP_KEEPALIVE = 11, PADDING = 12, CHAIN = 13, KEY_TAG = 14, EDE = 15;
}

// Extended DNS Error INFO-CODEs (RFC 8914 §4).
namespace ede {
inline constexpr std::uint16_t kOther = 0, kUnsupportedDnskeyAlgorithm = 1,
                               kUnsupportedDsDigestType = 2, kStaleAnswer = 3, kForgedAnswer = 4,
                               kDnssecIndeterminate = 5, kDnssecBogus = 6, kSignatureExpired = 7,
                               kSignatureNotYetValid = 8, kDnskeyMissing = 9, kRrsigsMissing = 10,
                               kNoZoneKeyBitSet = 11, kNsecMissing = 12, kCachedError = 13,
                               kNotReady = 14, kBlocked = 15, kCensored = 16, kFiltered = 17,
                               kProhibited = 18, kStaleNxdomainAnswer = 19, kNotAuthoritative = 20,
                               kNotSupported = 21, kNoReachableAuthority = 22, kNetworkError = 23,
                               kInvalidData = 24;
}

inline constexpr std::size_t kOptFixedSize = 11;  // root owner, type, class, TTL, RDLENGTH
inline constexpr std::uint16_t kMinUdpPayload = 512;

// DO is the top bit of the 16-bit flags in the OPT TTL (RFC 3225).
inline constexpr std::uint16_t kEdnsFlagDo = 0x8000;

// ----- reading -----

enum class EdnsError : std::uint8_t {
  kOk,
  kBadOptionLength,  // an option runs past the end of the RDATA
  kBadCookie,        // COOKIE not 8 or 16..40 octets long (RFC 7873 §5.2.2: FORMERR)
  kTooManyOptions,   // more than kMaxEdnsOptions: every later lookup would walk them all
};

// No client sends more than a handful of options; 16k tiny ones fit in a TCP message.
inline constexpr std::size_t kMaxEdnsOptions = 32;
const char* to_string(EdnsError e);

// The OPT record of a received message. Spans point into the message.
struct Edns {
  std::uint16_t udp_size = 0;       // as sent; use effective_udp_size() for limits
  std::uint8_t extended_rcode = 0;  // upper 8 bits of the rcode
  std::uint8_t version = 0;
  std::uint16_t flags = 0;                // DO and the Z bits, as on the wire
  std::span<const std::uint8_t> options;  // all options, framing validated
  std::span<const std::uint8_t> cookie;   // COOKIE option data; empty when absent

  bool dnssec_ok() const { return (flags & kEdnsFlagDo) != 0; }
  // RFC 6891 §6.2.3: values below 512 are treated as 512.
  std::uint16_t effective_udp_size() const {
    return udp_size < kMinUdpPayload ? kMinUdpPayload : udp_size;
  }
};

// Decodes an OPT record's CLASS, TTL and RDATA (the caller checked owner and position).
EdnsError parse_opt(std::uint16_t rrclass, std::uint32_t ttl, std::span<const std::uint8_t> rdata,
                    Edns& out);

struct EdnsOptionView {
  std::uint16_t code = 0;
  std::span<const std::uint8_t> data;
};

// Walks an option area that parse_opt validated.
class EdnsOptionIterator {
 public:
  explicit EdnsOptionIterator(std::span<const std::uint8_t> options) : rest_(options) {}
  // False at the end or when the framing is broken.
  bool next(EdnsOptionView& out);

 private:
  std::span<const std::uint8_t> rest_;
};

// The first option with `code`; false when there is none.
bool find_option(std::span<const std::uint8_t> options, std::uint16_t code, EdnsOptionView& out);

// ----- writing -----

// One option to send. EDE keeps its 16-bit INFO-CODE apart from the text so a caller can
// build one from a string_view with no scratch buffer.
struct EdnsOption {
  std::uint16_t code = 0;
  std::span<const std::uint8_t> data;
  bool has_info_code = false;
  std::uint16_t info_code = 0;

  std::size_t data_size() const { return data.size() + (has_info_code ? 2 : 0); }
};

// An Extended DNS Error option; `extra_text` is UTF-8, not NUL-terminated (RFC 8914 §2).
inline EdnsOption ede_option(std::uint16_t info_code, std::string_view extra_text = {}) {
  return {edns_option::EDE,
          {reinterpret_cast<const std::uint8_t*>(extra_text.data()), extra_text.size()},
          true,
          info_code};
}

struct OptRecord {
  std::uint16_t udp_size = 1232;  // the DNS Flag Day 2020 default
  std::uint8_t extended_rcode = 0;
  std::uint8_t version = 0;
  bool dnssec_ok = false;
  std::span<const EdnsOption> options;
};

// Octets the whole OPT record takes in a message.
std::size_t opt_record_size(const OptRecord& opt);
// Writes the OPT record to `out`; returns the octets written, 0 when it does not fit or its
// options exceed 65535 octets.
std::size_t write_opt_record(const OptRecord& opt, std::span<std::uint8_t> out);

}  // namespace zoned::wire
