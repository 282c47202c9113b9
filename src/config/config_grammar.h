// The grammar of nsd.conf over the token stream: clause keywords (server:, zone:, ...) open a
// clause that lasts until the next one; inside, each option keyword takes the values its
// entry in the option table says. Newlines mean nothing, as in NSD ("server: port: 53" on one
// line is fine). Unlike NSD, which stops at the first syntax error, the grammar reports an
// error, skips to the next keyword and goes on, so one run shows every problem.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "config/config_input.h"
#include "config/config_model.h"
#include "config/diagnostics.h"
#include "config/option_context.h"
#include "config/option_table.h"
#include "wire/name.h"

namespace zoned::config {

class ConfigGrammar {
 public:
  ConfigGrammar(ConfigInput& input, Config& config, Diagnostics& diagnostics);

  // Reads every statement into the Config.
  void parse();

 private:
  void statement(const ConfigToken& token);
  void open_clause(Section section, const ConfigToken& keyword);
  void close_clause();
  void close_key();
  void close_tls_auth();
  void close_pattern();
  void close_zone();
  void report_missing_name(std::string_view clause);

  void option(const OptionSpec& spec, const ConfigToken& key);
  bool collect_values(const OptionSpec& spec, const ConfigToken& key,
                      std::vector<ConfigToken>& values);
  bool take_values(std::size_t count, const OptionSpec& spec, const ConfigToken& key,
                   std::vector<ConfigToken>& values);
  void take_remaining_values(std::vector<ConfigToken>& values);
  void take_socket_options(std::vector<ConfigToken>& values);
  bool request_xfr_has_prefix();
  void keep_ignored(const OptionSpec& spec, const ConfigToken& key,
                    const std::vector<ConfigToken>& values, OptionContext& context);
  void remember_location(const ConfigToken& key, std::string_view name);

  void report_stray_value(const ConfigToken& token);
  void report_misplaced_option(std::string_view name, const ConfigToken& key);
  void skip_values();

  bool next_is_value();
  bool is_keyword(const ConfigToken& token) const;

  ConfigInput& input_;
  Config& config_;
  Diagnostics& diagnostics_;
  OpenBlock block_;
  std::string last_option_;  // the option before a stray value, for the message
  std::unordered_map<wire::Name, std::size_t, wire::NameHash, wire::NameEqual> zone_index_;
};

// The option name of a keyword token ("port:" gives "port"), or "" for a value.
std::string_view keyword_name(const ConfigToken& token);

}  // namespace zoned::config
