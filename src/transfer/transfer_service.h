// The primary's side of zone transfers, wired into the server through its two hooks:
//   - as the TransferSource it answers allowed AXFR and IXFR requests with a stream of
//     messages (TSIG-signed when the request was): an AXFR of the snapshot the request
//     found; an IXFR from the zone's journal, condensed (RFC 1995 §5), or the single SOA
//     for an up-to-date client, or the whole zone when the journal cannot reach the
//     client's serial;
//   - as the ZoneUpdateListener it hears of every zone about to be published with a
//     greater serial and stores the difference to the previous version in the zone's IXFR
//     journal; once the workers serve the new version, the zone's notify: targets are
//     NOTIFYed (not before: a secondary asks at once, and must get the new serial).
//
// Journals: one file per zone beside its zone file ("<zonefile>.zoned-ixfr"), kept for
// zones that provide transfers unless store-ixfr says no; ixfr-number and ixfr-size bound
// them (NSD's options and defaults).
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config_model.h"
#include "server/outgoing_transfer.h"
#include "server/zone_update_listener.h"
#include "transfer/ixfr_journal.h"
#include "transfer/notify_sender.h"

namespace zoned::transfer {

class TransferService : public server::TransferSource, public server::ZoneUpdateListener {
 public:
  // `notify` may be nullptr (no NOTIFYs are sent); it must outlive the service.
  TransferService(const config::Config& config, NotifySender* notify);
  ~TransferService() override;

  std::unique_ptr<server::ResponseStream> open(const server::TransferRequest& request) override;
  void zone_updated(const std::shared_ptr<const zone::ZoneSnapshot>& before,
                    const std::shared_ptr<const zone::ZoneSnapshot>& after) override;
  void zone_published(const std::shared_ptr<const zone::ZoneSnapshot>& after) override;

  // NOTIFY the zone's notify: targets of its current serial (zoned-control notify). False
  // when the zone is unknown or has no targets.
  bool notify_now(const zone::ZoneSnapshot& zone);

  // zoned-control reconfig: the zones and their settings from `config`; a zone that stays
  // keeps its open journal.
  void reconfigure(const config::Config& config);

 private:
  struct ZoneState;
  using ZoneMap = std::unordered_map<std::string, std::shared_ptr<ZoneState>>;
  static ZoneMap build_zones(const config::Config& config);
  std::shared_ptr<ZoneState> find(wire::NameView apex) const;
  void send_notify(ZoneState& state, const zone::ZoneSnapshot& zone);

  mutable std::shared_mutex zones_mutex_;  // workers look zones up; reconfig replaces them
  ZoneMap zones_;
  NotifySender* notify_;
  // Streams running now, against transfers-out (0: no limit).
  std::atomic<unsigned> running_{0};
  unsigned max_running_;
};

}  // namespace zoned::transfer
