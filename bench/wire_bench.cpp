// Micro-benchmarks of the wire library's hot functions (Google Benchmark).
// Run: build/release/bench/wire_bench
#include <benchmark/benchmark.h>

#include <array>
#include <cstdint>
#include <vector>

#include "wire/message_parser.h"
#include "wire/name.h"
#include "wire/rdata.h"
#include "wire/rrtype.h"

namespace {

using namespace zoned::wire;

void BM_ParseRelativeName(benchmark::State& state) {
  Name origin;
  parse_name("example.com.", nullptr, origin);
  NameView ov = origin;
  Name out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_name("host123456", &ov, out));
  }
}
BENCHMARK(BM_ParseRelativeName);

void BM_RdataFromText(benchmark::State& state, std::uint16_t type, std::vector<TextToken> tokens) {
  Name origin;
  parse_name("example.com.", nullptr, origin);
  std::vector<std::uint8_t> out(65535);
  for (auto _ : state) {
    benchmark::DoNotOptimize(rdata_from_text(type, tokens, origin, out));
  }
}
BENCHMARK_CAPTURE(BM_RdataFromText, A, rrtype::A, {{"192.0.2.1"}});
BENCHMARK_CAPTURE(BM_RdataFromText, AAAA, rrtype::AAAA, {{"2001:db8::1"}});
BENCHMARK_CAPTURE(BM_RdataFromText, MX, rrtype::MX, {{"10"}, {"mail"}});
BENCHMARK_CAPTURE(BM_RdataFromText, TXT, rrtype::TXT, {{"v=spf1 ip4:10.0.0.1 -all", true}});

void BM_ParseQuery(benchmark::State& state) {
  // www.example.com. A, RD, with an EDNS0 OPT (4096, DO).
  const std::array<std::uint8_t, 44> q = {
      0x12, 0x34, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, 3,    'w', 'w',
      'w',  7,    'e',  'x',  'a',  'm',  'p',  'l',  'e',  3,    'c',  'o',  'm',  0,   0x00,
      0x01, 0x00, 0x01, 0x00, 0x00, 0x29, 0x10, 0x00, 0x00, 0x00, 0x80, 0x00, 0x00, 0x00};
  MessageInfo info;
  for (auto _ : state) {
    benchmark::DoNotOptimize(parse_message(q, info));
  }
}
BENCHMARK(BM_ParseQuery);

}  // namespace
