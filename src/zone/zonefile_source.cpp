#include "zone/zonefile_source.h"

#include "zone/huge_pages.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace zoned::zone {

namespace {

// Closes the descriptor on every return path.
class FileDescriptor {
 public:
  explicit FileDescriptor(int fd) : fd_(fd) {}
  ~FileDescriptor() {
    if (fd_ >= 0) ::close(fd_);
  }
  FileDescriptor(const FileDescriptor&) = delete;
  FileDescriptor& operator=(const FileDescriptor&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

constexpr std::size_t kMinimumChunk = 64 * 1024;

}  // namespace

bool ZoneFileSource::load(const std::string& path, std::string& error) {
  FileDescriptor fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (fd.get() < 0) {
    error = std::strerror(errno);
    return false;
  }
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) {
    error = std::strerror(errno);
    return false;
  }
  if (S_ISDIR(st.st_mode)) {
    error = std::strerror(EISDIR);
    return false;
  }
  std::size_t hint = S_ISREG(st.st_mode) ? static_cast<std::size_t>(st.st_size) : 0;
  return read_all(fd.get(), hint, error);
}

bool ZoneFileSource::read_all(int fd, std::size_t size_hint, std::string& error) {
  // One spare octet so a regular file is known to be complete after a single short read.
  std::size_t capacity = size_hint + 1 < kMinimumChunk ? kMinimumChunk : size_hint + 1;
  auto buffer = std::unique_ptr<char[]>(new char[capacity]);
  advise_huge_pages(buffer.get(), capacity);
  std::size_t used = 0;
  for (;;) {
    if (used == capacity) {
      // The file grew, or has no size (a pipe): double the buffer.
      auto bigger = std::unique_ptr<char[]>(new char[capacity * 2]);
      std::memcpy(bigger.get(), buffer.get(), used);
      buffer = std::move(bigger);
      capacity *= 2;
    }
    ssize_t n = ::read(fd, buffer.get() + used, capacity - used);
    if (n < 0) {
      if (errno == EINTR) continue;
      error = std::strerror(errno);
      return false;
    }
    if (n == 0) break;
    used += static_cast<std::size_t>(n);
  }
  data_ = std::move(buffer);
  size_ = used;
  return true;
}

}  // namespace zoned::zone
