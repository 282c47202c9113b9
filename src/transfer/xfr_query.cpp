#include "transfer/xfr_query.h"

#include "wire/message_builder.h"
#include "wire/message_header.h"
#include "wire/rrtype.h"

namespace zoned::transfer {

std::size_t build_xfr_query(std::span<std::uint8_t> out, std::uint16_t id, wire::NameView apex,
                            std::uint16_t qtype, const zone::ZoneRecord* current_soa,
                            const wire::TsigKey* key, std::uint64_t now,
                            wire::TsigMac& request_mac) {
  request_mac = {};
  wire::MessageBuilder b(out, wire::kMaxMessageSize);
  b.header().id = id;
  b.header().set_opcode(wire::Opcode::kQuery);
  if (b.add_question(apex, qtype, wire::rrclass::IN) != wire::BuildError::kOk) return 0;
  if (current_soa != nullptr) {
    const zone::ZoneRecord& s = *current_soa;
    if (s.type != wire::rrtype::SOA || s.rclass != wire::rrclass::IN) return 0;
    if (b.add_rr(wire::Section::kAuthority, s.owner, s.type, s.rclass, s.ttl, s.rdata) !=
        wire::BuildError::kOk) {
      return 0;
    }
  }
  std::size_t length = b.finish().size();
  if (length == 0 || key == nullptr) return length;
  return wire::sign_request(out, length, *key, now, request_mac);
}

}  // namespace zoned::transfer
