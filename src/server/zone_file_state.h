// What a reload needs to skip zone files that did not change: per zone, the identity of
// the file as it was when the zone last loaded successfully (device, inode, size and
// modification time to the nanosecond). A zone without a recorded identity (never loaded,
// or failed last time) is always read again.
#pragma once

#include <sys/stat.h>

#include <ctime>
#include <optional>
#include <string>
#include <unordered_map>

#include "wire/name.h"

namespace zoned::server {

struct FileIdentity {
  dev_t device = 0;
  ino_t inode = 0;
  off_t size = 0;
  std::timespec mtime{};

  bool operator==(const FileIdentity& other) const {
    return device == other.device && inode == other.inode && size == other.size &&
           mtime.tv_sec == other.mtime.tv_sec && mtime.tv_nsec == other.mtime.tv_nsec;
  }
};

// The identity of the file at `path` now (stat, following symlinks); nullopt when it
// cannot be stat'ed, which the loader then reports.
std::optional<FileIdentity> identify_file(const std::string& path);

class ZoneFileStates {
 public:
  // True when zone `key` loaded successfully from a file with exactly this identity.
  bool unchanged(const std::string& key, const FileIdentity& now) const;
  // The zone loaded from a file that had `identity` before it was read.
  void loaded(const std::string& key, const FileIdentity& identity);
  // The zone failed (or has no file): the next reload reads it whatever its file says.
  void forget(const std::string& key);

 private:
  std::unordered_map<std::string, FileIdentity> loaded_;
};

}  // namespace zoned::server
