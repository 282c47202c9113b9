// What zoned does for each zoned-control command (NSD's nsd-control commands): reload
// zone files, NOTIFY secondaries, re-read the configuration, report status and zones, stop.
// Runs on the control thread; everything it calls is safe to call beside the workers.
#pragma once

#include <chrono>
#include <string>

#include "control/command.h"
#include "server/query_stats.h"
#include "server/server.h"
#include "transfer/secondary_service.h"
#include "transfer/transfer_service.h"

namespace zoned::control {

class ServerCommands : public CommandHandler {
 public:
  // `config_path` is the file reconfig reads again.
  ServerCommands(server::Server& server, transfer::TransferService& transfers,
                 transfer::SecondaryService& secondaries, std::string config_path);

  void run(const ControlCommand& command, ControlOutput& out) override;

 private:
  void reload(const ControlCommand& command, ControlOutput& out);
  void reconfig(ControlOutput& out);
  void notify(const ControlCommand& command, ControlOutput& out);
  void zonestatus(const ControlCommand& command, ControlOutput& out);
  // stats (reset: the next report counts from now, as NSD's) and stats_noreset.
  void stats(ControlOutput& out, bool reset);
  void verbosity(const ControlCommand& command, ControlOutput& out);
  void transfer(const ControlCommand& command, ControlOutput& out, bool force);
  void write(const ControlCommand& command, ControlOutput& out);
  void secondary_status(wire::NameView apex, ControlOutput& out);
  // addzone, delzone, changezone: the zonelistfile edited, then the zones applied.
  void edit_zone_list(const ControlCommand& command, ControlOutput& out);
  // print_tsig, update_tsig, add_tsig, assoc_tsig, del_tsig (tsig_commands.h): a copy of the
  // running configuration changed, then applied as reconfig applies the file's. In memory
  // only: reconfig or a restart goes back to the file's keys and ACLs.
  void tsig(const ControlCommand& command, ControlOutput& out);
  // Every layer takes the zones, keys and patterns of `fresh`.
  server::LoadSummary apply(const config::Config& fresh);

  server::Server& server_;
  transfer::TransferService& transfers_;
  transfer::SecondaryService& secondaries_;
  std::string config_path_;
  std::chrono::system_clock::time_point started_;
  // The counters at the last `stats`, and when it ran (time.elapsed counts from there).
  server::StatsBaseline stats_baseline_;
  std::chrono::system_clock::time_point stats_reset_ = std::chrono::system_clock::now();
};

}  // namespace zoned::control
