// Reads a zone file into ZoneContents and runs the checks: what zoned-checkzone does, and
// what the server will do on load and reload.
#pragma once

#include <cstddef>
#include <functional>
#include <string>

#include "wire/name.h"
#include "zone/zone_contents.h"

namespace zoned::zone {

struct LoadResult {
  std::size_t errors = 0;
  std::size_t warnings = 0;
};

// Every diagnostic, parse or check, goes to `report` as one line "file:line[:col]: ...".
LoadResult load_zone_file(const std::string& path, ZoneContents& zone,
                          const std::function<void(const std::string&)>& report);

}  // namespace zoned::zone
