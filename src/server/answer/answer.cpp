// answer_query(): the checks a query passes before any zone is looked at (RFC 1035
// §4.1.1, RFC 6891 §6.1.3), then the sections in order: answer, authority, additional.
#include "server/answer/answer.h"

#include <array>

#include "server/answer/answer_steps.h"
#include "wire/edns.h"
#include "wire/message_builder.h"
#include "wire/rrtype.h"

namespace zoned::server {

namespace {

namespace rrtype = wire::rrtype;
using wire::Rcode;

// Our EDNS UDP payload size: NSD's default and the DNS Flag Day 2020 value.
constexpr std::uint16_t kOurUdpSize = 1232;

// A response header: the query's id, opcode, RD and CD (RFC 1035 §4.1.1, RFC 4035 §3.1.6).
void start_header(wire::Header& h, const wire::Header& query) {
  h.id = query.id;
  h.flags = static_cast<std::uint16_t>(wire::flag::QR |
                                       (query.flags & (wire::flag::RD | wire::flag::CD)));
  h.set_opcode(query.opcode());
}

// What our OPT carries besides its fixed fields: our NSID when the query's OPT asks with an
// empty NSID option (RFC 5001 §2.1), and an Extended DNS Error (RFC 8914) when a refusal has
// a reason to give, as NSD gives them; the COOKIE when the caller made one (RFC 7873).
struct OurOptions {
  wire::EdnsOption cookie{wire::edns_option::COOKIE, {}};  // sent when it has data
  wire::EdnsOption nsid{wire::edns_option::NSID, {}};      // sent when it has data
  wire::EdnsOption ede{};                                  // sent when it has a code
  std::array<wire::EdnsOption, 3> list{};

