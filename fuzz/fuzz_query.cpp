// libFuzzer target for the whole query path: a request's octets -> server::process_query()
// -> the response, over a fixed set of zones and policies built once.
//
// Input: two control octets, then the DNS message.
//   octet 0, bits 0-1: transport (UDP over IPv4, UDP over IPv6, TCP over IPv4, TCP over IPv6)
//            bits 2-4: the source address (Fixture::sources: allowed, keyed, blocked,
//                      unlisted, IPv6, IPv4-mapped; an IPv6 one over UDP/IPv4 means none)
//            bits 5-7: TSIG: 0-3 the message as it is; 4 signed here with xfr-key now;
//                      5 with notify-key now; 6 with xfr-key an hour ago (BADTIME);
//                      7 with a key zoned does not know (BADKEY)
//   octet 1, bits 0-1: our EDNS payload sizes (ipv4-edns-size / ipv6-edns-size)
//            bit 2: minimal-responses off; bit 3: refuse-any; bit 4: an NSID configured;
//            bit 5: a NotifyListener present; bit 6: hide-version and hide-identity;
//            bit 7: the worker's QueryStats counted
//
// The zones: fuzz.example (in this file: apex SOA/NS/MX/A/AAAA/TXT, wildcards, CNAME chains
// and a loop, DNAMEs, a delegation with glue and DS), answer.example and its child,
// signed-nsec.example and signed-nsec3.example (tests/zones), expired.example (data kept,
// not served) and secondary.example (not loaded yet). Policies: provide-xfr, allow-notify
// and allow-query with and without keys, a BLOCKED entry, zonestats.
//
// After each call the response must fit the buffer and the transport's limit (512 without
// EDNS over UDP, else the client's size capped at ours; 65535 over TCP), carry the
// request's id, opcode and question with QR set, and parse. An answer to a request signed
// here must carry a TSIG that verifies with the key (the error's TSIG for BADTIME and
// BADKEY). A transfer stream opens only over TCP for AXFR/IXFR of a served apex; a NOTIFY
// reaches the listener only for a zone's apex. Any violation traps.
//
// query_fuzz_regression_test includes this file and replays fuzz/corpus/query/ and
// fuzz/regressions/query/ through it.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "config/config_loader.h"
#include "server/log.h"
#include "server/query_processor.h"
#include "server/query_stats.h"
#include "server/served_zones.h"
#include "wire/message_header.h"
#include "wire/message_parser.h"
#include "wire/name.h"
#include "wire/rrtype.h"
#include "wire/tsig.h"
#include "zone/zone_check.h"
#include "zone/zone_contents.h"
#include "zone/zone_set.h"
#include "zone/zone_snapshot.h"
#include "zone/zonefile_parser.h"

#ifndef ZONED_TEST_DATA
#error "ZONED_TEST_DATA must name the tests/ directory (fuzz/CMakeLists.txt sets it)"
#endif

