#include "config/config_model.h"

namespace zoned::config {

std::string_view to_string(Section section) {
  switch (section) {
    case Section::kNone:
      return "";
    case Section::kServer:
      return "server";
    case Section::kRemoteControl:
      return "remote-control";
    case Section::kVerify:
      return "verify";
    case Section::kDnstap:
      return "dnstap";
    case Section::kKey:
      return "key";
    case Section::kTlsAuth:
      return "tls-auth";
    case Section::kPattern:
      return "pattern";
    case Section::kZone:
      return "zone";
  }
  return "";
}

namespace {

template <class T>
const T* find_by_name(const std::vector<T>& items, std::string_view name) {
  for (const T& item : items) {
    if (item.name == name) return &item;
  }
  return nullptr;
}

}  // namespace

const TsigKey* Config::find_key(std::string_view name) const {
  return find_by_name(keys, name);
}

const TlsAuth* Config::find_tls_auth(std::string_view name) const {
  return find_by_name(tls_auths, name);
}

const Pattern* Config::find_pattern(std::string_view name) const {
  return find_by_name(patterns, name);
}

const Zone* Config::find_zone(wire::NameView apex) const {
  for (const Zone& zone : zones) {
    if (wire::equal(zone.apex, apex)) return &zone;
  }
  return nullptr;
}

const IgnoredOption* Config::find_ignored(Section section, std::string_view name) const {
  for (auto it = ignored_options.rbegin(); it != ignored_options.rend(); ++it) {
    if (it->section == section && it->name == name) return &*it;
  }
  return nullptr;
}

const SourceLocation* Config::location_of(Section section, std::string_view name) const {
  std::string key(to_string(section));
  key += ':';
  key += name;
  auto it = option_locations.find(key);
  return it == option_locations.end() ? nullptr : &it->second;
}

}  // namespace zoned::config