  std::span<const wire::EdnsOption> collect() {
    std::size_t n = 0;
    if (!cookie.data.empty()) list[n++] = cookie;
    if (!nsid.data.empty()) list[n++] = nsid;
    if (ede.code != 0) list[n++] = ede;
    return {list.data(), n};
  }
  bool empty() const { return cookie.data.empty() && nsid.data.empty() && ede.code == 0; }
};

OurOptions options_for(const wire::MessageInfo& info, const AnswerOptions& options) {
  OurOptions ours;
  if (info.has_edns) ours.cookie.data = options.cookie;
  wire::EdnsOptionView asked;
  if (info.has_edns && !options.nsid.empty() &&
      wire::find_option(info.edns.options, wire::edns_option::NSID, asked) && asked.data.empty())
    ours.nsid.data = options.nsid;
  return ours;
}

// Our OPT; it points into `ours`, which must outlive it.
wire::OptRecord our_opt(const wire::MessageInfo& info, Rcode rcode, OurOptions& ours) {
  wire::OptRecord opt;
  opt.udp_size = kOurUdpSize;
  opt.extended_rcode = wire::rcode_high_bits(rcode);
  opt.dnssec_ok = info.edns.dnssec_ok();  // echoed, as Knot does (RFC 3225 §3)
  opt.options = ours.collect();
  return opt;
}

// Reserves the OPT's room up front. Options that do not fit are dropped rather than the
// answer (NSD does the same); false when not even the bare OPT fits.
bool reserve_opt(wire::MessageBuilder& b, const wire::MessageInfo& info, OurOptions& ours) {
  if (!info.has_edns) return true;
  if (b.reserve(wire::opt_record_size(our_opt(info, Rcode::kNoError, ours)))) return true;
  if (ours.empty()) return false;
  ours = OurOptions{};
  return b.reserve(wire::opt_record_size(our_opt(info, Rcode::kNoError, ours)));
}

// The OPT when nothing was reserved for it: without the options if they do not fit.
void add_our_opt(wire::MessageBuilder& b, const wire::MessageInfo& info, Rcode rcode,
                 OurOptions& ours) {
  if (!info.has_edns) return;
  if (b.add_opt(our_opt(info, rcode, ours)) == wire::BuildError::kOk || ours.empty()) return;
  OurOptions bare;
  b.add_opt(our_opt(info, rcode, bare));
}

std::size_t finish(wire::MessageBuilder& b) {
  return b.finish().size();
}

// An error response: the question echoed when there is exactly one, OPT when the query had
// one. Errors never carry records.
std::size_t answer_error(wire::MessageBuilder& b, const wire::MessageInfo& info, Rcode rcode,
                         bool echo_question, OurOptions& ours) {
  b.header().set_rcode(rcode);
  if (echo_question) b.add_question(info.question.name, info.question.type, info.question.cls);
  add_our_opt(b, info, rcode, ours);
  return finish(b);
}

// The zone a query belongs to. A DS record lives in the parent of the cut (RFC 4035
// §3.1.4.1): at an apex, the parent zone answers when we serve it.
const zone::ZoneSnapshot* zone_for(const zone::ZoneSet& zones, const wire::Question& q) {
  const wire::NameView name = q.name.view();
  if (q.type == rrtype::DS && !name.is_root()) {
    const zone::ZoneSnapshot* z = zones.find_zone(name);
    if (z != nullptr && wire::equal(z->apex(), name)) {
      if (const zone::ZoneSnapshot* parent = zones.find_zone(name.parent())) return parent;
    }
    return z;
  }
  return zones.find_zone(name);
}

// Queries that get a fixed rcode rather than zone data; kNoError when none applies.
Rcode screen_question(const wire::Question& q, const AnswerOptions& options) {
  if (q.cls != wire::rrclass::IN && q.cls != wire::rrclass::ANY) return Rcode::kRefused;
  // Zone transfers come with the transfer layer. Over UDP AXFR is NOTIMP, as in NSD and
  // Knot; until then everything else about transfers is REFUSED, as NSD does without
  // provide-xfr.
  if (q.type == rrtype::AXFR) return options.tcp ? Rcode::kRefused : Rcode::kNotImp;
  if (q.type == rrtype::IXFR) return Rcode::kRefused;
  return Rcode::kNoError;
}

// NSD's refuse-any: an ANY query over UDP gets an empty truncated answer, so the client
// retries over TCP, where it is answered as usual.
std::size_t refuse_any_over_udp(wire::MessageBuilder& b, const wire::MessageInfo& info,
                                OurOptions& ours) {
  b.header().set(wire::flag::TC, true);
  add_our_opt(b, info, Rcode::kNoError, ours);
  return finish(b);
}

// Class CH (chaos.cpp): the server's identity and version, never zone data. Not
// authoritative, as in NSD.
std::size_t answer_chaos_class(wire::MessageBuilder& b, const wire::MessageInfo& info,
                               const AnswerOptions& options, OurOptions ours) {
  if (!reserve_opt(b, info, ours)) return 0;
  const ChaosResult result = write_chaos_answer(b, info, options.chaos);
  b.header().set(wire::flag::TC, result.truncated);
  b.header().set_rcode(result.rcode);
  // The room reserved held no EDE: add_our_opt drops the options should they not fit.
  if (result.ede_code != 0) ours.ede = wire::ede_option(result.ede_code);
  add_our_opt(b, info, result.rcode, ours);
  return finish(b);
}

bool used_wildcard(const AnswerContext& ctx) {
  for (std::size_t i = 0; i < ctx.proof_count; ++i) {
    const ProofNeed::Kind kind = ctx.proofs[i].kind;
    if (kind == ProofNeed::Kind::kWildcardAnswer || kind == ProofNeed::Kind::kWildcardNoData)
      return true;
  }
  return false;
}

std::size_t answer_from(wire::MessageBuilder& b, const zone::ZoneSnapshot& zone,
                        const wire::MessageInfo& info, const AnswerOptions& options,
                        OurOptions& ours) {
  AnswerContext ctx(b, zone, info, options);
  write_answer_section(ctx);
  flush_signatures(ctx, wire::Section::kAnswer);
  switch (ctx.ending) {
    case AnswerContext::Ending::kReferral:
      write_referral(ctx);
      break;
    case AnswerContext::Ending::kNoData:
    case AnswerContext::Ending::kNxDomain:
      write_negative_soa(ctx);
      break;
    case AnswerContext::Ending::kAnswered:
    case AnswerContext::Ending::kOutOfZone:
      break;
  }
  write_proofs(ctx);
  flush_signatures(ctx, wire::Section::kAuthority);
  write_additional_section(ctx);
  flush_signatures(ctx, wire::Section::kAdditional);
  if (options.notes != nullptr) options.notes->wildcard = used_wildcard(ctx);
  b.header().set(wire::flag::AA, ctx.authoritative);
  b.header().set(wire::flag::TC, ctx.truncated);
  b.header().set_rcode(ctx.rcode);
  // OPT space was reserved up front, so this cannot fail.
  if (info.has_edns) {
    b.add_opt(our_opt(info, ctx.rcode, ours));
  }
  return finish(b);
}

}  // namespace

std::size_t answer_query(const zone::ZoneSet& zones, std::span<const std::uint8_t> /*query*/,
                         const wire::MessageInfo& info, const AnswerOptions& options,
                         std::size_t max_size, std::span<std::uint8_t> out) {
  const wire::Header& q = info.header;
  if (q.has(wire::flag::QR)) return 0;  // a response: never answer one (RFC 1035 §7.3)
  wire::MessageBuilder b(out, std::min(max_size, out.size()));
  start_header(b.header(), q);
  const bool one_question = q.qdcount == 1 && info.has_question;
  OurOptions ours = options_for(info, options);
  if (q.opcode() != wire::Opcode::kQuery)
    return answer_error(b, info, Rcode::kNotImp, one_question, ours);
  if (!one_question) return answer_error(b, info, Rcode::kFormErr, false, ours);
  // RFC 6891 §6.1.3; without NSID, as NSD: the options of an unknown version mean nothing.
  if (info.has_edns && info.edns.version != 0) {
    OurOptions none;
    return answer_error(b, info, Rcode::kBadVers, true, none);
  }
  if (info.question.cls == wire::rrclass::CH) return answer_chaos_class(b, info, options, ours);
  const Rcode screened = screen_question(info.question, options);
  if (screened != Rcode::kNoError) return answer_error(b, info, screened, true, ours);
  if (info.question.type == rrtype::ANY && options.refuse_any && !options.tcp)
    return refuse_any_over_udp(b, info, ours);
  const zone::ZoneSnapshot* zone = zone_for(zones, info.question);
  if (zone == nullptr) {
    ours.ede = wire::ede_option(wire::ede::kNotAuthoritative);  // not our zone, as NSD says
    return answer_error(b, info, Rcode::kRefused, true, ours);
  }
  if (!reserve_opt(b, info, ours))
    return 0;  // not even room for the OPT: a client buffer this small cannot be answered
  if (b.add_question(info.question.name, info.question.type, info.question.cls) !=
      wire::BuildError::kOk)
    return 0;
  return answer_from(b, *zone, info, options, ours);
}

std::size_t answer_rcode(const wire::MessageInfo& info, const AnswerOptions& options, Rcode rcode,
                         std::uint16_t ede_code, std::size_t max_size,
                         std::span<std::uint8_t> out) {
  wire::MessageBuilder b(out, std::min(max_size, out.size()));
  start_header(b.header(), info.header);
  OurOptions ours = options_for(info, options);
  if (ede_code != 0) ours.ede = wire::ede_option(ede_code);
  return answer_error(b, info, rcode, info.has_question, ours);
}

std::size_t answer_notify(const wire::MessageInfo& info, const AnswerOptions& options,
                          std::size_t max_size, std::span<std::uint8_t> out) {
  wire::MessageBuilder b(out, std::min(max_size, out.size()));
  start_header(b.header(), info.header);
  OurOptions ours = options_for(info, options);
  if (!reserve_opt(b, info, ours)) return 0;
  if (b.add_question(info.question.name, info.question.type, info.question.cls) !=
      wire::BuildError::kOk)
    return 0;
  b.header().set(wire::flag::AA, true);
  if (info.has_edns) b.add_opt(our_opt(info, Rcode::kNoError, ours));
  return finish(b);
}

std::size_t answer_soa_only(const zone::ZoneSnapshot& zone, const wire::MessageInfo& info,
                            const AnswerOptions& options, std::size_t max_size,
                            std::span<std::uint8_t> out) {
  wire::MessageBuilder b(out, std::min(max_size, out.size()));
  start_header(b.header(), info.header);
  OurOptions ours = options_for(info, options);
  if (!reserve_opt(b, info, ours)) return 0;
  if (b.add_question(info.question.name, info.question.type, info.question.cls) !=
      wire::BuildError::kOk)
    return 0;
  const zone::RrsetView soa =
      zone.find_rrset(zone.node(zone::ZoneSnapshot::kApexNode), rrtype::SOA);
  if (soa.valid()) {
    for (std::span<const std::uint8_t> rdata : soa.records())
      b.add_rr(wire::Section::kAnswer, zone.apex(), rrtype::SOA, wire::rrclass::IN, soa.ttl(),
               rdata);
  }
  b.header().set(wire::flag::AA, true);
  if (info.has_edns) b.add_opt(our_opt(info, Rcode::kNoError, ours));
  return finish(b);
}

// Only a header that could be read gets an answer: FORMERR with its id, opcode and RD.
// A well-formed OPT whose options are not (a bad length, a malformed COOKIE) is an EDNS
// query still: its FORMERR carries our OPT (RFC 6891 §7, RFC 7873 §5.2.2).
std::size_t answer_unparsable(std::span<const std::uint8_t> packet, wire::ParseError error,
                              std::span<std::uint8_t> out) {
  if (!wire::header_readable(error) || packet.size() < wire::kHeaderSize) return 0;
  const wire::Header q = wire::Header::read(packet.data());
  if (q.has(wire::flag::QR)) return 0;
  wire::MessageBuilder b(out, out.size());
  start_header(b.header(), q);
  b.header().set_rcode(Rcode::kFormErr);
  if (error == wire::ParseError::kBadOptOptions || error == wire::ParseError::kBadCookie) {
    wire::OptRecord opt;
    opt.udp_size = kOurUdpSize;
    b.add_opt(opt);
  }
  return finish(b);
}

}  // namespace zoned::server
