#include "control/sync_check.h"

#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdio>
#include <random>
#include <thread>

#include "transfer/xfr_query.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"
#include "wire/serial.h"

namespace zoned::control {

const char* to_string(SyncRole role) {
  switch (role) {
    case SyncRole::kSelf:
      return "self";
    case SyncRole::kPrimary:
      return "primary";
    case SyncRole::kNotify:
      return "notify";
    case SyncRole::kProvideXfr:
      return "provide-xfr";
    case SyncRole::kNs:
      return "ns";
    case SyncRole::kGiven:
      return "given";
  }
  return "?";
}

std::optional<GivenServer> parse_given_server(std::string_view text) {
  std::string_view address;
  std::optional<std::uint16_t> port;
  if (!config::split_port_suffix(text, address, port)) return std::nullopt;
  const std::optional<config::IpAddress> ip = config::parse_ip_address(address);
  if (!ip) return std::nullopt;
  return GivenServer{*ip, port.value_or(53)};
}

GivenServer self_address(const config::Config& config) {
  GivenServer self{*config::parse_ip_address("127.0.0.1"), config.server.port};
  for (const config::ListenAddress& a : config.server.ip_addresses) {
    if (a.kind != config::ListenKind::kIpAddress) break;
    const bool wildcard =
        std::all_of(a.address.bytes.begin(), a.address.bytes.begin() + a.address.size(),
                    [](std::uint8_t b) { return b == 0; });
    if (!wildcard) self.address = a.address;
    self.port = a.port.value_or(config.server.port);
    break;
  }
  return self;
}

namespace {

SyncServer make_server(SyncRole role, const config::IpAddress& address, std::uint16_t port) {
  SyncServer s;
  s.role = role;
  s.address = address;
  s.port = port;
  s.endpoint.address = transfer::socket_address(address, port);
  s.endpoint.text = config::to_string(address) + "@" + std::to_string(port);
  return s;
}

bool listed(const std::vector<SyncServer>& servers, const config::IpAddress& address,
            std::uint16_t port) {
  return std::any_of(servers.begin(), servers.end(),
                     [&](const SyncServer& s) { return s.address == address && s.port == port; });
}

// Adds a configured peer (notify:, request-xfr:) with its key and outgoing-interface.
void add_peer(std::vector<SyncServer>& servers, SyncRole role, const config::Config& config,
              const config::Zone& zone, const config::AclEntry& e) {
  const std::uint16_t port = e.port != 0 ? e.port : 53;
  if (listed(servers, e.address, port)) return;
  SyncServer s = make_server(role, e.address, port);
  static_cast<transfer::PeerEndpoint&>(s.endpoint) = transfer::peer_endpoint(config, zone, e);
  servers.push_back(std::move(s));
}

}  // namespace

void add_server(std::vector<SyncServer>& servers, SyncRole role, const config::IpAddress& address,
                std::uint16_t port) {
  if (!listed(servers, address, port)) servers.push_back(make_server(role, address, port));
}

std::vector<SyncServer> servers_for_zone(const config::Config& config, const config::Zone& zone,
                                         const std::vector<GivenServer>& given) {
  std::vector<SyncServer> servers;
  const GivenServer self = self_address(config);
  add_server(servers, SyncRole::kSelf, self.address, self.port);
  for (const config::AclEntry& e : zone.settings.request_xfr) {
    add_peer(servers, SyncRole::kPrimary, config, zone, e);
  }
  for (const config::AclEntry& e : zone.settings.notify) {
    add_peer(servers, SyncRole::kNotify, config, zone, e);
  }
  for (const GivenServer& g : given)
    add_server(servers, SyncRole::kGiven, g.address, g.port);
  for (const config::AclEntry& e : zone.settings.provide_xfr) {
    if (e.range != config::AclRange::kSingle || e.key == config::AclKey::kBlocked) continue;
    if (e.port == 0) {
      auto same = std::find_if(servers.begin(), servers.end(),
                               [&](const SyncServer& s) { return s.address == e.address; });
      if (same != servers.end()) {
        if (!same->endpoint.key) same->endpoint.key = transfer::acl_key(config, e);
        continue;
      }
    }
    add_peer(servers, SyncRole::kProvideXfr, config, zone, e);
  }
  return servers;
}

SyncResult classify(const SyncServer& server, const transfer::SoaAnswer& answer) {
  SyncResult r;
  r.server = server;
  if (answer.ok) {
    r.status = SyncStatus::kOk;
    r.serial = answer.serial;
    return r;
  }
  const std::string& e = answer.error;
  static constexpr std::string_view kAnswered = "the primary answered ";
  if (e.starts_with(kAnswered)) {
    r.status = SyncStatus::kRcode;
    r.detail = e.substr(kAnswered.size());
  } else if (e.starts_with("TSIG") || e.find("a TSIG") != std::string::npos) {
    r.status = SyncStatus::kTsigError;
    r.detail = e.starts_with("TSIG: ") ? e.substr(6) : e;
  } else if (e.starts_with("no SOA")) {
    r.status = SyncStatus::kNoSoa;
    r.detail = e;
  } else if (e == "malformed answer") {
    r.status = SyncStatus::kRcode;
    r.detail = e;
  } else {
    r.status = SyncStatus::kUnreachable;
    r.detail = e;
  }
  return r;
}

void judge(ZoneReport& report) {
  report.highest.reset();
  for (const SyncResult& r : report.results) {
    if (r.status != SyncStatus::kOk) continue;
    if (!report.highest || wire::serial_gt(r.serial, *report.highest)) report.highest = r.serial;
  }
  for (SyncResult& r : report.results) {
    r.behind = 0;
    if (r.status == SyncStatus::kOk && r.serial != *report.highest) {
      // Unsigned subtraction is the RFC 1982 distance; 2^31 apart (no order) counts too.
      r.behind = *report.highest - r.serial;
    }
  }
}

int exit_code(const std::vector<ZoneReport>& reports) {
  int code = kSyncInSync;
  for (const ZoneReport& z : reports) {
    for (const SyncResult& r : z.results) {
      if (r.status != SyncStatus::kOk) return kSyncFailed;
      if (r.behind != 0) code = kSyncBehind;
    }
  }
  return code;
}

namespace {

std::string status_text(const SyncResult& r) {
  switch (r.status) {
    case SyncStatus::kOk:
      return r.behind == 0 ? "in sync" : "behind by " + std::to_string(r.behind);
    case SyncStatus::kUnreachable:
      return "unreachable (" + r.detail + ")";
    case SyncStatus::kRcode:
      return r.detail;
    case SyncStatus::kNoSoa:
      return "no SOA";
    case SyncStatus::kTsigError:
      return "TSIG error (" + r.detail + ")";
  }
  return "?";
}

}  // namespace

std::string format_table(const std::vector<ZoneReport>& reports, bool verbose) {
  std::vector<std::array<std::string, 5>> rows;
  rows.push_back({"zone", "server", "role", "serial", "status"});
  for (const ZoneReport& z : reports) {
    for (const SyncResult& r : z.results) {
      std::string status = status_text(r);
      if (!verbose && r.status != SyncStatus::kOk) {
        // Without -v only the word: the detail is in parentheses.
        const std::size_t paren = status.find(" (");
        if (paren != std::string::npos && r.status == SyncStatus::kUnreachable) {
          status.resize(paren);
        }
      }
      rows.push_back({z.zone, r.server.endpoint.text, to_string(r.server.role),
                      r.status == SyncStatus::kOk ? std::to_string(r.serial) : "-", status});
    }
  }
  std::array<std::size_t, 5> width{};
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i)
      width[i] = std::max(width[i], row[i].size());
  }
  std::string out;
  for (const auto& row : rows) {
    for (std::size_t i = 0; i < row.size(); ++i) {
      out += row[i];
      if (i + 1 < row.size()) out.append(width[i] - row[i].size() + 2, ' ');
    }
    out += '\n';
  }
  return out;
}

