#include "control/control_io.h"

#include <openssl/err.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace zoned::control::detail {
namespace {

constexpr std::size_t kChunk = 16 * 1024;

int remaining_ms(Deadline deadline) {
  if (deadline == Deadline::max()) return -1;
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
  if (left.count() <= 0) return 0;
  return static_cast<int>(std::min<std::chrono::milliseconds::rep>(left.count(), 1 << 30));
}

}  // namespace

UniqueFd& UniqueFd::operator=(UniqueFd&& other) noexcept {
  if (this != &other) reset(other.release());
  return *this;
}

void UniqueFd::reset(int fd) {
  if (fd_ >= 0) close(fd_);
  fd_ = fd;
}

std::string openssl_errors(std::string_view fallback) {
  std::string text;
  unsigned long code;
  while ((code = ERR_get_error()) != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    if (!text.empty()) text += "; ";
    text += buffer;
  }
  return text.empty() ? std::string(fallback) : text;
}

std::string errno_text(int error) {
  char buffer[256];
  // GNU strerror_r: returns the text, which may or may not be in `buffer`.
  return strerror_r(error, buffer, sizeof buffer);
}

Stream::Stream(int fd, SslPtr ssl, int wake_fd) : fd_(fd), ssl_(std::move(ssl)), wake_fd_(wake_fd) {
  if (ssl_) {
    network_in_ = BIO_new(BIO_s_mem());
    network_out_ = BIO_new(BIO_s_mem());
    // An empty input BIO means "wait for more", not the end of the stream.
    BIO_set_mem_eof_return(network_in_, -1);
    SSL_set_bio(ssl_.get(), network_in_, network_out_);
  }
}

Stream::~Stream() = default;

IoResult Stream::wait(short events, Deadline deadline) {
  pollfd fds[2] = {{fd_, events, 0}, {wake_fd_, POLLIN, 0}};
  const nfds_t count = wake_fd_ >= 0 ? 2 : 1;
  for (;;) {
    const int timeout = remaining_ms(deadline);
    if (timeout == 0) {
      error_ = "timed out";
      return IoResult::kTimeout;
    }
    const int ready = poll(fds, count, timeout);
    if (ready < 0) {
      if (errno == EINTR) continue;
      error_ = "poll: " + errno_text(errno);
      return IoResult::kError;
    }
    if (ready == 0) continue;  // the deadline is checked above
    if (count == 2 && fds[1].revents != 0) {
      error_ = "stopped";
      return IoResult::kWoken;
    }
    return IoResult::kOk;  // readable, writable, or an error the next call reports
  }
}

IoResult Stream::flush(Deadline deadline) {
  if (ssl_) {
    char buffer[kChunk];
    int n;
    while ((n = BIO_read(network_out_, buffer, sizeof buffer)) > 0) {
      pending_out_.append(buffer, static_cast<std::size_t>(n));
    }
  }
  std::size_t done = 0;
  while (done < pending_out_.size()) {
    const ssize_t n =
        send(fd_, pending_out_.data() + done, pending_out_.size() - done, MSG_NOSIGNAL);
    if (n >= 0) {
      done += static_cast<std::size_t>(n);
      continue;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      const IoResult r = wait(POLLOUT, deadline);
      if (r != IoResult::kOk) {
        pending_out_.erase(0, done);
        return r;
      }
      continue;
    }
    error_ = "send: " + errno_text(errno);
    pending_out_.clear();
    return IoResult::kError;
  }
  pending_out_.clear();
  return IoResult::kOk;
}

IoResult Stream::receive(char* buffer, std::size_t size, std::size_t& got, Deadline deadline) {
  for (;;) {
    const ssize_t n = recv(fd_, buffer, size, 0);
    if (n > 0) {
      got = static_cast<std::size_t>(n);
      return IoResult::kOk;
    }
    if (n == 0) return IoResult::kEof;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      const IoResult r = wait(POLLIN, deadline);
      if (r != IoResult::kOk) return r;
      continue;
    }
    error_ = "recv: " + errno_text(errno);
    return IoResult::kError;
  }
}

