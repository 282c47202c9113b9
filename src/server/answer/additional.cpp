// The additional section (RFC 1034 §4.3.2 step 6, RFC 2181 §9): addresses of the names an
// answer or referral mentions, when they are in this zone. Glue comes from occluded names
// below a cut too; wildcards never make glue.
#include "server/answer/answer_steps.h"
#include "wire/rdata.h"
#include "wire/rrtype.h"

namespace zoned::server {

void need_targets_of(AnswerContext& ctx, const zone::RrsetView& rrset, bool required) {
  const wire::NameView owner =
      required ? ctx.zone.name(ctx.zone.node(ctx.referral_cut)) : wire::NameView();
  for (std::span<const std::uint8_t> rdata : rrset.records()) {
    const wire::RdataNames names = wire::rdata_names(rrset.type(), rdata);
    if (names.count == 0) continue;
    const wire::NameView target(rdata.data() + names.names[0].offset, names.names[0].length);
    ctx.need_additional(target, required && wire::is_subdomain(target, owner));
  }
}

namespace {

bool listed_before(const AnswerContext& ctx, std::size_t i) {
  for (std::size_t j = 0; j < i; ++j)
    if (wire::equal(ctx.additional[j].name, ctx.additional[i].name)) return true;
  return false;
}

void write_addresses(AnswerContext& ctx, const AdditionalNeed& need) {
  if (!wire::is_subdomain(need.name, ctx.zone.apex())) return;
  const std::uint32_t n = ctx.zone.find(need.name);
  if (n == zone::kNoNode) return;
  const zone::SnapshotNode& node = ctx.zone.node(n);
  for (std::uint16_t type : {wire::rrtype::A, wire::rrtype::AAAA}) {
    const zone::RrsetView rrset = ctx.zone.find_rrset(node, type);
    if (!rrset.valid()) continue;
    if (!put_rrset(ctx, wire::Section::kAdditional, need.name, rrset) && need.required)
      ctx.truncated = ctx.full = true;
  }
}

}  // namespace

void write_additional_section(AnswerContext& ctx) {
  // A truncated answer is retried over TCP: extra data only fills the datagram (as Knot).
  if (ctx.truncated) return;
  for (std::size_t i = 0; i < ctx.additional_count && !ctx.full; ++i)
    if (!listed_before(ctx, i)) write_addresses(ctx, ctx.additional[i]);
}

}  // namespace zoned::server
