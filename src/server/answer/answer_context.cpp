#include "server/answer/answer_context.h"

#include "wire/rrtype.h"

namespace zoned::server {

using wire::BuildError;
using wire::Section;

AnswerContext::AnswerContext(wire::MessageBuilder& b, const zone::ZoneSnapshot& z,
                             const wire::MessageInfo& info, const AnswerOptions& o)
    : builder(b),
      zone(z),
      qname(info.question.name.view()),
      qtype(info.question.type),
      dnssec(info.has_edns && info.edns.dnssec_ok()),
      options(o) {}

namespace {

// add_rrset wants the RDATAs as spans; most RRsets are small enough to list on the stack
// in one go, the rare big one goes record by record inside a mark.
constexpr std::size_t kStackRdatas = 64;

BuildError add_list(wire::MessageBuilder& b, Section section, wire::NameView owner,
                    std::uint16_t type, std::uint32_t ttl, const zone::RdataList& list) {
  if (list.size() <= kStackRdatas) {
    std::array<std::span<const std::uint8_t>, kStackRdatas> rdatas;
    std::size_t n = 0;
    // Bounded by the array, not by size(): a count kept in 16 bits wraps for an RRset of
    // more than 65535 records.
    auto it = list.begin();
    for (; it != list.end() && n < kStackRdatas; ++it)
      rdatas[n++] = *it;
    if (!(it != list.end()))
      return b.add_rrset(section, owner, type, wire::rrclass::IN, ttl, {rdatas.data(), n});
  }
  const wire::MessageBuilder::Mark m = b.mark();
  for (std::span<const std::uint8_t> rdata : list) {
    const BuildError e = b.add_rr(section, owner, type, wire::rrclass::IN, ttl, rdata);
    if (e != BuildError::kOk) {
      b.rollback(m);
      return e;
    }
  }
  return BuildError::kOk;
}

// What does not fit in the answer or authority section truncates the message and ends it.
bool note_failure(AnswerContext& ctx, Section section) {
  if (section != Section::kAdditional) ctx.truncated = ctx.full = true;
  return false;
}

}  // namespace

bool put_rrset(AnswerContext& ctx, Section section, wire::NameView owner,
               const zone::RrsetView& rrset, std::uint32_t ttl) {
  if (ctx.full) return false;
  if (add_list(ctx.builder, section, owner, rrset.type(), ttl == kKeepTtl ? rrset.ttl() : ttl,
               rrset.records()) != BuildError::kOk)
    return note_failure(ctx, section);
  if (ctx.dnssec && !rrset.signatures().empty()) {
    const std::uint32_t sig_ttl = ttl == kKeepTtl ? rrset.sig_ttl() : ttl;
    if (ctx.pending_count < AnswerContext::kMaxPendingSignatures) {
      ctx.pending[ctx.pending_count++] = {owner, rrset.at(), sig_ttl};
    } else if (add_list(ctx.builder, section, owner, wire::rrtype::RRSIG, sig_ttl,
                        rrset.signatures()) != BuildError::kOk) {
      note_failure(ctx, section);  // no room to queue them: they go right behind their set
    }
  }
  return true;
}

void flush_signatures(AnswerContext& ctx, Section section) {
  const std::size_t count = ctx.pending_count;
  ctx.pending_count = 0;
  for (std::size_t i = 0; i < count && !ctx.full; ++i) {
    const AnswerContext::PendingSignatures& p = ctx.pending[i];
    if (add_list(ctx.builder, section, p.owner, wire::rrtype::RRSIG, p.ttl,
                 zone::RrsetView(p.rrset).signatures()) != BuildError::kOk)
      note_failure(ctx, section);
  }
}

bool put_first_signatures(AnswerContext& ctx, wire::NameView owner,
                          const zone::SnapshotNode& node) {
  if (ctx.full) return false;
  const std::uint8_t* at = node.rrset_count == 0 ? nullptr : ctx.zone.first_rrset(node).at();
  for (std::uint16_t i = 0; i < node.rrset_count; ++i) {
    const zone::RrsetView r(at);
    at = r.next();
    if (r.signatures().empty()) continue;
    if (add_list(ctx.builder, Section::kAnswer, owner, wire::rrtype::RRSIG, r.sig_ttl(),
                 r.signatures()) != BuildError::kOk)
      return note_failure(ctx, Section::kAnswer);
    return true;
  }
  return true;
}

bool put_record(AnswerContext& ctx, Section section, wire::NameView owner, std::uint16_t type,
                std::uint32_t ttl, std::span<const std::uint8_t> rdata) {
  if (ctx.full) return false;
  if (ctx.builder.add_rr(section, owner, type, wire::rrclass::IN, ttl, rdata) != BuildError::kOk)
    return note_failure(ctx, section);
  return true;
}

}  // namespace zoned::server
