// answer_query() throughput on one zone: an A hit, an NXDOMAIN and a referral. Loads the
// zone in ZONED_BENCH_ZONE (default /tmp/big.zone, made by `bench/gen_zone.py
// /tmp/big.zone`; origin example.com.) and reports, once, the snapshot's build time and
// the process RSS with the contents loaded, with the snapshot built, and after the
// contents were freed.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <memory>
#include <string>
#include <vector>

#include "server/answer/answer.h"
#include "wire/message_builder.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"
#include "zone/zone_loader.h"
#include "zone/zone_set.h"

namespace {

using namespace zoned;

long rss_kib() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmRSS:", 0) == 0) return std::atol(line.c_str() + 6);
  return 0;
}

wire::Name name_of(const std::string& text) {
  wire::Name n;
  wire::parse_name(text, nullptr, n);
  return n;
}

const zone::ZoneSet& zones() {
  static const zone::ZoneSet set = [] {
    const char* env = std::getenv("ZONED_BENCH_ZONE");
    const std::string path = env != nullptr ? env : "/tmp/big.zone";
    const long before = rss_kib();
    auto contents = std::make_unique<zone::ZoneContents>(name_of("example.com."));
    zone::load_zone_file(path, *contents, [](const std::string&) {});
    const long loaded = rss_kib();
    const auto t0 = std::chrono::steady_clock::now();
    std::shared_ptr<const zone::ZoneSnapshot> snap = zone::build_snapshot(*contents);
    const auto t1 = std::chrono::steady_clock::now();
    const long built = rss_kib();
    contents.reset();
    const long freed = rss_kib();
    std::fprintf(stderr,
                 "zone %s: %zu names, snapshot %.1f MB, built in %.0f ms\n"
                 "RSS: start %ld MB, contents loaded %ld MB, + snapshot %ld MB, contents "
                 "freed %ld MB\n",
                 path.c_str(), snap->node_count(), snap->memory_bytes() / 1e6,
                 std::chrono::duration<double, std::milli>(t1 - t0).count(), before / 1024,
                 loaded / 1024, built / 1024, freed / 1024);
    return zone::ZoneSet({snap});
  }();
  return set;
}

void answer_loop(benchmark::State& state, const std::string& qname, std::uint16_t qtype) {
  const zone::ZoneSet& set = zones();
  std::vector<std::uint8_t> query(512);
  wire::MessageBuilder b(query, query.size());
  b.header().id = 1;
  b.add_question(name_of(qname), qtype, wire::rrclass::IN);
  wire::OptRecord opt;
  b.add_opt(opt);
  query.resize(b.finish().size());
  wire::MessageInfo info;
  wire::parse_message(query, info);
  std::vector<std::uint8_t> out(1232);
  server::AnswerOptions options;
  for (auto _ : state) {
    benchmark::DoNotOptimize(server::answer_query(set, query, info, options, 1232, out));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_AnswerAHit(benchmark::State& s) {
  answer_loop(s, "host123456.example.com.", wire::rrtype::A);
}
void BM_AnswerNxDomain(benchmark::State& s) {
  answer_loop(s, "nosuchhost.example.com.", wire::rrtype::A);
}
void BM_AnswerReferral(benchmark::State& s) {
  answer_loop(s, "www.sub40.example.com.", wire::rrtype::A);
}
BENCHMARK(BM_AnswerAHit);
BENCHMARK(BM_AnswerNxDomain);
BENCHMARK(BM_AnswerReferral);

}  // namespace
