// tcp-query-count: typed in the configuration (no longer "not implemented"), and a
// TcpConnection that answers that many queries, writes the last response and closes. Also
// the file identities a reload compares to skip unchanged zone files.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "answer_test_util.h"
#include "config/config_loader.h"
#include "server/transport/tcp_connection.h"
#include "server/zone_file_state.h"
#include "wire/message_header.h"

namespace zoned::test {
namespace {

TEST(TcpQueryCount, ConfigIsTypedAndImplemented) {
  config::LoadedConfig loaded =
      config::load_config_text("server:\n  tcp-query-count: 7\n", "t.conf");
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded.config.server.tcp_query_count, 7u);
  EXPECT_EQ(loaded.config.find_ignored(config::Section::kServer, "tcp-query-count"), nullptr);
  for (const config::Diagnostic& d : loaded.diagnostics.messages())
    ADD_FAILURE() << d.to_string();
  EXPECT_EQ(config::load_config_text("", "t.conf").config.server.tcp_query_count, 0u);
  EXPECT_FALSE(config::load_config_text("server:\n  tcp-query-count: -1\n", "t.conf").ok());
}

std::vector<std::uint8_t> framed_queries(int count) {
  std::vector<std::uint8_t> out;
  for (int i = 0; i < count; ++i) {
    std::vector<std::uint8_t> q = make_query({.name = "www.answer.example."});
    out.push_back(static_cast<std::uint8_t>(q.size() >> 8));
    out.push_back(static_cast<std::uint8_t>(q.size()));
    out.insert(out.end(), q.begin(), q.end());
  }
  return out;
}

// Sends `queries` framed queries at once over a socketpair, drives the connection the way a
// worker does, and returns the responses read back and whether the connection finished.
struct Outcome {
  int responses = 0;
  bool finished = false;
  bool peer_saw_eof = false;
};

Outcome drive(std::uint32_t limit, int queries) {
  int fds[2];
  EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_NONBLOCK, 0, fds), 0);
  const auto now = server::TcpConnection::Clock::now();
  const sockaddr_storage peer{};
  server::TcpConnection connection(fds[0], peer, now, std::chrono::seconds(5), limit);
  const std::vector<std::uint8_t> input = framed_queries(queries);
  EXPECT_EQ(write(fds[1], input.data(), input.size()), static_cast<ssize_t>(input.size()));
  std::vector<std::uint8_t> scratch(2 + 65535);
  server::QueryLimits limits;
  Outcome outcome;
  for (int round = 0; round < 20 && !outcome.finished; ++round) {
    const std::uint32_t wanted = connection.wanted_events();
    if (wanted == 0 || !connection.on_events(wanted, test_served(), limits, nullptr, scratch, now))
      outcome.finished = true;
  }
  std::vector<std::uint8_t> received(65536);
  std::size_t got = 0;
  for (;;) {
    const ssize_t n = read(fds[1], received.data() + got, received.size() - got);
    if (n == 0) outcome.peer_saw_eof = true;
    if (n <= 0) break;
    got += static_cast<std::size_t>(n);
  }
  for (std::size_t pos = 0; pos + 2 <= got;) {
    pos += 2 + wire::load_u16(received.data() + pos);
    if (pos <= got) ++outcome.responses;
  }
  close(fds[1]);
  return outcome;  // the connection closes fds[0]
}

TEST(TcpQueryCount, ClosesAfterTheLimitWithEveryResponseWritten) {
  Outcome o = drive(2, 5);
  EXPECT_EQ(o.responses, 2);
  EXPECT_TRUE(o.finished);
  EXPECT_TRUE(o.peer_saw_eof);  // shutdown(SHUT_WR) after the last response
}

TEST(TcpQueryCount, ExactlyTheLimitCloses) {
  Outcome o = drive(3, 3);
  EXPECT_EQ(o.responses, 3);
  EXPECT_TRUE(o.finished);
}

TEST(TcpQueryCount, BelowTheLimitStaysOpen) {
  Outcome o = drive(3, 2);
  EXPECT_EQ(o.responses, 2);
  EXPECT_FALSE(o.finished);
}

TEST(TcpQueryCount, ZeroIsUnlimited) {
  Outcome o = drive(0, 40);
  EXPECT_EQ(o.responses, 40);
  EXPECT_FALSE(o.finished);
}

std::string temp_file(const std::string& text) {
  char path[] = "/tmp/zoned_state_XXXXXX";
  const int fd = mkstemp(path);
  EXPECT_GE(fd, 0);
  EXPECT_EQ(write(fd, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  close(fd);
  return path;
}

TEST(ZoneFileState, UnchangedOnlyAfterALoadWithTheSameIdentity) {
  const std::string path = temp_file("a\n");
  server::ZoneFileStates states;
  const std::string key = wire::name_key(name_of("Example.COM.").view());
  EXPECT_EQ(key, wire::name_key(name_of("example.com.").view()));
  const auto first = server::identify_file(path);
  ASSERT_TRUE(first);
  EXPECT_FALSE(states.unchanged(key, *first));  // never loaded
  states.loaded(key, *first);
  EXPECT_TRUE(states.unchanged(key, *server::identify_file(path)));
  // Same size, new modification time (set explicitly: the clock may not have ticked).
  std::ofstream(path) << "b\n";
  timespec times[2] = {{0, UTIME_OMIT}, {first->mtime.tv_sec, first->mtime.tv_nsec + 1}};
  if (times[1].tv_nsec >= 1000000000) times[1] = {first->mtime.tv_sec + 1, 0};
  ASSERT_EQ(utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  const auto touched = server::identify_file(path);
  ASSERT_TRUE(touched);
  EXPECT_EQ(touched->size, first->size);
  EXPECT_FALSE(states.unchanged(key, *touched));
  // A new file in its place (another inode) with the old size and time.
  states.loaded(key, *touched);
  const std::string other = temp_file("c\n");
  ASSERT_EQ(utimensat(AT_FDCWD, other.c_str(), times, 0), 0);
  ASSERT_EQ(std::rename(other.c_str(), path.c_str()), 0);
  EXPECT_FALSE(states.unchanged(key, *server::identify_file(path)));
  // A failure forgets: the next reload reads the file whatever it says.
  states.loaded(key, *server::identify_file(path));
  states.forget(key);
  EXPECT_FALSE(states.unchanged(key, *server::identify_file(path)));
  EXPECT_FALSE(server::identify_file(path + ".missing"));
  std::remove(path.c_str());
}

}  // namespace
}  // namespace zoned::test
