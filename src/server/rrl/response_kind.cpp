#include "server/rrl/response_kind.h"

#include "wire/message_header.h"
#include "wire/rrtype.h"

namespace zoned::server {

const char* to_string(ResponseKind kind) {
  switch (kind) {
    case ResponseKind::kNxDomain:
      return "nxdomain";
    case ResponseKind::kError:
      return "error";
    case ResponseKind::kReferral:
      return "referral";
    case ResponseKind::kAny:
      return "any";
    case ResponseKind::kWildcard:
      return "wildcard";
    case ResponseKind::kNoData:
      return "nodata";
    case ResponseKind::kDnskey:
      return "dnskey";
    case ResponseKind::kPositive:
      return "positive";
    case ResponseKind::kRrsig:
      return "rrsig";
  }
  return "positive";
}

ResponseKind classify_response(const wire::MessageInfo& query,
                               std::span<const std::uint8_t> response, bool wildcard) {
  if (response.size() < wire::kHeaderSize) return ResponseKind::kError;
  const unsigned rcode = response[3] & 0x0F;
  if (rcode == 3) return ResponseKind::kNxDomain;
  if (rcode != 0) return ResponseKind::kError;
  const std::uint16_t qtype = query.question.type;
  if (qtype == wire::rrtype::ANY) return ResponseKind::kAny;
  if (qtype == wire::rrtype::RRSIG) return ResponseKind::kRrsig;
  const bool authoritative = (response[2] & 0x04) != 0;
  const unsigned answers = (unsigned{response[6]} << 8) | response[7];
  const unsigned authority = (unsigned{response[8]} << 8) | response[9];
  if (answers == 0) {
    if (!authoritative && authority > 0) return ResponseKind::kReferral;
    return ResponseKind::kNoData;
  }
  if (wildcard) return ResponseKind::kWildcard;
  if (qtype == wire::rrtype::DNSKEY) return ResponseKind::kDnskey;
  return ResponseKind::kPositive;
}

bool counted_per_zone(ResponseKind kind) {
  return kind == ResponseKind::kNxDomain || kind == ResponseKind::kReferral ||
         kind == ResponseKind::kWildcard;
}

}  // namespace zoned::server
