#include "transfer/notify_sender.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/random.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include "server/log.h"
#include "wire/message_builder.h"
#include "wire/message_header.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"

namespace zoned::transfer {
namespace {

using server::log_info;
using server::log_warning;

constexpr std::size_t kBufferSize = 4096;

std::uint16_t random_id() {
  std::uint16_t id = 0;
  if (getrandom(&id, sizeof id, 0) != sizeof id) id = static_cast<std::uint16_t>(std::rand());
  return id;
}

std::uint64_t now_seconds() {
  return static_cast<std::uint64_t>(std::time(nullptr));
}

socklen_t address_size(const sockaddr_storage& a) {
  return a.ss_family == AF_INET6 ? sizeof(sockaddr_in6) : sizeof(sockaddr_in);
}

bool same_peer(const sockaddr_storage& a, const sockaddr_storage& b) {
  if (a.ss_family != b.ss_family) return false;
  if (a.ss_family == AF_INET) {
    const auto& x = reinterpret_cast<const sockaddr_in&>(a);
    const auto& y = reinterpret_cast<const sockaddr_in&>(b);
    return x.sin_port == y.sin_port && x.sin_addr.s_addr == y.sin_addr.s_addr;
  }
  const auto& x = reinterpret_cast<const sockaddr_in6&>(a);
  const auto& y = reinterpret_cast<const sockaddr_in6&>(b);
  return x.sin6_port == y.sin6_port &&
         std::memcmp(&x.sin6_addr, &y.sin6_addr, sizeof x.sin6_addr) == 0;
}

std::string pending_key(const NotifyZone& zone, const NotifyTarget& target) {
  return wire::to_text(zone.apex.view()) + "|" + target.text;
}

}  // namespace

NotifySender::NotifySender(unsigned retries, Clock::duration interval)
    : retries_(retries), interval_(interval) {}

NotifySender::~NotifySender() {
  stop();
  for (auto& [_, fd] : sockets_)
    close(fd);
  if (wake_fd_ >= 0) close(wake_fd_);
}

void NotifySender::start() {
  if (thread_.joinable()) return;
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  thread_ = std::thread([this] { run(); });
}

void NotifySender::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  if (wake_fd_ >= 0) {
    const std::uint64_t one = 1;
    ssize_t ignored = write(wake_fd_, &one, sizeof one);
    (void)ignored;
  }
  if (thread_.joinable()) thread_.join();
}

void NotifySender::notify(const NotifyZone& zone, const std::vector<NotifyTarget>& targets,
                          unsigned retries) {
  {
    std::lock_guard lock(mutex_);
    for (const NotifyTarget& target : targets) {
      Pending p;
      p.zone = zone;
      p.target = target;
      p.attempts_left = retries + 1;
      p.next_send = Clock::now();
      pending_[pending_key(zone, target)] = std::move(p);  // a newer serial replaces an older
    }
  }
  if (wake_fd_ >= 0) {
    const std::uint64_t one = 1;
    ssize_t ignored = write(wake_fd_, &one, sizeof one);
    (void)ignored;
  }
}

std::size_t NotifySender::pending() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

