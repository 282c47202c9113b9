// Shared by the answer_*_test programs: load test zones into a ZoneSet, ask a question
// through answer_query(), and read the response back as text per section, with RRSIG and
// NSEC3 records shortened to what the tests compare ("owner TTL RRSIG <covered type>").
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "server/answer/answer.h"
#include "server/served_zones.h"
#include "wire/message_builder.h"
#include "wire/message_parser.h"
#include "wire/rdata.h"
#include "wire/rrtype.h"
#include "zone/zone_loader.h"
#include "zone/zone_set.h"
#include "zone/zone_snapshot.h"

namespace zoned::test {

inline std::string zone_path(const std::string& file) {
  return std::string(ZONED_TEST_DATA) + "/zones/" + file;
}

inline wire::Name name_of(const std::string& text) {
  wire::Name n;
  EXPECT_EQ(wire::parse_name(text, nullptr, n), wire::NameTextError::kOk) << text;
  return n;
}

inline std::shared_ptr<const zone::ZoneSnapshot> load_snapshot(const std::string& apex,
                                                               const std::string& file) {
  zone::ZoneContents contents(name_of(apex));
  std::vector<std::string> problems;
  zone::LoadResult r = zone::load_zone_file(zone_path(file), contents,
                                            [&](const std::string& s) { problems.push_back(s); });
  EXPECT_EQ(r.errors, 0u) << (problems.empty() ? "" : problems.front());
  return zone::build_snapshot(contents);
}

// The zones every answer test serves.
inline const zone::ZoneSet& test_zones() {
  static const zone::ZoneSet zones({
      load_snapshot("answer.example.", "answer/answer.example.zone"),
      load_snapshot("child.answer.example.", "answer/child.answer.example.zone"),
      load_snapshot("signed-nsec.example.", "signed-nsec.example.zone"),
      load_snapshot("signed-nsec3.example.", "signed-nsec3.example.zone"),
  });
  return zones;
}

// The same as the workers see them, with no policy (anyone may query, nobody transfer).
inline const server::ServedZones& test_served() {
  static const server::ServedZones served(zone::ZoneSet(test_zones().zones()),
                                          server::PolicyTable());
  return served;
}

struct Query {
  std::string name;
  std::uint16_t type = wire::rrtype::A;
  std::uint16_t cls = wire::rrclass::IN;
  bool edns = false;
  bool dnssec_ok = false;
  std::uint8_t edns_version = 0;
  std::uint16_t edns_size = 1232;
  wire::Opcode opcode = wire::Opcode::kQuery;
  std::size_t max_size = 0;  // 0: 512 without EDNS, else the EDNS size
  server::AnswerOptions options{};
};

inline std::vector<std::uint8_t> make_query(const Query& q) {
  std::vector<std::uint8_t> buf(512);
  wire::MessageBuilder b(buf, buf.size());
  b.header().id = 0x4242;
  b.header().set_opcode(q.opcode);
  b.header().set(wire::flag::RD, true);
  b.add_question(name_of(q.name), q.type, q.cls);
  if (q.edns) {
    wire::OptRecord opt;
    opt.udp_size = q.edns_size;
    opt.version = q.edns_version;
    opt.dnssec_ok = q.dnssec_ok;
    b.add_opt(opt);
  }
  std::span<const std::uint8_t> m = b.finish();
  return {m.begin(), m.end()};
}

struct Response {
  std::size_t size = 0;
  wire::MessageInfo info;
  wire::Rcode rcode = wire::Rcode::kNoError;
  bool aa = false, tc = false;
  std::vector<std::string> question, answer, authority, additional;
  std::vector<std::uint8_t> wire;

  bool has(std::uint16_t flag) const { return info.header.has(flag); }
};

inline std::string record_text(const wire::Record& r) {
  std::string s =
      wire::to_text(r.owner) + " " + std::to_string(r.ttl) + " " + wire::type_to_text(r.type);
  if (r.type == wire::rrtype::RRSIG) {
    return s + " " + wire::type_to_text(wire::load_u16(r.rdata.data()));
  }
  if (r.type == wire::rrtype::NSEC3) return s;
  std::string rdata;
  wire::rdata_to_text(r.type, r.rdata, rdata);
  return s + " " + rdata;
}

inline Response parse_response(std::span<const std::uint8_t> m) {
  Response out;
  out.size = m.size();
  out.wire.assign(m.begin(), m.end());
  if (m.empty()) return out;
  // Parsed from the copy, so `info` stays valid after the answer buffer is gone (a moved
  // Response keeps its vector's storage; a copied one would not: move, don't copy).
  EXPECT_EQ(wire::parse_message(out.wire, out.info), wire::ParseError::kOk);
  out.rcode = wire::combine_rcode(out.info.header.rcode_bits(),
                                  out.info.has_edns ? out.info.edns.extended_rcode : 0);
  out.aa = out.info.header.has(wire::flag::AA);
  out.tc = out.info.header.has(wire::flag::TC);
  if (out.info.has_question)
    out.question.push_back(wire::to_text(out.info.question.name) + " " +
                           wire::type_to_text(out.info.question.type));
  std::vector<std::uint8_t> buffer(wire::kMaxRdataLength);
  wire::RecordIterator it(m, out.info, buffer);
  wire::Record r;
  while (it.next(r)) {
    if (r.type == wire::rrtype::OPT) continue;
    std::string text = record_text(r);
    switch (r.section) {
      case wire::Section::kAnswer:
        out.answer.push_back(text);
        break;
      case wire::Section::kAuthority:
        out.authority.push_back(text);
        break;
      case wire::Section::kAdditional:
        out.additional.push_back(text);
        break;
      case wire::Section::kQuestion:
        break;
    }
  }
  for (auto* v : {&out.answer, &out.authority, &out.additional})
    std::sort(v->begin(), v->end());
  return out;
}

inline Response ask(const zone::ZoneSet& zones, const Query& q) {
  std::vector<std::uint8_t> query = make_query(q);
  wire::MessageInfo info;
  EXPECT_EQ(wire::parse_message(query, info), wire::ParseError::kOk);
  std::size_t max = q.max_size != 0 ? q.max_size : (q.edns ? q.edns_size : 512);
  std::vector<std::uint8_t> out(65535);
  std::size_t n = server::answer_query(zones, query, info, q.options, max, out);
  EXPECT_LE(n, max);
  return parse_response({out.data(), n});
}

inline Response ask(const Query& q) {
  return ask(test_zones(), q);
}

inline std::vector<std::string> sorted(std::vector<std::string> v) {
  std::sort(v.begin(), v.end());
  return v;
}

}  // namespace zoned::test
