#include "server/served_zones.h"

#include <algorithm>

namespace zoned::server {

PolicyTable::PolicyTable(const config::Config& config,
                         const std::vector<std::string>& previous_groups)
    : stat_groups_(previous_groups) {
  auto keys = std::make_shared<TsigKeys>();
  for (const config::TsigKey& k : config.keys) {
    if (!k.has_secret) continue;  // the loader reports it; such a key verifies nothing
    keys->push_back(wire::TsigKey{k.wire_name, k.algorithm, k.secret});
  }
  keys_ = std::move(keys);
  for (const config::Zone& zone : config.zones) {
    auto policy = std::make_shared<ZonePolicy>();
    policy->name = zone.name;
    policy->provide_xfr = AccessList(zone.settings.provide_xfr, config);
    policy->allow_query = AccessList(zone.settings.allow_query, config);
    policy->allow_notify = AccessList(zone.settings.allow_notify, config);
    policy->rrl_whitelist = zone.settings.rrl_whitelist;
    any_allow_query_ = any_allow_query_ || !policy->allow_query.empty();
    if (zone.settings.zonestats.is_set && !zone.settings.zonestats->empty()) {
      const std::string& group = *zone.settings.zonestats;
      auto known = std::find(stat_groups_.begin(), stat_groups_.end(), group);
      if (known == stat_groups_.end() && stat_groups_.size() < kMaxStatGroups)
        known = stat_groups_.insert(stat_groups_.end(), group);
      if (known != stat_groups_.end())
        policy->stat_group = static_cast<std::uint8_t>(known - stat_groups_.begin());
    }
    by_apex_.emplace(wire::name_key(zone.apex.view()), std::move(policy));
  }
}

std::shared_ptr<const ZonePolicy> PolicyTable::find(wire::NameView apex) const {
  const auto found = by_apex_.find(wire::name_key(apex));
  if (found != by_apex_.end()) return found->second;
  static const auto unconfigured = std::make_shared<const ZonePolicy>();
  return unconfigured;
}

ServedZones::ServedZones(zone::ZoneSet s, const PolicyTable& table)
    : set(std::move(s)), keys(table.keys()), any_allow_query(table.any_allow_query()) {
  policies.reserve(set.zones().size());
  for (const auto& zone : set.zones()) {
    policies.push_back(table.find(zone->apex()));
    any_zonestats = any_zonestats || policies.back()->stat_group != kNoStatGroup;
  }
}

ServedZones::ServedZones(zone::ZoneSet s, const PolicyTable& table, std::vector<ZoneAvailability> a)
    : ServedZones(std::move(s), table) {
  a.resize(set.zones().size(), ZoneAvailability::kServing);
  for (ZoneAvailability z : a)
    any_unavailable = any_unavailable || z != ZoneAvailability::kServing;
  if (any_unavailable) availability = std::move(a);
}

const char* to_string(ZoneAvailability availability) {
  switch (availability) {
    case ZoneAvailability::kServing:
      return "serving";
    case ZoneAvailability::kNotLoaded:
      return "not loaded";
    case ZoneAvailability::kExpired:
      return "expired";
  }
  return "?";
}

}  // namespace zoned::server
