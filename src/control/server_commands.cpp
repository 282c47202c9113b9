#include "control/server_commands.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>
#include <string>
#include <vector>

#include "config/chroot_paths.h"
#include "config/config_loader.h"
#include "config/zone_list.h"
#include "control/cookie_commands.h"
#include "control/tsig_commands.h"
#include "server/log.h"
#include "server/zone_file_loader.h"
#include "wire/name.h"
#include "wire/serial.h"
#include "zone/atomic_file.h"

namespace zoned::control {
namespace {

// A zone name as an operator types it ("example.com" or "example.com."); false if it is
// not a valid name.
bool parse_zone(const std::string& text, wire::Name& out) {
  return wire::parse_name(text.empty() || text.back() != '.' ? text + "." : text, nullptr, out) ==
         wire::NameTextError::kOk;
}

// The served snapshot of `apex`, or nullptr.
std::shared_ptr<const zone::ZoneSnapshot> served(server::Server& server, wire::NameView apex) {
  for (auto& z : server.zones())
    if (wire::equal(z->apex(), apex)) return z;
  return nullptr;
}

bool configured(const server::Server& server, wire::NameView apex) {
  for (const config::Zone& zone : server.config().zones)
    if (wire::equal(zone.apex.view(), apex)) return true;
  return false;
}

}  // namespace

ServerCommands::ServerCommands(server::Server& server, transfer::TransferService& transfers,
                               transfer::SecondaryService& secondaries, std::string config_path)
    : server_(server),
      transfers_(transfers),
      secondaries_(secondaries),
      config_path_(std::move(config_path)),
      started_(std::chrono::system_clock::now()) {}

void ServerCommands::run(const ControlCommand& command, ControlOutput& out) {
  const std::string& name = command.name;
  if (name == "status") {
    out.line(std::string("version: zoned ") + server::kVersion);
    out.line("verbosity: " + std::to_string(server::log_verbosity()));
  } else if (name == "stop") {
    server::log_info("stopping: zoned-control stop");
    kill(getpid(), SIGTERM);  // the main thread stops everything, this reply included
  } else if (name == "reload") {
    reload(command, out);
  } else if (name == "reconfig" || name == "repattern") {
    reconfig(out);
  } else if (name == "log_reopen") {
    server::reopen_log();
    server::log_info("log reopened: zoned-control log_reopen");
  } else if (name == "verbosity") {
    verbosity(command, out);
  } else if (name == "notify") {
    notify(command, out);
  } else if (name == "write") {
    write(command, out);
  } else if (name == "addzone" || name == "delzone" || name == "changezone") {
    edit_zone_list(command, out);
  } else if (name == "transfer" || name == "force_transfer") {
    transfer(command, out, name == "force_transfer");
  } else if (name == "zonestatus") {
    zonestatus(command, out);
  } else if (name == "stats" || name == "stats_noreset") {
    stats(out, name == "stats");
  } else if (is_tsig_command(name)) {
    tsig(command, out);
  } else if (is_cookie_command(name)) {
    server::CookieSecretStore* store = server_.cookie_secrets();
    if (store == nullptr) {
      out.error("the server has no cookie secrets");
      return;
    }
    run_cookie_command(command, *store, server_.config().server.cookie_secret_file, out);
  } else if (name == "serverpid") {
    out.line(std::to_string(getpid()));
  } else {
    out.error("unknown command '" + name + "'");
  }
}

void ServerCommands::reload(const ControlCommand& command, ControlOutput& out) {
  if (command.args.empty()) {
    server_.reload();
    return;
  }
  wire::Name apex;
  server::LoadSummary summary;
  if (!parse_zone(command.args[0], apex) || !server_.reload_zone(apex.view(), summary))
    return out.error("zone " + command.args[0] + " not configured");
  // NSD answers ok whatever the file holds; saying so here saves a look at the log.
  if (summary.kept > 0)
    out.error("zone " + command.args[0] +
              " not reloaded: the old version is still served "
              "(the log says why)");
  else if (summary.failed > 0)
    out.error("zone " + command.args[0] + " could not be loaded (the log says why)");
}

void ServerCommands::reconfig(ControlOutput& out) {
  // Inside a chroot the file is read, and its paths are used, as seen from in there.
  const std::optional<std::string>& chroot = server_.config().server.chroot;
  config::LoadedConfig loaded = config::load_config_file(
      chroot ? config::path_in_chroot(config_path_, *chroot) : config_path_);
  if (chroot && loaded.ok()) config::rebase_into_chroot(loaded.config, *chroot);
  std::string error;
  std::vector<config::ZoneListEntry> listed;
  std::vector<std::string> warnings;
  if (loaded.ok() && !config::add_listed_zones(loaded.config, listed, warnings, error)) {
    return out.error(error + ": configuration not changed");
  }
  if (!loaded.ok()) {
    for (const config::Diagnostic& d : loaded.diagnostics.messages())
      out.line(d.to_string());
    return out.error(config_path_ + " has errors: configuration not changed");
  }
  for (const std::string& w : warnings) {
    server::log_warning("%s", w.c_str());
    out.line("warning: " + w);
  }
  server::log_info("reconfig: reading %s again", config_path_.c_str());
  const server::LoadSummary summary = apply(loaded.config);
  out.line("reconfig: " + std::to_string(summary.loaded) + " zones loaded, " +
           std::to_string(summary.failed) + " failed");
}

server::LoadSummary ServerCommands::apply(const config::Config& fresh) {
  transfers_.reconfigure(fresh);
  const server::LoadSummary summary = server_.reconfigure(fresh);
  secondaries_.reconfigure(fresh);  // after the server: new zones start from their files
  return summary;
}

void ServerCommands::edit_zone_list(const ControlCommand& command, ControlOutput& out) {
  const std::string& name = command.args[0];
  config::Config next = server_.config();
  const std::string& path = next.server.zonelistfile;
  // The list as it is on disk now (what addzone wrote before, or NSD's zone.list).
  std::vector<config::ZoneListEntry> entries;
  std::string error;
  {
    config::Config scratch = next;
    scratch.zones.clear();
    std::vector<std::string> ignored;
    if (!config::add_listed_zones(scratch, entries, ignored, error)) return out.error(error);
  }
  wire::Name apex;
  if (!parse_zone(name, apex)) return out.error("bad zone name '" + name + "'");
  const auto listed = std::find_if(entries.begin(), entries.end(), [&](const auto& e) {
    wire::Name n;
    return parse_zone(e.name, n) && wire::equal(n.view(), apex.view());
  });
  const auto configured_zone =
      std::find_if(next.zones.begin(), next.zones.end(),
                   [&](const config::Zone& z) { return wire::equal(z.apex.view(), apex.view()); });
  if (command.name == "addzone") {
    if (configured_zone != next.zones.end()) return out.error("zone " + name + " already exists");
    config::Zone zone;
    if (!config::zone_from_pattern(next, name, command.args[1], zone, error))
      return out.error(error);
    entries.push_back({name, command.args[1]});
    next.zones.push_back(std::move(zone));
  } else {
    if (listed == entries.end()) {
      return out.error(configured_zone == next.zones.end()
                           ? "zone " + name + " is not present"
                           : "zone " + name +
                                 " is configured in nsd.conf, not added with addzone: change "
                                 "its zone: clause and run reconfig");
    }
    if (command.name == "delzone") {
      entries.erase(listed);
      if (configured_zone != next.zones.end()) next.zones.erase(configured_zone);
    } else {  // changezone
      config::Zone zone;
      if (!config::zone_from_pattern(next, name, command.args[1], zone, error))
        return out.error(error);
      listed->pattern = command.args[1];
      if (configured_zone != next.zones.end()) *configured_zone = std::move(zone);
    }
  }
  // Written first: a zone the server has must be in the list when it restarts.
  if (!zone::write_file_atomically(path, config::zone_list_text(entries), error))
    return out.error(error + ": zone list not changed");
  server::log_info("zone %s: %s%s%s", name.c_str(), command.name.c_str(),
                   command.args.size() > 1 ? " with pattern " : "",
                   command.args.size() > 1 ? command.args[1].c_str() : "");
  apply(next);
  out.line("ok");
}

// --- TSIG keys (nsd-control's print_tsig, update_tsig, add_tsig, assoc_tsig, del_tsig) ---

void ServerCommands::tsig(const ControlCommand& command, ControlOutput& out) {
  config::Config next = server_.config();
  if (!run_tsig_command(command, next, out)) return;
  apply(next);
}

void ServerCommands::notify(const ControlCommand& command, ControlOutput& out) {
  if (command.args.empty()) {
    for (const auto& z : server_.zones())
      transfers_.notify_now(*z);
    return;
  }
  wire::Name apex;
  if (!parse_zone(command.args[0], apex) || !configured(server_, apex.view()))
    return out.error("zone " + command.args[0] + " not configured");
  const auto zone = served(server_, apex.view());
  if (zone == nullptr) return out.error("zone " + command.args[0] + " is not served");
  if (!transfers_.notify_now(*zone))
    out.error("zone " + command.args[0] + " has no notify: targets");
}

void ServerCommands::zonestatus(const ControlCommand& command, ControlOutput& out) {
  wire::Name only;
  if (!command.args.empty() &&
      (!parse_zone(command.args[0], only) || !configured(server_, only.view())))
    return out.error("zone " + command.args[0] + " not configured");
  const auto zones = server_.zones();
  for (const config::Zone& zone : server_.config().zones) {
    if (!command.args.empty() && !wire::equal(zone.apex.view(), only.view())) continue;
    out.line("zone:\t" + zone.name);
    if (zone.is_secondary()) {
      secondary_status(zone.apex.view(), out);
      continue;
    }
    out.line("\tstate: master");
    std::shared_ptr<const zone::ZoneSnapshot> snapshot;
    for (const auto& z : zones)
      if (wire::equal(z->apex(), zone.apex.view())) snapshot = z;
    if (snapshot)
      out.line("\tserved-serial: \"" + std::to_string(snapshot->serial()) + "\"");
    else
      out.line("\tserved-serial: none (not served)");
  }
}

void ServerCommands::stats(ControlOutput& out, bool reset) {
  const auto now = std::chrono::system_clock::now();
  const server::QueryStatsTotals counts = stats_baseline_.report(server_.query_stats(), reset);
  // NSD: time.boot is the uptime, time.elapsed the time since the last reset (or start).
  const double boot = std::chrono::duration<double>(now - started_).count();
  const double elapsed = std::chrono::duration<double>(now - stats_reset_).count();
  if (reset) stats_reset_ = now;
  std::size_t primaries = 0, secondaries = 0;
  for (const config::Zone& zone : server_.config().zones)
    (zone.is_secondary() ? secondaries : primaries) += 1;
  char line[64];
  std::vector<std::string> times;
  std::snprintf(line, sizeof line, "time.boot=%.6f", boot);
  times.emplace_back(line);
  std::snprintf(line, sizeof line, "time.elapsed=%.6f", elapsed);
  times.emplace_back(line);
  for (const std::string& l : server::stats_lines(counts, times))
    out.line(l);
  out.line("zone.master=" + std::to_string(primaries));
  out.line("zone.slave=" + std::to_string(secondaries));
  for (const std::string& l : server::group_stats_lines(counts, server_.stat_groups()))
    out.line(l);
}

void ServerCommands::verbosity(const ControlCommand& command, ControlOutput& out) {
  if (command.args.empty()) {
    out.line("verbosity " + std::to_string(server::log_verbosity()));
    return;
  }
  char* end = nullptr;
  const long level = std::strtol(command.args[0].c_str(), &end, 10);
  if (end == command.args[0].c_str() || *end != '\0' || level < 0 || level > 5)
    return out.error("verbosity must be a number from 0 to 5");
  server::set_log_verbosity(static_cast<unsigned>(level));
  server::log_info("verbosity %ld: zoned-control verbosity", level);
}

// NSD's lines (state, served-serial, commit-serial, wait) and what an operator asks next:
// when the next check is, what the last transfer was, what last went wrong.
void ServerCommands::secondary_status(wire::NameView apex, ControlOutput& out) {
  const std::optional<transfer::SecondaryStatus> s = secondaries_.status(apex);
  if (!s) return out.line("\tstate: refreshing");
  out.line("\tstate: " + s->state);
  if (s->has_serial) {
    const std::string serial =
        "\"" + std::to_string(s->serial) + " since " + server::utc_time_text(s->acquired) + "\"";
    out.line("\tserved-serial: " + serial);
    out.line("\tcommit-serial: " + serial);
  } else {
    out.line("\tserved-serial: none");
  }
  if (s->has_notified)
    out.line("\tnotified-serial: \"" + std::to_string(s->notified_serial) + "\"");
  if (s->next_refresh < 0)
    out.line("\twait: \"transfer in progress\"");
  else
    out.line("\twait: \"" + std::to_string(s->next_refresh) + " sec until the next check\"");
  if (s->has_primary_serial) {
    // Against its primaries: what the last SOA check saw, and how far behind that is.
    std::string line = "\tprimary-serial: \"" + std::to_string(s->primary_serial) + " at " +
                       s->primary + " checked " + server::utc_time_text(s->primary_checked);
    if (s->has_serial && wire::serial_gt(s->primary_serial, s->serial))
      line += ", " + std::to_string(s->primary_serial - s->serial) + " behind";
    out.line(line + "\"");
  }
  if (s->failures > 0) out.line("\tfailed-attempts: " + std::to_string(s->failures));
  if (!s->last_transfer.empty()) out.line("\tlast-transfer: \"" + s->last_transfer + "\"");
  if (!s->last_error.empty()) out.line("\tlast-error: \"" + s->last_error + "\"");
}

void ServerCommands::transfer(const ControlCommand& command, ControlOutput& out, bool force) {
  wire::Name apex;
  if (!command.args.empty()) {
    if (!parse_zone(command.args[0], apex) || !configured(server_, apex.view()))
      return out.error("zone " + command.args[0] + " not configured");
    if (!secondaries_.is_secondary(apex.view()))
      return out.error("zone " + command.args[0] + " is not a secondary zone (no request-xfr)");
  }
  const wire::NameView view = apex.view();
  const std::size_t count = secondaries_.transfer(command.args.empty() ? nullptr : &view, force);
  out.line("ok, " + std::to_string(count) + " zone" + (count == 1 ? "" : "s"));
}

void ServerCommands::write(const ControlCommand& command, ControlOutput& out) {
  // Zones loaded from their files have nothing newer to write; transferred zones are.
  wire::Name apex;
  if (!command.args.empty() &&
      (!parse_zone(command.args[0], apex) || !configured(server_, apex.view())))
    return out.error("zone " + command.args[0] + " not configured");
  const wire::NameView view = apex.view();
  secondaries_.write_zone_files(command.args.empty() ? nullptr : &view);
}

}  // namespace zoned::control
