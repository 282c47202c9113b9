#include "control/command.h"

#include <array>

namespace zoned::control {
namespace {

constexpr std::array kCommands = {
    CommandInfo{"stop", 0, 0, "", "stop the server"},
    CommandInfo{"reload", 0, 1, "[<zone>]", "reload changed zone files, or the zone's"},
    CommandInfo{"reconfig", 0, 0, "", "read the configuration again"},
    CommandInfo{"repattern", 0, 0, "", "the same as reconfig"},
    CommandInfo{"log_reopen", 0, 0, "", "reopen the logfile (for log rotation)"},
    CommandInfo{"status", 0, 0, "", "show the status of the server"},
    CommandInfo{"stats", 0, 0, "", "print statistics and reset them"},
    CommandInfo{"stats_noreset", 0, 0, "", "print statistics"},
    CommandInfo{"write", 0, 1, "[<zone>]", "write changed zones to their zone files"},
    CommandInfo{"notify", 0, 1, "[<zone>]", "send NOTIFY to the secondaries"},
    CommandInfo{"zonestatus", 0, 1, "[<zone>]", "print the state and serials of zones"},
    CommandInfo{"addzone", 2, 2, "<zone> <pattern>",
                "add a zone with the settings of a pattern (kept in the zonelistfile)"},
    CommandInfo{"delzone", 1, 1, "<zone>", "remove a zone added with addzone"},
    CommandInfo{"changezone", 2, 2, "<zone> <pattern>", "give an added zone another pattern"},
    CommandInfo{"addzones", 0, 0, "", "addzone for each \"<zone> <pattern>\" line of stdin"},
    CommandInfo{"delzones", 0, 0, "", "delzone for each \"<zone>\" line of stdin"},
    CommandInfo{"transfer", 0, 1, "[<zone>]", "ask the primaries of secondary zones for updates"},
    CommandInfo{"force_transfer", 0, 1, "[<zone>]",
                "transfer secondary zones by AXFR, whatever their serial"},
    CommandInfo{"serverpid", 0, 0, "", "print the process id of the server"},
    CommandInfo{"verbosity", 0, 1, "[<number>]", "set (or print) the log verbosity"},
    // The TSIG commands change the running server only, as NSD's: nothing is written to the
    // configuration file, and reconfig or a restart takes the file's keys again.
    CommandInfo{"print_tsig", 0, 1, "[<key_name>]",
                "print a TSIG key's name, secret and algorithm, or every key's"},
    CommandInfo{"update_tsig", 2, 2, "<name> <secret>",
                "new base64 secret for a key (in memory until reconfig/restart)"},
    CommandInfo{"add_tsig", 2, 3, "<name> <secret> [<algo>]",
                "add a key, hmac-sha256 by default (in memory until reconfig/restart)"},
    CommandInfo{"assoc_tsig", 2, 2, "<zone> <key_name>",
                "the zone's ACLs use the key (in memory until reconfig/restart)"},
    CommandInfo{"del_tsig", 1, 1, "<key_name>",
                "delete a key no zone uses (in memory until reconfig/restart)"},
    // DNS Cookie secrets: in effect at once and written to the cookie-secret-file.
    CommandInfo{"print_cookie_secrets", 0, 0, "", "print the active and staging cookie secrets"},
    CommandInfo{"add_cookie_secret", 1, 1, "<secret>",
                "add a 32-hex-digit cookie secret as staging (active if none was configured)"},
    CommandInfo{"activate_cookie_secret", 0, 0, "",
                "make the staging cookie secret active, the active one staging"},
    CommandInfo{"drop_cookie_secret", 0, 0, "", "drop the staging cookie secret"},
};

bool is_blank(char c) {
  return c == ' ' || c == '\t';
}

bool is_control(char c) {
  const auto u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

}  // namespace

std::span<const CommandInfo> known_commands() {
  return kCommands;
}

const CommandInfo* find_command(std::string_view name) {
  for (const CommandInfo& info : kCommands) {
    if (info.name == name) return &info;
  }
  return nullptr;
}

bool parse_command(std::string_view line, ControlCommand& out, std::string& error) {
  out = {};
  std::vector<std::string> words;
  std::size_t i = 0;
  while (i < line.size()) {
    if (is_blank(line[i])) {
      ++i;
      continue;
    }
    const std::size_t start = i;
    while (i < line.size() && !is_blank(line[i])) {
      if (is_control(line[i])) {
        error = "control character in the command line";
        return false;
      }
      ++i;
    }
    words.emplace_back(line.substr(start, i - start));
  }
  if (words.empty()) {
    error = "no command given";
    return false;
  }
  out.name = std::move(words.front());
  out.args.assign(std::make_move_iterator(words.begin() + 1), std::make_move_iterator(words.end()));
  return true;
}

std::string check_command(const ControlCommand& command) {
  const CommandInfo* info = find_command(command.name);
  if (info == nullptr) return "unknown command '" + command.name + "'";
  const std::size_t count = command.args.size();
  if (count < info->min_args) {
    return "command '" + command.name + "' needs an argument: " + command.name + " " +
           std::string(info->arguments);
  }
  if (count > info->max_args) {
    if (info->max_args == 0) return "command '" + command.name + "' takes no arguments";
    return "too many arguments for '" + command.name + "': " + command.name + " " +
           std::string(info->arguments);
  }
  return {};
}

bool format_command(const ControlCommand& command, std::string& line, std::string& error) {
  line.clear();
  auto add = [&](const std::string& word) {
    if (word.empty()) {
      error = "empty word in the command";
      return false;
    }
    for (char c : word) {
      if (is_blank(c) || is_control(c)) {
        error = "'" + word + "': spaces and control characters cannot be sent";
        return false;
      }
    }
    if (!line.empty()) line += ' ';
    line += word;
    return true;
  };
  if (!add(command.name)) return false;
  for (const std::string& arg : command.args) {
    if (!add(arg)) return false;
  }
  return true;
}

void ControlOutput::line(std::string_view text) {
  for (;;) {
    const std::size_t newline = text.find('\n');
    if (newline == std::string_view::npos) break;
    lines_.emplace_back(text.substr(0, newline));
    text.remove_prefix(newline + 1);
  }
  lines_.emplace_back(text);
}

void ControlOutput::error(std::string_view message) {
  failed_ = true;
  line("error " + std::string(message));
}

}  // namespace zoned::control
