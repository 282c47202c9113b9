// zoned-syncheck: SOA serial synchronisation between this server, its primaries and its
// secondaries (control/sync_check.h).
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "config/config_loader.h"
#include "control/sync_check.h"
#include "server/command_line.h"
#include "wire/name.h"

namespace {

using namespace zoned;

const char* const kUsage =
    "Usage: zoned-syncheck [-c configfile] [-z zone] [--ns] [--timeout ms]\n"
    "                      [-s server[@port]]... [--nagios] [-v] [-h]\n"
    "  Asks every server of each zone for the zone's SOA and compares the serials with\n"
    "  the highest one seen (RFC 1982 serial arithmetic). The servers asked are: this\n"
    "  server (the first ip-address: and port:, 127.0.0.1 for a wildcard), the zone's\n"
    "  request-xfr: primaries, its notify: targets, its provide-xfr: entries that are a\n"
    "  single address (an address already listed is the same server; ranges are\n"
    "  skipped), and the -s servers. Queries are TSIG-signed when the entry names a key.\n"
    "Options:\n"
    "  -c configfile     the configuration (default /etc/zoned/zoned.conf, or\n"
    "                    /etc/nsd/nsd.conf when that one does not exist)\n"
    "  -z zone           check this zone only (default: every zone of the configuration)\n"
    "  -s ip[@port]      also ask this server (port 53 by default; repeatable)\n"
    "  --ns              also ask the addresses of the zone's NS names (port 53), looked\n"
    "                    up by asking this server, never the system resolver\n"
    "  --timeout ms      how long to wait for each server (default 2000)\n"
    "  --nagios          print one line for a monitoring system instead of the table:\n"
    "                    \"SYNC OK|WARNING|CRITICAL - ... | servers=N behind=N failed=N\"\n"
    "  -v                say why a server is unreachable\n"
    "  -h, --help        print this help\n"
    "Exit code (the Nagios conventions):\n"
    "  0  every server answered the same serial\n"
    "  1  some server is behind (its serial is lower than the highest)\n"
    "  2  some server is unreachable or answered an error (REFUSED, SERVFAIL, no SOA,\n"
    "     TSIG error); this wins over 1\n"
    "  3  usage or configuration error (an unknown zone, an unreadable configuration)\n";

int usage_error(const char* message) {
  std::fprintf(stderr, "zoned-syncheck: %s\n%s", message, kUsage);
  return control::kSyncUsage;
}

}  // namespace

int main(int argc, char** argv) {
  std::string config_path;
  std::optional<std::string> only_zone;
  bool nagios = false;
  bool verbose = false;
  control::SyncOptions options;
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg = argv[i];
    const bool has_value = i + 1 < argc;
    if (arg == "-h" || arg == "--help") {
      std::fputs(kUsage, stdout);
      return control::kSyncInSync;
    } else if (arg == "--ns") {
      options.ns = true;
    } else if (arg == "--nagios") {
      nagios = true;
    } else if (arg == "-v") {
      verbose = true;
    } else if (arg == "-c" && has_value) {
      config_path = argv[++i];
    } else if (arg == "-z" && has_value) {
      only_zone = argv[++i];
    } else if (arg == "-s" && has_value) {
      const std::optional<control::GivenServer> s = control::parse_given_server(argv[++i]);
      if (!s) return usage_error("-s wants an IP address with an optional @port");
      options.given.push_back(*s);
    } else if (arg == "--timeout" && has_value) {
      char* end = nullptr;
      const long ms = std::strtol(argv[++i], &end, 10);
      if (end == argv[i] || *end != '\0' || ms < 1 || ms > 600000) {
        return usage_error("--timeout wants milliseconds, 1 to 600000");
      }
      options.timeout = std::chrono::milliseconds(ms);
    } else {
      std::string message = "unknown option or missing value: ";
      message += arg;
      return usage_error(message.c_str());
    }
  }
  if (config_path.empty()) config_path = server::default_config_path();

  config::LoadedConfig loaded = config::load_config_file(config_path);
  if (!loaded.ok()) {
    for (const config::Diagnostic& d : loaded.diagnostics.messages()) {
      std::fprintf(stderr, "%s\n", d.to_string().c_str());
    }
    std::fprintf(stderr, "zoned-syncheck: could not read config file %s\n", config_path.c_str());
    return control::kSyncUsage;
  }
  const config::Config& config = loaded.config;

  std::vector<const config::Zone*> zones;
  if (only_zone) {
    wire::Name apex;
    std::string text = *only_zone;
    if (text.empty() || text.back() != '.') text += '.';  // a zone name is absolute
    if (wire::parse_name(text, nullptr, apex) != wire::NameTextError::kOk) {
      return usage_error("-z wants a domain name");
    }
    const config::Zone* zone = config.find_zone(apex);
    if (zone == nullptr) {
      std::fprintf(stderr, "zoned-syncheck: zone %s is not in %s\n", only_zone->c_str(),
                   config_path.c_str());
      return control::kSyncUsage;
    }
    zones.push_back(zone);
  } else {
    for (const config::Zone& zone : config.zones)
      zones.push_back(&zone);
  }
  if (zones.empty()) {
    std::fprintf(stderr, "zoned-syncheck: %s has no zones\n", config_path.c_str());
    return control::kSyncUsage;
  }

  std::vector<control::ZoneReport> reports;
  for (const config::Zone* zone : zones) {
    std::string ns_error;
    reports.push_back(control::check_zone(config, *zone, options, ns_error));
    if (!ns_error.empty() && !nagios) {
      std::fprintf(stderr, "zoned-syncheck: %s: NS lookup: %s\n", zone->name.c_str(),
                   ns_error.c_str());
    }
  }
  if (nagios) {
    std::printf("%s\n", control::nagios_line(reports).c_str());
  } else {
    std::fputs(control::format_table(reports, verbose).c_str(), stdout);
  }
  return control::exit_code(reports);
}
