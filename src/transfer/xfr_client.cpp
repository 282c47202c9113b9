#include "transfer/xfr_client.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <random>
#include <vector>

#include "transfer/xfr_query.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"
#include "wire/serial.h"
#include "wire/tsig.h"

namespace zoned::transfer {
namespace {

using Clock = std::chrono::steady_clock;

std::uint64_t now_seconds() {
  return static_cast<std::uint64_t>(std::time(nullptr));
}

std::uint16_t random_id() {
  thread_local std::mt19937 generator{std::random_device{}()};
  return static_cast<std::uint16_t>(generator());
}

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  int fd() const { return fd_; }

 private:
  int fd_;
};

socklen_t address_length(const sockaddr_storage& a) {
  return a.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
}

std::string errno_text(const char* what) {
  return std::string(what) + ": " + std::strerror(errno);
}

// A socket of `type` to the primary, bound to the outgoing-interface when there is one.
int open_socket(const Primary& primary, int type, std::string& error) {
  const int fd = ::socket(primary.address.ss_family, type | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    error = errno_text("socket");
    return -1;
  }
  if (primary.source && ::bind(fd, reinterpret_cast<const sockaddr*>(&*primary.source),
                               address_length(*primary.source)) != 0) {
    error = errno_text("cannot bind the outgoing-interface");
    ::close(fd);
    return -1;
  }
  return fd;
}

// Waits until `fd` is ready for `events`; false when `deadline` passes, on an error, or when
// `cancel` is set.
bool wait_for(int fd, short events, Clock::time_point deadline, const std::atomic<bool>* cancel) {
  for (;;) {
    if (cancel != nullptr && cancel->load(std::memory_order_relaxed)) return false;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, static_cast<int>(std::min<long long>(left, 100)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

bool connect_tcp(int fd, const Primary& primary, const XfrTimeouts& timeouts, std::string& error) {
  const std::chrono::milliseconds timeout = timeouts.connect;
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&primary.address),
                address_length(primary.address)) == 0)
    return true;
  if (errno != EINPROGRESS) {
    error = errno_text("cannot connect");
    return false;
  }
  if (!wait_for(fd, POLLOUT, Clock::now() + timeout, timeouts.cancel)) {
    error = "no connection within " + std::to_string(timeout.count() / 1000) + " s";
    return false;
  }
  int so_error = 0;
  socklen_t length = sizeof so_error;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &so_error, &length);
  if (so_error != 0) {
    error = std::string("cannot connect: ") + std::strerror(so_error);
    return false;
  }
  return true;
}

bool send_all(int fd, const std::uint8_t* data, std::size_t size, Clock::time_point deadline,
              const std::atomic<bool>* cancel) {
  while (size > 0) {
    const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
    if (n > 0) {
      data += n;
      size -= static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd, POLLOUT, deadline, cancel)) return false;
    } else {
      return false;
    }
  }
  return true;
}

// Reads exactly `size` octets by `deadline`; "" when done, else why not. Each message
// (its length prefix and its octets) gets one deadline, timeouts.idle after it was begun:
// a primary that drips a byte now and then cannot hold a transfer thread forever.
std::string read_exactly(int fd, std::uint8_t* data, std::size_t size, Clock::time_point deadline,
                         const XfrTimeouts& timeouts) {
  const std::chrono::milliseconds idle = timeouts.idle;
  while (size > 0) {
    const ssize_t n = ::recv(fd, data, size, 0);
    if (n > 0) {
      data += n;
      size -= static_cast<std::size_t>(n);
    } else if (n == 0) {
      return "the primary closed the connection";
    } else if (errno == EAGAIN || errno == EINTR) {
      if (!wait_for(fd, POLLIN, deadline, timeouts.cancel)) {
        if (timeouts.cancel != nullptr && timeouts.cancel->load()) return "zoned is stopping";
        return "no whole message received in " + std::to_string(idle.count() / 1000) + " s";
      }
    } else {
      return errno_text("read");
    }
  }
  return "";
}

// The query with its TCP length prefix in front.
struct Query {
  std::array<std::uint8_t, 2 + 4096> buffer{};
  std::size_t length = 0;  // without the prefix
  std::uint16_t id = 0;
  wire::TsigMac mac;
  std::span<const std::uint8_t> message() const { return {buffer.data() + 2, length}; }
  std::span<const std::uint8_t> framed() const { return {buffer.data(), length + 2}; }
};

