// What the defences cost per query through process_query (the whole step from a received
// packet to its response): without them, with response rate limiting counting (a rate
// never reached), with RRL dropping, and with a DNS Cookie to verify and echo. A 10,000-name
// zone is written to a temp file and loaded once.
//
//   build/release/bench/defences_bench --benchmark_repetitions=5
#include <benchmark/benchmark.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <unistd.h>

#include <cstdio>
#include <ctime>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "server/query_processor.h"
#include "wire/edns.h"
#include "wire/message_builder.h"
#include "wire/rrtype.h"
#include "wire/server_cookie.h"
#include "zone/zone_loader.h"

namespace {

using namespace zoned;

wire::Name name_of(const std::string& text) {
  wire::Name n;
  wire::parse_name(text, nullptr, n);
  return n;
}

const server::ServedZones& served() {
  static const server::ServedZones value = [] {
    const std::string path = "/tmp/zoned-defences-bench." + std::to_string(getpid()) + ".zone";
    {
      std::ofstream f(path);
      f << "$ORIGIN example.com.\n$TTL 3600\n@ SOA ns1 hostmaster 1 3600 600 1209600 300\n"
        << "@ NS ns1\nns1 A 192.0.2.1\n";
      for (int i = 0; i < 10000; ++i)
        f << "host" << i << " A 192.0.2." << (i % 250 + 1) << "\n";
    }
    auto contents = std::make_unique<zone::ZoneContents>(name_of("example.com."));
    zone::load_zone_file(path, *contents, [](const std::string&) {});
    std::remove(path.c_str());
    return server::ServedZones(zone::ZoneSet({zone::build_snapshot(*contents)}),
                               server::PolicyTable());
  }();
  return value;
}

std::vector<std::uint8_t> make_query(std::span<const std::uint8_t> cookie) {
  std::vector<std::uint8_t> query(512);
  wire::MessageBuilder b(query, query.size());
  b.header().id = 1;
  b.add_question(name_of("host1234.example.com."), wire::rrtype::A, wire::rrclass::IN);
  wire::EdnsOption option{wire::edns_option::COOKIE, cookie};
  wire::OptRecord opt;
  if (!cookie.empty()) opt.options = std::span(&option, 1);
  b.add_opt(opt);
  query.resize(b.finish().size());
  return query;
}

sockaddr_storage client(std::uint32_t n) {
  sockaddr_storage s{};
  auto& in = reinterpret_cast<sockaddr_in&>(s);
  in.sin_family = AF_INET;
  in.sin_addr.s_addr = htonl(0x0A000000u + n);  // 10.0.0.0/8
  in.sin_port = htons(5300);
  return s;
}

void run(benchmark::State& state, const server::QueryLimits& limits,
         const std::vector<std::uint8_t>& query, std::uint32_t clients) {
  std::vector<std::uint8_t> out(1232);
  server::QueryStats stats;
  std::vector<sockaddr_storage> sources;
  for (std::uint32_t i = 0; i < clients; ++i)
    sources.push_back(client(i << 8));  // one per /24
  std::size_t i = 0;
  for (auto _ : state) {
    const server::Request request{server::Transport::kUdp4, &sources[i++ % sources.size()], nullptr,
                                  nullptr, &stats};
    benchmark::DoNotOptimize(server::process_query(served(), query, request, limits, out));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_Plain(benchmark::State& state) {
  run(state, server::QueryLimits{}, make_query({}), 1000);
}

void BM_RrlCounting(benchmark::State& state) {
  server::RateLimitOptions o;
  o.ratelimit = 1000000000;  // never reached: the cost of counting alone
  static server::RateLimiter rrl(o);
  server::QueryLimits limits;
  limits.rrl = &rrl;
  run(state, limits, make_query({}), 1000);
}

void BM_RrlDropping(benchmark::State& state) {
  server::RateLimitOptions o;
  o.ratelimit = 1;
  o.slip = 0;
  static server::RateLimiter rrl(o);
  server::QueryLimits limits;
  limits.rrl = &rrl;
  run(state, limits, make_query({}), 1);
}

void BM_ValidCookie(benchmark::State& state) {
  static server::CookieSecretStore store(
      {wire::CookieSecret{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}}, false);
  server::QueryLimits limits;
  limits.cookies = &store;
  const std::uint8_t client_cookie[8] = {1, 2, 3, 4, 5, 6, 7, 8};
  wire::CookieAnswer full{};
  const std::uint8_t ip[4] = {10, 0, 0, 0};
  if (!wire::make_cookie_answer(store.current().secrets.front(), client_cookie, ip,
                                static_cast<std::uint32_t>(std::time(nullptr)), full))
    state.SkipWithError("cannot make a cookie");
  run(state, limits, make_query(full), 1);
}

BENCHMARK(BM_Plain);
BENCHMARK(BM_RrlCounting);
BENCHMARK(BM_RrlDropping);
BENCHMARK(BM_ValidCookie);

}  // namespace
