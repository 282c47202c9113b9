// What a secondary keeps across restarts for each zone it transfers in (NSD's xfrd.state):
// the serial it serves and when it took it in, the refresh timers, the retry back-off, the
// last NOTIFY, and the last transfer and error for the operator.
//
// The file is text, one line a fact, replaced atomically (zone/atomic_file.h) on each write:
//
//   zoned-secondary-state 1
//   zone: example.com.
//     serial: 2026112601
//     expired: no
//     acquired: 1795694400
//     last-refresh: 1795694400
//     next-refresh: 1795705200
//     retry-step: 0
//     notified-serial: 2026112602
//     last-transfer: IXFR 7 -> 8 from 127.0.0.2@53 key secretkey0 at 2026-11-26 12:00:00
//     last-error:
//   end
//   end-of-state 1
//
// The first line carries the format version; "end-of-state <number of zones>" closes the
// file, so a file cut short anywhere is an error, not a smaller state. Times are Unix
// seconds. "serial" and "notified-serial" are left out when there is none. Values are the
// rest of the line after "key: ", with backslash escapes: \\ \n \r \t and \xHH (every other
// control octet, and a space at either end of a value). Indentation, blank lines and lines
// starting with '#' are ignored, and so are keys this version does not know (a later
// version may add some); a key it knows given twice in one block is an error.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zoned::transfer {

struct SecondaryZoneRecord {
  std::string zone;  // apex in presentation form, lower case, with trailing dot
  bool has_serial = false;
  std::uint32_t serial = 0;  // the serial served
  bool expired = false;
  std::int64_t acquired = 0;      // wall-clock seconds when that serial was taken in
  std::int64_t last_refresh = 0;  // wall-clock seconds of the last successful check with a
                                  // primary (SOA/IXFR/AXFR answered)
  std::int64_t next_refresh = 0;  // wall-clock seconds of the next planned check
  std::uint32_t retry_step = 0;   // back-off step while primaries fail
  bool has_notified = false;
  std::uint32_t notified_serial = 0;
  std::string last_transfer;  // free text, "IXFR 7 -> 8 from 127.0.0.2@53 key k at <time>"
  std::string last_error;     // free text

  bool operator==(const SecondaryZoneRecord&) const = default;
};

// Reads the state file at `path` into `out` (replacing what it held). A missing file is no
// state: true, `out` empty. A file that cannot be read or is malformed: false, `out`
// untouched, `error` "path:line: what is wrong" (or "cannot read path: reason").
bool read_secondary_state(const std::string& path, std::vector<SecondaryZoneRecord>& out,
                          std::string& error);

// Replaces the state file at `path` atomically; false with `error` when it could not be
// written (the old file is then untouched).
bool write_secondary_state(const std::string& path, const std::vector<SecondaryZoneRecord>& zones,
                           std::string& error);

// The file's text for `zones`, as write_secondary_state() writes it.
std::string secondary_state_text(const std::vector<SecondaryZoneRecord>& zones);

}  // namespace zoned::transfer
