// Writing a file so that readers (and a crash) see either the old file whole or the new one
// whole, never a part: the data goes to a temp file beside the target, which is synced and
// then renamed over it, and the directory is synced so the rename itself survives a crash.
//
//   AtomicFileWriter out;
//   if (!out.open(path, error)) return false;
//   out.write(text);                      // as often as needed; buffered
//   if (!out.commit(error)) return false; // only now is `path` replaced
//
// On any failure (no space, read-only file system, no permission, a short write) the temp
// file is removed and `path` is left as it was; the error names the file and the cause:
// "cannot write /x/y.zone: No space left on device".
//
// The temp file is "<path>.zoned-tmp.<pid>". A stale one (left by a crash of a process that
// had the same pid, as every restart of a container's first process does) is replaced. Two
// writers of the same path in one process at the same time are not supported.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace zoned::zone {

class AtomicFileWriter {
 public:
  // Data is handed to the kernel in writes of this size (and at commit).
  static constexpr std::size_t kChunkSize = 256 * 1024;

  AtomicFileWriter() = default;
  AtomicFileWriter(const AtomicFileWriter&) = delete;
  AtomicFileWriter& operator=(const AtomicFileWriter&) = delete;
  // Abandons the file when commit() has not succeeded.
  ~AtomicFileWriter() { abort(); }

  // Creates the missing parent directories (mode 0755) and the temp file (`mode`, before
  // the umask: 0600 for a file of secrets).
  bool open(const std::string& path, std::string& error, unsigned mode = 0644);
  // Appends to the file. False once anything has failed (commit() then says what); writes
  // after a failure are ignored, so a caller may check only at the end.
  bool write(std::string_view data);
  // Flushes, syncs, renames over the target and syncs its directory. False, with `error`,
  // when anything failed; `path` is then untouched, except when only the final sync of the
  // directory failed (the new file is in place but may not survive a crash; the error says
  // so).
  bool commit(std::string& error);
  // Removes the temp file (nothing when committed or never opened).
  void abort();
  // True once commit() has renamed the file over the target, even when it then returned
  // false (the directory sync): a caller that keeps the file open (the IXFR journal) must
  // then reopen it.
  bool replaced() const { return replaced_; }

  const std::string& path() const { return path_; }
  const std::string& temp_path() const { return temp_; }

 private:
  // Writes the buffer out; false (and failed_) on an error.
  bool flush();
  bool fail(const std::string& what, int err);

  std::string path_;
  std::string temp_;
  int fd_ = -1;
  std::string buffer_;
  bool failed_ = false;
  bool replaced_ = false;
  std::string error_;  // the first failure
};

// The whole of `contents` written atomically to `path`.
bool write_file_atomically(const std::string& path, std::string_view contents, std::string& error);

// Removes the temp files a writer of `path` left when its process died mid-write
// ("<path>.zoned-tmp.<pid>" of any pid); returns how many. Call it before writing `path`
// from a new process (at start), never while another process may be writing it.
std::size_t remove_stale_temp_files(const std::string& path);

}  // namespace zoned::zone
