// Printing pieces shared by zoned-checkconf's queries and its -v output, in NSD's formats.
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_model.h"

namespace zoned::config {

// Appends the pieces in turn. (Also keeps "literal" + std::string temporaries out of the
// printers: GCC 12 reports a false -Wrestrict on them at -O3.)
void append_all(std::string& out, std::initializer_list<std::string_view> pieces);
// "\tname: value\n", unquoted.
void append_setting(std::string& out, std::string_view name, std::string_view value);
// "\tname: \"value\"\n", or "\t#name:\n" when there is no value (NSD's print_string_var).
void append_string_var(std::string& out, std::string_view name,
                       const std::optional<std::string>& value);
// "value\n", an empty line when there is none (NSD's quote()).
void append_line(std::string& out, const std::optional<std::string>& value);

// "192.0.2.1@53 NOKEY" or "192.0.2.1 key tls-auth", as -o prints a list entry.
std::string acl_query_text(const AclEntry& entry);
// -v's "\tname: [AXFR ][UDP ]<entry>\n" lines, with the "\t# ip4 ..." comment at -v -v.
void append_acl_lines(std::string& out, std::string_view name, const std::vector<AclEntry>& list,
                      int verbosity);

// NSD's name for the pattern it makes for a zone's own settings.
std::string implicit_pattern_name(const Zone& zone);

// In the order nsd-checkconf lists them: zones in canonical name order, keys, tls-auths and
// patterns by name (strcmp).
std::vector<const Zone*> zones_in_order(const Config& config);
std::vector<const Pattern*> patterns_in_order(const Config& config);
std::vector<const TsigKey*> keys_in_order(const Config& config);
std::vector<const TlsAuth*> tls_auths_in_order(const Config& config);
// Every pattern name -o patterns lists: the explicit ones and each zone's implicit one.
std::vector<std::string> all_pattern_names(const Config& config);

}  // namespace zoned::config
