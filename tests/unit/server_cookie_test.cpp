// Interoperable DNS server cookies (RFC 9018) and their checks: the worked examples of
// RFC 9018 Appendix A byte for byte, then the time window, secrets, addresses and lengths.
#include "wire/server_cookie.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "allocation_counter.h"
#include "test_hex.h"
#include "wire/siphash.h"

namespace zoned::wire {
namespace {

using test::from_hex;
using test::to_hex;

CookieSecret secret_of(std::string_view hex) {
  const std::vector<std::uint8_t> bytes = from_hex(hex);
  CookieSecret secret{};
  std::copy(bytes.begin(), bytes.end(), secret.begin());
  return secret;
}

// The address octets a caller takes from a sockaddr: 4 for IPv4, 16 for IPv6.
std::vector<std::uint8_t> ip(const char* text) {
  std::uint8_t buffer[16];
  if (inet_pton(AF_INET, text, buffer) == 1) return {buffer, buffer + 4};
  if (inet_pton(AF_INET6, text, buffer) == 1) return {buffer, buffer + 16};
  ADD_FAILURE() << "not an address: " << text;
  return {};
}

std::span<const std::uint8_t, kClientCookieSize> client_part(const std::vector<std::uint8_t>& v) {
  return std::span<const std::uint8_t>(v).first<kClientCookieSize>();
}

// The answer's COOKIE option data, as hex.
std::string answer(const CookieSecret& secret, const std::vector<std::uint8_t>& option,
                   const char* client, std::uint32_t now) {
  CookieAnswer out{};
  EXPECT_TRUE(make_cookie_answer(secret, client_part(option), ip(client), now, out));
  return to_hex(out);
}

CookieCheck check(const std::vector<std::uint8_t>& option, const char* client, std::uint32_t now,
                  std::initializer_list<CookieSecret> secrets) {
  return check_cookie(option, ip(client), now,
                      std::span<const CookieSecret>(secrets.begin(), secrets.size()));
}

// RFC 9018 Appendix A (A.1 to A.3: secret e5e973e5a6b2a43f48e7dc849e37bfcf).
const CookieSecret kSecret = secret_of("e5e973e5a6b2a43f48e7dc849e37bfcf");

TEST(ServerCookie, Rfc9018A1LearningANewServerCookie) {
  // Client 198.51.100.100 sends only its client cookie; the server answers at
  // 2019-06-05 10:53:05 UTC (1559731985).
  const std::vector<std::uint8_t> query = from_hex("2464c4abcf10c957");
  EXPECT_EQ(check(query, "198.51.100.100", 1559731985, {kSecret}), CookieCheck::kClientOnly);
  EXPECT_EQ(answer(kSecret, query, "198.51.100.100", 1559731985),
            "2464c4abcf10c957010000005cf79f111f8130c3eee29480");
}

TEST(ServerCookie, Rfc9018A2TheSameClientLearningARenewedServerCookie) {
  // 40 minutes later (11:33:05, 1559734385) the client sends the cookie of A.1 back: it
  // verifies, and is older than half an hour, so the server makes a new one.
  const std::vector<std::uint8_t> query =
      from_hex("2464c4abcf10c957010000005cf79f111f8130c3eee29480");
  EXPECT_EQ(check(query, "198.51.100.100", 1559734385, {kSecret}), CookieCheck::kValidRefresh);
  EXPECT_EQ(answer(kSecret, query, "198.51.100.100", 1559734385),
            "2464c4abcf10c957010000005cf7a871d4a564a1442aca77");
  // Within its first half hour, the same cookie is simply valid.
  EXPECT_EQ(check(query, "198.51.100.100", 1559731985 + 60, {kSecret}), CookieCheck::kValid);
}

TEST(ServerCookie, Rfc9018A3AnotherClientLearningARenewedServerCookie) {
  // Client 203.0.113.203 sends a cookie issued at 09:46:25 (1559727985) whose Reserved
  // octets are set (01 abcdef): they are part of the hash, so it verifies with the secret.
  const std::vector<std::uint8_t> query =
      from_hex("fc93fc62807ddb8601abcdef5cf78f71a314227b6679ebf5");
  // Within our window it is ours, but is refreshed so that the client gets Reserved = 0.
  EXPECT_EQ(check(query, "203.0.113.203", 1559727985 + 60, {kSecret}), CookieCheck::kValidRefresh);
  // The example's answer is at 11:38:20 (1559734700), 1 h 51 min 55 s after the cookie was
  // made: past RFC 9018 §4.3's hour, so the cookie no longer verifies here. The example's
  // answer cookie is the same either way: a fresh one with Reserved = 0.
  EXPECT_EQ(check(query, "203.0.113.203", 1559734700, {kSecret}), CookieCheck::kInvalid);
  EXPECT_EQ(answer(kSecret, query, "203.0.113.203", 1559734700),
            "fc93fc62807ddb86010000005cf7a9acf73a7810aca2381e");
}

TEST(ServerCookie, Rfc9018A4Ipv6QueryWithRolledOverSecret) {
  // Client 2001:db8:220:1:59de:d0f4:8769:82b8 learned its cookie at 13:36:57 (1559741817)
  // when the secret was dd3b...; the server now makes cookies with 4455... but still
  // verifies with the old one. It answers at 13:39:21 (1559741961).
  const CookieSecret old_secret = secret_of("dd3bdf9344b678b185a6f5cb60fca715");
  const CookieSecret new_secret = secret_of("445536bcd2513298075a5d379663c962");
  const char* client = "2001:db8:220:1:59de:d0f4:8769:82b8";
  const std::vector<std::uint8_t> query =
      from_hex("22681ab97d52c298010000005cf7c57926556bd0934c72f8");
  EXPECT_EQ(check(query, client, 1559741961, {new_secret, old_secret}), CookieCheck::kValidRefresh);
  EXPECT_EQ(answer(new_secret, query, client, 1559741961),
            "22681ab97d52c298010000005cf7c609a6bb79d16625507a");
  // Before the rollover the old secret was the active one, and the cookie was fresh.
  EXPECT_EQ(check(query, client, 1559741961, {old_secret}), CookieCheck::kValid);
  // Once the old secret is dropped, the cookie no longer verifies.
  EXPECT_EQ(check(query, client, 1559741961, {new_secret}), CookieCheck::kInvalid);
}

// Our own cookies, made at kT for client 192.0.2.1.
constexpr std::uint32_t kT = 1700000000;
const std::vector<std::uint8_t> kClient = from_hex("0102030405060708");

std::vector<std::uint8_t> made_at(std::uint32_t t, const CookieSecret& secret = kSecret,
                                  const char* client = "192.0.2.1") {
  CookieAnswer out{};
  EXPECT_TRUE(make_cookie_answer(secret, client_part(kClient), ip(client), t, out));
  return {out.begin(), out.end()};
}

TEST(ServerCookie, MadeCookieHasVersion1ZeroReservedAndTheTimestamp) {
  const std::vector<std::uint8_t> option = made_at(kT);
  ASSERT_EQ(option.size(), 24u);
  EXPECT_EQ(to_hex(std::span(option).first(8)), "0102030405060708");
  EXPECT_EQ(to_hex(std::span(option).subspan(8, 8)), "010000006553f100");  // 1700000000
  EXPECT_EQ(check_cookie(option, ip("192.0.2.1"), kT, std::span(&kSecret, 1)), CookieCheck::kValid);
}

TEST(ServerCookie, MakeServerCookieWritesSixteenOctets) {
  std::array<std::uint8_t, 16> server{};
  ASSERT_TRUE(make_server_cookie(kSecret, client_part(kClient), ip("192.0.2.1"), kT, server));
  const std::vector<std::uint8_t> option = made_at(kT);
  EXPECT_EQ(to_hex(server), to_hex(std::span(option).subspan(8)));
}

TEST(ServerCookie, WrongSecretIsInvalid) {
  const CookieSecret other = secret_of("000102030405060708090a0b0c0d0e0f");
  EXPECT_EQ(check(made_at(kT), "192.0.2.1", kT, {other}), CookieCheck::kInvalid);
  EXPECT_EQ(check(made_at(kT), "192.0.2.1", kT, {}), CookieCheck::kInvalid);
  EXPECT_EQ(check(kClient, "192.0.2.1", kT, {}), CookieCheck::kClientOnly);
}

TEST(ServerCookie, StagingSecretsVerifyButAskForAFreshCookie) {
  const CookieSecret active = secret_of("000102030405060708090a0b0c0d0e0f");
  const CookieSecret staging1 = secret_of("101112131415161718191a1b1c1d1e1f");
  EXPECT_EQ(check(made_at(kT), "192.0.2.1", kT, {active, kSecret}), CookieCheck::kValidRefresh);
  EXPECT_EQ(check(made_at(kT), "192.0.2.1", kT, {active, staging1, kSecret}),
            CookieCheck::kValidRefresh);
  EXPECT_EQ(check(made_at(kT, active), "192.0.2.1", kT, {active, kSecret}), CookieCheck::kValid);
}

TEST(ServerCookie, TimeWindow) {
  const std::vector<std::uint8_t> option = made_at(kT);
  auto at = [&](std::int64_t offset) {
    return check(option, "192.0.2.1", static_cast<std::uint32_t>(kT + offset), {kSecret});
  };
  EXPECT_EQ(at(0), CookieCheck::kValid);
  EXPECT_EQ(at(29 * 60), CookieCheck::kValid);
  EXPECT_EQ(at(30 * 60 - 1), CookieCheck::kValid);
  EXPECT_EQ(at(30 * 60), CookieCheck::kValidRefresh);
  EXPECT_EQ(at(31 * 60), CookieCheck::kValidRefresh);
  EXPECT_EQ(at(60 * 60), CookieCheck::kValidRefresh);  // an hour is still accepted
  EXPECT_EQ(at(60 * 60 + 1), CookieCheck::kInvalid);
  EXPECT_EQ(at(61 * 60), CookieCheck::kInvalid);
  EXPECT_EQ(at(24 * 60 * 60), CookieCheck::kInvalid);
  // Made by a server whose clock is ahead of ours: up to 5 minutes is accepted.
  EXPECT_EQ(at(-60), CookieCheck::kValid);
  EXPECT_EQ(at(-5 * 60), CookieCheck::kValid);
  EXPECT_EQ(at(-5 * 60 - 1), CookieCheck::kInvalid);
  EXPECT_EQ(at(-6 * 60), CookieCheck::kInvalid);
}

TEST(ServerCookie, TimestampsUseSerialNumberArithmetic) {
  // Made 256 s before the 32-bit wrap (2106), checked 256 s after it.
  EXPECT_EQ(check(made_at(0xffffff00u), "192.0.2.1", 0x100, {kSecret}), CookieCheck::kValid);
  EXPECT_EQ(check(made_at(0xffffff00u), "192.0.2.1", 0xffffff00u + 3599, {kSecret}),
            CookieCheck::kValidRefresh);
  EXPECT_EQ(check(made_at(0x100), "192.0.2.1", 0xffffffc0u, {kSecret}), CookieCheck::kInvalid);
  EXPECT_EQ(check(made_at(0x100), "192.0.2.1", 0xffffffc0u + 0x100, {kSecret}),
            CookieCheck::kValid);  // 64 s ahead, across the wrap
  // Half the serial space away has no order: refused.
  EXPECT_EQ(check(made_at(kT), "192.0.2.1", kT + 0x80000000u, {kSecret}), CookieCheck::kInvalid);
}

TEST(ServerCookie, ClientAddressIsPartOfTheCookie) {
  EXPECT_EQ(check(made_at(kT), "192.0.2.2", kT, {kSecret}), CookieCheck::kInvalid);
  EXPECT_EQ(check(made_at(kT), "::ffff:192.0.2.1", kT, {kSecret}), CookieCheck::kInvalid);
  EXPECT_EQ(check(made_at(kT, kSecret, "2001:db8::1"), "2001:db8::1", kT, {kSecret}),
            CookieCheck::kValid);
  EXPECT_EQ(check(made_at(kT, kSecret, "2001:db8::1"), "2001:db8::2", kT, {kSecret}),
            CookieCheck::kInvalid);
  // Neither 4 nor 16 octets: nothing is made, nothing verifies.
  const std::vector<std::uint8_t> five{192, 0, 2, 1, 0};
  CookieAnswer out{};
  EXPECT_FALSE(make_cookie_answer(kSecret, client_part(kClient), five, kT, out));
  EXPECT_EQ(out, CookieAnswer{});
  EXPECT_EQ(check_cookie(made_at(kT), five, kT, std::span(&kSecret, 1)), CookieCheck::kInvalid);
  EXPECT_EQ(check_cookie(kClient, five, kT, std::span(&kSecret, 1)), CookieCheck::kClientOnly);
}

TEST(ServerCookie, AlteredOctetsAreInvalid) {
  const std::vector<std::uint8_t> good = made_at(kT);
  for (std::size_t i = 0; i < good.size(); ++i) {
    std::vector<std::uint8_t> bad = good;
    bad[i] ^= 0x01;
    EXPECT_EQ(check(bad, "192.0.2.1", kT, {kSecret}), CookieCheck::kInvalid) << "octet " << i;
  }
}

TEST(ServerCookie, OtherLengthsAreInvalid) {
  const std::vector<std::uint8_t> good = made_at(kT);
  for (std::size_t n : {0, 1, 7, 9, 15, 16, 17, 23}) {
    const std::vector<std::uint8_t> cut(good.begin(), good.begin() + n);
    EXPECT_EQ(check(cut, "192.0.2.1", kT, {kSecret}), CookieCheck::kInvalid) << "length " << n;
  }
  for (std::size_t extra : {1, 8, 16, 17}) {
    std::vector<std::uint8_t> longer = good;
    longer.resize(good.size() + extra, 0);
    EXPECT_EQ(check(longer, "192.0.2.1", kT, {kSecret}), CookieCheck::kInvalid)
        << "length " << longer.size();
  }
}

TEST(ServerCookie, OnlyVersion1IsUnderstood) {
  // A cookie whose Hash is right for its octets (as a server of another version might make
  // it, with the same secret and input) but whose Version is not 1 is not ours.
  const std::vector<std::uint8_t> addr = ip("192.0.2.1");
  for (std::uint8_t version : {0, 2, 255}) {
    std::vector<std::uint8_t> option = made_at(kT);
    option[8] = version;
    std::vector<std::uint8_t> input(option.begin(), option.begin() + 16);
    input.insert(input.end(), addr.begin(), addr.end());
    const std::array<std::uint8_t, 8> hash = siphash24_octets(kSecret, input);
    std::copy(hash.begin(), hash.end(), option.begin() + 16);
    EXPECT_EQ(check(option, "192.0.2.1", kT, {kSecret}), CookieCheck::kInvalid)
        << "version " << int{version};
    // The same construction with Version 1 is exactly our cookie.
    option[8] = 1;
    input[8] = 1;
    const std::array<std::uint8_t, 8> hash1 = siphash24_octets(kSecret, input);
    std::copy(hash1.begin(), hash1.end(), option.begin() + 16);
    EXPECT_EQ(option, made_at(kT));
  }
}

TEST(ServerCookie, AnswerMayReuseTheQuerysBuffer) {
  CookieAnswer buffer{};
  std::copy(kClient.begin(), kClient.end(), buffer.begin());
  ASSERT_TRUE(
      make_cookie_answer(kSecret, std::span(buffer).first<8>(), ip("192.0.2.1"), kT, buffer));
  EXPECT_EQ(to_hex(buffer), to_hex(made_at(kT)));
}

TEST(ServerCookie, NothingAllocates) {
  const std::vector<std::uint8_t> option = made_at(kT);
  const std::vector<std::uint8_t> addr = ip("192.0.2.1");
  const CookieSecret secrets[] = {secret_of("000102030405060708090a0b0c0d0e0f"), kSecret};
  CookieAnswer out{};
  g_allocations = 0;
  g_counting = true;
  const CookieCheck result = check_cookie(option, addr, kT + 1, secrets);
  const bool made = make_cookie_answer(secrets[0], client_part(option), addr, kT + 1, out);
  g_counting = false;
  EXPECT_EQ(result, CookieCheck::kValidRefresh);
  EXPECT_TRUE(made);
  EXPECT_EQ(g_allocations, 0);
}

}  // namespace
}  // namespace zoned::wire