namespace zoned::fuzz_query {
namespace {

using namespace zoned::wire;

void check(bool ok) {
  if (!ok) __builtin_trap();
}

[[noreturn]] void setup_failed(const std::string& what) {
  std::fprintf(stderr, "fuzz_query setup: %s\n", what.c_str());
  __builtin_trap();
}

constexpr const char* kFuzzZone = R"(
$ORIGIN fuzz.example.
$TTL 300
@           SOA   ns1 hostmaster 2024010101 7200 3600 1209600 300
            NS    ns1
            NS    ns2.elsewhere.test.
            MX    10 mail
            MX    20 mail.elsewhere.test.
            A     192.0.2.1
            AAAA  2001:db8::1
            TXT   "apex" "text"
ns1         A     192.0.2.53
            AAAA  2001:db8::53
mail        A     192.0.2.25
www         A     192.0.2.80
            A     192.0.2.81
            AAAA  2001:db8::80
            TXT   "web"
_sip._tcp   SRV   0 5 5060 www
*.wild      A     192.0.2.99
            TXT   "wildcard"
            MX    10 mail
*.cwild     CNAME www
c1          CNAME c2
c2          CNAME c3
c3          CNAME x.wild
c4          CNAME out
out         CNAME www.elsewhere.test.
loop1       CNAME loop2
loop2       CNAME loop1
tosub       CNAME host.sub
dname       DNAME target
host.target A     192.0.2.70
away        DNAME elsewhere.test.
sub         NS    ns.sub
            NS    ns.elsewhere.test.
            DS    12345 13 2 0C72AC70B745AC19998811B131D662C9AC69DBDBE7CB23E5B514B56664C5D3D6
ns.sub      A     192.0.2.54
            AAAA  2001:db8::54
a.b.c       A     192.0.2.7
big         TXT   "0123456789012345678901234567890123456789012345678901234567890123456789-01"
            TXT   "0123456789012345678901234567890123456789012345678901234567890123456789-02"
            TXT   "0123456789012345678901234567890123456789012345678901234567890123456789-03"
            TXT   "0123456789012345678901234567890123456789012345678901234567890123456789-04"
            TXT   "0123456789012345678901234567890123456789012345678901234567890123456789-05"
            TXT   "0123456789012345678901234567890123456789012345678901234567890123456789-06"
            TXT   "0123456789012345678901234567890123456789012345678901234567890123456789-07"
            TXT   "0123456789012345678901234567890123456789012345678901234567890123456789-08"
)";

constexpr const char* kExpiredZone = R"(
$ORIGIN expired.example.
$TTL 300
@    SOA   ns1 hostmaster 7 7200 3600 1209600 300
     NS    ns1
ns1  A     192.0.2.53
www  A     192.0.2.80
)";

// xfr-key: "fuzz-xfr-key-secret-0123456789ab"; notify-key: "fuzz-notify-key-secret-0123"
// (fuzz/corpus/query's generator signs with the same secrets).
constexpr const char* kConfig = R"(
key:
    name: "xfr-key"
    algorithm: hmac-sha256
    secret: "ZnV6ei14ZnIta2V5LXNlY3JldC0wMTIzNDU2Nzg5YWI="
key:
    name: "notify-key"
    algorithm: hmac-sha1
    secret: "ZnV6ei1ub3RpZnkta2V5LXNlY3JldC0wMTIz"
zone:
    name: "fuzz.example"
    zonefile: "fuzz.example.zone"
    provide-xfr: 192.0.2.66 BLOCKED
    provide-xfr: 127.0.0.1 NOKEY
    provide-xfr: 127.0.0.2 xfr-key
    provide-xfr: ::1 NOKEY
    provide-xfr: 2001:db8::/32 xfr-key
    allow-notify: 127.0.0.1 NOKEY
    allow-notify: 0.0.0.0/0 notify-key
    allow-notify: ::0/0 notify-key
    request-xfr: 192.0.2.200 NOKEY
    zonestats: "fuzz"
zone:
    name: "answer.example"
    zonefile: "answer.example.zone"
    provide-xfr: 0.0.0.0/0 xfr-key
zone:
    name: "child.answer.example"
    zonefile: "child.answer.example.zone"
zone:
    name: "signed-nsec.example"
    zonefile: "signed-nsec.example.zone"
    allow-query: 127.0.0.0/8 NOKEY
    allow-query: 0.0.0.0/0 xfr-key
    provide-xfr: 127.0.0.1 NOKEY
    zonestats: "signed"
zone:
    name: "signed-nsec3.example"
    zonefile: "signed-nsec3.example.zone"
    provide-xfr: 127.0.0.0/8 NOKEY
    allow-notify: 127.0.0.0/8 NOKEY
    request-xfr: 192.0.2.200 NOKEY