std::string nagios_line(const std::vector<ZoneReport>& reports) {
  std::size_t servers = 0;
  std::size_t behind = 0;
  std::size_t failed = 0;
  std::string problems;
  for (const ZoneReport& z : reports) {
    for (const SyncResult& r : z.results) {
      ++servers;
      if (r.status == SyncStatus::kOk && r.behind == 0) continue;
      (r.status == SyncStatus::kOk ? behind : failed) += 1;
      if (!problems.empty()) problems += "; ";
      problems += z.zone + " " + r.server.endpoint.text + " (" + to_string(r.server.role) + ") " +
                  status_text(r);
    }
  }
  const int code = exit_code(reports);
  std::string line = code == kSyncInSync   ? "SYNC OK - "
                     : code == kSyncBehind ? "SYNC WARNING - "
                                           : "SYNC CRITICAL - ";
  if (code == kSyncInSync) {
    line += std::to_string(reports.size()) + (reports.size() == 1 ? " zone, " : " zones, ") +
            std::to_string(servers) + " servers in sync";
    if (reports.size() == 1 && reports[0].highest) {
      line += " at serial " + std::to_string(*reports[0].highest);
    }
  } else {
    line += problems;
  }
  line += " | servers=" + std::to_string(servers) + " behind=" + std::to_string(behind) +
          " failed=" + std::to_string(failed);
  return line;
}

