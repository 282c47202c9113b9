// Handlers of the option table that need more than a setter: the names of keys, tls-auths,
// patterns and zones, a key's algorithm and secret, and include-pattern.
#pragma once

namespace zoned::config {

class OptionContext;

void apply_key_name(OptionContext& c);
void apply_key_algorithm(OptionContext& c);
void apply_key_secret(OptionContext& c);
void apply_tls_auth_name(OptionContext& c);
void apply_pattern_name(OptionContext& c);
void apply_zone_name(OptionContext& c);
void apply_include_pattern(OptionContext& c);

}  // namespace zoned::config
