// Authenticated denial for pre-signed zones, only when the query set DO: NSEC (RFC 4035
// §3.1.3) or NSEC3 (RFC 5155 §7.2), chosen by whether the zone has an NSEC3 chain.
// Each NSEC or NSEC3 RRset goes in once, however many proofs need it.
#include "server/answer/answer_steps.h"
#include "wire/rrtype.h"

namespace zoned::server {

namespace {

using zone::kNoNode;
using Kind = ProofNeed::Kind;

// The nodes already written, so two proofs that share a record write it once.
class Written {
 public:
  bool add(std::uint32_t node) {
    for (std::size_t i = 0; i < count_; ++i)
      if (nodes_[i] == node) return false;
    if (count_ < nodes_.size()) nodes_[count_++] = node;
    return true;
  }

 private:
  std::array<std::uint32_t, 16> nodes_{};
  std::size_t count_ = 0;
};

// ----- NSEC -----

void put_nsec(AnswerContext& ctx, Written& written, std::uint32_t n) {
  if (n == kNoNode || !written.add(n)) return;
  const zone::SnapshotNode& node = ctx.zone.node(n);
  const zone::RrsetView nsec = ctx.zone.find_rrset(node, wire::rrtype::NSEC);
  if (nsec.valid()) put_rrset(ctx, wire::Section::kAuthority, ctx.zone.name(node), nsec);
}

// The NSEC owned by `n` when it has one (an empty non-terminal has none: the NSEC that
// covers its name proves it has no types either).
void put_own_nsec(AnswerContext& ctx, Written& written, std::uint32_t n, wire::NameView name) {
  const bool own = ctx.zone.node(n).has(zone::node_flag::kNsec);
  put_nsec(ctx, written, own ? n : zone::nsec_covering(ctx.zone, name));
}

void put_nsec_covering(AnswerContext& ctx, Written& written, wire::NameView name) {
  put_nsec(ctx, written, zone::nsec_covering(ctx.zone, name));
}

// "*.<encloser>": the wildcard that would have matched.
bool wildcard_at(wire::NameView encloser, wire::Name& out) {
  out.assign(encloser);
  return out.prepend_label("*");
}

void prove_with_nsec(AnswerContext& ctx, Written& written, const ProofNeed& p) {
  switch (p.kind) {
    case Kind::kNoData:
      put_own_nsec(ctx, written, p.lookup.node, p.name);
      break;
    case Kind::kNxDomain: {
      put_nsec_covering(ctx, written, p.name);
      wire::Name wildcard;
      if (wildcard_at(ctx.zone.name(p.lookup.encloser), wildcard))
        put_nsec_covering(ctx, written, wildcard);
      break;
    }
    case Kind::kWildcardAnswer:
      put_nsec_covering(ctx, written, p.name);
      break;
    case Kind::kWildcardNoData:
      put_nsec(ctx, written, p.lookup.node);
      put_nsec_covering(ctx, written, p.name);
      break;
  }
}

// ----- NSEC3 -----

void put_nsec3(AnswerContext& ctx, Written& written, std::uint32_t n) {
  if (n == kNoNode || !written.add(n)) return;
  const zone::SnapshotNode& node = ctx.zone.nsec3_node(n);
  const zone::RrsetView nsec3 = ctx.zone.find_rrset(node, wire::rrtype::NSEC3);
  if (nsec3.valid()) put_rrset(ctx, wire::Section::kAuthority, ctx.zone.name(node), nsec3);
}

// RFC 5155 §7.2.1: the NSEC3 matching the closest provable encloser and the one covering
// the next closer name.
zone::ClosestProvableEncloser put_closest_encloser_proof(AnswerContext& ctx, Written& written,
                                                         wire::NameView name) {
  const zone::ClosestProvableEncloser cpe = zone::closest_provable_encloser(ctx.zone, name);
  put_nsec3(ctx, written, cpe.encloser_nsec3);
  put_nsec3(ctx, written, cpe.next_closer_nsec3);
  return cpe;
}

// The name one label longer than `encloser` on the way down to `name`.
wire::NameView next_closer(wire::NameView name, wire::NameView encloser) {
  return name.strip_labels(name.label_count() - encloser.label_count() - 1);
}

void put_nsec3_covering_wildcard(AnswerContext& ctx, Written& written, wire::NameView encloser) {
  wire::Name wildcard;
  if (wildcard_at(encloser, wildcard))
    put_nsec3(ctx, written, zone::nsec3_lookup(ctx.zone, wildcard).node);
}

void prove_with_nsec3(AnswerContext& ctx, Written& written, const ProofNeed& p) {
  switch (p.kind) {
    case Kind::kNoData: {
      // §7.2.3; with no matching NSEC3 (a DS query at an opt-out delegation, §7.2.4) the
      // closest provable encloser proof.
      const zone::Nsec3Match m = zone::nsec3_lookup(ctx.zone, p.name);
      if (m.exact)
        put_nsec3(ctx, written, m.node);
      else
        put_closest_encloser_proof(ctx, written, p.name);
      break;
    }
    case Kind::kNxDomain: {  // §7.2.2
      const zone::ClosestProvableEncloser cpe = put_closest_encloser_proof(ctx, written, p.name);
      if (cpe.encloser_nsec3 != kNoNode) put_nsec3_covering_wildcard(ctx, written, cpe.encloser);
      break;
    }
    case Kind::kWildcardAnswer: {  // §7.2.6
      const wire::NameView encloser = ctx.zone.name(p.lookup.encloser);
      put_nsec3(ctx, written, zone::nsec3_lookup(ctx.zone, next_closer(p.name, encloser)).node);
      break;
    }
    case Kind::kWildcardNoData: {  // §7.2.5
      const wire::NameView encloser = ctx.zone.name(p.lookup.encloser);
      put_nsec3(ctx, written, zone::nsec3_lookup(ctx.zone, encloser).node);
      put_nsec3(ctx, written, zone::nsec3_lookup(ctx.zone, next_closer(p.name, encloser)).node);
      put_nsec3(ctx, written, zone::nsec3_lookup(ctx.zone, ctx.zone.name(p.lookup.node)).node);
      break;
    }
  }
}

}  // namespace

void write_proofs(AnswerContext& ctx) {
  if (!ctx.dnssec) return;
  Written written;
  for (std::size_t i = 0; i < ctx.proof_count; ++i) {
    if (ctx.zone.has_nsec3())
      prove_with_nsec3(ctx, written, ctx.proofs[i]);
    else
      prove_with_nsec(ctx, written, ctx.proofs[i]);
  }
}

// RFC 4035 §3.1.4.1 (the cut's NSEC, NS bit set and no DS bit) or RFC 5155 §7.2.7 (the
// cut's NSEC3, or under opt-out the closest provable encloser proof).
void write_no_ds_proof(AnswerContext& ctx, std::uint32_t cut) {
  Written written;
  const wire::NameView name = ctx.zone.name(cut);
  if (!ctx.zone.has_nsec3()) {
    if (ctx.zone.node(cut).has(zone::node_flag::kNsec)) put_nsec(ctx, written, cut);
    return;
  }
  const zone::Nsec3Match m = zone::nsec3_lookup(ctx.zone, name);
  if (m.exact)
    put_nsec3(ctx, written, m.node);
  else
    put_closest_encloser_proof(ctx, written, name);
}

}  // namespace zoned::server
