#include "transfer/ixfr_writer.h"

#include <array>
#include <utility>

#include "wire/rrtype.h"

namespace zoned::transfer {

IxfrWriter::Source::Source(const ZoneDelta& delta)
    : delta_(delta), at_(delta.removed.end()), end_(delta.removed.end()) {
  enter(delta.old_soa.empty() || delta.new_soa.empty() ? Stage::kDone : Stage::kNewSoa);
}

void IxfrWriter::Source::enter(Stage stage) {
  for (;;) {
    stage_ = stage;
    switch (stage) {
      case Stage::kNewSoa:
      case Stage::kMiddleSoa:
      case Stage::kClosingSoa:
        record_ = delta_.new_soa.front();
        return;
      case Stage::kOldSoa:
        record_ = delta_.old_soa.front();
        return;
      case Stage::kRemoved:
      case Stage::kAdded: {
        const RrList& list = stage == Stage::kRemoved ? delta_.removed : delta_.added;
        at_ = list.begin();
        end_ = list.end();
        if (at_ != end_) {
          record_ = *at_;
          return;
        }
        stage = stage == Stage::kRemoved ? Stage::kMiddleSoa : Stage::kClosingSoa;
        continue;
      }
      case Stage::kDone:
        return;
    }
  }
}

void IxfrWriter::Source::advance() {
  switch (stage_) {
    case Stage::kNewSoa:
      return enter(Stage::kOldSoa);
    case Stage::kOldSoa:
      return enter(Stage::kRemoved);
    case Stage::kMiddleSoa:
      return enter(Stage::kAdded);
    case Stage::kClosingSoa:
      return enter(Stage::kDone);
    case Stage::kRemoved:
    case Stage::kAdded:
      ++at_;
      if (at_ != end_) {
        record_ = *at_;
        return;
      }
      return enter(stage_ == Stage::kRemoved ? Stage::kMiddleSoa : Stage::kClosingSoa);
    case Stage::kDone:
      return;
  }
}

IxfrWriter::IxfrWriter(std::shared_ptr<const ZoneDelta> delta, const wire::MessageInfo& query,
                       XfrOptions options)
    : delta_(std::move(delta)), source_(*delta_), packer_(query, options) {}

std::size_t IxfrWriter::next(std::span<std::uint8_t> out, std::size_t reserve_tail) {
  return packer_.pack(source_, out, reserve_tail);
}

namespace {

struct OneRecord {
  const zone::ZoneRecord& r;
  bool sent = false;
  bool done() const { return sent; }
  const zone::ZoneRecord& record() const { return r; }
  void advance() { sent = true; }
};

}  // namespace

std::size_t write_ixfr_up_to_date(std::span<std::uint8_t> out, std::size_t reserve_tail,
                                  const wire::MessageInfo& query, const zone::ZoneRecord& soa,
                                  XfrOptions options) {
  XfrPacker packer(query, options);
  OneRecord source{soa};
  return packer.pack(source, out, reserve_tail);
}

std::optional<std::uint32_t> ixfr_query_serial(std::span<const std::uint8_t> message,
                                               const wire::MessageInfo& info) {
  // Room for any SOA (two names and 20 octets); a huge record before it ends the search.
  std::array<std::uint8_t, 2048> buffer;
  wire::RecordIterator it(message, info, buffer);
  wire::Record r;
  while (it.next(r)) {
    if (r.section == wire::Section::kAuthority && r.type == wire::rrtype::SOA)
      return soa_serial(r.rdata);
  }
  return std::nullopt;
}

}  // namespace zoned::transfer
