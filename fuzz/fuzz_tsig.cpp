// libFuzzer target for TSIG: verify_request, the answer signers and TsigVerifier.
//
// The input is one DNS message. When it parses:
//  - verify_request() runs against two fixed keys (those of tsig_vectors.py's sha256 and md5
//    vectors, so seeds made from the vectors reach the MAC comparison), at the message's own
//    time and at a time far off;
//  - when a key was found, an answer (the message without its TSIG) is signed by a
//    TsigSigner for that request, then by it again as a second message, and a TsigVerifier
//    with the same key and request MAC must accept both;
//  - the error answer append_tsig_error() writes must parse, with the TSIG last;
//  - a message without TSIG is signed with sign_request() and verify_request() must accept it;
//  - a TsigVerifier reads the message three times (first message, then later ones), to reach
//    every branch of a stream.
// Any broken round trip traps.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <span>
#include <vector>

#include "wire/message_parser.h"
#include "wire/tsig.h"

namespace {

using namespace zoned::wire;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

// tsig_vectors.py's secret_for(tag, length).
std::vector<std::uint8_t> vector_secret(std::size_t tag_length, std::size_t length) {
  std::vector<std::uint8_t> s(length);
  for (std::size_t i = 0; i < length; ++i)
    s[i] = static_cast<std::uint8_t>(i * 7 + tag_length * 13 + 1);
  return s;
}

Name name_of(const char* text) {
  Name n;
  check(parse_name(text, nullptr, n) == NameTextError::kOk);
  return n;
}

const std::array<TsigKey, 2>& keys() {
  static const std::array<TsigKey, 2> k = {
      TsigKey{name_of("tsig-sha256.example."), TsigAlgorithm::kHmacSha256, vector_secret(6, 32)},
      TsigKey{name_of("tsig-md5.example."), TsigAlgorithm::kHmacMd5, vector_secret(3, 16)},
  };
  return k;
}

std::uint8_t g_buffer[kMaxMessageSize];

// The message without its TSIG, as an answer, in g_buffer; returns its length.
std::size_t unsigned_copy(std::span<const std::uint8_t> msg, const MessageInfo& info) {
  std::memcpy(g_buffer, msg.data(), info.tsig.offset);
  store_u16(g_buffer + 10, static_cast<std::uint16_t>(info.header.arcount - 1));
  g_buffer[2] |= 0x80;  // QR
  return info.tsig.offset;
}

void sign_answers(std::span<const std::uint8_t> msg, const MessageInfo& info, const TsigCheck& c) {
  const std::uint64_t now = info.tsig.time_signed;
  TsigSigner signer(c);
  TsigVerifier verifier(*c.key, c.request_mac);
  for (int i = 0; i < 2; ++i) {
    std::size_t length = unsigned_copy(msg, info);
    std::size_t n = signer.sign(g_buffer, length, now);
    if (n == 0) {
      check(length + tsig_rr_size(*c.key) > kMaxMessageSize || info.header.arcount == 0xFFFF);
      return;
    }
    check(n == length + tsig_rr_size(*c.key));
    std::span<const std::uint8_t> answer(g_buffer, n);
    MessageInfo ai;
    check(parse_message(answer, ai) == ParseError::kOk && ai.has_tsig);
    check(verifier.verify(answer, ai, now) == Rcode::kNoError && verifier.complete());
  }
}

void error_answer(std::span<const std::uint8_t> msg, const MessageInfo& info, const TsigCheck& c,
                  std::uint64_t now) {
  std::size_t length = unsigned_copy(msg, info);
  std::size_t n = append_tsig_error(std::span<std::uint8_t>(g_buffer), length, info, c, now);
  if (n == 0) return;
  MessageInfo ai;
  check(parse_message(std::span<const std::uint8_t>(g_buffer, n), ai) == ParseError::kOk);
  check(ai.has_tsig && ai.tsig.error == static_cast<std::uint16_t>(c.error));
  check(ai.header.rcode_bits() == 9);
}

void sign_unsigned(std::span<const std::uint8_t> msg) {
  const TsigKey& key = keys()[1];
  std::memcpy(g_buffer, msg.data(), msg.size());
  TsigMac mac;
  std::size_t n = sign_request(std::span<std::uint8_t>(g_buffer), msg.size(), key, 1700000000, mac);
  if (n == 0) return;
  std::span<const std::uint8_t> request(g_buffer, n);
  MessageInfo info;
  check(parse_message(request, info) == ParseError::kOk && info.has_tsig);
  TsigCheck c = verify_request(request, info, keys(), 1700000000);
  check(c.ok() && c.key == &keys()[1]);
  check(c.request_mac.size == mac.size &&
        std::memcmp(c.request_mac.data.data(), mac.data.data(), mac.size) == 0);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::span<const std::uint8_t> msg(data, size);
  MessageInfo info;
  if (parse_message(msg, info) != ParseError::kOk) return 0;
  if (!info.has_tsig) {
    sign_unsigned(msg);
  } else {
    for (std::uint64_t now : {info.tsig.time_signed, std::uint64_t{0}}) {
      TsigCheck c = verify_request(msg, info, keys(), now);
      check(c.error == Rcode::kNoError || c.error == Rcode::kFormErr || c.error == Rcode::kBadKey ||
            c.error == Rcode::kBadSig || c.error == Rcode::kBadTime || c.error == Rcode::kBadTrunc);
      check((c.key == nullptr) == (c.error == Rcode::kBadKey));
      if (c.key != nullptr && c.error != Rcode::kFormErr) {
        check(c.request_mac.size == info.tsig.mac.size());
        sign_answers(msg, info, c);
      }
      if (c.error != Rcode::kNoError) error_answer(msg, info, c, now);
    }
  }
  TsigVerifier verifier(keys()[0], TsigMac{});
  for (int i = 0; i < 3; ++i)
    verifier.verify(msg, info, info.has_tsig ? info.tsig.time_signed : 0);
  return 0;
}
