// zoned: the authoritative DNS server. Reads nsd.conf, loads the zones, serves them over
// UDP and TCP until SIGTERM; SIGHUP reloads the zone files. See server/server.h.
#include <cstdio>
#include <string>

#include "config/config_loader.h"
#include "server/command_line.h"
#include "server/daemon.h"
#include "server/log.h"
#include "server/server.h"
#include "server/signals.h"

namespace {

using namespace zoned;

using server::kVersion;

// The configuration with the command line's overrides, or nullopt after printing why not
// (file:line: message, as nsd-checkconf).
std::optional<config::Config> read_configuration(const server::CommandLine& line) {
  const std::string path = line.config_path.value_or(server::default_config_path());
  config::LoadedConfig loaded = config::load_config_file(path);
  for (const config::Diagnostic& d : loaded.diagnostics.messages()) {
    std::fprintf(stderr, "%s\n", d.to_string().c_str());
  }
  if (!loaded.ok()) {
    std::fprintf(stderr, "zoned: %zu error(s) in %s\n", loaded.diagnostics.error_count(),
                 path.c_str());
    return std::nullopt;
  }
  std::string error;
  if (!server::apply_command_line(line, loaded.config, error)) {
    std::fprintf(stderr, "zoned: %s\n", error.c_str());
    return std::nullopt;
  }
  return std::move(loaded.config);
}

// Waits for signals until asked to stop; SIGHUP reloads.
void serve_until_stopped(server::Server& server) {
  for (;;) {
    switch (server::wait_for_signal(1000)) {
      case server::SignalEvent::kReload:
        server.reload();
        break;
      case server::SignalEvent::kStop:
        server::log_info("stopping on signal");
        return;
      case server::SignalEvent::kNone:
        break;
    }
  }
}

int run(const server::CommandLine& line) {
  std::optional<config::Config> config = read_configuration(line);
  if (!config) return 1;
  const std::string pidfile = config->server.pidfile;
  server::LogTarget log{true, config->server.logfile, config->server.verbosity};
  server::configure_log(log);
  // Before any thread exists, so that every thread inherits the blocked mask.
  server::block_server_signals();

  server::Server server(std::move(*config));
  std::string error;
  if (!server.open_sockets(error)) {
    server::log_error("%s", error.c_str());
    return 1;
  }
  if (!line.foreground) {
    if (!server::daemonize(error)) {
      server::log_error("%s", error.c_str());
      return 1;
    }
    log.to_stderr = false;
    server::configure_log(log);
  }
  const bool wrote_pidfile = server::write_pidfile(pidfile, error);
  if (!wrote_pidfile) server::log_warning("%s", error.c_str());

  server.load_zones();
  if (!server.start_workers(error)) {
    server::log_error("%s", error.c_str());
    if (wrote_pidfile) server::remove_pidfile(pidfile);
    return 1;
  }
  serve_until_stopped(server);
  server.stop();
  if (wrote_pidfile) server::remove_pidfile(pidfile);
  server::log_info("stopped");
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  server::CommandLine line;
  std::string error;
  if (!server::parse_command_line(argc, argv, line, error)) {
    std::fprintf(stderr, "zoned: %s\n%s", error.c_str(), server::usage_text().c_str());
    return 1;
  }
  if (line.show_help) {
    std::fputs(server::usage_text().c_str(), stdout);
    return 0;
  }
  if (line.show_version) {
    std::printf("zoned %s\n", kVersion);
    return 0;
  }
  return run(line);
}
