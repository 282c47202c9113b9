#include "server/signals.h"

#include <signal.h>

#include <cerrno>
#include <ctime>

namespace zoned::server {
namespace {

sigset_t handled_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGHUP);
  sigaddset(&set, SIGTERM);
  sigaddset(&set, SIGINT);
  return set;
}

}  // namespace

void block_server_signals() {
  const sigset_t set = handled_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  signal(SIGPIPE, SIG_IGN);
}

SignalEvent wait_for_signal(int timeout_ms) {
  const sigset_t set = handled_signals();
  timespec timeout{timeout_ms / 1000, static_cast<long>(timeout_ms % 1000) * 1000000L};
  const int signal_number = sigtimedwait(&set, nullptr, &timeout);
  if (signal_number == SIGHUP) return SignalEvent::kReload;
  if (signal_number == SIGTERM || signal_number == SIGINT) return SignalEvent::kStop;
  return SignalEvent::kNone;  // timeout or EINTR
}

}  // namespace zoned::server
