// DNAME substitution (RFC 6672 §3.3): the DNAME RRset, then a CNAME from the query name to
// the name with the DNAME owner's suffix replaced by its target, with the DNAME's TTL.
#include <cstring>

#include "server/answer/answer_steps.h"
#include "wire/rrtype.h"

namespace zoned::server {

bool follow_dname(AnswerContext& ctx, wire::NameView name, std::uint32_t dname_node,
                  wire::NameView& next) {
  const zone::SnapshotNode& node = ctx.zone.node(dname_node);
  const zone::RrsetView dname = ctx.zone.find_rrset(node, wire::rrtype::DNAME);
  // The owner as a suffix of the name asked about, so it keeps the client's case.
  const wire::NameView owner =
      name.strip_labels(name.label_count() - ctx.zone.name(node).label_count());
  if (!put_rrset(ctx, wire::Section::kAnswer, owner, dname)) return false;
  const std::span<const std::uint8_t> target = *dname.records().begin();
  const std::size_t prefix = name.size() - owner.size();
  if (prefix + target.size() > wire::kMaxNameLength) {
    ctx.rcode = wire::Rcode::kYxDomain;  // RFC 6672 §2.2: the result would be too long
    ctx.ending = AnswerContext::Ending::kAnswered;
    return false;
  }
  if (ctx.synthesized_count == ctx.synthesized.size()) return false;
  wire::Name& out = ctx.synthesized[ctx.synthesized_count++];
  std::uint8_t buf[wire::kMaxNameLength];
  std::memcpy(buf, name.data(), prefix);
  std::memcpy(buf + prefix, target.data(), target.size());
  out.assign(wire::NameView(buf, prefix + target.size()));
  if (!put_record(ctx, wire::Section::kAnswer, name, wire::rrtype::CNAME, dname.ttl(), out.wire()))
    return false;
  next = out.view();
  return true;
}

}  // namespace zoned::server
