#include "server/access/access_list.h"

#include <netinet/in.h>

#include <cstring>

namespace zoned::server {

using config::AclKey;

RequestSource request_source(const sockaddr_storage& from) {
  RequestSource s;
  if (from.ss_family == AF_INET) {
    const auto& in = reinterpret_cast<const sockaddr_in&>(from);
    s.address.family = config::AddressFamily::kIpv4;
    std::memcpy(s.address.bytes.data(), &in.sin_addr, 4);
    s.port = ntohs(in.sin_port);
  } else if (from.ss_family == AF_INET6) {
    const auto& in6 = reinterpret_cast<const sockaddr_in6&>(from);
    s.port = ntohs(in6.sin6_port);
    if (IN6_IS_ADDR_V4MAPPED(&in6.sin6_addr)) {
      s.address.family = config::AddressFamily::kIpv4;
      std::memcpy(s.address.bytes.data(), in6.sin6_addr.s6_addr + 12, 4);
    } else {
      s.address.family = config::AddressFamily::kIpv6;
      std::memcpy(s.address.bytes.data(), in6.sin6_addr.s6_addr, 16);
    }
  }
  return s;
}

std::string to_string(const RequestSource& source) {
  return config::to_string(source.address) + "#" + std::to_string(source.port);
}

AccessList::AccessList(std::span<const config::AclEntry> entries, const config::Config& config) {
  rules_.reserve(entries.size());
  for (const config::AclEntry& e : entries) {
    Rule rule{e, wire::Name()};
    if (e.key == AclKey::kKeyName) {
      const config::TsigKey* key = config.find_key(e.key_name);
      if (key == nullptr) continue;  // cannot happen after the loader's checks; never matches
      rule.key = key->wire_name;
    }
    rules_.push_back(std::move(rule));
  }
}

AccessVerdict AccessList::check(const RequestSource& source, const wire::NameView* key,
                                const config::AclEntry** matched) const {
  const Rule* first = nullptr;
  for (const Rule& rule : rules_) {
    if (!rule.entry.covers(source.address, source.port)) continue;
    switch (rule.entry.key) {
      case AclKey::kBlocked:
        return AccessVerdict::kBlocked;
      case AclKey::kNoKey:
        if (key != nullptr) continue;
        break;
      case AclKey::kKeyName:
        if (key == nullptr || !wire::equal(*key, rule.key.view())) continue;
        break;
    }
    if (first == nullptr) first = &rule;
  }
  if (first == nullptr) return AccessVerdict::kNotListed;
  if (matched != nullptr) *matched = &first->entry;
  return AccessVerdict::kAllowed;
}

}  // namespace zoned::server
