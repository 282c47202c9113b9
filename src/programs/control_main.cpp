// zoned-control: sends one command to a running zoned over its control channel and prints
// the reply, as nsd-control(8) does for NSD.
//   zoned-control [-c configfile] [-s server[@port]] [-h] command [args]
// Exit codes, as nsd-control's: 0 success, 1 an error (the server's error reply, no
// connection, a bad configuration or command line), 3 for "status" when nothing listens
// (the server is stopped).
#include <getopt.h>

#include <cstdio>
#include <optional>
#include <string>

#include "config/config_loader.h"
#include "control/command.h"
#include "control/control_client.h"
#include "server/command_line.h"
#include "server/server.h"

namespace {

using namespace zoned;

constexpr int kExitOk = 0;
constexpr int kExitError = 1;
constexpr int kExitStopped = 3;

void print_usage() {
  std::printf(
      "Usage: zoned-control [-c configfile] [-s server[@port]] [-h] command [args]\n"
      "  Controls a running zoned over its control channel (remote-control: in the\n"
      "  configuration; the keys are made by zoned-control-setup).\n"
      "Version %s.\n"
      "Options:\n"
      "  -c file         the configuration (default /etc/zoned/zoned.conf, or\n"
      "                  /etc/nsd/nsd.conf when that one does not exist)\n"
      "  -s ip[@port]    the server's control address, or the path of its control socket\n"
      "                  (default: the first control-interface of the configuration)\n"
      "  -h              print this help\n"
      "Commands:\n",
      server::kVersion);
  for (const control::CommandInfo& info : control::known_commands()) {
    std::string left(info.name);
    if (!info.arguments.empty()) left += " " + std::string(info.arguments);
    std::printf("  %-26s %.*s\n", left.c_str(), static_cast<int>(info.help.size()),
                info.help.data());
  }
  std::printf("Exit code: 0 success, 1 error, 3 \"status\" found the server stopped.\n");
}

std::optional<config::Config> read_configuration(const std::string& path) {
  config::LoadedConfig loaded = config::load_config_file(path);
  if (!loaded.ok()) {
    for (const config::Diagnostic& d : loaded.diagnostics.messages()) {
      std::fprintf(stderr, "%s\n", d.to_string().c_str());
    }
    std::fprintf(stderr, "zoned-control: could not read config file %s\n", path.c_str());
    return std::nullopt;
  }
  return std::move(loaded.config);
}

}  // namespace

// addzones / delzones (as nsd-control's): one addzone or delzone per line of stdin, each
// reported ("added: <zone>" / "removed: <zone>" or the error), then the count.
int send_zone_lines(const control::ControlClientOptions& options, bool add) {
  std::size_t done = 0;
  bool failed = false;
  char buffer[control::kMaxCommandLine];
  for (unsigned lines = 0; std::fgets(buffer, sizeof buffer, stdin) != nullptr; ++lines) {
    control::ControlCommand command;
    std::string error;
    std::string_view line(buffer);
    while (!line.empty() && (line.back() == '\n' || line.back() == '\r'))
      line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    if (!control::parse_command(line, command, error) || command.args.size() != (add ? 1u : 0u)) {
      std::printf("error line %u: expected %s\n", lines + 1, add ? "<zone> <pattern>" : "<zone>");
      failed = true;
      continue;
    }
    command.args.insert(command.args.begin(), command.name);
    command.name = add ? "addzone" : "delzone";
    control::ControlReply reply;
    if (control::send_command(options, command, reply, error) != control::ClientStatus::kOk) {
      std::fprintf(stderr, "error: %s\n", error.c_str());
      return kExitError;
    }
    if (reply.failed) {
      for (const std::string& l : reply.lines)
        std::printf("%s\n", l.c_str());
      failed = true;
      continue;
    }
    std::printf("%s: %s\n", add ? "added" : "removed", command.args[0].c_str());
    ++done;
  }
  std::printf("%s %zu zones\n", add ? "added" : "removed", done);
  std::fflush(stdout);
  return failed ? kExitError : kExitOk;
}

int main(int argc, char** argv) {
  std::optional<std::string> config_path;
  std::optional<std::string> server;
  opterr = 0;
  int option;
  // "+": options end at the command, so its arguments are never taken for options.
  while ((option = getopt(argc, argv, "+:c:s:h")) != -1) {
    switch (option) {
      case 'c':
        config_path = optarg;
        break;
      case 's':
        server = optarg;
        break;
      case 'h':
        print_usage();
        return kExitError;  // as nsd-control
      case ':':
        std::fprintf(stderr, "zoned-control: option -%c needs a value\n", optopt);
        print_usage();
        return kExitError;
      default:
        std::fprintf(stderr, "zoned-control: unknown option -%c\n", optopt);
        print_usage();
        return kExitError;
    }
  }
  if (optind >= argc) {
    print_usage();
    return kExitError;
  }
  control::ControlCommand command;
  command.name = argv[optind];
  for (int i = optind + 1; i < argc; ++i)
    command.args.emplace_back(argv[i]);

  const std::string path = config_path.value_or(server::default_config_path());
  const std::optional<config::Config> config = read_configuration(path);
  if (!config) return kExitError;
  if (!config->remote_control.control_enable) {
    std::fprintf(stderr, "warning: control-enable is 'no' in the config file.\n");
  }
  control::ControlClientOptions options = control::client_options(config->remote_control);
  if (server) options.server = *server;

  if (command.name == "addzones" || command.name == "delzones")
    return send_zone_lines(options, command.name == "addzones");

  control::ControlReply reply;
  std::string error;
  const control::ClientStatus status = control::send_command(options, command, reply, error);
  if (status != control::ClientStatus::kOk) {
    if (status == control::ClientStatus::kRefused && command.name == "status" &&
        command.args.empty()) {
      std::printf("zoned is stopped\n");
      std::fprintf(stderr, "error: %s\n", error.c_str());
      return kExitStopped;
    }
    std::fprintf(stderr, "error: %s\n", error.c_str());
    return kExitError;
  }
  for (const std::string& line : reply.lines)
    std::printf("%s\n", line.c_str());
  std::fflush(stdout);
  return reply.failed ? kExitError : kExitOk;
}
