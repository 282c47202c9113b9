// libFuzzer target: the nsd.conf reader on arbitrary text, in memory, include: disabled, then
// zoned-checkconf's printers over whatever it made of it. It must never crash, hang, leak or
// read outside its input; a config that loads must be printable, and its zonefile paths
// computable, for every zone.
#include <cstddef>
#include <cstdint>
#include <string>

#include "config/checkconf_output.h"
#include "config/config_loader.h"
#include "config/zonefile_path.h"

namespace {

using namespace zoned::config;

void print_everything(const Config& config) {
  std::string out;
  print_checkconf_verbose(config, 2, out);
  const char* options[] = {"zones",  "patterns",      "ip-address",      "zonefile", "request-xfr",
                           "notify", "rrl-whitelist", "min-expire-time", "port"};
  for (const char* option : options) {
    CheckconfRequest request;
    request.option = option;
    request.final_paths = true;
    print_checkconf_request(config, request, out);
    for (const Zone& zone : config.zones) {
      request.zone = zone.name;
      print_checkconf_request(config, request, out);
    }
    request.zone.reset();
    for (const Pattern& pattern : config.patterns) {
      request.pattern = pattern.name;
      print_checkconf_request(config, request, out);
    }
  }
  for (const Zone& zone : config.zones) {
    std::optional<std::string> path = zonefile_path(config, zone);
    if (path && path->empty()) __builtin_trap();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  InputLimits limits;
  limits.follow_includes = false;
  std::string text(reinterpret_cast<const char*>(data), size);
  LoadedConfig loaded = load_config_text(std::move(text), "fuzz.conf", limits);
  std::size_t errors = 0;
  for (const Diagnostic& d : loaded.diagnostics.messages()) {
    if (d.severity == Severity::kError) ++errors;
    if (d.to_string().empty()) __builtin_trap();
  }
  if (errors > loaded.diagnostics.error_count()) __builtin_trap();
  print_everything(loaded.config);
  return 0;
}
