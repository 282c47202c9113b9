#include "config/pattern_resolution.h"

namespace zoned::config {

namespace {

template <class T>
void inherit(Setting<T>& target, const Setting<T>& from, std::string_view name,
             std::vector<std::string_view>& replaced) {
  if (!from.is_set) return;
  if (target.is_set && !(target.value == from.value)) replaced.push_back(name);
  target = from;
}

void append(std::vector<AclEntry>& target, const std::vector<AclEntry>& from) {
  target.insert(target.end(), from.begin(), from.end());
}

void apply_single_values(const ZoneSettings& p, ZoneSettings& t, std::vector<std::string_view>& r) {
  inherit(t.zonefile, p.zonefile, "zonefile", r);
  inherit(t.zonestats, p.zonestats, "zonestats", r);
  inherit(t.allow_axfr_fallback, p.allow_axfr_fallback, "allow-axfr-fallback", r);
  inherit(t.notify_retry, p.notify_retry, "notify-retry", r);
  inherit(t.max_refresh_time, p.max_refresh_time, "max-refresh-time", r);
  inherit(t.min_refresh_time, p.min_refresh_time, "min-refresh-time", r);
  inherit(t.max_retry_time, p.max_retry_time, "max-retry-time", r);
  inherit(t.min_retry_time, p.min_retry_time, "min-retry-time", r);
  inherit(t.min_expire_time, p.min_expire_time, "min-expire-time", r);
  inherit(t.size_limit_xfr, p.size_limit_xfr, "size-limit-xfr", r);
  inherit(t.max_records, p.max_records, "max-records", r);
  inherit(t.multi_primary_check, p.multi_primary_check, "multi-primary-check", r);
  inherit(t.store_ixfr, p.store_ixfr, "store-ixfr", r);
  inherit(t.ixfr_number, p.ixfr_number, "ixfr-number", r);
  inherit(t.ixfr_size, p.ixfr_size, "ixfr-size", r);
  inherit(t.create_ixfr, p.create_ixfr, "create-ixfr", r);
  inherit(t.verify_zone, p.verify_zone, "verify-zone", r);
  inherit(t.verifier, p.verifier, "verifier", r);
  inherit(t.verifier_feed_zone, p.verifier_feed_zone, "verifier-feed-zone", r);
  inherit(t.verifier_timeout, p.verifier_timeout, "verifier-timeout", r);
}

}  // namespace

void apply_pattern(const ZoneSettings& pattern, ZoneSettings& target,
                   std::vector<std::string_view>& replaced) {
  apply_single_values(pattern, target, replaced);
  target.rrl_whitelist |= pattern.rrl_whitelist;
  append(target.allow_notify, pattern.allow_notify);
  append(target.request_xfr, pattern.request_xfr);
  append(target.notify, pattern.notify);
  append(target.provide_xfr, pattern.provide_xfr);
  append(target.allow_query, pattern.allow_query);
  append(target.outgoing_interface, pattern.outgoing_interface);
}

}  // namespace zoned::config
