// zoned-checkzone [-p] ZONE FILE: checks a zone file as nsd-checkzone does.
#include <cstdio>
#include <cstring>
#include <string>

#include "wire/name.h"
#include "zone/zone_contents.h"
#include "zone/zone_loader.h"
#include "zone/zone_printer.h"

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: zoned-checkzone [-h] [-p] ZONE FILE\n"
               "  checks the zone file FILE of zone ZONE: syntax, then the semantic checks\n"
               "  -p  print the zone in canonical presentation form on standard output\n"
               "  -h  this help\n");
  return 1;
}

}  // namespace

int main(int argc, char** argv) {
  bool print = false;
  int i = 1;
  for (; i < argc && argv[i][0] == '-' && argv[i][1] != '\0'; ++i) {
    if (std::strcmp(argv[i], "-p") == 0) {
      print = true;
    } else if (std::strcmp(argv[i], "-h") == 0) {
      usage();
      return 0;
    } else {
      std::fprintf(stderr, "zoned-checkzone: unknown option %s\n", argv[i]);
      return usage();
    }
  }
  if (argc - i != 2) return usage();
  const char* zone_text = argv[i];
  std::string path = argv[i + 1];

  zoned::wire::Name apex;
  auto err = zoned::wire::parse_name(zone_text, nullptr, apex);
  if (err == zoned::wire::NameTextError::kRelativeNoOrigin) {
    // Zone names are given without the trailing dot, as nsd-checkzone takes them.
    std::string absolute = std::string(zone_text) + ".";
    err = zoned::wire::parse_name(absolute, nullptr, apex);
  }
  if (err != zoned::wire::NameTextError::kOk) {
    std::fprintf(stderr, "zoned-checkzone: bad zone name '%s': %s\n", zone_text,
                 zoned::wire::to_string(err));
    return 1;
  }

  zoned::zone::ZoneContents zone(apex);
  auto report = [](const std::string& line) { std::fprintf(stderr, "%s\n", line.c_str()); };
  zoned::zone::LoadResult result = zoned::zone::load_zone_file(path, zone, report);
  if (result.errors > 0) {
    std::fprintf(stderr, "zone %s file %s has %zu error%s\n", zone_text, path.c_str(),
                 result.errors, result.errors == 1 ? "" : "s");
    return 1;
  }
  if (print) zoned::zone::print_zone(zone, stdout);
  // After a printed zone the verdict is a comment, so the output stays a valid zone file.
  std::printf("%szone %s is ok\n", print ? "; " : "", zone_text);
  return 0;
}
