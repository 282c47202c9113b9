// TSIG (RFC 8945): the algorithms, the HMAC wrapper, request verification, answer signing
// (single, streams, errors), client signing and stream verification. Interop vectors come
// from dnspython (tests/vectors/tsig_vectors.py).
#include "wire/tsig.h"

#include <gtest/gtest.h>
#include <openssl/crypto.h>

#include "test_hex.h"

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "wire/hmac.h"
#include "wire/message_builder.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"
#include "wire/tsig_algorithm.h"

#include "allocation_counter.h"

// OpenSSL's own allocations, counted through CRYPTO_set_mem_functions, which only works
// before OpenSSL first allocates: hence a static initializer.
namespace {
bool g_openssl_counting = false;
long g_openssl_allocations = 0;

void* counting_malloc(std::size_t n, const char*, int) {
  if (g_openssl_counting) ++g_openssl_allocations;
  return std::malloc(n);
}
void* counting_realloc(void* p, std::size_t n, const char*, int) {
  if (g_openssl_counting) ++g_openssl_allocations;
  return std::realloc(p, n);
}
void counting_free(void* p, const char*, int) {
  std::free(p);
}
const bool g_openssl_hooked =
    CRYPTO_set_mem_functions(counting_malloc, counting_realloc, counting_free) == 1;
}  // namespace

