// Access control list entries of nsd.conf (allow-notify, provide-xfr, allow-query, notify,
// request-xfr, outgoing-interface): an address specification as NSD writes it
//   addr | addr/len | addr&mask | addr-addr, each optionally followed by @port
// (IPv4 or IPv6), then NOKEY, BLOCKED or the name of a key: clause.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "config/diagnostics.h"
#include "config/ip_address.h"

namespace zoned::config {

enum class AclRange : std::uint8_t { kSingle, kSubnet, kMask, kMinMax };
enum class AclKey : std::uint8_t { kNoKey, kBlocked, kKeyName };

// Which list an entry is for: NSD forbids ranges and BLOCKED where an address is contacted
// rather than matched.
enum class AclUse : std::uint8_t {
  kAllowNotify,
  kProvideXfr,
  kAllowQuery,
  kNotify,
  kRequestXfr,
  kOutgoingInterface
};
const char* to_string(AclUse use);  // the option name: "provide-xfr"

struct AclEntry {
  std::string address_spec;  // as written ("192.0.2.0/24@5300"): nsd-checkconf prints it
  IpAddress address;
  AclRange range = AclRange::kSingle;
  IpAddress range_limit;           // the netmask (kSubnet, kMask) or the last address (kMinMax)
  std::uint8_t prefix_length = 0;  // kSubnet
  std::uint16_t port = 0;          // 0 when no @port was given
  AclKey key = AclKey::kNoKey;
  std::string key_name;       // kKeyName: the name of a key: clause
  std::string tls_auth_name;  // request-xfr only: XFR-over-TLS authenticated by this tls-auth
  bool axfr_only = false;     // request-xfr AXFR: never ask this primary for IXFR
  bool udp = false;           // request-xfr UDP: ask for IXFR over UDP first
  SourceLocation where;

  // True when `source` (and `source_port`, if the entry names a port) falls in the entry's
  // addresses. Keys are not looked at here.
  bool covers(const IpAddress& source, std::uint16_t source_port) const;
  // A min-max range whose first address is above its last one covers nothing.
  bool is_empty_range() const;
};

// Parses an address specification and a key word into `out` (address_spec, address, range,
// port, key). Returns "" when they are good, else what is wrong, phrased for a message.
std::string parse_acl_entry(std::string_view address_spec, std::string_view key_word, AclUse use,
                            AclEntry& out);

}  // namespace zoned::config