zone:
    name: "expired.example"
    zonefile: "expired.example.zone"
    provide-xfr: 127.0.0.1 NOKEY
    allow-notify: 127.0.0.1 NOKEY
    request-xfr: 192.0.2.200 NOKEY
zone:
    name: "secondary.example"
    zonefile: "secondary.example.zone"
    allow-notify: 127.0.0.1 NOKEY
    provide-xfr: 127.0.0.1 NOKEY
    request-xfr: 192.0.2.200 NOKEY
)";

Name name_of(const char* text) {
  Name n;
  if (parse_name(text, nullptr, n) != NameTextError::kOk) setup_failed(text);
  return n;
}

class ContentsSink : public zone::RecordSink {
 public:
  explicit ContentsSink(zone::ZoneContents& contents) : contents_(contents) {}
  void record(const zone::ParsedRecord& r) override {
    contents_.add(r.owner, r.type, r.ttl, r.rdata, 0, r.where.line);
  }
  void diagnostic(const zone::Diagnostic& d) override {
    if (!d.warning) setup_failed(d.to_string());
  }

 private:
  zone::ZoneContents& contents_;
};

// A zone from text, or (text empty) from the file tests/zones/<file>.
std::shared_ptr<const zone::ZoneSnapshot> load_zone(const char* apex, const std::string& text,
                                                    const std::string& file) {
  zone::ZoneContents contents(name_of(apex).view());
  contents.add_file(file);
  ContentsSink sink(contents);
  zone::ZoneFileOptions options;
  options.origin = name_of(apex);
  const std::size_t errors =
      text.empty()
          ? zone::parse_zone_file(std::string(ZONED_TEST_DATA) + "/zones/" + file, options, sink)
          : zone::parse_zone_text(text, file, options, sink);
  if (errors != 0) setup_failed(file + ": does not load");
  contents.finish();
  for (const zone::ZoneProblem& p : zone::check_zone(contents)) {
    if (!p.warning) setup_failed(p.to_string());
  }
  return zone::build_snapshot(std::move(contents));
}

std::shared_ptr<const zone::ZoneSnapshot> placeholder(const char* apex) {
  zone::ZoneContents contents(name_of(apex).view());
  contents.finish();
  return zone::build_snapshot(std::move(contents));
}

struct Fixture {
  config::Config config;
  server::ServedZones served;
  std::vector<const wire::TsigKey*> keys;  // xfr-key, notify-key (in served.keys)
  wire::TsigKey unknown_key;               // not configured: its requests get BADKEY
  std::array<sockaddr_storage, 8> sources{};
};

sockaddr_storage ipv4(const char* text, std::uint16_t port) {
  sockaddr_storage s{};
  auto* a = reinterpret_cast<sockaddr_in*>(&s);
  a->sin_family = AF_INET;
  a->sin_port = htons(port);
  if (inet_pton(AF_INET, text, &a->sin_addr) != 1) setup_failed(text);
  return s;
}

sockaddr_storage ipv6(const char* text, std::uint16_t port) {
  sockaddr_storage s{};
  auto* a = reinterpret_cast<sockaddr_in6*>(&s);
  a->sin6_family = AF_INET6;
  a->sin6_port = htons(port);
  if (inet_pton(AF_INET6, text, &a->sin6_addr) != 1) setup_failed(text);
  return s;
}