namespace zoned::wire {
namespace {

using test::from_hex;
using test::to_hex;
using Bytes = std::vector<std::uint8_t>;

Name make_name(std::string_view text) {
  Name n;
  EXPECT_EQ(parse_name(text, nullptr, n), NameTextError::kOk) << text;
  return n;
}

TsigKey make_key(std::string_view name, TsigAlgorithm algorithm, Bytes secret) {
  return {make_name(name), algorithm, std::move(secret)};
}

MessageInfo parse(std::span<const std::uint8_t> m) {
  MessageInfo info;
  EXPECT_EQ(parse_message(m, info), ParseError::kOk);
  return info;
}

// The message as it was before its TSIG was appended.
Bytes strip_tsig(const Bytes& m) {
  MessageInfo info = parse(m);
  EXPECT_TRUE(info.has_tsig);
  Bytes out(m.begin(), m.begin() + static_cast<long>(info.tsig.offset));
  store_u16(out.data() + 10, static_cast<std::uint16_t>(info.header.arcount - 1));
  return out;
}

// The message with its TSIG MAC replaced by `mac` (MAC Size and RDLENGTH adjusted).
Bytes with_mac(const Bytes& m, std::span<const std::uint8_t> mac) {
  MessageInfo info = parse(m);
  const std::size_t mac_at = static_cast<std::size_t>(info.tsig.mac.data() - m.data());
  const std::size_t old_size = info.tsig.mac.size();
  const std::size_t rdlength_at = mac_at - 2 - 8 - info.tsig.algorithm.size() - 2;
  Bytes out(m.begin(), m.begin() + static_cast<long>(mac_at));
  out.insert(out.end(), mac.begin(), mac.end());
  out.insert(out.end(), m.begin() + static_cast<long>(mac_at + old_size), m.end());
  store_u16(out.data() + mac_at - 2, static_cast<std::uint16_t>(mac.size()));
  store_u16(out.data() + rdlength_at,
            static_cast<std::uint16_t>(load_u16(m.data() + rdlength_at) - old_size + mac.size()));
  return out;
}

Bytes mac_of(const Bytes& m) {
  MessageInfo info = parse(m);
  return {info.tsig.mac.begin(), info.tsig.mac.end()};
}

// Signs `unsigned_message` with `sign`, in a buffer of exactly `capacity` octets.
template <typename F>
Bytes signed_copy(const Bytes& unsigned_message, std::size_t capacity, F sign) {
  Bytes buf(capacity);
  std::copy(unsigned_message.begin(), unsigned_message.end(), buf.begin());
  std::size_t n = sign(std::span<std::uint8_t>(buf), unsigned_message.size());
  buf.resize(n);
  return buf;
}

// A small query, unsigned.
Bytes make_query(std::uint16_t id) {
  std::uint8_t buf[512];
  MessageBuilder b(buf, sizeof buf);
  b.header().id = id;
  b.header().set(flag::RD, true);
  EXPECT_EQ(b.add_question(make_name("www.example.com."), rrtype::A, rrclass::IN), BuildError::kOk);
  std::span<const std::uint8_t> m = b.finish();
  return {m.begin(), m.end()};
}

// ----- algorithms -----

TEST(TsigAlgorithm, NamesSizesAndParsing) {
  EXPECT_EQ(tsig_algorithm_wire_name(TsigAlgorithm::kHmacMd5), "hmac-md5.sig-alg.reg.int.");
  EXPECT_EQ(tsig_algorithm_wire_name(TsigAlgorithm::kHmacSha512), "hmac-sha512.");
  const std::size_t sizes[] = {16, 20, 28, 32, 48, 64};
  for (int i = 0; i < 6; ++i) {
    auto alg = static_cast<TsigAlgorithm>(i);
    EXPECT_EQ(tsig_mac_size(alg), sizes[i]);
    EXPECT_EQ(to_text(tsig_algorithm_name(alg)), tsig_algorithm_wire_name(alg));
    EXPECT_EQ(tsig_algorithm_from_wire(tsig_algorithm_name(alg)), alg);
  }
  EXPECT_EQ(tsig_algorithm_from_wire(make_name("HMAC-MD5.SIG-ALG.REG.INT.")),
            TsigAlgorithm::kHmacMd5);
  EXPECT_EQ(tsig_algorithm_from_wire(make_name("Hmac-Sha256.")), TsigAlgorithm::kHmacSha256);
  EXPECT_FALSE(tsig_algorithm_from_wire(make_name("hmac-sha256-128.")));
  EXPECT_FALSE(tsig_algorithm_from_wire(make_name("gss-tsig.")));
  EXPECT_FALSE(tsig_algorithm_from_wire(make_name("hmac-md5.")));
  EXPECT_EQ(parse_tsig_algorithm("SHA384"), TsigAlgorithm::kHmacSha384);
  EXPECT_EQ(parse_tsig_algorithm("hmac-sha1"), TsigAlgorithm::kHmacSha1);
  EXPECT_FALSE(parse_tsig_algorithm("hmac-sha256."));
}

// ----- HMAC -----

TEST(Hmac, KnownAnswersAndRestart) {
  // RFC 2202 / RFC 4231 test case 2: key "Jefe".
  const Bytes key = {'J', 'e', 'f', 'e'};
  const std::string_view text = "what do ya want for nothing?";
  const std::span<const std::uint8_t> data(reinterpret_cast<const std::uint8_t*>(text.data()),
                                           text.size());
  struct Case {
    TsigAlgorithm algorithm;
    const char* mac;
  };
  const Case cases[] = {
      {TsigAlgorithm::kHmacMd5, "750c783e6ab0b503eaa86e310a5db738"},
      {TsigAlgorithm::kHmacSha1, "effcdf6ae5eb2fa2d27416d5f184df9c259a7c79"},
      {TsigAlgorithm::kHmacSha256,
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"},
  };
  Hmac h;
  for (const Case& c : cases) {
    std::uint8_t out[kMaxTsigMacSize];
    ASSERT_TRUE(h.init(c.algorithm, key));
    h.update(data.first(10));  // incremental
    h.update(data.subspan(10));
    std::size_t n = h.final(out);
    EXPECT_EQ(to_hex({out, n}), c.mac);
    ASSERT_TRUE(h.restart());  // same key again
    h.update(data);
    n = h.final(out);
    EXPECT_EQ(to_hex({out, n}), c.mac);
  }
  std::uint8_t out[kMaxTsigMacSize];
  EXPECT_EQ(h.final(out), 0u);  // final() twice
  Hmac empty;
  EXPECT_FALSE(empty.restart());
  EXPECT_TRUE(empty.init(TsigAlgorithm::kHmacSha256, {}));  // an empty secret is a key too
  EXPECT_EQ(empty.final(out), 32u);
}

TEST(Hmac, ConstantTimeEqual) {
  const Bytes a = {1, 2, 3};
  const Bytes b = {1, 2, 4};
  EXPECT_TRUE(constant_time_equal(a, a));
  EXPECT_FALSE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, std::span(a).first(2)));
  EXPECT_TRUE(constant_time_equal({}, {}));
}

// ----- interop: dnspython's vectors -----

struct TsigVector {
  const char* name;
  int algorithm;
  const char* key_name;
  const char* secret;
  std::uint64_t request_time;
  const char* request;
  std::uint16_t error;
  std::uint64_t times[3];
  const char* answers[3];
};

const TsigVector kVectors[] = {
#include "../vectors/tsig_vectors.inc"
};

TsigKey vector_key(const TsigVector& v) {
  return make_key(v.key_name, static_cast<TsigAlgorithm>(v.algorithm), from_hex(v.secret));
}

// Decoys first: another key of the same algorithm, and the same name with another algorithm,
// so that the search must look at both name and algorithm.
std::vector<TsigKey> keyring_for(const TsigVector& v) {
  TsigKey real = vector_key(v);
  TsigAlgorithm other = real.algorithm == TsigAlgorithm::kHmacSha512 ? TsigAlgorithm::kHmacSha256
                                                                     : TsigAlgorithm::kHmacSha512;
  std::vector<TsigKey> keys;
  keys.push_back(make_key("decoy.example.", real.algorithm, real.secret));
  keys.push_back(make_key(v.key_name, other, real.secret));
  keys.push_back(real);
  return keys;
}

TEST(TsigVectors, RequestsSignedByDnspythonVerify) {
  for (const TsigVector& v : kVectors) {
    SCOPED_TRACE(v.name);
    const Bytes request = from_hex(v.request);
    const MessageInfo info = parse(request);
    std::vector<TsigKey> keys = keyring_for(v);
    TsigCheck check = verify_request(request, info, keys, v.request_time);
    const bool truncated = v.error == static_cast<std::uint16_t>(Rcode::kBadTrunc);
    EXPECT_EQ(check.error, truncated ? Rcode::kBadTrunc : Rcode::kNoError);
    EXPECT_EQ(check.key, &keys[2]);
    EXPECT_EQ(to_hex(check.request_mac.view()), to_hex(info.tsig.mac));
    EXPECT_EQ(check.time_signed, v.request_time);
    if (truncated) {
      keys[2].min_mac_size = 16;  // a policy that takes SHA-256 MACs cut to 16 octets
      EXPECT_EQ(verify_request(request, info, keys, v.request_time).error, Rcode::kNoError);
    }
  }
}

TEST(TsigVectors, SignRequestsLikeDnspython) {
  int compared = 0;
  for (const TsigVector& v : kVectors) {
    SCOPED_TRACE(v.name);
    const Bytes request = from_hex(v.request);
    const std::string_view name = v.name;
    if (name == "badtrunc_sha256" || name == "request_md5_upper") continue;  // not our octets
    TsigKey key = vector_key(v);
    if (name == "request_key_upper") key.name = make_name("TSIG-Key.Example.");  // as written
    TsigMac mac;
    Bytes ours = signed_copy(strip_tsig(request), request.size(), [&](auto buf, std::size_t n) {
      return sign_request(buf, n, key, v.request_time, mac);
    });
    EXPECT_EQ(to_hex(ours), to_hex(request));
    EXPECT_EQ(to_hex(mac.view()), to_hex(mac_of(request)));
    ++compared;
  }
  EXPECT_EQ(compared, 20);
}

TEST(TsigVectors, SignAnswersLikeDnspython) {
  int compared = 0;
  for (const TsigVector& v : kVectors) {
    SCOPED_TRACE(v.name);
    if (v.answers[0][0] == '\0') continue;
    const Bytes request = from_hex(v.request);
    std::vector<TsigKey> keys = keyring_for(v);
    TsigCheck check = verify_request(request, parse(request), keys, v.request_time);
    if (v.error != 0) {
      // An error answer: BADTIME or BADTRUNC, signed; RCODE set to NOTAUTH by us.
      const Bytes expected = from_hex(v.answers[0]);
      Bytes unsigned_answer = strip_tsig(expected);
      unsigned_answer[3] &= 0xF0;
      const std::uint64_t server_now = v.times[0];
      if (v.error == static_cast<std::uint16_t>(Rcode::kBadTime)) {
        check = verify_request(request, parse(request), keys, server_now);
        ASSERT_EQ(check.error, Rcode::kBadTime);
        Bytes ours = signed_copy(unsigned_answer, 4096, [&](auto buf, std::size_t n) {
          return TsigSigner(check).sign_badtime(buf, n, server_now);
        });
        EXPECT_EQ(to_hex(ours), to_hex(expected));
      } else {
        ASSERT_EQ(check.error, Rcode::kBadTrunc);
        Bytes ours = signed_copy(unsigned_answer, 4096, [&](auto buf, std::size_t n) {
          return TsigSigner(check).sign_badtrunc(buf, n, server_now);
        });
        EXPECT_EQ(to_hex(ours), to_hex(expected));
      }
      MessageInfo request_info = parse(request);
      Bytes ours = signed_copy(unsigned_answer, 4096, [&](auto buf, std::size_t n) {
        return append_tsig_error(buf, n, request_info, check, server_now);
      });
      EXPECT_EQ(to_hex(ours), to_hex(expected));
      ++compared;
      continue;
    }
    ASSERT_EQ(check.error, Rcode::kNoError);
    TsigSigner signer(check);
    for (int i = 0; i < 3 && v.answers[i][0] != '\0'; ++i) {
      SCOPED_TRACE(i);
      const Bytes expected = from_hex(v.answers[i]);
      if (!parse(expected).has_tsig) {
        signer.add_unsigned(expected);
        continue;
      }
      // A buffer one octet short first: nothing may change, in the buffer or the stream.
      Bytes unsigned_answer = strip_tsig(expected);
      Bytes short_one =
          signed_copy(unsigned_answer, expected.size() - 1, [&](auto buf, std::size_t n) {
            std::size_t r = signer.sign(buf, n, v.times[i]);
            EXPECT_EQ(r, 0u);
            EXPECT_TRUE(std::equal(unsigned_answer.begin(), unsigned_answer.end(), buf.begin()));
            return n;
          });
      Bytes ours = signed_copy(unsigned_answer, expected.size(), [&](auto buf, std::size_t n) {
        return signer.sign(buf, n, v.times[i]);
      });
      EXPECT_EQ(to_hex(ours), to_hex(expected));
      EXPECT_EQ(to_hex(signer.mac().view()), to_hex(mac_of(expected)));
      ++compared;
    }
  }
  EXPECT_EQ(compared, 6 + 6 * 3 + 6 * 2 + 2);
}

TEST(TsigVectors, VerifierAcceptsDnspythonStreams) {
  for (const TsigVector& v : kVectors) {
    SCOPED_TRACE(v.name);
    if (v.answers[0][0] == '\0') continue;
    const Bytes request = from_hex(v.request);
    TsigKey key = vector_key(v);
    TsigMac request_mac;
    request_mac.assign(mac_of(request));
    TsigVerifier verifier(key, request_mac);
    for (int i = 0; i < 3 && v.answers[i][0] != '\0'; ++i) {
      SCOPED_TRACE(i);
      const Bytes answer = from_hex(v.answers[i]);
      const MessageInfo info = parse(answer);
      if (v.error != 0) {
        // The client's clock is the request's: a BADTIME answer carries the client's time.
        EXPECT_EQ(verifier.verify(answer, info, v.request_time + 1), Rcode::kNotAuth);
        EXPECT_EQ(verifier.peer_error(), v.error);
        if (v.error == static_cast<std::uint16_t>(Rcode::kBadTime)) {
          EXPECT_EQ(verifier.peer_time(), v.times[0]);
        }
        continue;
      }
      EXPECT_EQ(verifier.verify(answer, info, v.times[i]), Rcode::kNoError);
      EXPECT_EQ(verifier.complete(), info.has_tsig);
    }
    if (v.error == 0) {
      EXPECT_TRUE(verifier.complete());
    }
  }
}

TEST(TsigVectors, KeyAndAlgorithmNamesInAnotherCase) {
  for (const TsigVector& v : kVectors) {
    const std::string_view name = v.name;
    if (name != "request_key_upper" && name != "request_md5_upper") continue;
    SCOPED_TRACE(v.name);
    const Bytes request = from_hex(v.request);
    const MessageInfo info = parse(request);
    const TsigKey key = vector_key(v);
    if (name == "request_key_upper") {
      EXPECT_EQ(to_text(info.tsig.key_name), "TSIG-Key.Example.");
      EXPECT_EQ(to_text(key.name), "tsig-key.example.");
    } else {
      EXPECT_EQ(to_text(info.tsig.algorithm), "HMAC-MD5.SIG-ALG.REG.INT.");
    }
    EXPECT_EQ(verify_request(request, info, std::span(&key, 1), v.request_time).error,
              Rcode::kNoError);
  }
}

// ----- verify_request errors -----

struct RequestFixture : ::testing::Test {
  const TsigVector& v = kVectors[9];  // single_sha256
  Bytes request = from_hex(v.request);
  TsigKey key = vector_key(v);

