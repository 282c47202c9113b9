// The options of the server:, dnstap: and remote-control: clauses as nsd-checkconf shows them:
// the order -v prints them in, how each value is printed, and whether -o can ask for it.
// Options zoned ignores show what the file said, or NSD's default.
#pragma once

#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_model.h"

namespace zoned::config {

enum class FieldKind : std::uint8_t {
  kBool,       // yes / no
  kInt,        // a number
  kString,     // a string that may be absent ("#name:" in -v, an empty line for -o)
  kPath,       // a string that -f prefixes with the chroot
  kAddresses,  // one line per address
};

struct FieldValue {
  std::optional<std::string> text;  // kBool, kInt, kString, kPath
  std::vector<std::string> list;    // kAddresses
};

struct ServerField {
  std::string_view name;  // as in nsd.conf
  Section clause;         // the clause -v prints it in
  FieldKind kind;
  FieldValue (*get)(const Config& config);
  bool queryable = true;  // -o knows it (NSD 4.6, plus zoned's metrics-*)
  // -v prints it with this instead of the kind's format; nullptr: the usual format, and
  // `skip_in_verbose` leaves it out of -v altogether.
  void (*print_verbose)(const Config& config, std::string& out) = nullptr;
  bool skip_in_verbose = false;
};

std::span<const ServerField> server_fields();

}  // namespace zoned::config
