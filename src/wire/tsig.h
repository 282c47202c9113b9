// TSIG (RFC 8945): verifying and signing messages with shared-secret HMACs. No I/O.
//
// Server side: verify_request() checks a request's TSIG (key, MAC, time, truncation, in the
// order of §5.2); a TsigSigner then signs the answer, or each message of a multi-message
// answer such as an AXFR (§5.3.1); the error answers of §5.3.2 have their own functions.
// Client side (NOTIFY out, transfers in): sign_request(), then a TsigVerifier checks the
// answer stream.
//
// MAC truncation (§5.2.2.1), as read here. With L the MAC Size field and F the algorithm's
// full digest length:
//   L > F                         FORMERR: never valid, the message is dropped.
//   L == F                        the whole MAC is compared.
//   L < max(10, F / 2)            FORMERR, L == 0 included. (Only the unsigned BADKEY/BADSIG
//                                 answers of §5.3.2 have L == 0; a TsigVerifier takes those
//                                 as the peer's error.)
//   otherwise                     the first L octets of our MAC are compared; the truncated
//                                 MAC is what later digests include (§5.3.1, §4.3.1).
// A correctly truncated MAC shorter than the local policy (TsigKey::min_mac_size; by default
// the full length, so no truncation is accepted) is BADTRUNC (§5.2.4), checked last: after the
// MAC (BADSIG) and the time (BADTIME).
//
// Allocation: nothing here allocates from the C++ heap. OpenSSL 3.0 does, inside
// EVP_MAC_init: it copies the key and duplicates digest states. Measured (tsig_test,
// Allocation.VerifyRequest): verify_request with a reused Hmac costs 5 of OpenSSL's mallocs,
// with a fresh one (EVP_MAC_CTX_new each call) 12; each later message of a signed stream 2.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "wire/hmac.h"
#include "wire/message_header.h"
#include "wire/message_parser.h"
#include "wire/name.h"
#include "wire/tsig_algorithm.h"

namespace zoned::wire {

// RFC 8945 §10 recommends 300 seconds.
inline constexpr std::uint16_t kTsigFudge = 300;

struct TsigKey {
  Name name;
  TsigAlgorithm algorithm = TsigAlgorithm::kHmacSha256;
  std::vector<std::uint8_t> secret;
  // Local truncation policy (§5.2.4): the shortest MAC accepted from the peer. 0 means the
  // full digest; values below max(10, F / 2) count as that minimum.
  std::size_t min_mac_size = 0;
};

// A MAC kept for a later digest: the request MAC of a response, the prior MAC of a stream.
struct TsigMac {
  std::array<std::uint8_t, kMaxTsigMacSize> data{};
  std::size_t size = 0;

  std::span<const std::uint8_t> view() const { return {data.data(), size}; }
  // `mac` must be at most kMaxTsigMacSize octets (longer ones are cut).
  void assign(std::span<const std::uint8_t> mac);
};

// Octets of the TSIG RR that signing with `key` appends (owner not compressed, full MAC,
// `other_len` octets of other data: 6 for BADTIME), so that a MessageBuilder can reserve()
// them before packing the rest of a response.
std::size_t tsig_rr_size(const TsigKey& key, std::size_t other_len = 0);

// For logs: "key <name>." or "no key" (nullptr: an unsigned request).
std::string key_description(const TsigKey* key);

// TSIG's name for an error: 16 is BADSIG here (to_string(Rcode) says BADVERS, EDNS's name).
const char* tsig_error_name(Rcode error);

// ----- server side -----

// What verify_request() found.
struct TsigCheck {
  // kNoError; kFormErr (bad MAC size, or no TSIG at all: answer FORMERR without a TSIG);
  // kBadKey (unknown key name, or the key's algorithm differs); kBadSig; kBadTime; kBadTrunc;
  // kServFail when OpenSSL fails (no HMAC could be computed).
  Rcode error = Rcode::kFormErr;
  // The matching key: set for every error but BADKEY (and a FORMERR with no TSIG at all).
  const TsigKey* key = nullptr;
  TsigMac request_mac;  // as received (maybe truncated); set with `key`, unless FORMERR
  std::uint64_t time_signed = 0;

  bool ok() const { return error == Rcode::kNoError; }
};

// Verifies the TSIG of a request that parse_message() accepted as `info` (§5.2): the key
// among `keys` by name (case-insensitive) and algorithm, the MAC over the message without
// its TSIG (ARCOUNT - 1, original ID restored) and the TSIG variables, the time against
// `now` (seconds since the epoch) +- fudge, then the truncation policy. The returned key
// points into `keys`. `hmac` is scratch that a worker can keep to save OpenSSL allocations.
// (The §5.2.3 replay cache of the latest time per key is the caller's, if it wants one.)
TsigCheck verify_request(std::span<const std::uint8_t> message, const MessageInfo& info,
                         std::span<const TsigKey> keys, std::uint64_t now, Hmac& hmac);
TsigCheck verify_request(std::span<const std::uint8_t> message, const MessageInfo& info,
                         std::span<const TsigKey> keys, std::uint64_t now);

// Signs the messages answering one request: the first digest covers the request MAC, the
// message and all TSIG variables; each later one the prior MAC, the messages sent since
// (unsigned ones included) and the timers (§5.3.1). The key must outlive the signer.
//
// Each sign*() appends the TSIG RR to the message of `length` octets in `buffer` (whose
// ARCOUNT does not count it yet), with original ID = the message's ID, adds 1 to ARCOUNT
// and returns the new length. It returns 0 and changes nothing (buffer and stream state)
// when the RR does not fit in buffer.size() or 65535 octets (0 too when OpenSSL fails, and
// the stream is then lost). Call it after MessageBuilder::finish(), on the octets finish()
// returned, and do not call finish() again (it would rewrite ARCOUNT).
class TsigSigner {
 public:
  // For a request verify_request() accepted, or refused with BADTIME or BADTRUNC (whose
  // answers are signed, §5.3.2). check.key must be set.
  explicit TsigSigner(const TsigCheck& check);
  // For a request signed with `key` whose MAC was `request_mac` (empty: none is digested).
  TsigSigner(const TsigKey& key, std::span<const std::uint8_t> request_mac,
             std::uint64_t request_time = 0);

