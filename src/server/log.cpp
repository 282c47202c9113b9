#include "server/log.h"

#include <fcntl.h>
#include <syslog.h>
#include <unistd.h>

#include <cstdarg>
#include <cstdio>
#include <ctime>
#include <mutex>

namespace zoned::server {
namespace {

struct LogState {
  std::mutex mutex;  // guards the fields below; the lines themselves are single writes
  LogTarget target;
  int fd = STDERR_FILENO;
  bool use_syslog = false;
};

LogState& state() {
  static LogState s;
  return s;
}

const char* level_name(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return "error";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kDebug:
      return "debug";
  }
  return "info";
}

int syslog_priority(LogLevel level) {
  switch (level) {
    case LogLevel::kError:
      return LOG_ERR;
    case LogLevel::kWarning:
      return LOG_WARNING;
    case LogLevel::kInfo:
      return LOG_INFO;
    case LogLevel::kDebug:
      return LOG_DEBUG;
  }
  return LOG_INFO;
}

// The time at the start of a line, in NSD's three forms (see LogTarget).
std::string time_stamp(const LogTarget& target) {
  timespec now{};
  clock_gettime(CLOCK_REALTIME, &now);
  const int millis = static_cast<int>(now.tv_nsec / 1000000);
  if (!target.time_ascii && !target.time_iso)
    return "[" + std::to_string(static_cast<long long>(now.tv_sec)) + "]";
  std::tm local{};
  localtime_r(&now.tv_sec, &local);
  char stamp[48];
  if (target.time_iso) {
    char zone[8];
    std::strftime(zone, sizeof zone, "%z", &local);  // +0100
    char date[32];
    std::strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%S", &local);
    std::snprintf(stamp, sizeof stamp, "%s.%03d%.3s:%.2s", date, millis, zone, zone + 3);
    return stamp;
  }
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M:%S", &local);
  std::snprintf(stamp, sizeof stamp, "[%s.%03d]", date, millis);
  return stamp;
}

// "[2026-11-26 10:00:00.123] zoned[1234]: info: message\n", as NSD's log lines.
std::string format_line(const LogTarget& target, LogLevel level, const std::string& message) {
  char prefix[96];
  std::snprintf(prefix, sizeof prefix, "%s zoned[%d]: %s: ", time_stamp(target).c_str(),
                static_cast<int>(getpid()), level_name(level));
  return prefix + message + "\n";
}

void vlog(LogLevel level, const char* format, std::va_list args) {
  char buffer[2048];
  std::vsnprintf(buffer, sizeof buffer, format, args);
  log_line(level, buffer);
}

}  // namespace

void configure_log(const LogTarget& target) {
  LogState& s = state();
  std::lock_guard lock(s.mutex);
  if (s.fd != STDERR_FILENO) close(s.fd);
  s.target = target;
  s.fd = STDERR_FILENO;
  s.use_syslog = false;
  if (target.to_stderr) return;
  if (target.logfile) {
    int fd = open(target.logfile->c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0) {
      s.fd = fd;
      return;
    }
  }
  openlog("zoned", LOG_PID | LOG_NDELAY, LOG_DAEMON);
  s.use_syslog = true;
}

void set_log_verbosity(unsigned verbosity) {
  LogState& s = state();
  std::lock_guard lock(s.mutex);
  s.target.verbosity = verbosity;
}

unsigned log_verbosity() {
  LogState& s = state();
  std::lock_guard lock(s.mutex);
  return s.target.verbosity;
}

void reopen_log() {
  LogTarget target;
  {
    LogState& s = state();
    std::lock_guard lock(s.mutex);
    target = s.target;
  }
  configure_log(target);
}

void log_line(LogLevel level, const std::string& message) {
  LogState& s = state();
  std::lock_guard lock(s.mutex);
  if (level == LogLevel::kDebug && s.target.verbosity < 2) return;
  if (s.use_syslog) {
    syslog(syslog_priority(level), "%s", message.c_str());
    return;
  }
  const std::string line = format_line(s.target, level, message);
  // One write per line so lines of different threads and processes never interleave.
  ssize_t ignored = write(s.fd, line.data(), line.size());
  (void)ignored;
}

void log_error(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  vlog(LogLevel::kError, format, args);
  va_end(args);
}

void log_warning(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  vlog(LogLevel::kWarning, format, args);
  va_end(args);
}

void log_info(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  vlog(LogLevel::kInfo, format, args);
  va_end(args);
}

void log_debug(const char* format, ...) {
  std::va_list args;
  va_start(args, format);
  vlog(LogLevel::kDebug, format, args);
  va_end(args);
}

std::string utc_time_text(std::int64_t seconds) {
  const std::time_t t = static_cast<std::time_t>(seconds);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buffer;
}

}  // namespace zoned::server