IoResult Stream::fill(Deadline deadline) {
  char buffer[kChunk];
  std::size_t got = 0;
  const IoResult r = receive(buffer, sizeof buffer, got, deadline);
  if (r == IoResult::kOk) BIO_write(network_in_, buffer, static_cast<int>(got));
  return r;
}

// Runs one OpenSSL call until it completes: sends what it wrote, feeds it what it waits for.
template <class Operation>
IoResult Stream::drive(Operation operation, int& result, Deadline deadline) {
  for (;;) {
    ERR_clear_error();
    result = operation();
    const int status = result > 0 ? SSL_ERROR_NONE : SSL_get_error(ssl_.get(), result);
    switch (status) {
      case SSL_ERROR_NONE:
        return flush(deadline);
      case SSL_ERROR_WANT_READ: {
        IoResult r = flush(deadline);
        if (r != IoResult::kOk) return r;
        r = fill(deadline);
        if (r == IoResult::kEof) {
          // OpenSSL now sees the end: a close_notify before it made the end clean.
          peer_closed_ = true;
          BIO_set_mem_eof_return(network_in_, 0);
          continue;
        }
        if (r != IoResult::kOk) return r;
        continue;
      }
      case SSL_ERROR_WANT_WRITE: {
        const IoResult r = flush(deadline);
        if (r != IoResult::kOk) return r;
        continue;
      }
      case SSL_ERROR_ZERO_RETURN:
        return IoResult::kEof;
      default: {
        error_ = openssl_errors(peer_closed_ ? "connection closed by the peer" : "TLS failure");
        flush(deadline);  // an alert telling the peer why, if OpenSSL wrote one
        return IoResult::kError;
      }
    }
  }
}

IoResult Stream::handshake(Deadline deadline) {
  if (!ssl_) return IoResult::kOk;
  int result = 0;
  return drive([&] { return SSL_do_handshake(ssl_.get()); }, result, deadline);
}

IoResult Stream::read_some(char* buffer, std::size_t size, std::size_t& got, Deadline deadline) {
  got = 0;
  if (size == 0) return IoResult::kOk;
  if (ssl_) {
    int result = 0;
    const int want = static_cast<int>(std::min<std::size_t>(size, 1 << 30));
    const IoResult r = drive([&] { return SSL_read(ssl_.get(), buffer, want); }, result, deadline);
    if (r == IoResult::kOk) got = static_cast<std::size_t>(result);
    return r;
  }
  return receive(buffer, size, got, deadline);
}

IoResult Stream::write_all(std::string_view data, Deadline deadline) {
  if (!ssl_) {
    pending_out_.append(data);
    return flush(deadline);
  }
  while (!data.empty()) {
    int result = 0;
    const int size = static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20));
    const IoResult r =
        drive([&] { return SSL_write(ssl_.get(), data.data(), size); }, result, deadline);
    if (r != IoResult::kOk) return r;
    data.remove_prefix(static_cast<std::size_t>(result));
  }
  return IoResult::kOk;
}

IoResult Stream::finish_writing(Deadline deadline) {
  if (ssl_) {
    // Sends close_notify; the peer's own close_notify is not waited for.
    ERR_clear_error();
    SSL_shutdown(ssl_.get());
    ERR_clear_error();
    const IoResult r = flush(deadline);
    if (r != IoResult::kOk) return r;
  }
  shutdown(fd_, SHUT_WR);
  return IoResult::kOk;
}

void Stream::drain(std::size_t limit, Deadline deadline) {
  char buffer[kChunk];
  std::size_t total = 0;
  while (total < limit) {
    const ssize_t n = recv(fd_, buffer, sizeof buffer, 0);
    if (n > 0) {
      total += static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) return;
    if (errno == EINTR) continue;
    if (errno != EAGAIN && errno != EWOULDBLOCK) return;
    if (wait(POLLIN, deadline) != IoResult::kOk) return;
  }
}

}  // namespace zoned::control::detail