namespace {

// One unsigned UDP query to `server` (the --ns lookups ask this server only); the records
// of the answer section of type `qtype` owned by `name`, RDATA as octets. Empty on failure,
// with `error` set.
std::vector<std::vector<std::uint8_t>> lookup(const SyncServer& server, wire::NameView name,
                                              std::uint16_t qtype,
                                              std::chrono::milliseconds timeout,
                                              std::string& error) {
  std::vector<std::vector<std::uint8_t>> found;
  std::array<std::uint8_t, 512> query;
  wire::TsigMac mac;
  const auto id = static_cast<std::uint16_t>(std::random_device{}());
  const std::size_t size =
      transfer::build_xfr_query(query, id, name, qtype, nullptr, nullptr, 0, mac);
  const int fd = socket(server.endpoint.address.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (size == 0 || fd < 0) {
    error = "cannot build the query";
    if (fd >= 0) close(fd);
    return found;
  }
  const auto* to = reinterpret_cast<const sockaddr*>(&server.endpoint.address);
  const socklen_t to_size =
      server.endpoint.address.ss_family == AF_INET ? sizeof(sockaddr_in) : sizeof(sockaddr_in6);
  std::array<std::uint8_t, 65535> answer;
  ssize_t got = -1;
  if (connect(fd, to, to_size) == 0 && send(fd, query.data(), size, 0) == ssize_t(size)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      pollfd p{fd, POLLIN, 0};
      if (left.count() <= 0 || poll(&p, 1, static_cast<int>(left.count())) <= 0) break;
      got = recv(fd, answer.data(), answer.size(), 0);
      if (got < 0) break;
      if (got >= 2 && ((answer[0] << 8) | answer[1]) == id) break;
      got = -1;  // not ours: keep waiting
    }
  }
  close(fd);
  if (got < 0) {
    error = "no answer from " + server.endpoint.text;
    return found;
  }
  const std::span<const std::uint8_t> message(answer.data(), static_cast<std::size_t>(got));
  wire::MessageInfo info;
  if (wire::parse_message(message, info) != wire::ParseError::kOk) {
    error = "malformed answer from " + server.endpoint.text;
    return found;
  }
  if (info.header.rcode_bits() != 0) {
    error = server.endpoint.text + " answered " +
            wire::to_string(static_cast<wire::Rcode>(info.header.rcode_bits()));
    return found;
  }
  std::array<std::uint8_t, wire::kMaxRdataLength> buffer;
  wire::RecordIterator records(message, info, buffer);
  wire::Record r;
  while (records.next(r)) {
    if (r.section == wire::Section::kAnswer && r.type == qtype && wire::equal(r.owner, name)) {
      found.emplace_back(r.rdata.begin(), r.rdata.end());
    }
  }
  return found;
}

// The addresses of the zone's NS names, as this server tells them.
void add_ns_servers(std::vector<SyncServer>& servers, const config::Zone& zone,
                    std::chrono::milliseconds timeout, std::string& error) {
  const SyncServer self = servers.front();
  const auto ns = lookup(self, zone.apex, wire::rrtype::NS, timeout, error);
  if (ns.empty() && error.empty()) error = "no NS records for " + zone.name;
  for (const auto& rdata : ns) {
    wire::Name host;
    if (!wire::Name::from_wire(rdata, host)) continue;
    for (const std::uint16_t type : {wire::rrtype::A, wire::rrtype::AAAA}) {
      std::string ignored;  // a name with no AAAA (or no A) is normal
      for (const auto& a : lookup(self, host, type, timeout, ignored)) {
        config::IpAddress ip;
        ip.family =
            type == wire::rrtype::A ? config::AddressFamily::kIpv4 : config::AddressFamily::kIpv6;
        if (a.size() != ip.size()) continue;
        std::copy(a.begin(), a.end(), ip.bytes.begin());
        // An address listed already (at whatever port) is that server.
        const bool known = std::any_of(servers.begin(), servers.end(),
                                       [&](const SyncServer& s) { return s.address == ip; });
        if (!known) add_server(servers, SyncRole::kNs, ip, 53);
      }
    }
  }
}

}  // namespace

ZoneReport check_zone(const config::Config& config, const config::Zone& zone,
                      const SyncOptions& options, std::string& ns_error) {
  ZoneReport report;
  report.zone = zone.name;
  std::vector<SyncServer> servers = servers_for_zone(config, zone, options.given);
  if (options.ns) add_ns_servers(servers, zone, options.timeout, ns_error);

  transfer::XfrTimeouts timeouts;
  timeouts.soa_tries = 2;
  timeouts.soa_try = std::max(options.timeout / 2, std::chrono::milliseconds(1));
  timeouts.connect = options.timeout;
  timeouts.idle = options.timeout;
  report.results.resize(servers.size());
  std::vector<std::thread> threads;
  threads.reserve(servers.size());
  for (std::size_t i = 0; i < servers.size(); ++i) {
    threads.emplace_back([&, i] {
      report.results[i] =
          classify(servers[i], transfer::query_soa(servers[i].endpoint, zone.apex, timeouts));
    });
  }
  for (std::thread& t : threads)
    t.join();
  judge(report);
  return report;
}

}  // namespace zoned::control