const Fixture& fixture() {
  static const Fixture* f = [] {
    auto* x = new Fixture;
    // The refusals' log lines are formatted as in the server, and written nowhere.
    server::LogTarget log;
    log.to_stderr = false;
    log.logfile = "/dev/null";
    server::configure_log(log);
    config::InputLimits limits;
    limits.follow_includes = false;
    config::LoadedConfig loaded = config::load_config_text(kConfig, "fuzz_query.conf", limits);
    if (!loaded.ok()) {
      for (const auto& d : loaded.diagnostics.messages())
        std::fprintf(stderr, "%s\n", d.to_string().c_str());
      setup_failed("the configuration does not load");
    }
    x->config = std::move(loaded.config);
    zone::ZoneSet set({
        load_zone("fuzz.example.", kFuzzZone, "fuzz.example.zone"),
        load_zone("answer.example.", "", "answer/answer.example.zone"),
        load_zone("child.answer.example.", "", "answer/child.answer.example.zone"),
        load_zone("signed-nsec.example.", "", "signed-nsec.example.zone"),
        load_zone("signed-nsec3.example.", "", "signed-nsec3.example.zone"),
        load_zone("expired.example.", kExpiredZone, "expired.example.zone"),
        placeholder("secondary.example."),
    });
    std::vector<server::ZoneAvailability> availability(set.zones().size(),
                                                       server::ZoneAvailability::kServing);
    availability[5] = server::ZoneAvailability::kExpired;
    availability[6] = server::ZoneAvailability::kNotLoaded;
    x->served = server::ServedZones(std::move(set), server::PolicyTable(x->config),
                                    std::move(availability));
    for (const char* key : {"xfr-key.", "notify-key."}) {
      const Name wanted = name_of(key);
      for (const TsigKey& k : *x->served.keys) {
        if (equal(k.name.view(), wanted.view())) x->keys.push_back(&k);
      }
    }
    if (x->keys.size() != 2) setup_failed("xfr-key and notify-key expected");
    x->unknown_key = wire::TsigKey{name_of("unknown-key."), TsigAlgorithm::kHmacSha256,
                                   std::vector<std::uint8_t>(32, 0x5a)};
    x->sources = {
        ipv4("127.0.0.1", 5353),       // provide-xfr NOKEY, allow-notify NOKEY, allow-query
        ipv4("127.0.0.2", 53),         // provide-xfr with xfr-key
        ipv4("192.0.2.66", 1024),      // BLOCKED
        ipv4("198.51.100.7", 4096),    // listed nowhere but 0.0.0.0/0
        ipv6("::1", 5353),             // provide-xfr NOKEY
        ipv6("2001:db8::53", 53),      // provide-xfr with xfr-key
        ipv6("::ffff:127.0.0.1", 53),  // mapped: taken as 127.0.0.1
        ipv6("fe80::1", 53),
    };
    return x;
  }();
  return *f;
}

class CountingNotifies : public server::NotifyListener {
 public:
  void notify_received(const server::NotifyNews& news) override {
    ++count;
    apex = Name(news.apex);
  }
  int count = 0;
  Name apex;
};

class EmptyStream : public server::ResponseStream {
 public:
  std::size_t next(std::span<std::uint8_t>) override { return 0; }
};

class CheckingTransfers : public server::TransferSource {
 public:
  std::unique_ptr<server::ResponseStream> open(const server::TransferRequest& r) override {
    ++count;
    check(r.info.has_question && equal(r.info.question.name.view(), zone::snapshot_apex(*r.zone)));
    check(r.info.question.type == rrtype::AXFR || r.info.question.type == rrtype::IXFR);
    check((r.key == nullptr) == r.request_mac.empty());
    return std::make_unique<EmptyStream>();
  }
  int count = 0;
};

enum class Signing { kNone, kXfrKey, kNotifyKey, kStale, kUnknownKey };

Signing signing_of(std::uint8_t mode) {
  switch (mode >> 5) {
    case 4:
      return Signing::kXfrKey;
    case 5:
      return Signing::kNotifyKey;
    case 6:
      return Signing::kStale;
    case 7:
      return Signing::kUnknownKey;
    default:
      return Signing::kNone;
  }
}

constexpr std::array<std::uint16_t, 4> kEdnsSizes = {1232, 512, 4096, 1480};

