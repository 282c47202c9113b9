#include "server/command_line.h"

#include <getopt.h>
#include <unistd.h>

#include <charconv>
#include <limits>

#include "config/listen_address.h"

namespace zoned::server {
namespace {

template <class T>
bool parse_number(const char* text, T min, T max, T& out) {
  const std::string_view s(text);
  std::uint64_t value = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
  if (ec != std::errc() || end != s.data() + s.size() || value < min || value > max) return false;
  out = static_cast<T>(value);
  return true;
}

}  // namespace

std::string default_config_path() {
  if (access(kDefaultConfigPath, F_OK) == 0 || access(kNsdConfigPath, F_OK) != 0) {
    return kDefaultConfigPath;
  }
  return kNsdConfigPath;
}

std::string usage_text() {
  return "Usage: zoned [-c configfile] [-d] [-p port] [-a ip[@port]] [-N server-count]\n"
         "             [-P pidfile] [-V verbosity] [-v] [-h]\n"
         "An authoritative DNS server that reads nsd.conf.\n"
         "  -c configfile  the configuration (default /etc/zoned/zoned.conf, or\n"
         "                 /etc/nsd/nsd.conf when that one does not exist)\n"
         "  -d             stay in the foreground and log to stderr\n"
         "  -p port        listen on this port (default: port: of the config, 53)\n"
         "  -a ip[@port]   listen on this address; repeat for more (replaces ip-address:)\n"
         "  -N count       worker threads (server-count:; 0 = one per CPU)\n"
         "  -P pidfile     write the process id here (pidfile:)\n"
         "  -V level       verbosity (verbosity:)\n"
         "  -v             print the version and exit\n"
         "  -h             print this help and exit\n"
         "Signals: SIGHUP reloads the zone files, SIGTERM and SIGINT stop the server.\n";
}

bool parse_command_line(int argc, char** argv, CommandLine& out, std::string& error) {
  optind = 1;
  opterr = 0;
  int option;
  while ((option = getopt(argc, argv, ":c:dp:a:N:P:V:vh")) != -1) {
    switch (option) {
      case 'c':
        out.config_path = optarg;
        break;
      case 'd':
        out.foreground = true;
        break;
      case 'p': {
        std::uint16_t port = 0;
        if (!parse_number<std::uint16_t>(optarg, 1, 65535, port)) {
          error = std::string("-p: not a port number: ") + optarg;
          return false;
        }
        out.port = port;
        break;
      }
      case 'a':
        out.addresses.emplace_back(optarg);
        break;
      case 'N': {
        std::uint32_t count = 0;
        if (!parse_number<std::uint32_t>(optarg, 0, 1024, count)) {
          error = std::string("-N: not a server count (0..1024): ") + optarg;
          return false;
        }
        out.server_count = count;
        break;
      }
      case 'P':
        out.pidfile = optarg;
        break;
      case 'V': {
        std::uint32_t level = 0;
        if (!parse_number<std::uint32_t>(optarg, 0, 5, level)) {
          error = std::string("-V: not a verbosity (0..5): ") + optarg;
          return false;
        }
        out.verbosity = level;
        break;
      }
      case 'v':
        out.show_version = true;
        break;
      case 'h':
        out.show_help = true;
        break;
      case ':':
        error = std::string("option -") + static_cast<char>(optopt) + " needs a value";
        return false;
      default:
        error = std::string("unknown option -") + static_cast<char>(optopt);
        return false;
    }
  }
  if (optind < argc) {
    error = std::string("unexpected argument: ") + argv[optind];
    return false;
  }
  return true;
}

bool apply_command_line(const CommandLine& line, config::Config& config, std::string& error) {
  config::ServerOptions& server = config.server;
  if (line.port) server.port = *line.port;
  if (line.server_count) server.server_count = *line.server_count;
  if (line.pidfile) {
    server.pidfile = *line.pidfile;
  } else if (config.location_of(config::Section::kServer, "pidfile") == nullptr) {
    // The model's default is NSD's own pidfile (what zoned-checkconf must print); a zoned
    // beside an installed NSD must not take it over.
    server.pidfile = kDefaultPidfile;
  }
  if (line.verbosity) server.verbosity = *line.verbosity;
  if (!line.addresses.empty()) {
    server.ip_addresses.clear();
    for (const std::string& text : line.addresses) {
      config::ListenAddress address;
      const std::string problem = config::parse_listen_address(text, false, address);
      if (!problem.empty()) {
        error = "-a " + text + ": " + problem;
        return false;
      }
      server.ip_addresses.push_back(std::move(address));
    }
  }
  return true;
}

}  // namespace zoned::server
