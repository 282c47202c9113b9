// zoned: the authoritative DNS server. Reads nsd.conf, loads the zones, serves them over
// UDP and TCP until SIGTERM; SIGHUP reloads the zone files. See server/server.h.
#include <chrono>
#include <cstdio>
#include <string>

#include "config/chroot_paths.h"
#include "config/config_loader.h"
#include "config/zone_list.h"
#include "control/control_server.h"
#include "control/metrics_server.h"
#include "control/metrics_text.h"
#include "control/server_commands.h"
#include "server/command_line.h"
#include "server/daemon.h"
#include "server/log.h"
#include "server/privileges.h"
#include "server/server.h"
#include "server/service_notify.h"
#include "server/signals.h"
#include "transfer/notify_sender.h"
#include "transfer/secondary_service.h"
#include "transfer/transfer_service.h"

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
  // Zones added with zoned-control addzone (NSD's zone.list is read as it is).
  std::vector<config::ZoneListEntry> listed;
  std::vector<std::string> warnings;
  if (!config::add_listed_zones(loaded.config, listed, warnings, error)) {
    std::fprintf(stderr, "zoned: %s\n", error.c_str());
    return std::nullopt;
  }
  for (const std::string& w : warnings)
    std::fprintf(stderr, "zoned: warning: %s\n", w.c_str());
  return std::move(loaded.config);
}

// Waits for signals until asked to stop; SIGHUP reloads.
void serve_until_stopped(server::Server& server) {
  for (;;) {
    switch (server::wait_for_signal(1000)) {
      case server::SignalEvent::kReload:
        server::notify_service_manager("RELOADING=1");
        server.reload();
        server::notify_service_manager("READY=1");
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
  const std::string config_path = line.config_path.value_or(server::default_config_path());
  std::optional<config::Config> config = read_configuration(line);
  if (!config) return 1;
  const std::string pidfile = config->server.pidfile;
  server::LogTarget log{true, config->server.logfile, config->server.verbosity,
                        config->server.log_time_ascii, config->server.log_time_iso};
  server::configure_log(log);
  // Before any thread exists, so that every thread inherits the blocked mask.
  server::block_server_signals();

  const config::RemoteControlOptions control_options = config->remote_control;
  // Read before the paths are rebased: the file is opened from outside the chroot.
  server::LoadedCookieSecrets cookies;
  std::string cookie_error;
  if (!server::load_cookie_secrets(config->server, cookies, cookie_error)) {
    server::log_error("%s", cookie_error.c_str());
    return 1;
  }
  // Files opened after entering the chroot are named as seen from inside it (NSD's rule).
  if (config->server.chroot) config::rebase_into_chroot(*config, *config->server.chroot);
  server::Server server(std::move(*config));
  server.use_cookie_secrets(std::move(cookies.secrets), cookies.source == "random");
  if (server.config().server.answer_cookie)
    server::log_info(
        "DNS cookies: answered, server secret from %s%s", cookies.source.c_str(),
        cookies.source == "random"
            ? " (set cookie-secret or cookie-secret-file to share one in an anycast set)"
            : "");
  std::string error;
  if (!server.open_sockets(error)) {
    server::log_error("%s", error.c_str());
    return 1;
  }
  // NOTIFYs are retried every few seconds, as NSD does, notify-retry times per zone.
  transfer::NotifySender notifier(5, std::chrono::seconds(3));
  transfer::TransferService transfers(server.config(), &notifier);
  server.set_transfer_source(&transfers);
  server.set_update_listener(&transfers);
  transfer::SecondaryService secondaries(server, server.config());
  server.set_notify_listener(&secondaries);
  // The control channel is bound before daemonizing too; without it zoned still serves.
  control::ServerCommands commands(server, transfers, secondaries, config_path);
  control::ControlServer control(control_options, commands);
  if (!control.open(error)) {
    server::log_warning(
        "remote control not available (zoned-control will not reach this "
        "server): %s",
        error.c_str());
  }
  // The metrics endpoint (metrics-enable) likewise: bound now, served once the workers run.
  control::ServerMetrics metrics_source(server, secondaries);
  control::MetricsServer metrics(
      server.config().server, [&metrics_source] { return metrics_text(metrics_source.collect()); });
  if (!metrics.open(error)) {
    server::log_warning("metrics not available: %s", error.c_str());
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
  // Root is needed no further: ports are bound, keys read, the pidfile written. The
  // configuration's paths were rebased into the chroot at start.
  const config::ServerOptions& options = server.config().server;
  if ((options.username_set || options.chroot) &&
      !server::drop_privileges(options.username_set ? options.username : "", options.chroot,
                               error)) {
    server::log_error("%s", error.c_str());
    if (wrote_pidfile) server::remove_pidfile(pidfile);
    return 1;
  }

  notifier.start();
  server.load_zones();
  secondaries.restore();  // before the workers: an expired zone is never answered from
  if (!server.start_workers(error)) {
    server::log_error("%s", error.c_str());
    notifier.stop();
    if (wrote_pidfile) server::remove_pidfile(pidfile);
    return 1;
  }
  secondaries.start();
  control.start();
  metrics.start();
  server::notify_service_manager("READY=1\nSTATUS=serving");
  serve_until_stopped(server);
  server::notify_service_manager("STOPPING=1");
  control.stop();
  metrics.stop();
  secondaries.stop();  // writes changed zone files and the state while the server stands
  server.stop();
  notifier.stop();
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
