#include "server/zone_file_loader.h"

#include <chrono>
#include <utility>

#include "server/log.h"
#include "zone/zone_contents.h"
#include "zone/zone_loader.h"

namespace zoned::server {
namespace {

// A broken 1M-record zone must not flood the log: the count says the rest.
constexpr std::size_t kMaxLoggedDiagnostics = 10;

std::size_t live_records(const zone::ZoneContents& contents) {
  std::size_t n = 0;
  for (const zone::Record& r : contents.records())
    n += zone::ZoneContents::live(r) ? 1 : 0;
  return n;
}

}  // namespace

std::string zone_display_name(wire::NameView apex) {
  std::string text = wire::to_text(apex);
  if (text.size() > 1 && text.back() == '.') text.pop_back();
  return text;
}

ZoneFileResult load_zone_snapshot(wire::NameView apex, const std::string& path) {
  ZoneFileResult result;
  const auto start = std::chrono::steady_clock::now();
  const std::string zone_name = zone_display_name(apex);
  std::string first_error;
  std::size_t reported = 0;
  zone::ZoneContents contents(apex);
  // The first error becomes the reason in the caller's line; the rest are logged here.
  const zone::LoadResult load = zone::load_zone_file(path, contents, [&](const std::string& line) {
    if (first_error.empty() && line.find("error") != std::string::npos) {
      first_error = line;
    } else if (reported++ < kMaxLoggedDiagnostics) {
      log_warning("zone %s: %s", zone_name.c_str(), line.c_str());
    }
  });
  if (load.errors > 0) {
    result.failure = first_error.empty() ? "errors in " + path : first_error;
    if (load.errors > 1) result.failure += " (" + std::to_string(load.errors) + " errors)";
    return result;
  }
  result.records = live_records(contents);
  result.snapshot = zone::build_snapshot(std::move(contents));
  result.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace zoned::server
