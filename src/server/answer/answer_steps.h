// The steps answer_query() runs, one file each: the answer section (positive answers, CNAME
// and DNAME chains), referrals, the negative SOA, DNSSEC proofs and the additional section.
#pragma once

#include "server/answer/answer_context.h"

namespace zoned::server {

// answer_positive.cpp: RFC 1034 §4.3.2 step 3 for the question, following CNAMEs and
// DNAMEs inside the zone; records in ctx what the authority section owes.
void write_answer_section(AnswerContext& ctx);

// dname.cpp: RFC 6672 §3.3. Writes the DNAME and the synthesized CNAME for `name` below
// `dname_node`; returns false when the chain ends here (YXDOMAIN or no room), else sets
// `next` to the name to continue with.
bool follow_dname(AnswerContext& ctx, wire::NameView name, std::uint32_t dname_node,
                  wire::NameView& next);

// referral.cpp: the cut's NS set, its DS (or the proof there is none) and the glue needs.
void write_referral(AnswerContext& ctx);

// negative.cpp: the zone's SOA with the negative TTL (RFC 2308 §3).
void write_negative_soa(AnswerContext& ctx);

// dnssec_proofs.cpp: the NSEC or NSEC3 records each ProofNeed asks for (DO only), and the
// proof that a delegation has no DS.
void write_proofs(AnswerContext& ctx);
void write_no_ds_proof(AnswerContext& ctx, std::uint32_t cut);

// chaos.cpp: a class CH question (NSD's answer_chaos). Writes the question and, for TXT or
// ANY at id.server, hostname.bind, version.server or version.bind, one TXT record with TTL
// 0 under the name as the client spelled it; returns the rcode (REFUSED for everything
// else, and for a hidden identity or version). The caller writes the header flags and OPT.
struct ChaosResult {
  wire::Rcode rcode = wire::Rcode::kNoError;
  bool truncated = false;
  std::uint16_t ede_code = 0;  // RFC 8914 INFO-CODE for a refusal, 0 for none
};
ChaosResult write_chaos_answer(wire::MessageBuilder& b, const wire::MessageInfo& info,
                               const ChaosOptions& chaos);

// additional.cpp: A/AAAA for the names in ctx.additional.
void write_additional_section(AnswerContext& ctx);
// Queues the name inside each record of an NS, MX or SRV answer for the additional section.
void need_targets_of(AnswerContext& ctx, const zone::RrsetView& rrset, bool required);

}  // namespace zoned::server
