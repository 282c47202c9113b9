#include "zone/atomic_file.h"

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

namespace zoned::zone {

namespace {

std::string errno_message(const std::string& what, const std::string& file, int err) {
  return what + " " + file + ": " + std::strerror(err);
}

// The directory holding `path` ("." for a bare name, "/" for a file at the root).
std::string parent_of(const std::string& path) {
  const std::size_t slash = path.rfind('/');
  if (slash == std::string::npos) return ".";
  const std::size_t end = path.find_last_not_of('/', slash);
  return end == std::string::npos ? "/" : path.substr(0, end + 1);
}

bool sync_directory(const std::string& dir, int& err) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    err = errno;
    return false;
  }
  const bool ok = ::fsync(fd) == 0;
  if (!ok) err = errno;
  ::close(fd);
  return ok;
}

// mkdir -p: every missing directory of `dir`, mode 0755 (less the umask). On failure `failed`
// is the directory that could not be made, or the file in the way, and `err` the reason.
bool make_directories(const std::string& dir, std::string& failed, int& err) {
  struct stat st;
  if (::stat(dir.c_str(), &st) == 0) {
    if (S_ISDIR(st.st_mode)) return true;
    failed = dir;
    err = ENOTDIR;
    return false;
  }
  // ENOTDIR: a file in the way further up, which the parent's turn names.
  if (errno != ENOENT && errno != ENOTDIR) {
    err = errno;
    failed = dir;
    return false;
  }
  const std::string parent = parent_of(dir);
  if (parent != dir && !make_directories(parent, failed, err)) return false;
  if (::mkdir(dir.c_str(), 0755) == 0) {
    // Best effort: the new entry made durable in its parent, as commit() does for the file.
    int ignored = 0;
    sync_directory(parent, ignored);
    return true;
  }
  err = errno;
  // EEXIST: made by someone else meanwhile, fine if it is a directory.
  if (err == EEXIST && ::stat(dir.c_str(), &st) == 0 && S_ISDIR(st.st_mode)) return true;
  failed = dir;
  return false;
}

bool write_all(int fd, const char* p, std::size_t n, int& err) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      err = errno;
      return false;
    }
    if (w == 0) {
      err = EIO;
      return false;
    }
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

}  // namespace

bool AtomicFileWriter::fail(const std::string& what, int err) {
  if (!failed_) error_ = errno_message(what, path_, err);
  failed_ = true;
  return false;
}

bool AtomicFileWriter::open(const std::string& path, std::string& error, unsigned mode) {
  abort();
  path_ = path;
  temp_ = path + ".zoned-tmp." + std::to_string(::getpid());
  failed_ = false;
  replaced_ = false;
  error_.clear();
  buffer_.clear();
  const std::string dir = parent_of(path);
  std::string failed_dir;
  int err = 0;
  if (!make_directories(dir, failed_dir, err)) {
    error = errno_message("cannot write " + path + ": cannot create directory", failed_dir, err);
    temp_.clear();
    return false;
  }
  const int flags = O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC;
  fd_ = ::open(temp_.c_str(), flags, mode);
  if (fd_ < 0 && errno == EEXIST) {
    // A stale temp file of an earlier process with our pid.
    ::unlink(temp_.c_str());
    fd_ = ::open(temp_.c_str(), flags, mode);
  }
  if (fd_ < 0) {
    error = errno_message("cannot write", path, errno);
    temp_.clear();
    return false;
  }
  buffer_.reserve(kChunkSize);
  return true;
}

bool AtomicFileWriter::flush() {
  int err = 0;
  if (!write_all(fd_, buffer_.data(), buffer_.size(), err)) return fail("cannot write", err);
  buffer_.clear();
  return true;
}

bool AtomicFileWriter::write(std::string_view data) {
  if (failed_) return false;
  if (fd_ < 0) return fail("cannot write", EBADF);
  while (!data.empty()) {
    if (buffer_.empty() && data.size() >= kChunkSize) {
      // A large piece goes out directly, in whole chunks.
      const std::size_t n = data.size() - data.size() % kChunkSize;
      int err = 0;
      if (!write_all(fd_, data.data(), n, err)) return fail("cannot write", err);
      data.remove_prefix(n);
      continue;
    }
    const std::size_t n = std::min(kChunkSize - buffer_.size(), data.size());
    buffer_.append(data.data(), n);
    data.remove_prefix(n);
    if (buffer_.size() == kChunkSize && !flush()) return false;
  }
  return true;
}

bool AtomicFileWriter::commit(std::string& error) {
  if (fd_ < 0 && !failed_) fail("cannot write", EBADF);
  if (!failed_ && flush() && ::fsync(fd_) != 0) fail("cannot write", errno);
  if (!failed_) {
    const int fd = fd_;
    fd_ = -1;
    if (::close(fd) != 0) fail("cannot write", errno);
  }
  if (!failed_ && ::rename(temp_.c_str(), path_.c_str()) != 0) fail("cannot write", errno);
  if (failed_) {
    error = error_;
    abort();
    return false;
  }
  temp_.clear();  // it is the target now: nothing to abandon
  replaced_ = true;
  int err = 0;
  if (!sync_directory(parent_of(path_), err)) {
    error =
        errno_message("wrote " + path_ + " but cannot sync its directory", parent_of(path_), err);
    return false;
  }
  return true;
}

void AtomicFileWriter::abort() {
  if (fd_ >= 0) {
    ::close(fd_);
    fd_ = -1;
  }
  if (!temp_.empty()) {
    ::unlink(temp_.c_str());
    temp_.clear();
  }
  buffer_.clear();
}

bool write_file_atomically(const std::string& path, std::string_view contents, std::string& error) {
  AtomicFileWriter out;
  if (!out.open(path, error)) return false;
  out.write(contents);
  return out.commit(error);
}

std::size_t remove_stale_temp_files(const std::string& path) {
  const std::string dir = parent_of(path);
  const std::string prefix = path.substr(path.rfind('/') + 1) + ".zoned-tmp.";
  DIR* d = ::opendir(dir.c_str());
  if (d == nullptr) return 0;
  std::size_t removed = 0;
  while (const dirent* entry = ::readdir(d)) {
    const std::string_view name = entry->d_name;
    if (name.size() <= prefix.size() || name.substr(0, prefix.size()) != prefix) continue;
    const std::string_view pid = name.substr(prefix.size());
    if (pid.find_first_not_of("0123456789") != std::string_view::npos) continue;
    if (::unlink((dir + "/" + std::string(name)).c_str()) == 0) ++removed;
  }
  ::closedir(d);
  return removed;
}

}  // namespace zoned::zone