  TsigCheck check(const Bytes& m, const TsigKey& k, std::uint64_t now) {
    MessageInfo info;
    EXPECT_EQ(parse_message(m, info), ParseError::kOk);
    return verify_request(m, info, std::span(&k, 1), now);
  }
  TsigCheck check(const Bytes& m) { return check(m, key, v.request_time); }
};

TEST_F(RequestFixture, TheVectorIsSha256) {
  EXPECT_EQ(std::string_view(v.name), "single_sha256");
  EXPECT_EQ(check(request).error, Rcode::kNoError);
}

TEST_F(RequestFixture, WrongKeyNameOrAlgorithmIsBadKey) {
  TsigKey other = make_key("other.example.", key.algorithm, key.secret);
  TsigCheck c = check(request, other, v.request_time);
  EXPECT_EQ(c.error, Rcode::kBadKey);
  EXPECT_EQ(c.key, nullptr);
  other = make_key(v.key_name, TsigAlgorithm::kHmacSha384, key.secret);
  c = check(request, other, v.request_time);
  EXPECT_EQ(c.error, Rcode::kBadKey);
  EXPECT_EQ(c.key, nullptr);
  // No keys at all.
  MessageInfo info = parse(request);
  EXPECT_EQ(verify_request(request, info, {}, v.request_time).error, Rcode::kBadKey);
}

TEST_F(RequestFixture, UnsignedRequestIsNotVerified) {
  Bytes query = make_query(7);
  TsigCheck c = check(query);
  EXPECT_EQ(c.error, Rcode::kFormErr);
  EXPECT_EQ(c.key, nullptr);
}

TEST_F(RequestFixture, FlippedBitsAreBadSig) {
  Bytes mac = mac_of(request);
  mac[5] ^= 0x10;
  TsigCheck c = check(with_mac(request, mac));
  EXPECT_EQ(c.error, Rcode::kBadSig);
  EXPECT_EQ(c.key, &key);
  EXPECT_EQ(to_hex(c.request_mac.view()), to_hex(mac));
  // Any octet of the message: flags, question, the TSIG's original ID and error. (Not the
  // header's ID: the digest has the original ID in its place.)
  MessageInfo info = parse(request);
  for (std::size_t at : {std::size_t{3}, std::size_t{20}, request.size() - 5, request.size() - 3}) {
    Bytes m = request;
    m[at] ^= 0x01;
    MessageInfo mi;
    ASSERT_EQ(parse_message(m, mi), ParseError::kOk) << at;
    EXPECT_EQ(verify_request(m, mi, std::span(&key, 1), v.request_time).error, Rcode::kBadSig)
        << at;
  }
  // The key name: another name is another key; another case is the same key, and the digest
  // has it in lower case.
  Bytes m = request;
  m[info.tsig.offset + 1] ^= 0x01;
  EXPECT_EQ(check(m).error, Rcode::kBadKey);
  m[info.tsig.offset + 1] ^= 0x21;
  EXPECT_EQ(check(m).error, Rcode::kNoError);
  Bytes other_id = request;
  other_id[1] ^= 0x01;
  EXPECT_EQ(check(other_id).error, Rcode::kNoError);
  TsigKey wrong_secret = key;
  wrong_secret.secret[0] ^= 1;
  EXPECT_EQ(check(request, wrong_secret, v.request_time).error, Rcode::kBadSig);
}

TEST_F(RequestFixture, TimeOutsideFudgeIsBadTime) {
  const std::uint64_t t = v.request_time;
  EXPECT_EQ(check(request, key, t + 300).error, Rcode::kNoError);
  EXPECT_EQ(check(request, key, t - 300).error, Rcode::kNoError);
  TsigCheck late = check(request, key, t + 301);
  EXPECT_EQ(late.error, Rcode::kBadTime);
  EXPECT_EQ(late.key, &key);
  EXPECT_EQ(late.time_signed, t);
  EXPECT_EQ(check(request, key, t - 301).error, Rcode::kBadTime);
  // The MAC is checked before the time: a bad MAC at a bad time is BADSIG.
  Bytes mac = mac_of(request);
  mac[0] ^= 1;
  EXPECT_EQ(check(with_mac(request, mac), key, t + 1000).error, Rcode::kBadSig);
}

TEST_F(RequestFixture, BadTimeAnswerIsSignedAndCarriesServerTime) {
  const std::uint64_t now = v.request_time + 5000;
  MessageInfo info = parse(request);
  TsigCheck c = verify_request(request, info, std::span(&key, 1), now);
  ASSERT_EQ(c.error, Rcode::kBadTime);
  Bytes answer = strip_tsig(request);
  answer[2] |= 0x80;  // QR
  answer = signed_copy(answer, 512, [&](auto buf, std::size_t n) {
    return append_tsig_error(buf, n, info, c, now);
  });
  ASSERT_FALSE(answer.empty());
  MessageInfo ai = parse(answer);
  EXPECT_EQ(ai.header.rcode_bits(), 9);  // NOTAUTH
  EXPECT_EQ(ai.tsig.error, 18);
  EXPECT_EQ(ai.tsig.time_signed, v.request_time);  // the client's time
  std::uint8_t server_time[6];
  store_u16(server_time, static_cast<std::uint16_t>(now >> 32));
  store_u32(server_time + 2, static_cast<std::uint32_t>(now));
  EXPECT_EQ(to_hex(ai.tsig.other_data), to_hex(server_time));
  EXPECT_EQ(ai.tsig.mac.size(), 32u);
  // The client, whose clock is right for its request, verifies it.
  TsigVerifier verifier(key, c.request_mac);
  EXPECT_EQ(verifier.verify(answer, ai, v.request_time), Rcode::kNotAuth);
  EXPECT_EQ(verifier.peer_error(), 18);
  EXPECT_EQ(verifier.peer_time(), now);
}

TEST_F(RequestFixture, BadKeyAndBadSigAnswersAreUnsigned) {
  for (Rcode error : {Rcode::kBadKey, Rcode::kBadSig}) {
    TsigKey other = make_key("other.example.", key.algorithm, key.secret);
    Bytes m = request;
    if (error == Rcode::kBadSig) m = with_mac(request, Bytes(32, 0xAB));
    MessageInfo info = parse(m);
    TsigCheck c =
        verify_request(m, info, std::span(error == Rcode::kBadKey ? &other : &key, 1), 1700000000);
    ASSERT_EQ(c.error, error);
    Bytes answer = strip_tsig(m);
    answer[2] |= 0x80;
    answer = signed_copy(answer, 512, [&](auto buf, std::size_t n) {
      return append_tsig_error(buf, n, info, c, v.request_time + 7);
    });
    ASSERT_FALSE(answer.empty());
    MessageInfo ai = parse(answer);
    EXPECT_EQ(ai.header.rcode_bits(), 9);
    EXPECT_EQ(ai.tsig.error, static_cast<std::uint16_t>(error));
    EXPECT_TRUE(ai.tsig.mac.empty());
    EXPECT_EQ(to_text(ai.tsig.key_name), v.key_name);  // echoed
    EXPECT_EQ(to_text(ai.tsig.algorithm), "hmac-sha256.");
    EXPECT_EQ(ai.tsig.time_signed, v.request_time + 7);
    EXPECT_EQ(ai.tsig.original_id, ai.header.id);
    TsigVerifier verifier(key, c.request_mac);
    EXPECT_EQ(verifier.verify(answer, ai, v.request_time), Rcode::kNotAuth);
    EXPECT_EQ(verifier.peer_error(), static_cast<std::uint16_t>(error));
    EXPECT_FALSE(verifier.complete());
  }
  // FORMERR answers carry no TSIG.
  TsigCheck formerr;
  MessageInfo info = parse(request);
  Bytes answer = strip_tsig(request);
  EXPECT_TRUE(signed_copy(answer, 512, [&](auto buf, std::size_t n) {
                return append_tsig_error(buf, n, info, formerr, 0);
              }).empty());
}

// §5.2.2.1 for every algorithm: which MAC sizes are FORMERR, BADTRUNC or accepted.
TEST(TsigTruncation, MacSizesPerAlgorithm) {
  for (const TsigVector& v : kVectors) {
    if (std::string_view(v.name).substr(0, 7) != "single_") continue;
    SCOPED_TRACE(v.name);
    const Bytes request = from_hex(v.request);
    TsigKey key = vector_key(v);
    const Bytes full_mac = mac_of(request);
    const std::size_t full = full_mac.size();
    ASSERT_EQ(full, tsig_mac_size(key.algorithm));
    const std::size_t floor = std::max<std::size_t>(10, full / 2);
    auto verdict = [&](std::size_t size, std::size_t policy) {
      Bytes mac(full_mac.begin(), full_mac.begin() + static_cast<long>(std::min(size, full)));
      while (mac.size() < size)
        mac.push_back(0);
      Bytes m = with_mac(request, mac);
      MessageInfo info = parse(m);
      key.min_mac_size = policy;
      return verify_request(m, info, std::span(&key, 1), v.request_time).error;
    };
    EXPECT_EQ(verdict(full, 0), Rcode::kNoError);
    EXPECT_EQ(verdict(full + 1, 0), Rcode::kFormErr);
    EXPECT_EQ(verdict(0, 0), Rcode::kFormErr);
    EXPECT_EQ(verdict(1, 0), Rcode::kFormErr);
    EXPECT_EQ(verdict(floor - 1, 0), Rcode::kFormErr);
    EXPECT_EQ(verdict(floor - 1, floor - 1), Rcode::kFormErr);
    // Allowed by the RFC, refused by the default policy: BADTRUNC, after the MAC check.
    EXPECT_EQ(verdict(floor, 0), Rcode::kBadTrunc);
    EXPECT_EQ(verdict(full - 1, 0), Rcode::kBadTrunc);
    // Accepted by a policy that allows them.
    EXPECT_EQ(verdict(floor, floor), Rcode::kNoError);
    EXPECT_EQ(verdict(floor, 1), Rcode::kNoError);  // below the floor counts as the floor
    EXPECT_EQ(verdict(full - 1, full - 1), Rcode::kNoError);
    EXPECT_EQ(verdict(floor, floor + 1), Rcode::kBadTrunc);
    // A truncated MAC that is wrong is BADSIG, whatever the policy.
    Bytes wrong(full_mac.begin(), full_mac.begin() + static_cast<long>(floor));
    wrong.back() ^= 1;
    Bytes m = with_mac(request, wrong);
    key.min_mac_size = 0;
    EXPECT_EQ(verify_request(m, parse(m), std::span(&key, 1), v.request_time).error,
              Rcode::kBadSig);
  }
}

TEST(TsigTruncation, AnswerToTruncatedRequestDigestsTheTruncatedMac) {
  const TsigVector& v = kVectors[9];
  const Bytes request = from_hex(v.request);
  TsigKey key = vector_key(v);
  key.min_mac_size = 16;
  Bytes mac = mac_of(request);
  mac.resize(16);
  const Bytes truncated = with_mac(request, mac);
  TsigCheck c = verify_request(truncated, parse(truncated), std::span(&key, 1), v.request_time);
  ASSERT_EQ(c.error, Rcode::kNoError);
  EXPECT_EQ(c.request_mac.size, 16u);
  Bytes answer = strip_tsig(truncated);
  answer[2] |= 0x80;
  TsigSigner signer(c);
  answer = signed_copy(
      answer, 512, [&](auto buf, std::size_t n) { return signer.sign(buf, n, v.request_time); });
  TsigVerifier good(key, c.request_mac);
  EXPECT_EQ(good.verify(answer, parse(answer), v.request_time), Rcode::kNoError);
  TsigMac full;
  full.assign(mac_of(request));
  TsigVerifier bad(key, full);
  EXPECT_EQ(bad.verify(answer, parse(answer), v.request_time), Rcode::kBadSig);
}

TEST(TsigParser, TsigNotLastIsRejectedBeforeVerification) {
  Bytes m = from_hex(kVectors[9].request);
  // Append an A record after the TSIG, counted in ARCOUNT.
  const Bytes rr = {0, 0, 1, 0, 1, 0, 0, 0, 0, 0, 4, 192, 0, 2, 1};
  m.insert(m.end(), rr.begin(), rr.end());
  store_u16(m.data() + 10, static_cast<std::uint16_t>(load_u16(m.data() + 10) + 1));
  MessageInfo info;
  EXPECT_EQ(parse_message(m, info), ParseError::kTsigNotLast);
}

// ----- sizes and room -----

TEST(TsigSize, RrSizeMatchesWhatIsWritten) {
  for (int i = 0; i < 6; ++i) {
    TsigKey key = make_key("k.example.", static_cast<TsigAlgorithm>(i), Bytes(10, 1));
    Bytes query = make_query(1);
    TsigMac mac;
    Bytes signed_query = signed_copy(query, 1024, [&](auto buf, std::size_t n) {
      return sign_request(buf, n, key, 1700000000, mac);
    });
    EXPECT_EQ(signed_query.size(), query.size() + tsig_rr_size(key));
    EXPECT_EQ(parse(signed_query).header.arcount, 1);
  }
  TsigKey key = make_key("k.example.", TsigAlgorithm::kHmacSha256, Bytes(10, 1));
  EXPECT_EQ(tsig_rr_size(key), 11u + 10 + 13 + 16 + 32);
  EXPECT_EQ(tsig_rr_size(key, 6), tsig_rr_size(key) + 6);
}

TEST(TsigSize, DoesNotFitReturnsZero) {
  TsigKey key = make_key("k.example.", TsigAlgorithm::kHmacSha512, Bytes(64, 2));
  const Bytes query = make_query(0x55);
  const std::size_t need = query.size() + tsig_rr_size(key);
  TsigMac mac;
  for (std::size_t capacity : {need - 1, query.size(), need}) {
    Bytes buf(capacity);
    std::copy(query.begin(), query.end(), buf.begin());
    std::size_t n = sign_request(buf, query.size(), key, 1700000000, mac);
    EXPECT_EQ(n, capacity == need ? need : 0u) << capacity;
    if (n == 0) {
      EXPECT_TRUE(std::equal(query.begin(), query.end(), buf.begin()));
    }
  }
  // Nor past 65535 octets, nor with a message shorter than a header.
  Bytes big(70000, 0);
  std::copy(query.begin(), query.end(), big.begin());
  EXPECT_EQ(sign_request(big, 65535 - tsig_rr_size(key) + 1, key, 1700000000, mac), 0u);
  EXPECT_EQ(sign_request(big, 65535 - tsig_rr_size(key), key, 1700000000, mac), 65535u);
  EXPECT_EQ(sign_request(big, 11, key, 1700000000, mac), 0u);
  // The unsigned error answers too.
  TsigRecord record;
  record.key_name = key.name;
  record.algorithm.assign(tsig_algorithm_name(key.algorithm));
  Bytes buf(query.size() + 10);
  std::copy(query.begin(), query.end(), buf.begin());
  EXPECT_EQ(append_unsigned_tsig_error(buf, query.size(), record, Rcode::kBadKey, 0), 0u);
  EXPECT_EQ(buf[3], query[3]);  // RCODE untouched
}

TEST(TsigSize, BuilderReservesRoomForTheSignature) {
  TsigKey key = make_key("transfer-key.example.", TsigAlgorithm::kHmacSha384, Bytes(48, 3));
  std::uint8_t buf[512];
  MessageBuilder b(buf, sizeof buf);
  ASSERT_TRUE(b.reserve(tsig_rr_size(key)));
  b.header().id = 9;
  ASSERT_EQ(b.add_question(make_name("example.com."), rrtype::TXT, rrclass::IN), BuildError::kOk);
  std::uint8_t rdata[201] = {200};
  // Fill until the builder refuses: the reserved room stays free.
  while (b.add_rr(Section::kAnswer, make_name("example.com."), rrtype::TXT, rrclass::IN, 60,
                  rdata) == BuildError::kOk) {
  }
  std::size_t length = b.finish().size();
  b.release(tsig_rr_size(key));
  TsigSigner signer(key, {});
  std::size_t n = signer.sign(buf, length, 1700000000);
  ASSERT_NE(n, 0u);
  EXPECT_LE(n, sizeof buf);
  EXPECT_TRUE(parse(Bytes(buf, buf + n)).has_tsig);
}

// ----- streams, both ends ours -----

struct StreamFixture : ::testing::Test {
  TsigKey key = make_key("axfr.example.", TsigAlgorithm::kHmacSha256, Bytes(32, 9));
  TsigMac request_mac;
  TsigCheck check;
  Bytes request;

