// Referrals (RFC 1034 §4.3.2 step 3b): the cut's NS RRset in the authority section with AA
// off, the DS RRset or the proof there is none (RFC 4035 §3.1.4), and the glue.
#include "server/answer/answer_steps.h"
#include "wire/rrtype.h"

namespace zoned::server {

namespace {

bool zone_is_signed(const zone::ZoneSnapshot& zone) {
  const zone::RrsetView soa =
      zone.find_rrset(zone.node(zone::ZoneSnapshot::kApexNode), wire::rrtype::SOA);
  return soa.valid() && !soa.signatures().empty();
}

}  // namespace

void write_referral(AnswerContext& ctx) {
  const std::uint32_t cut = ctx.referral_cut;
  const zone::SnapshotNode& node = ctx.zone.node(cut);
  const wire::NameView owner = ctx.zone.name(node);
  const zone::RrsetView ns = ctx.zone.find_rrset(node, wire::rrtype::NS);
  if (!put_rrset(ctx, wire::Section::kAuthority, owner, ns)) return;
  // RFC 4035 §3.1: DS and its proofs belong to referrals from signed zones only; an
  // unsigned parent hands out the plain referral even to a DO query (as NSD and Knot do).
  if (ctx.dnssec && zone_is_signed(ctx.zone)) {
    const zone::RrsetView ds = ctx.zone.find_rrset(node, wire::rrtype::DS);
    if (ds.valid())
      put_rrset(ctx, wire::Section::kAuthority, owner, ds);
    else
      write_no_ds_proof(ctx, cut);
  }
  // Glue for name servers at or below the cut is needed to reach the child at all (RFC
  // 9471): it must fit or the answer is truncated. Other addresses help, when room is left.
  need_targets_of(ctx, ns, true);
}

}  // namespace zoned::server
