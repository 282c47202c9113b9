// One nsd.conf access control list (provide-xfr, allow-query, allow-notify) in the form the
// query path checks: NSD's rules, with the key names resolved to domain names once.
//
//   - an entry applies when the source address (and port, if the entry names one) is in
//     its addresses and the request's key fits: NOKEY only an unsigned request, a key name
//     only a request signed (and verified) with that key, BLOCKED any request;
//   - a BLOCKED entry that applies wins over everything else in the list;
//   - otherwise the first entry that applies allows the request.
#pragma once

#include <sys/socket.h>

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "config/acl.h"
#include "config/config_model.h"
#include "wire/name.h"

namespace zoned::server {

enum class AccessVerdict : std::uint8_t { kAllowed, kNotListed, kBlocked };

// The address and port a request came from, as the ACLs compare them. An IPv4-mapped IPv6
// source (::ffff:a.b.c.d) is taken as the IPv4 address it stands for.
struct RequestSource {
  config::IpAddress address;
  std::uint16_t port = 0;
};
RequestSource request_source(const sockaddr_storage& from);
// "192.0.2.1#5353", for logs.
std::string to_string(const RequestSource& source);

class AccessList {
 public:
  AccessList() = default;
  // Key names are resolved through `config`'s key: clauses (the loader checked that each
  // one is defined).
  AccessList(std::span<const config::AclEntry> entries, const config::Config& config);

  bool empty() const { return rules_.empty(); }
  // `key` is the name of the key the request was signed with (verified), or nullptr for
  // an unsigned request. When `matched` is not null it receives the entry that allowed
  // the request (for logs: which line let a transfer through). Does not allocate.
  AccessVerdict check(const RequestSource& source, const wire::NameView* key,
                      const config::AclEntry** matched = nullptr) const;

 private:
  struct Rule {
    config::AclEntry entry;
    wire::Name key;  // kKeyName: the key's name; empty otherwise
  };
  std::vector<Rule> rules_;
};

}  // namespace zoned::server
