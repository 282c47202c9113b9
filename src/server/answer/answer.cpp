// answer_query(): the checks a query passes before any zone is looked at (RFC 1035
// §4.1.1, RFC 6891 §6.1.3), then the sections in order: answer, authority, additional.
#include "server/answer/answer.h"

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

wire::OptRecord our_opt(const wire::MessageInfo& info, Rcode rcode) {
  wire::OptRecord opt;
  opt.udp_size = kOurUdpSize;
  opt.extended_rcode = wire::rcode_high_bits(rcode);
  opt.dnssec_ok = info.edns.dnssec_ok();  // echoed, as Knot does (RFC 3225 §3)
  return opt;
}

std::size_t finish(wire::MessageBuilder& b) {
  return b.finish().size();
}

// An error response: the question echoed when there is exactly one, OPT when the query had
// one. Errors never carry records.
std::size_t answer_error(wire::MessageBuilder& b, const wire::MessageInfo& info, Rcode rcode,
                         bool echo_question) {
  b.header().set_rcode(rcode);
  if (echo_question) b.add_question(info.question.name, info.question.type, info.question.cls);
  if (info.has_edns) b.add_opt(our_opt(info, rcode));
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
std::size_t refuse_any_over_udp(wire::MessageBuilder& b, const wire::MessageInfo& info) {
  b.header().set(wire::flag::TC, true);
  if (info.has_edns) b.add_opt(our_opt(info, Rcode::kNoError));
  return finish(b);
}

std::size_t answer_from(wire::MessageBuilder& b, const zone::ZoneSnapshot& zone,
                        const wire::MessageInfo& info, const AnswerOptions& options) {
  AnswerContext ctx(b, zone, info, options);
  write_answer_section(ctx);
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
  write_additional_section(ctx);
  b.header().set(wire::flag::AA, ctx.authoritative);
  b.header().set(wire::flag::TC, ctx.truncated);
  b.header().set_rcode(ctx.rcode);
  // OPT space was reserved up front, so this cannot fail.
  if (info.has_edns) {
    b.add_opt(our_opt(info, ctx.rcode));
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
  if (q.opcode() != wire::Opcode::kQuery)
    return answer_error(b, info, Rcode::kNotImp, one_question);
  if (!one_question) return answer_error(b, info, Rcode::kFormErr, false);
  if (info.has_edns && info.edns.version != 0)
    return answer_error(b, info, Rcode::kBadVers, true);  // RFC 6891 §6.1.3
  const Rcode screened = screen_question(info.question, options);
  if (screened != Rcode::kNoError) return answer_error(b, info, screened, true);
  if (info.question.type == rrtype::ANY && options.refuse_any && !options.tcp)
    return refuse_any_over_udp(b, info);
  const zone::ZoneSnapshot* zone = zone_for(zones, info.question);
  if (zone == nullptr) return answer_error(b, info, Rcode::kRefused, true);
  if (info.has_edns && !b.reserve(wire::opt_record_size(our_opt(info, Rcode::kNoError))))
    return 0;  // not even room for the OPT: a client buffer this small cannot be answered
  if (b.add_question(info.question.name, info.question.type, info.question.cls) !=
      wire::BuildError::kOk)
    return 0;
  return answer_from(b, *zone, info, options);
}

// Only a header that could be read gets an answer: FORMERR with its id, opcode and RD.
std::size_t answer_unparsable(std::span<const std::uint8_t> packet, wire::ParseError error,
                              std::span<std::uint8_t> out) {
  if (!wire::header_readable(error) || packet.size() < wire::kHeaderSize) return 0;
  const wire::Header q = wire::Header::read(packet.data());
  if (q.has(wire::flag::QR)) return 0;
  wire::MessageBuilder b(out, out.size());
  start_header(b.header(), q);
  b.header().set_rcode(Rcode::kFormErr);
  return finish(b);
}

}  // namespace zoned::server