int NotifySender::socket_for(const NotifyTarget& target) {
  std::string key = std::to_string(target.address.ss_family);
  if (target.source) {
    key.append("|");
    key.append(reinterpret_cast<const char*>(&*target.source), address_size(*target.source));
  }
  const auto found = sockets_.find(key);
  if (found != sockets_.end()) return found->second;
  const int fd = socket(target.address.ss_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  if (target.source && bind(fd, reinterpret_cast<const sockaddr*>(&*target.source),
                            address_size(*target.source)) != 0) {
    log_warning("NOTIFY to %s: cannot send from the outgoing-interface address: %s",
                target.text.c_str(), std::strerror(errno));
    close(fd);
    return -1;
  }
  sockets_.emplace(key, fd);
  return fd;
}

void NotifySender::send(Pending& p) {
  std::array<std::uint8_t, kBufferSize> buffer{};
  wire::MessageBuilder b(buffer, 512);
  p.id = random_id();
  b.header().id = p.id;
  b.header().set_opcode(wire::Opcode::kNotify);
  b.header().set(wire::flag::AA, true);
  b.add_question(p.zone.apex.view(), wire::rrtype::SOA, wire::rrclass::IN);
  b.add_rr(wire::Section::kAnswer, p.zone.apex.view(), wire::rrtype::SOA, wire::rrclass::IN,
           p.zone.soa_ttl, p.zone.soa_rdata);
  std::size_t length = b.finish().size();
  if (p.target.key) {
    length = wire::sign_request(buffer, length, *p.target.key, now_seconds(), p.request_mac);
    if (length == 0) return;
  }
  const int fd = socket_for(p.target);
  ++p.attempts;
  if (fd < 0 ||
      sendto(fd, buffer.data(), length, 0, reinterpret_cast<const sockaddr*>(&p.target.address),
             address_size(p.target.address)) < 0) {
    log_warning("zone %s: NOTIFY serial %u to %s not sent: %s", p.zone.name.c_str(), p.zone.serial,
                p.target.text.c_str(), std::strerror(errno));
  }
}

void NotifySender::handle_response(Pending& p, std::span<const std::uint8_t> message) {
  wire::MessageInfo info;
  if (wire::parse_message(message, info) != wire::ParseError::kOk) return;
  if (p.target.key) {
    wire::TsigVerifier verifier(*p.target.key, p.request_mac);
    const wire::Rcode e = verifier.verify(message, info, now_seconds());
    if (e != wire::Rcode::kNoError) {
      log_warning("zone %s: NOTIFY answer from %s fails TSIG with %s: %s", p.zone.name.c_str(),
                  p.target.text.c_str(),
                  wire::key_description(p.target.key ? &*p.target.key : nullptr).c_str(),
                  wire::tsig_error_name(verifier.peer_error() != 0
                                            ? static_cast<wire::Rcode>(verifier.peer_error())
                                            : e));
      return;  // not an answer we can trust: keep trying
    }
  }
  const auto rcode = static_cast<wire::Rcode>(info.header.rcode_bits());
  if (rcode == wire::Rcode::kNoError) {
    log_info("zone %s: NOTIFY serial %u acknowledged by %s (%s)", p.zone.name.c_str(),
             p.zone.serial, p.target.text.c_str(),
             wire::key_description(p.target.key ? &*p.target.key : nullptr).c_str());
  } else {
    log_warning("zone %s: NOTIFY serial %u refused by %s with %s (%s): not sent again",
                p.zone.name.c_str(), p.zone.serial, p.target.text.c_str(), wire::to_string(rcode),
                wire::key_description(p.target.key ? &*p.target.key : nullptr).c_str());
  }
  p.attempts_left = 0;
  p.next_send = Clock::time_point::max();  // done: removed by the loop
}

void NotifySender::receive(int fd) {
  std::array<std::uint8_t, kBufferSize> buffer{};
  for (int i = 0; i < 64; ++i) {
    sockaddr_storage from{};
    socklen_t from_size = sizeof from;
    const ssize_t n = recvfrom(fd, buffer.data(), buffer.size(), MSG_DONTWAIT,
                               reinterpret_cast<sockaddr*>(&from), &from_size);
    if (n < static_cast<ssize_t>(wire::kHeaderSize)) {
      if (n < 0) return;
      continue;
    }
    const wire::Header h = wire::Header::read(buffer.data());
    if (!h.has(wire::flag::QR) || h.opcode() != wire::Opcode::kNotify) continue;
    std::lock_guard lock(mutex_);
    for (auto& [_, p] : pending_) {
      if (p.id == h.id && p.attempts > 0 && same_peer(p.target.address, from)) {
        handle_response(p, {buffer.data(), static_cast<std::size_t>(n)});
        break;
      }
    }
  }
}

void NotifySender::run() {
  for (;;) {
    std::vector<pollfd> fds;
    int timeout_ms = -1;
    {
      std::lock_guard lock(mutex_);
      if (stopping_) return;
      const Clock::time_point now = Clock::now();
      for (auto it = pending_.begin(); it != pending_.end();) {
        Pending& p = it->second;
        if (p.next_send == Clock::time_point::max()) {  // answered
          it = pending_.erase(it);
          continue;
        }
        if (p.next_send <= now) {
          if (p.attempts_left == 0) {
            log_warning("zone %s: NOTIFY serial %u to %s (%s) not acknowledged after %u attempts",
                        p.zone.name.c_str(), p.zone.serial, p.target.text.c_str(),
                        wire::key_description(p.target.key ? &*p.target.key : nullptr).c_str(),
                        p.attempts);
            it = pending_.erase(it);
            continue;
          }
          send(p);
          --p.attempts_left;
          p.next_send = now + interval_;
        }
        const auto wait =
            std::chrono::duration_cast<std::chrono::milliseconds>(p.next_send - now).count();
        timeout_ms =
            timeout_ms < 0 ? static_cast<int>(wait) : std::min(timeout_ms, static_cast<int>(wait));
        ++it;
      }
      fds.push_back({wake_fd_, POLLIN, 0});
      for (const auto& [_, fd] : sockets_)
        fds.push_back({fd, POLLIN, 0});
    }
    if (timeout_ms >= 0) timeout_ms = std::max(timeout_ms, 1);
    if (poll(fds.data(), fds.size(), timeout_ms) <= 0) continue;
    if (fds[0].revents != 0) {
      std::uint64_t drained = 0;
      ssize_t ignored = read(wake_fd_, &drained, sizeof drained);
      (void)ignored;
    }
    for (std::size_t i = 1; i < fds.size(); ++i)
      if (fds[i].revents & POLLIN) receive(fds[i].fd);
  }
}

}  // namespace zoned::transfer
