// The server's log: one line per event, to stderr in the foreground (-d), else to the
// configured logfile or syslog, as NSD does. Thread-safe (each line is one write); never
// used on the query path.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace zoned::server {

enum class LogLevel { kError, kWarning, kInfo, kDebug };

struct LogTarget {
  bool to_stderr = true;               // -d: the foreground
  std::optional<std::string> logfile;  // appended to when set (and not in the foreground)
  unsigned verbosity = 0;              // NSD's verbosity: kDebug lines need 2 or more
  // NSD's log-time-ascii (yes: "[2026-11-26 12:00:00.123]", no: "[1795694400]") and
  // log-time-iso ("2026-11-26T12:00:00.123+01:00", winning over log-time-ascii).
  bool time_ascii = true;
  bool time_iso = false;
};

// Reopens the target: call at start-up and after daemonizing.
void configure_log(const LogTarget& target);

// zoned-control verbosity and log_reopen: the same target at another verbosity; the
// logfile opened again (after rotation).
void set_log_verbosity(unsigned verbosity);
unsigned log_verbosity();
void reopen_log();

void log_line(LogLevel level, const std::string& message);

// "2026-11-26T12:00:00Z": a wall-clock time (seconds since the epoch) for logs and status.
std::string utc_time_text(std::int64_t seconds);

// printf-style shorthands.
void log_error(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_warning(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_info(const char* format, ...) __attribute__((format(printf, 1, 2)));
void log_debug(const char* format, ...) __attribute__((format(printf, 1, 2)));

}  // namespace zoned::server
