#include "server/daemon.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>

namespace zoned::server {

bool daemonize(std::string& error) {
  const pid_t pid = fork();
  if (pid < 0) {
    error = std::string("fork: ") + std::strerror(errno);
    return false;
  }
  if (pid > 0) _exit(0);  // the parent: the shell gets its prompt back
  if (setsid() < 0) {
    error = std::string("setsid: ") + std::strerror(errno);
    return false;
  }
  const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null >= 0) {
    dup2(null, STDIN_FILENO);
    dup2(null, STDOUT_FILENO);
    dup2(null, STDERR_FILENO);
    if (null > STDERR_FILENO) close(null);
  }
  return true;
}

bool write_pidfile(const std::string& path, std::string& error) {
  if (path.empty()) return true;
  // Written to a temporary name and renamed, so a reader never sees a half-written file.
  const std::string temporary = path + ".tmp";
  std::FILE* f = std::fopen(temporary.c_str(), "w");
  if (f == nullptr) {
    error = "cannot write pidfile " + path + ": " + std::strerror(errno);
    return false;
  }
  std::fprintf(f, "%d\n", static_cast<int>(getpid()));
  const bool written = std::fclose(f) == 0;
  if (!written || std::rename(temporary.c_str(), path.c_str()) != 0) {
    error = "cannot write pidfile " + path + ": " + std::strerror(errno);
    std::remove(temporary.c_str());
    return false;
  }
  return true;
}

void remove_pidfile(const std::string& path) {
  if (path.empty()) return;
  std::ifstream in(path);
  long pid = 0;
  if (in >> pid && pid == static_cast<long>(getpid())) std::remove(path.c_str());
}

}  // namespace zoned::server