  void SetUp() override {
    Bytes query = make_query(0x4242);
    request = signed_copy(query, 512, [&](auto buf, std::size_t n) {
      return sign_request(buf, n, key, 1700000000, request_mac);
    });
    check = verify_request(request, parse(request), std::span(&key, 1), 1700000001);
    ASSERT_EQ(check.error, Rcode::kNoError);
  }

  Bytes message(int i) {
    std::uint8_t buf[512];
    MessageBuilder b(buf, sizeof buf);
    b.header().id = 0x4242;
    b.header().set(flag::QR, true);
    const std::uint8_t a[4] = {192, 0, 2, static_cast<std::uint8_t>(i)};
    EXPECT_EQ(
        b.add_rr(Section::kAnswer, make_name("www.example.com."), rrtype::A, rrclass::IN, 300, a),
        BuildError::kOk);
    std::span<const std::uint8_t> m = b.finish();
    return {m.begin(), m.end()};
  }
};

TEST_F(StreamFixture, EveryHundredthSignedIsAccepted) {
  TsigSigner signer(check);
  TsigVerifier verifier(key, request_mac);
  for (int i = 0; i < 250; ++i) {
    Bytes m = message(i);
    const bool sign = i % 100 == 0 || i == 249;
    if (sign) {
      m = signed_copy(m, 512, [&](auto buf, std::size_t n) {
        return signer.sign(buf, n, 1700000000 + static_cast<std::uint64_t>(i));
      });
    } else {
      signer.add_unsigned(m);
    }
    ASSERT_EQ(verifier.verify(m, parse(m), 1700000100), Rcode::kNoError) << i;
    EXPECT_EQ(verifier.complete(), sign) << i;
  }
}

TEST_F(StreamFixture, HundredUnsignedInARowIsRefused) {
  TsigSigner signer(check);
  TsigVerifier verifier(key, request_mac);
  Bytes first = signed_copy(
      message(0), 512, [&](auto buf, std::size_t n) { return signer.sign(buf, n, 1700000000); });
  ASSERT_EQ(verifier.verify(first, parse(first), 1700000000), Rcode::kNoError);
  Bytes m = message(1);
  for (int i = 0; i < 99; ++i)
    ASSERT_EQ(verifier.verify(m, parse(m), 1700000000), Rcode::kNoError);
  EXPECT_EQ(verifier.verify(m, parse(m), 1700000000), Rcode::kFormErr);
  EXPECT_FALSE(verifier.complete());
  // The failure sticks.
  EXPECT_EQ(verifier.verify(first, parse(first), 1700000000), Rcode::kFormErr);
}

TEST_F(StreamFixture, FirstMessageMustBeSigned) {
  TsigVerifier verifier(key, request_mac);
  Bytes m = message(0);
  EXPECT_EQ(verifier.verify(m, parse(m), 1700000000), Rcode::kFormErr);
}

TEST_F(StreamFixture, TamperedReorderedOrForeignMessagesFail) {
  TsigSigner signer(check);
  std::vector<Bytes> stream;
  for (int i = 0; i < 3; ++i) {
    stream.push_back(signed_copy(
        message(i), 512, [&](auto buf, std::size_t n) { return signer.sign(buf, n, 1700000000); }));
  }
  {  // an octet changed in the second message
    TsigVerifier verifier(key, request_mac);
    Bytes m = stream[1];
    m[parse(m).tsig.offset - 1] ^= 1;  // the A record's last octet
    EXPECT_EQ(verifier.verify(stream[0], parse(stream[0]), 1700000000), Rcode::kNoError);
    EXPECT_EQ(verifier.verify(m, parse(m), 1700000000), Rcode::kBadSig);
  }
  {  // the second message left out
    TsigVerifier verifier(key, request_mac);
    EXPECT_EQ(verifier.verify(stream[0], parse(stream[0]), 1700000000), Rcode::kNoError);
    EXPECT_EQ(verifier.verify(stream[2], parse(stream[2]), 1700000000), Rcode::kBadSig);
  }
  {  // another request's MAC
    TsigMac other = request_mac;
    other.data[0] ^= 1;
    TsigVerifier verifier(key, other);
    EXPECT_EQ(verifier.verify(stream[0], parse(stream[0]), 1700000000), Rcode::kBadSig);
  }
  {  // another key, another algorithm
    TsigKey other = make_key("other.example.", key.algorithm, key.secret);
    TsigVerifier verifier(other, request_mac);
    EXPECT_EQ(verifier.verify(stream[0], parse(stream[0]), 1700000000), Rcode::kBadKey);
    TsigKey sha1 = make_key("axfr.example.", TsigAlgorithm::kHmacSha1, key.secret);
    TsigVerifier verifier1(sha1, request_mac);
    EXPECT_EQ(verifier1.verify(stream[0], parse(stream[0]), 1700000000), Rcode::kBadKey);
  }
  {  // our clock is off
    TsigVerifier verifier(key, request_mac);
    EXPECT_EQ(verifier.verify(stream[0], parse(stream[0]), 1700000000 + 301), Rcode::kBadTime);
  }
  {  // a truncated MAC from the server needs a policy that allows it
    Bytes mac = mac_of(stream[0]);
    mac.resize(20);
    Bytes m = with_mac(stream[0], mac);
    TsigVerifier strict(key, request_mac);
    EXPECT_EQ(strict.verify(m, parse(m), 1700000000), Rcode::kBadTrunc);
    TsigKey lenient = key;
    lenient.min_mac_size = 20;
    TsigVerifier verifier(lenient, request_mac);
    EXPECT_EQ(verifier.verify(m, parse(m), 1700000000), Rcode::kNoError);
    mac.resize(15);
    m = with_mac(stream[0], mac);
    TsigVerifier short_one(lenient, request_mac);
    EXPECT_EQ(short_one.verify(m, parse(m), 1700000000), Rcode::kFormErr);
  }
}

TEST_F(StreamFixture, MixedCaseKeyNameSignsAndVerifies) {
  TsigKey upper = key;
  upper.name = make_name("AXFR.Example.");
  Bytes query = make_query(1);
  TsigMac mac;
  Bytes m = signed_copy(query, 512, [&](auto buf, std::size_t n) {
    return sign_request(buf, n, upper, 1700000000, mac);
  });
  EXPECT_EQ(to_text(parse(m).tsig.key_name), "AXFR.Example.");
  EXPECT_EQ(verify_request(m, parse(m), std::span(&key, 1), 1700000000).error, Rcode::kNoError);
}

// ----- allocations -----

// Nothing of ours allocates while verifying a request; OpenSSL's own mallocs are measured
// and printed (reused Hmac: only EVP_MAC_init's key copy and digest states).
TEST(Allocation, VerifyRequest) {
  const TsigVector& v = kVectors[9];
  const Bytes request = from_hex(v.request);
  const MessageInfo info = parse(request);
  const std::vector<TsigKey> keys = keyring_for(v);
  Hmac hmac;
  ASSERT_EQ(verify_request(request, info, keys, v.request_time, hmac).error, Rcode::kNoError);

  g_allocations = 0;
  g_openssl_allocations = 0;
  g_counting = g_openssl_counting = true;
  TsigCheck reused = verify_request(request, info, keys, v.request_time, hmac);
  g_counting = g_openssl_counting = false;
  EXPECT_EQ(reused.error, Rcode::kNoError);
  EXPECT_EQ(g_allocations, 0);
  const long openssl_reused = g_openssl_allocations;

  g_allocations = 0;
  g_openssl_allocations = 0;
  g_counting = g_openssl_counting = true;
  TsigCheck fresh = verify_request(request, info, keys, v.request_time);
  g_counting = g_openssl_counting = false;
  EXPECT_EQ(fresh.error, Rcode::kNoError);
  EXPECT_EQ(g_allocations, 0);
  const long openssl_fresh = g_openssl_allocations;

  // A stream: the signer's context is made once; each further message costs what restart()
  // costs.
  TsigSigner signer(reused);
  const Bytes unsigned_answer = strip_tsig(request);
  Bytes answer = unsigned_answer;
  answer.resize(512);
  ASSERT_NE(signer.sign(answer, unsigned_answer.size(), v.request_time), 0u);
  g_allocations = 0;
  g_openssl_allocations = 0;
  g_counting = g_openssl_counting = true;
  std::size_t n = signer.sign(answer, unsigned_answer.size(), v.request_time);
  g_counting = g_openssl_counting = false;
  EXPECT_NE(n, 0u);
  EXPECT_EQ(g_allocations, 0);
  const long openssl_stream = g_openssl_allocations;

  if (!g_openssl_hooked) GTEST_SKIP() << "OpenSSL allocated before the hook: not measured";
  std::printf(
      "OpenSSL mallocs: verify_request with a reused Hmac %ld, with a fresh one %ld; "
      "a later message of a stream %ld\n",
      openssl_reused, openssl_fresh, openssl_stream);
  EXPECT_LT(openssl_reused, openssl_fresh);
}

}  // namespace
}  // namespace zoned::wire
