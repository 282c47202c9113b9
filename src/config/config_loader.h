// Reading an nsd.conf: the one entry point the programs use.
//
//   zoned::config::LoadedConfig loaded = zoned::config::load_config_file("/etc/nsd/nsd.conf");
//   for (const auto& d : loaded.diagnostics.messages()) std::fprintf(stderr, "%s\n", ...);
//   if (!loaded.ok()) return 1;
//   use(loaded.config);
//
// Nothing throws for bad input (only std::bad_alloc can leave here); every problem is a
// Diagnostic with its file and line.
#pragma once

#include <string>

#include "config/config_input.h"
#include "config/config_model.h"
#include "config/diagnostics.h"

namespace zoned::config {

struct LoadedConfig {
  Config config;            // filled as far as it could be read
  Diagnostics diagnostics;  // errors and warnings, in the order found

  bool ok() const { return diagnostics.error_count() == 0; }
};

LoadedConfig load_config_file(const std::string& path, const InputLimits& limits = {});
// `text` stands for a file called `name` in messages; include: still reads files (unless
// `limits` says not to).
LoadedConfig load_config_text(std::string text, const std::string& name,
                              const InputLimits& limits = {});

}  // namespace zoned::config
