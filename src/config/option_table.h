// Every option nsd.conf can hold, in one table: the clauses it is allowed in, the shape of its
// value, whether zoned acts on it, and how it is stored in the model.
//
// The options of NSD 4.6's nsd.conf(5) are all here, with the undocumented ones its parser
// takes (interface:, ip4-only:, ...) and those of newer NSD versions (metrics-*, catalog,
// ...). An option zoned does not act on yet has Support::kIgnored: it is checked like any
// other, kept raw in Config::ignored_options and warned about once per name. When a later
// issue implements one, give it a handler and flip it to kImplemented here.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

#include "config/config_model.h"

namespace zoned::config {

class OptionContext;

// How many values an option takes and what they must look like.
enum class ValueKind : std::uint8_t {
  kString,         // one value
  kNumber,         // one value, digits only
  kBool,           // one value, yes or no
  kAcl,            // an address specification and a key: "192.0.2.0/24 NOKEY"
  kRequestXfr,     // [AXFR|UDP] address key [tls-auth]
  kListenAddress,  // one address, then NSD's servers= bindtodevice= setfib=
  kStrings,        // one value or more (a command line)
  kNumbers,        // one number or more (cpu-affinity)
};

enum class Support : std::uint8_t { kImplemented, kIgnored };

using SectionMask = std::uint16_t;
constexpr SectionMask section_bit(Section section) {
  return static_cast<SectionMask>(1u << static_cast<unsigned>(section));
}

struct OptionSpec {
  std::string_view name;  // without the colon
  SectionMask sections;
  ValueKind kind;
  Support support;
  // Stores the option in the model; nullptr for an ignored option that is only kept raw.
  void (*apply)(OptionContext& context);
};

// The option `name` (case-insensitive, without the colon) in `section`; nullptr when it is
// not allowed there. "server-3-cpu-affinity" finds the server-N-cpu-affinity entry.
const OptionSpec* find_option(Section section, std::string_view name);
// True when some clause knows `name`: the grammar treats "name:" as a keyword then.
bool is_option_name(std::string_view name);
// The clause a "server:", "zone:", ... keyword opens.
std::optional<Section> find_section_keyword(std::string_view name);
// The clauses that allow `name`, for "not allowed here" messages.
SectionMask sections_of(std::string_view name);

std::span<const OptionSpec> all_options();

}  // namespace zoned::config
