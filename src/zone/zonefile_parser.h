// Zone-file parser: RFC 1035 §5 master files plus what BIND and NSD accept ($TTL with
// units, $INCLUDE with an origin, $GENERATE, RFC 3597 unknown types). Records are handed
// to a RecordSink one at a time, already in wire form; nothing is stored here.
//
// Where the RFCs leave a choice, we do what BIND does:
// - An omitted TTL is $TTL if set, else the last explicit TTL (RFC 1035); with neither, an
//   SOA uses its MINIMUM (RFC 2308 §4) with a warning and that value then acts as $TTL;
//   any other record is an error.
// - A TTL above 2^31-1 is used as 0 with a warning (RFC 2181 §8). NSD rejects instead.
// - After an $INCLUDE returns, both the origin and the current owner are what they were
//   before it; the included file starts with the including file's current owner.
// - A single quoted $GENERATE rhs is read as RDATA text: "10 mx$" gives MX 10 mx1.
// Only class IN is accepted. Nested parentheses are an error (BIND counts them).
// After an error the rest of that entry is skipped and parsing goes on.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "wire/name.h"

namespace zoned::zone {

struct SourceLocation {
  std::string_view file;  // valid until parse_zone_file/parse_zone_text returns
  std::uint32_t line = 0;
  std::uint32_t column = 0;
};

// Valid only during RecordSink::record(): the views point into the parser's buffers.
struct ParsedRecord {
  wire::NameView owner;
  std::uint16_t type = 0;
  std::uint16_t rclass = 0;
  std::uint32_t ttl = 0;
  std::span<const std::uint8_t> rdata;  // uncompressed wire form
  SourceLocation where;                 // the record's first token, or its $GENERATE line
};

struct Diagnostic {
  bool warning = false;
  std::string file;
  std::uint32_t line = 0;  // 0 when the problem is the file itself (cannot open it)
  std::uint32_t column = 0;
  std::string message;

  // "file:line:column: error: message" (or "warning: ...").
  std::string to_string() const;
};

class RecordSink {
 public:
  virtual ~RecordSink() = default;
  virtual void record(const ParsedRecord& record) = 0;
  virtual void diagnostic(const Diagnostic& diagnostic) = 0;
};

struct ZoneFileOptions {
  wire::Name origin;                         // initial $ORIGIN, usually the zone's name
  std::optional<std::uint32_t> default_ttl;  // as if the file began with $TTL
  bool allow_include = true;
  int max_include_depth = 10;
  std::size_t max_errors = 50;         // stop after this many errors; 0 = never stop
  std::uint32_t max_generate = 65536;  // records one $GENERATE may create
};

// Both return the number of errors reported (0 = success); warnings do not count.
// $INCLUDE paths are relative to the directory of the including file.
std::size_t parse_zone_file(const std::string& path, const ZoneFileOptions& options,
                            RecordSink& sink);
// `file_name` is used in diagnostics and as the base for relative $INCLUDE paths.
std::size_t parse_zone_text(std::string_view text, std::string_view file_name,
                            const ZoneFileOptions& options, RecordSink& sink);

}  // namespace zoned::zone
