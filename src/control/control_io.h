// What the control server and client share: a connection's byte stream with a deadline on
// every step, plain (a Unix socket) or TLS. OpenSSL never touches the socket: it works on
// memory BIOs and this file moves the bytes with recv/send(MSG_NOSIGNAL), so a peer that
// goes away never raises SIGPIPE and no step waits past its deadline.
#pragma once

#include <openssl/ssl.h>

#include <chrono>
#include <cstddef>
#include <memory>
#include <string>
#include <string_view>

namespace zoned::control::detail {

using Clock = std::chrono::steady_clock;
using Deadline = Clock::time_point;  // Deadline::max(): no limit

inline Deadline deadline_after(std::chrono::milliseconds timeout) {
  return timeout.count() <= 0 ? Deadline::max() : Clock::now() + timeout;
}

// A file descriptor closed on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept;
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1);

 private:
  int fd_ = -1;
};

struct SslCtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
using SslCtxPtr = std::unique_ptr<SSL_CTX, SslCtxFree>;
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};
using SslPtr = std::unique_ptr<SSL, SslFree>;

// OpenSSL's queued errors as one text (and the queue emptied); `fallback` when none.
std::string openssl_errors(std::string_view fallback);

// errno as text.
std::string errno_text(int error);

enum class IoResult { kOk, kEof, kTimeout, kWoken, kError };

// One connection. `ssl` (may be null: plain) must have its accept or connect state set.
// `wake_fd`, when not -1, ends any wait with kWoken once it is readable.
class Stream {
 public:
  Stream(int fd, SslPtr ssl, int wake_fd = -1);
  Stream(const Stream&) = delete;
  Stream& operator=(const Stream&) = delete;
  ~Stream();

  void set_wake_fd(int fd) { wake_fd_ = fd; }

  // The TLS handshake (nothing for plain).
  IoResult handshake(Deadline deadline);
  // Some bytes into `buffer`; kEof at a clean end (TLS: close_notify received).
  IoResult read_some(char* buffer, std::size_t size, std::size_t& got, Deadline deadline);
  IoResult write_all(std::string_view data, Deadline deadline);
  // Ends the sending side: TLS close_notify, then the socket's write half.
  IoResult finish_writing(Deadline deadline);
  // Reads and drops whatever the peer still sends until it closes, at most `limit` bytes,
  // so that closing does not reset a connection whose peer still reads.
  void drain(std::size_t limit, Deadline deadline);

  // What went wrong at the last kError (or kEof in the middle of TLS).
  const std::string& error() const { return error_; }

 private:
  IoResult wait(short events, Deadline deadline);
  IoResult flush(Deadline deadline);
  IoResult fill(Deadline deadline);
  // One recv() of up to `size` octets, waiting (until `deadline`) while there is none.
  IoResult receive(char* buffer, std::size_t size, std::size_t& got, Deadline deadline);
  template <class Operation>
  IoResult drive(Operation operation, int& result, Deadline deadline);

  int fd_;
  SslPtr ssl_;
  BIO* network_in_ = nullptr;   // owned by ssl_: bytes from the peer, for OpenSSL
  BIO* network_out_ = nullptr;  // owned by ssl_: OpenSSL's bytes for the peer
  std::string pending_out_;     // taken from network_out_, not yet sent
  int wake_fd_;
  bool peer_closed_ = false;
  std::string error_;
};

}  // namespace zoned::control::detail