void check_response(std::span<const std::uint8_t> request, std::span<const std::uint8_t> response,
                    server::Transport transport, const server::QueryLimits& limits,
                    std::size_t buffer_size) {
  MessageInfo req;
  const ParseError req_error = parse_message(request, req);
  std::size_t limit = kMaxMessageSize;
  if (transport != server::Transport::kTcp) {
    const std::size_t ours =
        transport == server::Transport::kUdp4 ? limits.ipv4_edns_size : limits.ipv6_edns_size;
    limit = kMaxUdpSize;
    if (req_error == ParseError::kOk && req.has_edns)
      limit = std::max<std::size_t>(kMaxUdpSize,
                                    std::min<std::size_t>(req.edns.effective_udp_size(), ours));
  }
  check(response.size() <= buffer_size && response.size() <= limit);
  if (response.empty()) return;
  check(request.size() >= kHeaderSize && (request[2] & 0x80) == 0);
  check(response.size() >= kHeaderSize);
  const Header q = Header::read(request.data());
  MessageInfo info;
  check(parse_message(response, info) == ParseError::kOk);
  check(info.header.id == q.id && info.header.has(flag::QR));
  check(info.header.opcode() == q.opcode());
  if (req_error != ParseError::kOk) {
    check(info.header.rcode_bits() == static_cast<std::uint8_t>(Rcode::kFormErr));
    return;
  }
  if (info.has_question) {
    check(req.has_question && equal(info.question.name.view(), req.question.name.view()));
    check(info.question.type == req.question.type && info.question.cls == req.question.cls);
  }
}

// Checks the answer to a request signed here with `key` (request MAC `mac`).
void check_signed_answer(Signing signing, const TsigKey& key, const TsigMac& mac,
                         std::uint64_t signed_at, std::span<const std::uint8_t> response) {
  MessageInfo info;
  check(parse_message(response, info) == ParseError::kOk);
  check(info.has_tsig && equal(info.tsig.key_name.view(), key.name.view()));
  TsigVerifier verifier(key, mac);
  const Rcode verdict = verifier.verify(response, info, signed_at);
  switch (signing) {
    case Signing::kXfrKey:
    case Signing::kNotifyKey:
      check(verdict == Rcode::kNoError && info.tsig.error == 0);
      break;
    case Signing::kStale:
      check(verdict == Rcode::kNotAuth && verifier.peer_error() == 18);  // BADTIME
      check(info.header.rcode_bits() == 9);
      break;
    case Signing::kUnknownKey:
      check(info.tsig.error == 17 && info.tsig.mac.empty());  // BADKEY, unsigned
      check(info.header.rcode_bits() == 9);
      break;
    case Signing::kNone:
      break;
  }
}

}  // namespace

