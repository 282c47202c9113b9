#include "zone/zone_file_writer.h"

#include <ctime>

#include "wire/name.h"
#include "zone/atomic_file.h"
#include "zone/zone_cursor.h"
#include "zone/zone_printer.h"

namespace zoned::zone {

namespace {

// "2026-11-26 12:00:00 UTC"
std::string utc_now_text() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S UTC", &tm);
  return text;
}

}  // namespace

bool write_zone_file(const ZoneSnapshot& zone, const std::string& path, std::string& error) {
  AtomicFileWriter out;
  if (!out.open(path, error)) return false;
  // One record's line at a time; the writer gathers them into its chunks.
  std::string line = "; zone ";
  wire::append_name_text(zone.apex(), line);
  line +=
      " serial " + std::to_string(zone.serial()) + ", written by zoned " + utc_now_text() + "\n";
  out.write(line);
  for (ZoneCursor cursor(zone); !cursor.done(); cursor.advance()) {
    const ZoneRecord& r = cursor.record();
    line.clear();
    append_record_text(r.owner, r.ttl, r.type, r.rdata, line);
    if (!out.write(line)) break;  // commit() says what failed
  }
  return out.commit(error);
}

}  // namespace zoned::zone
