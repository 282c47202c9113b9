// What zoned-checkconf prints, byte for byte as NSD 4.6's nsd-checkconf prints it: the value of
// one option (-o, with -z for a zone or -p for a pattern), a key's secret or algorithm (-s,
// -a), a tls-auth's domain name (-t), or the whole configuration (-v; -v -v adds a comment
// after each access control entry).
#pragma once

#include <optional>
#include <string>

#include "config/config_model.h"

namespace zoned::config {

struct CheckconfRequest {
  std::optional<std::string> option;    // -o
  std::optional<std::string> zone;      // -z
  std::optional<std::string> pattern;   // -p
  std::optional<std::string> key;       // -s or -a
  bool key_algorithm = false;           // -a: print the algorithm rather than the secret
  std::optional<std::string> tls_auth;  // -t
  bool final_paths = false;             // -f: paths as seen from outside the chroot
  int verbosity = 0;                    // how many -v
};

// Appends the output for `request` to `out` and returns the exit status nsd-checkconf would
// give (1 for an unknown option, zone or pattern, else 0).
int print_checkconf_request(const Config& config, const CheckconfRequest& request,
                            std::string& out);

// -v: the configuration as it took effect, in nsd.conf syntax.
void print_checkconf_verbose(const Config& config, int verbosity, std::string& out);

}  // namespace zoned::config
