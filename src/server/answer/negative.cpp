// Negative answers (RFC 2308 §3): NXDOMAIN and NODATA carry the zone's SOA in the
// authority section with TTL min(SOA TTL, SOA MINIMUM); its RRSIG gets the same TTL.
#include "server/answer/answer_steps.h"
#include "wire/rrtype.h"

namespace zoned::server {

void write_negative_soa(AnswerContext& ctx) {
  const zone::SnapshotNode& apex = ctx.zone.node(zone::ZoneSnapshot::kApexNode);
  const zone::RrsetView soa = ctx.zone.find_rrset(apex, wire::rrtype::SOA);
  if (!soa.valid()) return;
  put_rrset(ctx, wire::Section::kAuthority, ctx.zone.apex(), soa, ctx.zone.negative_ttl());
}

}  // namespace zoned::server
