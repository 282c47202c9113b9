// zoned-checkconf [-v] [-f] [-h] [-o option] [-z zone] [-p pattern] [-s key] [-a key]
//                 [-t tls-auth] FILE
//        zoned-checkconf --from-bind NAMED.CONF
// Checks an nsd.conf as nsd-checkconf does, with its output and exit codes: nothing and 0 for a
// good file, the errors on stderr and 2 for a bad one, 1 for a bad command line or a query for
// an option, zone or pattern that does not exist. Warnings about options zoned does not
// implement yet go to stderr and do not change the exit code.
// --from-bind prints an nsd.conf translated from a BIND named.conf, and on stderr what it did
// not translate: 0 when everything was, 1 when something was not, 2 when named.conf is bad.
#include <unistd.h>

#include <cstdio>
#include <exception>
#include <string>
#include <string_view>

#include "config/bind_import.h"
#include "config/checkconf_output.h"
#include "config/config_loader.h"

namespace {

int usage() {
  std::fputs(
      "usage: zoned-checkconf [-v|-h] [-f] [-o option] [-z zonename] [-p pattern]\n"
      "                       [-s keyname] [-a keyname] [-t tlsauthname] <configfilename>\n"
      "       zoned-checkconf --from-bind <named.conf>\n"
      "       Checks an NSD configuration file (nsd.conf) for errors.\n"
      "\n"
      "Use with a configfile as argument to check syntax.\n"
      "Use with -o, -z, -t or -s options to query the configuration.\n"
      "\n"
      "-v\t\t\tVerbose, echo settings that take effect to std output.\n"
      "-h\t\t\tPrint this help information.\n"
      "-f\t\t\tUse with -o to print final pathnames, ie. with chroot.\n"
      "-o option\t\tPrint value of the option specified to stdout.\n"
      "-p pattern\t\tPrint option value for the pattern given.\n"
      "-z zonename\t\tPrint option value for the zone given.\n"
      "-a keyname\t\tPrint algorithm name for the TSIG key.\n"
      "-s keyname\t\tPrint base64 secret blob for the TSIG key.\n"
      "-t tls-auth-name\tPrint auth domain name for the tls-auth clause.\n"
      "--from-bind file\tPrint an nsd.conf translated from a BIND named.conf.\n",
      stderr);
  return 1;
}

// Fills `request` from the command line; returns false (after printing why) when it is bad.
bool parse_arguments(int argc, char** argv, zoned::config::CheckconfRequest& request,
                     std::string& path) {
  int option;
  while ((option = getopt(argc, argv, "vfho:a:p:s:z:t:")) != -1) {
    switch (option) {
      case 'v':
        ++request.verbosity;
        break;
      case 'f':
        request.final_paths = true;
        break;
      case 'o':
        request.option = optarg;
        break;
      case 'p':
        request.pattern = optarg;
        break;
      case 'z':
        request.zone = optarg;
        break;
      case 't':
        request.tls_auth = optarg;
        break;
      case 'a':
      case 's':
        if (request.key) {
          std::fprintf(stderr, "Error: cannot combine -a and -s, or give either twice.\n");
          return false;
        }
        request.key = optarg;
        request.key_algorithm = option == 'a';
        break;
      default:
        usage();
        return false;
    }
  }
  if (argc - optind != 1) {
    usage();
    return false;
  }
  path = argv[optind];
  return true;
}

int check(const std::string& path, const zoned::config::CheckconfRequest& request) {
  zoned::config::LoadedConfig loaded = zoned::config::load_config_file(path);
  for (const zoned::config::Diagnostic& message : loaded.diagnostics.messages()) {
    std::fprintf(stderr, "%s\n", message.to_string().c_str());
  }
  if (!loaded.ok()) {
    std::fprintf(stderr, "read %s failed: %zu errors in configuration file\n", path.c_str(),
                 loaded.diagnostics.error_count());
    return 2;
  }
  std::string out;
  int status = zoned::config::print_checkconf_request(loaded.config, request, out);
  std::fwrite(out.data(), 1, out.size(), stdout);
  return status;
}

// Prints the nsd.conf translated from the named.conf at `path`; stderr says what was not.
int from_bind(const std::string& path) {
  zoned::config::BindImport result = zoned::config::import_bind_file(path);
  if (!result.error.empty()) {
    std::fprintf(stderr, "%s\n", result.error.c_str());
    return result.exit_code();
  }
  std::fwrite(result.nsd_conf.data(), 1, result.nsd_conf.size(), stdout);
  for (const std::string& line : result.notes)
    std::fprintf(stderr, "%s\n", line.c_str());
  for (const std::string& line : result.not_translated) {
    std::fprintf(stderr, "%s\n", line.c_str());
  }
  return result.exit_code();
}

// `--from-bind FILE` or `--from-bind=FILE` as the whole command line; nullptr otherwise.
const char* from_bind_argument(int argc, char** argv) {
  static constexpr std::string_view kOption = "--from-bind";
  if (argc == 3 && argv[1] == kOption) return argv[2];
  if (argc == 2 && std::string_view(argv[1]).starts_with("--from-bind=")) {
    return argv[1] + kOption.size() + 1;
  }
  return nullptr;
}

}  // namespace

int main(int argc, char** argv) {
  zoned::config::CheckconfRequest request;
  std::string path;
  if (const char* named_conf = from_bind_argument(argc, argv)) {
    try {
      return from_bind(named_conf);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "zoned-checkconf: %s\n", e.what());
      return 2;
    }
  }
  if (!parse_arguments(argc, argv, request, path)) return 1;
  try {
    return check(path, request);
  } catch (const std::exception& e) {
    // Only running out of memory gets here: the loader reports bad input as diagnostics.
    std::fprintf(stderr, "zoned-checkconf: %s\n", e.what());
    return 2;
  }
}
