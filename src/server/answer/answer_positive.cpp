// The answer section: look the name up, answer from the node, follow CNAMEs and DNAMEs
// while they stay inside the zone (RFC 1034 §4.3.2 step 3, RFC 2181 §10.1, RFC 6604).
#include <array>

#include "server/answer/answer_steps.h"
#include "wire/rrtype.h"

namespace zoned::server {

namespace {

namespace rrtype = wire::rrtype;
using zone::Lookup;
using zone::LookupKind;
using Ending = AnswerContext::Ending;

// Longer chains than this are answered as far as they got: a resolver follows the rest.
constexpr std::size_t kMaxChain = 16;

enum class Step : std::uint8_t { kDone, kFollow };

bool wants_additional(std::uint16_t type) {
  return type == rrtype::NS || type == rrtype::MX || type == rrtype::SRV;
}

// RFC 4035 §3.1.3.3: an answer synthesized from a wildcard needs the proof that the name
// itself does not exist.
void from_wildcard(AnswerContext& ctx, wire::NameView name, const Lookup& l) {
  if (l.kind == LookupKind::kWildcard) ctx.need_proof({ProofNeed::Kind::kWildcardAnswer, name, l});
}

void answered(AnswerContext& ctx, wire::NameView name, const Lookup& l,
              const zone::RrsetView& rrset) {
  from_wildcard(ctx, name, l);
  ctx.ending = Ending::kAnswered;
  if (!ctx.options.minimal_responses && wants_additional(rrset.type()))
    need_targets_of(ctx, rrset, false);
}

void no_data(AnswerContext& ctx, wire::NameView name, const Lookup& l) {
  ctx.ending = Ending::kNoData;
  const bool wildcard = l.kind == LookupKind::kWildcard;
  ctx.need_proof({wildcard ? ProofNeed::Kind::kWildcardNoData : ProofNeed::Kind::kNoData, name, l});
}

// RFC 8482 §4.2: one RRset (the first by type) rather than everything the name owns.
Step answer_any(AnswerContext& ctx, wire::NameView name, const Lookup& l) {
  const zone::SnapshotNode& node = ctx.zone.node(l.node);
  if (node.rrset_count == 0) {
    no_data(ctx, name, l);
    return Step::kDone;
  }
  const zone::RrsetView first = ctx.zone.first_rrset(node);
  if (put_rrset(ctx, wire::Section::kAnswer, name, first)) answered(ctx, name, l, first);
  return Step::kDone;
}

// Answers `name` from the node the lookup found (itself or the wildcard standing in for
// it); on a CNAME sets `next` to its target.
Step answer_at_node(AnswerContext& ctx, wire::NameView name, const Lookup& l,
                    wire::NameView& next) {
  const zone::SnapshotNode& node = ctx.zone.node(l.node);
  if (ctx.qtype == rrtype::ANY) return answer_any(ctx, name, l);
  if (ctx.qtype == rrtype::RRSIG) {
    // None (an unsigned zone) is NODATA.
    if (!put_first_signatures(ctx, name, node) || ctx.builder.count(wire::Section::kAnswer) == 0)
      no_data(ctx, name, l);
    return Step::kDone;
  }
  const zone::RrsetView rrset = ctx.zone.find_rrset(node, ctx.qtype);
  if (rrset.valid()) {
    if (put_rrset(ctx, wire::Section::kAnswer, name, rrset)) answered(ctx, name, l, rrset);
    return Step::kDone;
  }
  if (node.has(zone::node_flag::kCname)) {
    const zone::RrsetView cname = ctx.zone.find_rrset(node, rrtype::CNAME);
    if (!put_rrset(ctx, wire::Section::kAnswer, name, cname)) return Step::kDone;
    from_wildcard(ctx, name, l);
    const std::span<const std::uint8_t> target = *cname.records().begin();
    next = wire::NameView(target.data(), target.size());
    return Step::kFollow;
  }
  no_data(ctx, name, l);
  return Step::kDone;
}

// A name already answered in this chain: following it again would loop.
bool seen(const std::array<wire::NameView, kMaxChain>& chain, std::size_t n, wire::NameView name) {
  for (std::size_t i = 0; i < n; ++i)
    if (wire::equal(chain[i], name)) return true;
  return false;
}

// One step of the chain; false when the chain ends here.
bool answer_step(AnswerContext& ctx, wire::NameView name, bool first, wire::NameView& next) {
  const Lookup l = zone::lookup_name(ctx.zone, name, ctx.qtype == rrtype::DS);
  switch (l.kind) {
    case LookupKind::kDelegation:
      ctx.ending = Ending::kReferral;
      ctx.referral_cut = l.node;
      // A referral is not an authoritative answer; after a CNAME the CNAME still is.
      if (first) ctx.authoritative = false;
      return false;
    case LookupKind::kNxDomain:
      ctx.rcode = wire::Rcode::kNxDomain;  // RFC 6604: the rcode of the last name
      ctx.ending = Ending::kNxDomain;
      ctx.need_proof({ProofNeed::Kind::kNxDomain, name, l});
      return false;
    case LookupKind::kDname:
      return follow_dname(ctx, name, l.node, next);
    case LookupKind::kFound:
    case LookupKind::kWildcard:
      return answer_at_node(ctx, name, l, next) == Step::kFollow;
  }
  return false;
}

}  // namespace

void write_answer_section(AnswerContext& ctx) {
  std::array<wire::NameView, kMaxChain> chain;
  std::size_t steps = 0;
  wire::NameView name = ctx.qname;
  for (;;) {
    chain[steps++] = name;
    wire::NameView next;
    if (!answer_step(ctx, name, steps == 1, next)) return;
    // The chain continues only inside this zone and never through a name twice.
    ctx.ending = Ending::kAnswered;
    if (!wire::is_subdomain(next, ctx.zone.apex()) || seen(chain, steps, next) ||
        steps == kMaxChain)
      return;
    name = next;
  }
}

}  // namespace zoned::server
