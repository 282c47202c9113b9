// Referrals (RFC 1034 §4.3.2 step 3b): the cut's NS RRset in the authority section with AA
// off, the DS RRset or the proof there is none (RFC 4035 §3.1.4), and the glue.
#include "server/answer/answer_steps.h"
#include "wire/rrtype.h"

namespace zoned::server {

void write_referral(AnswerContext& ctx) {
  const std::uint32_t cut = ctx.referral_cut;
  const zone::SnapshotNode& node = ctx.zone.node(cut);
  const wire::NameView owner = ctx.zone.name(node);
  const zone::RrsetView ns = ctx.zone.find_rrset(node, wire::rrtype::NS);
  if (!put_rrset(ctx, wire::Section::kAuthority, owner, ns)) return;
  if (ctx.dnssec) {
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