bool build_query(Query& q, wire::NameView apex, std::uint16_t qtype,
                 const zone::ZoneRecord* our_soa, const Primary& primary) {
  q.id = random_id();
  q.length = build_xfr_query(std::span(q.buffer).subspan(2), q.id, apex, qtype, our_soa,
                             primary.key ? &*primary.key : nullptr, now_seconds(), q.mac);
  q.buffer[0] = static_cast<std::uint8_t>(q.length >> 8);
  q.buffer[1] = static_cast<std::uint8_t>(q.length);
  return q.length != 0;
}

// One UDP exchange: the answer to `q` (the right id, from the primary), or "" with `error`.
std::size_t exchange_udp(const Primary& primary, const Query& q, const XfrTimeouts& timeouts,
                         std::span<std::uint8_t> answer, std::string& error) {
  Socket socket(open_socket(primary, SOCK_DGRAM, error));
  if (socket.fd() < 0) return 0;
  if (::connect(socket.fd(), reinterpret_cast<const sockaddr*>(&primary.address),
                address_length(primary.address)) != 0) {
    error = errno_text("cannot connect");
    return 0;
  }
  for (unsigned attempt = 0; attempt < timeouts.soa_tries; ++attempt) {
    if (::send(socket.fd(), q.message().data(), q.length, 0) < 0) {
      error = errno_text("cannot send");
      return 0;
    }
    const Clock::time_point deadline = Clock::now() + timeouts.soa_try;
    while (wait_for(socket.fd(), POLLIN, deadline, timeouts.cancel)) {
      const ssize_t n = ::recv(socket.fd(), answer.data(), answer.size(), 0);
      if (n < 0) {
        // ICMP port unreachable: nothing listens there; the next try would say the same.
        if (errno == ECONNREFUSED) {
          error = "connection refused (nothing listens there)";
          return 0;
        }
        continue;
      }
      if (n >= 2 && ((answer[0] << 8) | answer[1]) == q.id) return static_cast<std::size_t>(n);
    }
  }
  error = "no answer in " + std::to_string(timeouts.soa_tries) + " tries";
  return 0;
}

// The serial of the apex SOA in an SOA query's answer, checked like a transfer's first
// message: id, flags, rcode, TSIG.
SoaAnswer read_soa_answer(std::span<const std::uint8_t> message, const Query& q,
                          const Primary& primary, wire::NameView apex) {
  SoaAnswer result;
  wire::MessageInfo info;
  if (wire::parse_message(message, info) != wire::ParseError::kOk) {
    result.error = "malformed answer";
    return result;
  }
  if (primary.key) {
    wire::TsigVerifier verifier(*primary.key, q.mac);
    const wire::Rcode check = verifier.verify(message, info, now_seconds());
    if (check != wire::Rcode::kNoError) {
      result.error = std::string("TSIG: ") +
                     wire::tsig_error_name(check == wire::Rcode::kNotAuth
                                               ? static_cast<wire::Rcode>(verifier.peer_error())
                                               : check);
      return result;
    }
  } else if (info.has_tsig) {
    result.error = "a TSIG on the answer to an unsigned query";
    return result;
  }
  const auto rcode = static_cast<wire::Rcode>(info.header.rcode_bits());
  if (rcode != wire::Rcode::kNoError) {
    result.error = std::string("the primary answered ") + wire::to_string(rcode);
    return result;
  }
  std::array<std::uint8_t, wire::kMaxRdataLength> buffer;
  wire::RecordIterator records(message, info, buffer);
  wire::Record r;
  while (records.next(r)) {
    if (r.section == wire::Section::kAnswer && r.type == wire::rrtype::SOA &&
        r.cls == wire::rrclass::IN && r.rdata.size() >= 20 && wire::equal(r.owner.view(), apex)) {
      result.serial = soa_serial(r.rdata);
      result.ok = true;
      return result;
    }
  }
  result.error = "no SOA for the zone in the answer";
  return result;
}

