// What the workers answer from, published as one immutable value: the zones, and beside
// each the policy the configuration gives it (who may transfer it, query it, notify it).
// A reload or transfer publishes a new value; the policies are shared between values.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "config/config_model.h"
#include "server/access/access_list.h"
#include "server/query_stats.h"
#include "wire/tsig.h"
#include "zone/zone_set.h"

namespace zoned::server {

struct ZonePolicy {
  std::string name;  // as configured, for logs
  AccessList provide_xfr;
  AccessList allow_query;  // empty: anyone may query
  AccessList allow_notify;
  std::uint8_t stat_group = kNoStatGroup;  // zonestats: its group's index, else none
  std::uint16_t rrl_whitelist = 0;         // ResponseKind flags limited at rrl-whitelist-ratelimit
};

using TsigKeys = std::vector<wire::TsigKey>;

// Every configured zone's policy, by apex (lower-cased wire form), and the key: clauses.
class PolicyTable {
 public:
  PolicyTable() : keys_(std::make_shared<const TsigKeys>()) {}
  // `previous_groups`: the zonestats groups of the table this one replaces, which keep
  // their indexes (the workers' counters are by index); new ones come after.
  explicit PolicyTable(const config::Config& config,
                       const std::vector<std::string>& previous_groups = {});
  // The policy of the zone at `apex`; an empty one for a zone not configured (tests).
  std::shared_ptr<const ZonePolicy> find(wire::NameView apex) const;
  const std::shared_ptr<const TsigKeys>& keys() const { return keys_; }
  bool any_allow_query() const { return any_allow_query_; }
  // The zonestats: group names, in the order their index counts (at most kMaxStatGroups;
  // zones naming another group are not counted apart).
  const std::vector<std::string>& stat_groups() const { return stat_groups_; }

 private:
  std::unordered_map<std::string, std::shared_ptr<const ZonePolicy>> by_apex_;
  std::shared_ptr<const TsigKeys> keys_;
  bool any_allow_query_ = false;
  std::vector<std::string> stat_groups_;
};

// Whether a configured zone's data may be answered from. A secondary that has never been
// transferred, or whose data expired, answers SERVFAIL (as NSD and Knot do) rather than
// REFUSED or the parent zone's referral: the zone is ours, its data is not usable.
enum class ZoneAvailability : std::uint8_t {
  kServing,
  kNotLoaded,  // no data yet: a placeholder snapshot holds its apex in the set
  kExpired,    // a secondary past its SOA expire: data kept for the next IXFR, not served
};

const char* to_string(ZoneAvailability availability);

struct ServedZones {
  ServedZones() = default;
  ServedZones(zone::ZoneSet set, const PolicyTable& table);
  // `availability[i]` for set.zones()[i]; empty: every zone is served.
  ServedZones(zone::ZoneSet set, const PolicyTable& table,
              std::vector<ZoneAvailability> availability);

  zone::ZoneSet set;
  std::vector<std::shared_ptr<const ZonePolicy>> policies;  // policies[i]: set.zones()[i]
  std::shared_ptr<const TsigKeys> keys;                     // every key: clause
  bool any_allow_query = false;  // some zone limits queries: only then is it looked up
  std::vector<ZoneAvailability> availability;  // parallel to policies; empty when all serve
  bool any_unavailable = false;  // only then does a query look its zone's availability up
  bool any_zonestats = false;    // only then is a query's zone looked up for its group

  bool serving(std::size_t index) const {
    return !any_unavailable || availability[index] == ZoneAvailability::kServing;
  }
};

}  // namespace zoned::server
