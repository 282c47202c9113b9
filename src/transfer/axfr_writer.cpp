#include "transfer/axfr_writer.h"

#include <algorithm>
#include <utility>

namespace zoned::transfer {

XfrPacker::XfrPacker(const wire::MessageInfo& query, XfrOptions options)
    : has_question_(query.has_question), question_(query.question), options_(options) {
  header_.id = query.header.id;
  header_.set_opcode(query.header.opcode());
  header_.set(wire::flag::RD, query.header.has(wire::flag::RD));
  header_.set(wire::flag::QR, true);
  header_.set(wire::flag::AA, true);
  header_.set_rcode(wire::Rcode::kNoError);
}

bool XfrPacker::begin(std::span<std::uint8_t> out, std::size_t reserve_tail) {
  const std::size_t cap = std::min(out.size(), wire::kMaxMessageSize);
  if (reserve_tail > cap) return false;
  const bool question = has_question_ && (messages_ == 0 || options_.question_in_every_message);
  return message_.begin(out, std::min(cap - reserve_tail, kXfrMessageSize), header_,
                        question ? &question_ : nullptr);
}

AxfrWriter::Source::Source(const zone::ZoneSnapshot& zone) : cursor_(zone) {
  if (!zone::soa_record(zone, soa_)) state_ = State::kDone;
}

AxfrWriter::AxfrWriter(std::shared_ptr<const zone::ZoneSnapshot> zone,
                       const wire::MessageInfo& query, XfrOptions options)
    : zone_(std::move(zone)), source_(*zone_), packer_(query, options) {}

std::size_t AxfrWriter::next(std::span<std::uint8_t> out, std::size_t reserve_tail) {
  return packer_.pack(source_, out, reserve_tail);
}

}  // namespace zoned::transfer
