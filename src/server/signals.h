// The signals zoned acts on, handled synchronously in the main thread: they are blocked in
// every thread (workers inherit the mask), and the main thread waits for them, so no
// handler ever runs in the middle of a worker's batch or a reload.
//   SIGHUP            reload the zone files
//   SIGTERM, SIGINT   stop
#pragma once

namespace zoned::server {

enum class SignalEvent { kNone, kReload, kStop };

// Blocks the handled signals in the calling thread (call before starting any thread) and
// ignores SIGPIPE (a client that resets its TCP connection must not kill the server).
void block_server_signals();

// Waits up to `timeout_ms` for a handled signal.
SignalEvent wait_for_signal(int timeout_ms);

}  // namespace zoned::server
