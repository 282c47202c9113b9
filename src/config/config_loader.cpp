#include "config/config_loader.h"

#include <utility>

#include "config/config_checks.h"
#include "config/config_grammar.h"

namespace zoned::config {

namespace {

void parse_and_check(ConfigInput& input, LoadedConfig& loaded) {
  ConfigGrammar grammar(input, loaded.config, loaded.diagnostics);
  grammar.parse();
  check_config(loaded.config, loaded.diagnostics);
}

}  // namespace

LoadedConfig load_config_file(const std::string& path, const InputLimits& limits) {
  LoadedConfig loaded;
  loaded.config.path = path;
  ConfigInput input(loaded.diagnostics, limits);
  if (input.open_file(path)) parse_and_check(input, loaded);
  return loaded;
}

LoadedConfig load_config_text(std::string text, const std::string& name,
                              const InputLimits& limits) {
  LoadedConfig loaded;
  loaded.config.path = name;
  ConfigInput input(loaded.diagnostics, limits);
  input.open_text(std::move(text), name);
  parse_and_check(input, loaded);
  return loaded;
}

}  // namespace zoned::config
