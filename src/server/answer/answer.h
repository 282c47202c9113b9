// Answers one parsed query from the current zones, RFC 1034 §4.3.2 with RFC 2181, 2308,
// 4592, 6604, 6672, 4035 and 5155 (pre-signed DNSSEC) and 8482 (ANY). No I/O, no locks, no
// allocation, no exceptions: every worker calls this for every query.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "wire/message_parser.h"
#include "zone/zone_set.h"

namespace zoned::server {

// What the CHAOS class answers (chaos.cpp): id.server and hostname.bind give `identity`,
// version.server and version.bind give `version`, as TXT with TTL 0; a hidden one is
// REFUSED, as NSD does. The views point into the server's configuration.
struct ChaosOptions {
  std::string_view identity;
  std::string_view version;
  bool hide_identity = false;
  bool hide_version = false;
};

// What the engine tells its caller about an answer beyond its bytes (response rate
// limiting counts wildcard answers under the zone).
struct AnswerNotes {
  bool wildcard = false;  // synthesized from a wildcard (RFC 4592)
};

struct AnswerOptions {
  bool minimal_responses = true;  // NSD's minimal-responses; zoned's default is minimal
  bool refuse_any = false;        // NSD's refuse-any
  bool tcp = false;               // no truncation below 65535 over TCP
  // Our NSID (RFC 5001), sent only to a query whose OPT carries an empty NSID option; empty:
  // none configured. Points into the server's configuration: nothing is copied per query.
  std::span<const std::uint8_t> nsid;
  ChaosOptions chaos;
  // The COOKIE option's data to send (RFC 7873 §5.2: the client cookie and our server
  // cookie), set per query by the caller; empty: none.
  std::span<const std::uint8_t> cookie;
  AnswerNotes* notes = nullptr;  // per call; nullptr: nobody asks
};

// Writes the response to `query` (already parsed into `info`) into `out` and returns its
// length; 0 means drop the query (no response at all). `max_size` is the most the client
// can take (512, its EDNS size, or 65535 over TCP), never more than out.size().
std::size_t answer_query(const zone::ZoneSet& zones, std::span<const std::uint8_t> query,
                         const wire::MessageInfo& info, const AnswerOptions& options,
                         std::size_t max_size, std::span<std::uint8_t> out);

// An error response to a parsed query (one question, opcode QUERY or another), for the
// checks made before answering: the question echoed, OPT when the query had EDNS, with
// Extended DNS Error `ede_code` when not 0 (RFC 8914).
std::size_t answer_rcode(const wire::MessageInfo& info, const AnswerOptions& options,
                         wire::Rcode rcode, std::uint16_t ede_code, std::size_t max_size,
                         std::span<std::uint8_t> out);

// The acknowledgement of a NOTIFY (RFC 1996 §4.7): the question echoed, AA set, no records.
std::size_t answer_notify(const wire::MessageInfo& info, const AnswerOptions& options,
                          std::size_t max_size, std::span<std::uint8_t> out);

// The zone's SOA alone in the answer section: IXFR over UDP (RFC 1995 §2), whether the
// client is up to date or must come back over TCP.
std::size_t answer_soa_only(const zone::ZoneSnapshot& zone, const wire::MessageInfo& info,
                            const AnswerOptions& options, std::size_t max_size,
                            std::span<std::uint8_t> out);

}  // namespace zoned::server

namespace zoned::server {

// For a packet that did not parse: a FORMERR echoing the header when the header could be
// read (wire::header_readable(error)), else 0 (drop it).
std::size_t answer_unparsable(std::span<const std::uint8_t> packet, wire::ParseError error,
                              std::span<std::uint8_t> out);

}  // namespace zoned::server