int run_one(const std::uint8_t* data, std::size_t size) {
  if (size < 2) return 0;
  const Fixture& f = fixture();
  const std::uint8_t mode = data[0];
  const std::uint8_t options = data[1];
  std::span<const std::uint8_t> message(data + 2, size - 2);

  server::Transport transport = server::Transport::kUdp4;
  switch (mode & 3) {
    case 1:
      transport = server::Transport::kUdp6;
      break;
    case 2:
    case 3:
      transport = server::Transport::kTcp;
      break;
  }
  const std::size_t source_index = (mode >> 2) & 7;
  // UDP over IPv4 comes from an IPv4 address, over IPv6 from an IPv6 one; TCP from either.
  const sockaddr_storage* source = &f.sources[source_index];
  if (transport == server::Transport::kUdp4 && source->ss_family != AF_INET) source = nullptr;
  if (transport == server::Transport::kUdp6 && source->ss_family != AF_INET6)
    source = &f.sources[4 + (source_index & 3)];

  server::QueryLimits limits;
  limits.ipv4_edns_size = kEdnsSizes[options & 3];
  limits.ipv6_edns_size = kEdnsSizes[(options + 1) & 3];
  limits.answer.minimal_responses = (options & 4) == 0;
  limits.answer.refuse_any = (options & 8) != 0;
  static const std::array<std::uint8_t, 6> nsid = {'f', 'u', 'z', 'z', 'e', 'r'};
  if (options & 16) limits.answer.nsid = nsid;
  CountingNotifies notifies;
  if (options & 32) limits.notifies = &notifies;
  limits.answer.chaos.identity = "fuzz.identity";
  limits.answer.chaos.version = "zoned fuzz";
  limits.answer.chaos.hide_identity = limits.answer.chaos.hide_version = (options & 64) != 0;

  // The request, signed here when the mode asks and it can be.
  const Signing signing = signing_of(mode);
  const TsigKey* key = nullptr;
  switch (signing) {
    case Signing::kXfrKey:
    case Signing::kStale:
      key = f.keys[0];
      break;
    case Signing::kNotifyKey:
      key = f.keys[1];
      break;
    case Signing::kUnknownKey:
      key = &f.unknown_key;
      break;
    case Signing::kNone:
      break;
  }
  std::vector<std::uint8_t> request(message.begin(), message.end());
  TsigMac mac;
  std::uint64_t signed_at = static_cast<std::uint64_t>(std::time(nullptr));
  if (signing == Signing::kStale) signed_at -= 3600;
  bool signed_here = false;
  MessageInfo unsigned_info;
  if (key != nullptr && parse_message(message, unsigned_info) == ParseError::kOk &&
      !unsigned_info.has_tsig && (message[2] & 0x80) == 0) {
    request.resize(kMaxMessageSize);
    const std::size_t n = sign_request(request, message.size(), *key, signed_at, mac);
    request.resize(n == 0 ? message.size() : n);
    if (n == 0) request.assign(message.begin(), message.end());
    MessageInfo signed_info;
    signed_here = n != 0 && parse_message(request, signed_info) == ParseError::kOk;
  }

  // As the transports give it: UDP's buffer holds the largest UDP response, TCP's 65535.
  const std::size_t buffer_size =
      transport == server::Transport::kTcp
          ? kMaxMessageSize
          : std::max<std::size_t>({limits.ipv4_edns_size, limits.ipv6_edns_size, kMaxUdpSize});
  std::unique_ptr<std::uint8_t[]> out(new std::uint8_t[buffer_size]);
  CheckingTransfers transfers;
  std::unique_ptr<server::ResponseStream> stream;
  static server::QueryStats stats;
  server::Request r;
  r.transport = transport;
  r.source = source;
  r.stats = (options & 128) ? &stats : nullptr;
  if (transport == server::Transport::kTcp) {
    r.transfers = &transfers;
    r.stream = &stream;
  }
  const std::size_t n = server::process_query(f.served, request, r, limits,
                                              std::span<std::uint8_t>(out.get(), buffer_size));
  check(n <= buffer_size);
  std::span<const std::uint8_t> response(out.get(), n);
  check_response(request, response, transport, limits, buffer_size);

  MessageInfo req;
  const bool parsed = parse_message(request, req) == ParseError::kOk;
  if (stream != nullptr || transfers.count != 0) {
    check(stream != nullptr && transfers.count == 1 && n == 0 && parsed);
    check(transport == server::Transport::kTcp && req.header.opcode() == Opcode::kQuery);
  }
  if (notifies.count != 0) {
    check(notifies.count == 1 && parsed && req.header.opcode() == Opcode::kNotify);
    check(req.has_question && equal(notifies.apex.view(), req.question.name.view()));
    check(f.served.set.find_apex_index(notifies.apex.view()) != zone::ZoneSet::kNone);
    check(n > 0);  // an allowed NOTIFY is acknowledged
  }
  if (signed_here && n > 0) check_signed_answer(signing, *key, mac, signed_at, response);
  if (stream != nullptr) {
    std::array<std::uint8_t, 64> next;
    check(stream->next(next) == 0);
  }
  return 0;
}

}  // namespace zoned::fuzz_query

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return zoned::fuzz_query::run_one(data, size);
}
