// Response rate limiting: the buckets (client network, kind, name), the per-second rate and
// its decay, slip, the whitelist rate, and what process_query does with a limited response.
#include "server/rrl/rate_limiter.h"

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <netinet/in.h>

#include <cstring>
#include <vector>

#include "answer_test_util.h"
#include "server/query_processor.h"
#include "server/rrl/response_kind.h"

namespace zoned::test {
namespace {

using server::RateLimiter;
using server::RateLimitOptions;
using server::RateVerdict;
using server::ResponseKind;

config::IpAddress v4(const char* text) {
  config::IpAddress a;
  a.family = config::AddressFamily::kIpv4;
  inet_pton(AF_INET, text, a.bytes.data());
  return a;
}

config::IpAddress v6(const char* text) {
  config::IpAddress a;
  a.family = config::AddressFamily::kIpv6;
  inet_pton(AF_INET6, text, a.bytes.data());
  return a;
}

RateLimitOptions options(std::uint32_t rate, std::uint32_t slip = 2) {
  RateLimitOptions o;
  o.buckets = 4096;
  o.ratelimit = rate;
  o.slip = slip;
  return o;
}

struct Tally {
  int answered = 0, slipped = 0, dropped = 0;
};

Tally send(RateLimiter& rrl, const config::IpAddress& client, const char* name, int n,
           std::uint32_t now, ResponseKind kind = ResponseKind::kPositive,
           bool whitelisted = false) {
  Tally t;
  const wire::Name owner = name_of(name);
  for (int i = 0; i < n; ++i) {
    switch (rrl.count(client, kind, owner.view(), whitelisted, now)) {
      case RateVerdict::kAnswer:
        ++t.answered;
        break;
      case RateVerdict::kSlip:
        ++t.slipped;
        break;
      case RateVerdict::kDrop:
        ++t.dropped;
        break;
    }
  }
  return t;
}

TEST(RateLimiter, AnswersUpToTheRateThenSlipsEverySecondOne) {
  RateLimiter rrl(options(10, 2));
  const Tally t = send(rrl, v4("192.0.2.1"), "www.example.", 30, 100);
  EXPECT_EQ(t.answered, 10);
  EXPECT_EQ(t.slipped, 10);
  EXPECT_EQ(t.dropped, 10);
}

TEST(RateLimiter, SlipZeroDropsEverythingAndSlipOneTruncatesEverything) {
  RateLimiter never(options(5, 0));
  EXPECT_EQ(send(never, v4("192.0.2.1"), "a.example.", 20, 7).dropped, 15);
  RateLimiter always(options(5, 1));
  EXPECT_EQ(send(always, v4("192.0.2.1"), "a.example.", 20, 7).slipped, 15);
}

TEST(RateLimiter, ClientsOfOneNetworkShareABucket) {
  RateLimiter rrl(options(10));
  EXPECT_EQ(send(rrl, v4("192.0.2.1"), "www.example.", 10, 5).answered, 10);
  // Same /24: already at the rate.
  EXPECT_EQ(send(rrl, v4("192.0.2.200"), "www.example.", 5, 5).answered, 0);
  // Another /24, another name, another kind: buckets of their own.
  EXPECT_EQ(send(rrl, v4("192.0.3.1"), "www.example.", 5, 5).answered, 5);
  EXPECT_EQ(send(rrl, v4("192.0.2.1"), "mail.example.", 5, 5).answered, 5);
  EXPECT_EQ(send(rrl, v4("192.0.2.1"), "www.example.", 5, 5, ResponseKind::kNoData).answered, 5);
}

TEST(RateLimiter, Ipv6NetworksAreSlash64ByDefault) {
  RateLimiter rrl(options(4));
  EXPECT_EQ(send(rrl, v6("2001:db8:1:2::1"), "www.example.", 4, 5).answered, 4);
  EXPECT_EQ(send(rrl, v6("2001:db8:1:2:ffff::9"), "www.example.", 4, 5).answered, 0);
  EXPECT_EQ(send(rrl, v6("2001:db8:1:3::1"), "www.example.", 4, 5).answered, 4);
}

TEST(RateLimiter, NamesCompareWithoutCase) {
  RateLimiter rrl(options(4));
  EXPECT_EQ(send(rrl, v4("192.0.2.1"), "WwW.Example.", 4, 5).answered, 4);
  EXPECT_EQ(send(rrl, v4("192.0.2.1"), "www.example.", 4, 5).answered, 0);
}

TEST(RateLimiter, ErrorsCountPerClientWhateverTheName) {
  RateLimiter rrl(options(4));
  const auto client = v4("192.0.2.1");
  EXPECT_EQ(send(rrl, client, "a.example.", 4, 5, ResponseKind::kError).answered, 4);
  EXPECT_EQ(send(rrl, client, "b.example.", 4, 5, ResponseKind::kError).answered, 0);
}

TEST(RateLimiter, AFloodStaysLimitedWhileItsAverageIsAboveTheRate) {
  RateLimiter rrl(options(10));
  const auto client = v4("198.51.100.7");
  send(rrl, client, "www.example.", 100, 1000);
  // The next second: the average of the flood (50) is above 10, so nothing is answered.
  EXPECT_EQ(send(rrl, client, "www.example.", 5, 1001).answered, 0);
  // Quiet for long enough, the bucket recovers.
  EXPECT_EQ(send(rrl, client, "www.example.", 5, 1010).answered, 5);
}

TEST(RateLimiter, AClientWithinTheRateIsNeverLimited) {
  RateLimiter rrl(options(10));
  const auto client = v4("198.51.100.8");
  for (std::uint32_t second = 0; second < 30; ++second)
    EXPECT_EQ(send(rrl, client, "www.example.", 10, 500 + second).answered, 10) << second;
}

TEST(RateLimiter, WhitelistedKindsUseTheirOwnRate) {
  RateLimitOptions o = options(5);
  o.whitelist_ratelimit = 50;
  RateLimiter rrl(o);
  EXPECT_EQ(send(rrl, v4("192.0.2.1"), "x.example.", 60, 5, ResponseKind::kNxDomain, true).answered,
            50);
}

TEST(RateLimiter, ReportsBlockOnce) {
  RateLimiter rrl(options(2));
  const auto client = v4("192.0.2.1");
  const wire::Name name = name_of("www.example.");
  int blocks = 0;
  for (int i = 0; i < 10; ++i) {
    server::RateTransition t;
    rrl.count(client, ResponseKind::kPositive, name.view(), false, 9, &t);
    blocks += t.blocked ? 1 : 0;
  }
  EXPECT_EQ(blocks, 1);
}

TEST(ResponseKind, ClassifiesFromTheHeader) {
  wire::MessageInfo info;
  info.has_question = true;
  info.question.type = wire::rrtype::A;
  std::uint8_t r[12] = {};
  r[2] = 0x84;  // QR AA
  r[3] = 3;
  EXPECT_EQ(server::classify_response(info, r, false), ResponseKind::kNxDomain);
  r[3] = 5;
  EXPECT_EQ(server::classify_response(info, r, false), ResponseKind::kError);
  r[3] = 0;
  EXPECT_EQ(server::classify_response(info, r, false), ResponseKind::kNoData);
  r[7] = 1;
  EXPECT_EQ(server::classify_response(info, r, false), ResponseKind::kPositive);
  EXPECT_EQ(server::classify_response(info, r, true), ResponseKind::kWildcard);
  r[7] = 0;
  r[2] = 0x80;  // no AA, NS in authority: a referral
  r[9] = 2;
  EXPECT_EQ(server::classify_response(info, r, false), ResponseKind::kReferral);
  info.question.type = wire::rrtype::ANY;
  EXPECT_EQ(server::classify_response(info, r, false), ResponseKind::kAny);
}

// Through process_query: UDP answers are limited, TCP ones never.
std::size_t ask_from(const char* address, server::Transport transport,
                     const server::QueryLimits& limits, const std::vector<std::uint8_t>& query,
                     std::vector<std::uint8_t>& out) {
  sockaddr_storage source{};
  auto& in = reinterpret_cast<sockaddr_in&>(source);
  in.sin_family = AF_INET;
  in.sin_port = htons(5300);
  inet_pton(AF_INET, address, &in.sin_addr);
  server::QueryStats stats;
  const server::Request request{transport, &source, nullptr, nullptr, &stats};
  return server::process_query(test_served(), query, request, limits, out);
}

TEST(RateLimiter, ProcessQuerySlipsAndDropsUdpButNotTcp) {
  RateLimiter rrl(options(3, 2));
  server::QueryLimits limits;
  limits.rrl = &rrl;
  const auto query = make_query({.name = "www.answer.example.", .edns = true});
  std::vector<std::uint8_t> out(65535);
  int answered = 0, slipped = 0, dropped = 0;
  for (int i = 0; i < 9; ++i) {
    const std::size_t n = ask_from("203.0.113.9", server::Transport::kUdp4, limits, query, out);
    if (n == 0) {
      ++dropped;
      continue;
    }
    const Response r = parse_response(std::span(out.data(), n));
    if (r.tc) {
      ++slipped;
      EXPECT_TRUE(r.answer.empty());
      EXPECT_EQ(r.rcode, wire::Rcode::kNoError);
    } else {
      ++answered;
      EXPECT_FALSE(r.answer.empty());
    }
  }
  EXPECT_EQ(answered, 3);
  EXPECT_EQ(slipped, 3);
  EXPECT_EQ(dropped, 3);
  // TCP proves the address: always answered.
  const std::size_t n = ask_from("203.0.113.9", server::Transport::kTcp, limits, query, out);
  ASSERT_GT(n, 0u);
  EXPECT_FALSE(parse_response(std::span(out.data(), n)).tc);
}

TEST(RateLimiter, NxDomainFloodOfRandomNamesCountsUnderTheZone) {
  RateLimiter rrl(options(5, 0));
  server::QueryLimits limits;
  limits.rrl = &rrl;
  std::vector<std::uint8_t> out(65535);
  int answered = 0;
  for (int i = 0; i < 20; ++i) {
    const auto query = make_query({.name = "random" + std::to_string(i) + ".answer.example."});
    if (ask_from("203.0.113.10", server::Transport::kUdp4, limits, query, out) > 0) ++answered;
  }
  EXPECT_EQ(answered, 5);
}

}  // namespace
}  // namespace zoned::test