  std::size_t sign(std::span<std::uint8_t> buffer, std::size_t length, std::uint64_t now,
                   std::uint16_t fudge = kTsigFudge);
  // A message sent without a TSIG after the first (§5.3.1 allows 99 in a row; the last
  // message must be signed): the next signature covers it.
  void add_unsigned(std::span<const std::uint8_t> message);

  // §5.2.3: the BADTIME answer. Sets RCODE to NOTAUTH; Time Signed is the request's time,
  // Other Data the server's time `now` (48 bits); signed like a first message.
  std::size_t sign_badtime(std::span<std::uint8_t> buffer, std::size_t length, std::uint64_t now,
                           std::uint16_t fudge = kTsigFudge);
  // §5.2.4: the BADTRUNC answer. Sets RCODE to NOTAUTH; signed like a first message.
  std::size_t sign_badtrunc(std::span<std::uint8_t> buffer, std::size_t length, std::uint64_t now,
                            std::uint16_t fudge = kTsigFudge);

  // The MAC of the last signed message.
  const TsigMac& mac() const { return prior_; }

 private:
  std::size_t sign_with(std::span<std::uint8_t> buffer, std::size_t length, std::uint64_t time,
                        std::uint16_t fudge, Rcode error, std::span<const std::uint8_t> other);
  bool continue_digest();

  const TsigKey* key_;
  TsigMac request_mac_;
  std::uint64_t request_time_;
  TsigMac prior_;
  Hmac hmac_;
  bool first_ = true;       // nothing signed yet
  bool continued_ = false;  // hmac_ holds the prior MAC (and unsigned messages) already
};

// §5.3.2: the BADKEY or BADSIG answer, whose TSIG carries the error and an empty MAC and is
// not signed (the client may not share the key, or the request MAC is not to be trusted).
// Echoes the request's key name and algorithm; Time Signed = `now`; sets RCODE to NOTAUTH.
// Same contract as TsigSigner::sign().
std::size_t append_unsigned_tsig_error(std::span<std::uint8_t> buffer, std::size_t length,
                                       const TsigRecord& request, Rcode error, std::uint64_t now,
                                       std::uint16_t fudge = kTsigFudge);

// The answer's TSIG for any refused request, by check.error: BADKEY and BADSIG unsigned
// (above), BADTIME and BADTRUNC signed (TsigSigner). 0 for kFormErr and kNoError (a FORMERR
// answer carries no TSIG) and when it does not fit.
std::size_t append_tsig_error(std::span<std::uint8_t> buffer, std::size_t length,
                              const MessageInfo& request, const TsigCheck& check,
                              std::uint64_t now);

// ----- client side -----

// Signs a request (NOTIFY, SOA query, AXFR/IXFR): appends the TSIG RR with original ID = the
// message's ID, ARCOUNT += 1. Returns the new length, or 0 when it does not fit (nothing
// changed). `mac` receives the request MAC for the TsigVerifier of the answers.
std::size_t sign_request(std::span<std::uint8_t> buffer, std::size_t length, const TsigKey& key,
                         std::uint64_t now, TsigMac& mac, std::uint16_t fudge = kTsigFudge);

// Verifies the answer stream to a request made with sign_request(), one message at a time
// (§5.4, §5.3.1): the first message must be signed; later ones may be unsigned, but no more
// than 99 in a row, and the last must be signed (complete()). Unsigned messages are part of
// the next digest. The first failure is final: every later verify() returns it again.
class TsigVerifier {
 public:
  // `key` must outlive the verifier.
  TsigVerifier(const TsigKey& key, const TsigMac& request_mac);

  // `info` is what parse_message() said of `message`. Returns kNoError; kFormErr (no TSIG on
  // the first message, a 100th unsigned message in a row, a bad MAC size); kBadKey (another
  // key or algorithm); kBadSig; kBadTime (our clock: Time Signed +- fudge); kBadTrunc (too
  // short for key.min_mac_size); or kNotAuth: the peer's TSIG reports an error, which
  // peer_error() gives (its MAC, if any, did verify); kServFail if OpenSSL fails.
  Rcode verify(std::span<const std::uint8_t> message, const MessageInfo& info, std::uint64_t now);

  // The last verified message was signed: a stream may end here.
  bool complete() const { return complete_; }
  // The error field of the peer's last TSIG (BADKEY, BADSIG, BADTIME, BADTRUNC), 0 if none.
  std::uint16_t peer_error() const { return peer_error_; }
  // With a BADTIME error: the server's time from Other Data (0 when absent).
  std::uint64_t peer_time() const { return peer_time_; }

 private:
  Rcode verify_signed(std::span<const std::uint8_t> message, const MessageInfo& info,
                      std::uint64_t now);
  Rcode fail(Rcode error);

  const TsigKey* key_;
  TsigMac prior_;  // the request MAC, then the last MAC verified
  Hmac hmac_;
  bool first_ = true;
  bool continued_ = false;  // hmac_ holds the prior MAC (and unsigned messages) already
  bool complete_ = false;
  unsigned unsigned_run_ = 0;
  Rcode failed_ = Rcode::kNoError;
  std::uint16_t peer_error_ = 0;
  std::uint64_t peer_time_ = 0;
};

}  // namespace zoned::wire
