// The state of one answer being written: the builder, the zone, the question and what the
// later sections still owe (DNSSEC proofs, glue, additional addresses). Lives on the stack
// of answer_query(); fixed capacity everywhere, so nothing allocates.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "server/answer/answer.h"
#include "wire/message_builder.h"
#include "wire/name.h"
#include "zone/zone_lookup.h"
#include "zone/zone_snapshot.h"

namespace zoned::server {

// A DNSSEC proof the authority section owes for one step of the answer (RFC 4035 §3.1.3,
// RFC 5155 §7.2). `name` is the name looked up at that step.
struct ProofNeed {
  enum class Kind : std::uint8_t { kNoData, kNxDomain, kWildcardAnswer, kWildcardNoData };
  Kind kind = Kind::kNoData;
  wire::NameView name;
  zone::Lookup lookup;
};

// A name whose A/AAAA RRsets the additional section should carry.
struct AdditionalNeed {
  wire::NameView name;
  bool required = false;  // in-domain glue of a referral (RFC 9471): missing it means TC
};

class AnswerContext {
 public:
  AnswerContext(wire::MessageBuilder& builder, const zone::ZoneSnapshot& zone,
                const wire::MessageInfo& info, const AnswerOptions& options);

  wire::MessageBuilder& builder;
  const zone::ZoneSnapshot& zone;
  const wire::NameView qname;  // as the client spelled it
  const std::uint16_t qtype;
  const bool dnssec;  // the query set DO (RFC 3225)
  const AnswerOptions& options;

  wire::Rcode rcode = wire::Rcode::kNoError;
  bool authoritative = true;
  bool truncated = false;  // the TC bit
  bool full = false;       // an RRset did not fit: nothing more goes in (RFC 2181 §9)

  // The answer section's last step, for the authority section.
  enum class Ending : std::uint8_t { kAnswered, kNoData, kNxDomain, kReferral, kOutOfZone };
  Ending ending = Ending::kAnswered;
  std::uint32_t referral_cut = zone::kNoNode;

  static constexpr std::size_t kMaxProofs = 8;
  std::array<ProofNeed, kMaxProofs> proofs{};
  std::size_t proof_count = 0;
  void need_proof(const ProofNeed& p) {
    if (proof_count < kMaxProofs) proofs[proof_count++] = p;
  }

  static constexpr std::size_t kMaxAdditional = 32;
  std::array<AdditionalNeed, kMaxAdditional> additional{};
  std::size_t additional_count = 0;
  void need_additional(wire::NameView name, bool required) {
    if (additional_count < kMaxAdditional) additional[additional_count++] = {name, required};
  }

  // Signatures wait until the RRsets of their section are written (flush_signatures), so
  // that in a full message the data goes first and the RRSIGs are what is left out, as
  // Knot does.
  struct PendingSignatures {
    wire::NameView owner;
    const std::uint8_t* rrset;  // RrsetView::at()
    std::uint32_t ttl;
  };
  static constexpr std::size_t kMaxPendingSignatures = 96;
  std::array<PendingSignatures, kMaxPendingSignatures> pending{};
  std::size_t pending_count = 0;

  // Names synthesized from DNAMEs must outlive the step that made them.
  static constexpr std::size_t kMaxSynthesized = 4;
  std::array<wire::Name, kMaxSynthesized> synthesized;
  std::size_t synthesized_count = 0;
};

// Writes one RRset under `owner` and, when the query set DO, queues the RRSIGs stored
// beside it for flush_signatures. In the answer and authority sections an RRset that does
// not fit sets TC and stops everything after it (RFC 2181 §9); in the additional section
// it is just left out. Returns whether the RRset was written. `ttl` overrides the stored
// TTL when not kKeepTtl.
inline constexpr std::uint32_t kKeepTtl = 0xFFFFFFFFu;
bool put_rrset(AnswerContext& ctx, wire::Section section, wire::NameView owner,
               const zone::RrsetView& rrset, std::uint32_t ttl = kKeepTtl);
// Writes the signatures put_rrset queued for `section`, in order, after its RRsets. In the
// answer and authority sections the first that does not fit sets TC and stops everything
// after it (RFC 4035 §3.1.1); in the additional section it is left out without TC.
void flush_signatures(AnswerContext& ctx, wire::Section section);
// A query for type RRSIG: the signatures of the node's first signed RRset (by type), one
// RRSIG RRset in the spirit of RFC 8482, as Knot answers (NSD sends them all).
bool put_first_signatures(AnswerContext& ctx, wire::NameView owner, const zone::SnapshotNode& node);
// One synthesized record (a DNAME's CNAME, RFC 6672 §3.3): never signed.
bool put_record(AnswerContext& ctx, wire::Section section, wire::NameView owner, std::uint16_t type,
                std::uint32_t ttl, std::span<const std::uint8_t> rdata);

}  // namespace zoned::server
