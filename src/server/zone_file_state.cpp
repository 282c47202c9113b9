#include "server/zone_file_state.h"

#include <cctype>

namespace zoned::server {

std::optional<FileIdentity> identify_file(const std::string& path) {
  struct stat st {};
  if (stat(path.c_str(), &st) != 0) return std::nullopt;
  FileIdentity id;
  id.device = st.st_dev;
  id.inode = st.st_ino;
  id.size = st.st_size;
  id.mtime = st.st_mtim;
  return id;
}

bool ZoneFileStates::unchanged(const std::string& key, const FileIdentity& now) const {
  const auto found = loaded_.find(key);
  return found != loaded_.end() && found->second == now;
}

void ZoneFileStates::loaded(const std::string& key, const FileIdentity& identity) {
  loaded_.insert_or_assign(key, identity);
}

void ZoneFileStates::forget(const std::string& key) {
  loaded_.erase(key);
}

}  // namespace zoned::server