// Sends `q` over a new TCP connection and feeds every answer message to `reader`.
XfrResult run_tcp(const Primary& primary, const Query& q, XfrStreamReader& reader,
                  const XfrTimeouts& timeouts) {
  XfrResult failed;
  Socket socket(open_socket(primary, SOCK_STREAM, failed.error));
  if (socket.fd() < 0 || !connect_tcp(socket.fd(), primary, timeouts, failed.error)) return failed;
  if (!send_all(socket.fd(), q.framed().data(), q.framed().size(), Clock::now() + timeouts.connect,
                timeouts.cancel)) {
    failed.error = "cannot send the request";
    return failed;
  }
  std::vector<std::uint8_t> message(65535);
  for (;;) {
    std::array<std::uint8_t, 2> prefix;
    const Clock::time_point deadline = Clock::now() + timeouts.idle;
    std::string error = read_exactly(socket.fd(), prefix.data(), 2, deadline, timeouts);
    if (error.empty()) {
      const std::size_t length = (prefix[0] << 8) | prefix[1];
      error = read_exactly(socket.fd(), message.data(), length, deadline, timeouts);
      if (error.empty()) {
        const XfrStreamReader::Status status =
            reader.add(std::span(message.data(), length), now_seconds());
        if (status == XfrStreamReader::Status::kMore) continue;
        return reader.take();
      }
    }
    XfrResult result = reader.take();  // incomplete: its own words say after what
    result.kind = XfrResult::Kind::kFailed;
    result.error = error + " (" + result.error + ")";
    return result;
  }
}

}  // namespace

SoaAnswer query_soa(const Primary& primary, wire::NameView apex, const XfrTimeouts& timeouts) {
  SoaAnswer result;
  Query q;
  if (!build_query(q, apex, wire::rrtype::SOA, nullptr, primary)) {
    result.error = "cannot build the query";
    return result;
  }
  std::array<std::uint8_t, 65535> answer;
  const std::size_t length = exchange_udp(primary, q, timeouts, answer, result.error);
  if (length == 0) return result;
  if (length >= 3 && (answer[2] & 0x02) != 0) {  // TC: ask again over TCP
    Socket socket(open_socket(primary, SOCK_STREAM, result.error));
    if (socket.fd() < 0 || !connect_tcp(socket.fd(), primary, timeouts, result.error))
      return result;
    std::array<std::uint8_t, 2> prefix;
    const Clock::time_point deadline = Clock::now() + timeouts.idle;
    if (!send_all(socket.fd(), q.framed().data(), q.framed().size(),
                  Clock::now() + timeouts.connect, timeouts.cancel) ||
        !(result.error = read_exactly(socket.fd(), prefix.data(), 2, deadline, timeouts)).empty())
      return result;
    const std::size_t size = (prefix[0] << 8) | prefix[1];
    if (!(result.error = read_exactly(socket.fd(), answer.data(), size, deadline, timeouts))
             .empty())
      return result;
    return read_soa_answer(std::span(answer.data(), size), q, primary, apex);
  }
  return read_soa_answer(std::span(answer.data(), length), q, primary, apex);
}

XfrResult fetch_zone(const Primary& primary, wire::NameView apex, const zone::ZoneRecord* our_soa,
                     const XfrLimits& limits, const XfrTimeouts& timeouts, bool over_udp) {
  const std::uint16_t qtype = our_soa != nullptr ? wire::rrtype::IXFR : wire::rrtype::AXFR;
  Query q;
  if (!build_query(q, apex, qtype, our_soa, primary)) {
    XfrResult failed;
    failed.error = "cannot build the query";
    return failed;
  }
  const std::uint32_t current = our_soa != nullptr ? soa_serial(our_soa->rdata) : 0;
  const wire::TsigKey* key = primary.key ? &*primary.key : nullptr;
  XfrStreamReader reader(apex, qtype, q.id, current, key, key ? &q.mac : nullptr, limits);
  if (!over_udp) return run_tcp(primary, q, reader, timeouts);
  XfrResult failed;
  std::array<std::uint8_t, 65535> answer;
  const std::size_t length = exchange_udp(primary, q, timeouts, answer, failed.error);
  if (length == 0) return failed;
  if (length >= 3 && (answer[2] & 0x02) != 0) {
    failed.error = "the IXFR did not fit in a UDP answer";
    failed.needs_axfr = false;
    return failed;
  }
  reader.add(std::span(answer.data(), length), now_seconds());
  return reader.take();
}

}  // namespace zoned::transfer
