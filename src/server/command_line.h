// zoned's command line, as nsd(8)'s:
//   zoned [-c configfile] [-d] [-p port] [-a ip[@port]] [-N server-count] [-P pidfile]
//         [-V verbosity] [-v] [-h]
// Options given here win over the configuration file.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "config/config_model.h"

namespace zoned::server {

// Without -c: /etc/zoned/zoned.conf, or NSD's /etc/nsd/nsd.conf when that does not exist, so
// zoned can take over from an installed NSD unchanged.
inline constexpr const char* kDefaultConfigPath = "/etc/zoned/zoned.conf";
inline constexpr const char* kNsdConfigPath = "/etc/nsd/nsd.conf";
std::string default_config_path();
// Without pidfile: in the configuration or -P. Not NSD's default (/run/nsd/nsd.pid): zoned
// often runs beside an NSD while an operator moves over.
inline constexpr const char* kDefaultPidfile = "/run/zoned.pid";

struct CommandLine {
  std::optional<std::string> config_path;
  bool foreground = false;
  std::optional<std::uint16_t> port;
  std::vector<std::string> addresses;  // -a, in order; they replace ip-address:
  std::optional<std::uint32_t> server_count;
  std::optional<std::string> pidfile;
  std::optional<std::uint32_t> verbosity;
  bool show_version = false;
  bool show_help = false;
};

// False with `error` set on a bad option or value.
bool parse_command_line(int argc, char** argv, CommandLine& out, std::string& error);

std::string usage_text();

// Puts the command line's overrides into `config`. False with `error` for a bad -a address.
bool apply_command_line(const CommandLine& line, config::Config& config, std::string& error);

}  // namespace zoned::server
