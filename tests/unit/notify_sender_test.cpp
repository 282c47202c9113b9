// NOTIFY out against a scripted secondary on loopback: a NOTIFY unanswered is sent again,
// an acknowledged one stops, a target that never answers is given up after notify-retry
// more attempts, and a signed NOTIFY carries a TSIG the secondary can verify.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <chrono>
#include <thread>
#include <vector>

#include "transfer/notify_sender.h"
#include "wire/message_builder.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"

namespace zoned::transfer {
namespace {

using namespace std::chrono_literals;

// A UDP socket on 127.0.0.1 and a free port, standing in for a secondary.
struct Secondary {
  int fd = -1;
  sockaddr_storage address{};
  Secondary() {
    fd = socket(AF_INET, SOCK_DGRAM, 0);
    auto& in = reinterpret_cast<sockaddr_in&>(address);
    in.sin_family = AF_INET;
    in.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    EXPECT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&in), sizeof in), 0);
    socklen_t size = sizeof in;
    getsockname(fd, reinterpret_cast<sockaddr*>(&in), &size);
  }
  ~Secondary() { close(fd); }

  // The next NOTIFY within `timeout`, or an empty message.
  std::vector<std::uint8_t> receive(sockaddr_storage& from, std::chrono::milliseconds timeout) {
    pollfd p{fd, POLLIN, 0};
    if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return {};
    std::vector<std::uint8_t> buffer(4096);
    socklen_t size = sizeof from;
    const ssize_t n =
        recvfrom(fd, buffer.data(), buffer.size(), 0, reinterpret_cast<sockaddr*>(&from), &size);
    buffer.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
    return buffer;
  }

  // Acknowledges `notify` (NOERROR, the question echoed), signed when `signer` is given.
  void acknowledge(const std::vector<std::uint8_t>& notify, const sockaddr_storage& to,
                   wire::TsigSigner* signer = nullptr) {
    wire::MessageInfo info;
    ASSERT_EQ(wire::parse_message(notify, info), wire::ParseError::kOk);
    std::array<std::uint8_t, 1024> out{};
    wire::MessageBuilder b(out, 512);
    b.header().id = info.header.id;
    b.header().set_opcode(wire::Opcode::kNotify);
    b.header().set(wire::flag::QR, true);
    b.header().set(wire::flag::AA, true);
    b.add_question(info.question.name.view(), info.question.type, info.question.cls);
    std::size_t length = b.finish().size();
    if (signer != nullptr) length = signer->sign(out, length, std::time(nullptr));
    sendto(fd, out.data(), length, 0, reinterpret_cast<const sockaddr*>(&to), sizeof(sockaddr_in));
  }
};

NotifyZone example_zone(std::uint32_t serial) {
  NotifyZone z;
  z.name = "example.com";
  wire::parse_name("example.com.", nullptr, z.apex);
  z.serial = serial;
  z.soa_ttl = 3600;
  // ns1.example.com. h.example.com. serial 3600 600 1209600 300, uncompressed.
  const std::uint8_t names[] = {3,   'n', 's', '1', 7,   'e', 'x', 'a', 'm', 'p', 'l',
                                'e', 3,   'c', 'o', 'm', 0,   1,   'h', 7,   'e', 'x',
                                'a', 'm', 'p', 'l', 'e', 3,   'c', 'o', 'm', 0};
  z.soa_rdata.assign(std::begin(names), std::end(names));
  for (std::uint32_t v : {serial, 3600u, 600u, 1209600u, 300u})
    for (int shift = 24; shift >= 0; shift -= 8)
      z.soa_rdata.push_back(static_cast<std::uint8_t>(v >> shift));
  return z;
}

NotifyTarget target_of(const Secondary& s) {
  NotifyTarget t;
  t.address = s.address;
  t.text = "127.0.0.1@" +
           std::to_string(ntohs(reinterpret_cast<const sockaddr_in&>(s.address).sin_port));
  return t;
}

bool wait_until_idle(const NotifySender& sender, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (sender.pending() != 0 && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(5ms);
  return sender.pending() == 0;
}

TEST(NotifySender, UnansweredNotifyIsSentAgainUntilAcknowledged) {
  Secondary secondary;
  NotifySender sender(5, 50ms);
  sender.start();
  sender.notify(example_zone(7), {target_of(secondary)}, 5);
  sockaddr_storage from{};
  const auto first = secondary.receive(from, 2000ms);
  ASSERT_FALSE(first.empty());
  wire::MessageInfo info;
  ASSERT_EQ(wire::parse_message(first, info), wire::ParseError::kOk);
  EXPECT_EQ(info.header.opcode(), wire::Opcode::kNotify);
  EXPECT_TRUE(info.header.has(wire::flag::AA));
  EXPECT_EQ(info.question.type, wire::rrtype::SOA);
  EXPECT_EQ(info.header.ancount, 1);  // the SOA with the new serial
  // Not answered: it comes again, with a new id.
  const auto second = secondary.receive(from, 2000ms);
  ASSERT_FALSE(second.empty());
  secondary.acknowledge(second, from);
  EXPECT_TRUE(wait_until_idle(sender, 2000ms));
  // Acknowledged: nothing more comes.
  EXPECT_TRUE(secondary.receive(from, 200ms).empty());
}

TEST(NotifySender, SilentTargetIsGivenUpAfterTheRetries) {
  Secondary secondary;
  NotifySender sender(2, 30ms);
  sender.start();
  sender.notify(example_zone(7), {target_of(secondary)}, 2);
  sockaddr_storage from{};
  int received = 0;
  while (!secondary.receive(from, 500ms).empty())
    ++received;
  EXPECT_EQ(received, 3);  // the first NOTIFY and notify-retry (2) more
  EXPECT_TRUE(wait_until_idle(sender, 1000ms));
}

TEST(NotifySender, SignedNotifyVerifiesAndNeedsASignedAnswer) {
  Secondary secondary;
  wire::TsigKey key;
  wire::parse_name("primary-secondary.", nullptr, key.name);
  key.secret = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16};
  NotifyTarget target = target_of(secondary);
  target.key = key;
  NotifySender sender(5, 50ms);
  sender.start();
  sender.notify(example_zone(8), {target}, 5);
  sockaddr_storage from{};
  const auto notify = secondary.receive(from, 2000ms);
  ASSERT_FALSE(notify.empty());
  wire::MessageInfo info;
  ASSERT_EQ(wire::parse_message(notify, info), wire::ParseError::kOk);
  const wire::TsigKey keys[] = {key};
  const wire::TsigCheck check = wire::verify_request(notify, info, keys, std::time(nullptr));
  ASSERT_TRUE(check.ok());
  // An unsigned answer to a signed NOTIFY is not trusted: it is sent again.
  secondary.acknowledge(notify, from);
  const auto again = secondary.receive(from, 2000ms);
  ASSERT_FALSE(again.empty());
  wire::MessageInfo again_info;
  ASSERT_EQ(wire::parse_message(again, again_info), wire::ParseError::kOk);
  const wire::TsigCheck again_check =
      wire::verify_request(again, again_info, keys, std::time(nullptr));
  ASSERT_TRUE(again_check.ok());
  wire::TsigSigner signer(again_check);
  secondary.acknowledge(again, from, &signer);
  EXPECT_TRUE(wait_until_idle(sender, 2000ms));
}

}  // namespace
}  // namespace zoned::transfer
