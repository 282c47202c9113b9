#include "server/query_processor.h"

#include <algorithm>
#include <array>
#include <ctime>
#include <optional>
#include <string>

#include "server/log.h"
#include "server/log_throttle.h"
#include "wire/edns.h"
#include "wire/message_header.h"
#include "wire/message_parser.h"
#include "wire/rrtype.h"
#include "wire/tsig.h"

namespace zoned::server {
namespace {

using wire::Rcode;

bool is_response(std::span<const std::uint8_t> message) {
  return message.size() >= 3 && (message[2] & 0x80) != 0;
}

// The most the client can take (RFC 6891 §6.2.5): 512 without EDNS, else its payload size
// capped at ours; 65535 over TCP. Never more than the buffer.
std::size_t response_limit(const wire::MessageInfo& info, Transport transport,
                           const QueryLimits& limits, std::size_t buffer_size) {
  std::size_t limit = wire::kMaxMessageSize;
  if (transport != Transport::kTcp) {
    const std::size_t ours =
        transport == Transport::kUdp4 ? limits.ipv4_edns_size : limits.ipv6_edns_size;
    limit = info.has_edns ? std::min<std::size_t>(info.edns.effective_udp_size(), ours)
                          : wire::kMaxUdpSize;
    limit = std::max<std::size_t>(limit, wire::kMaxUdpSize);
  }
  return std::min(limit, buffer_size);
}

// What the steps of one request learn that later steps need.
struct RequestFacts {
  bool verified_tsig = false;
  bool valid_cookie = false;  // a server cookie of ours: the address is proven
  AnswerNotes notes;

  // The question's zone (an index into the set, or kNone), looked up once by whichever
  // step needs it first: availability, allow-query, rate limiting, zonestats.
  std::size_t zone_index(const ServedZones& served, const wire::MessageInfo& info) {
    if (!zone_known_) {
      zone_ = info.has_question ? served.set.find_zone_index(info.question.name.view())
                                : zone::ZoneSet::kNone;
      zone_known_ = true;
    }
    return zone_;
  }

 private:
  std::size_t zone_ = zone::ZoneSet::kNone;
  bool zone_known_ = false;
};

// Everything one request needs on its way through the checks.
struct Exchange {
  std::span<const std::uint8_t> message;
  const wire::MessageInfo& info;
  const Request& request;
  AnswerOptions options;
  std::size_t limit;
  std::span<std::uint8_t> out;
  // Set when the request carried a TSIG that verified: the response is signed with it.
  const wire::TsigCheck* tsig = nullptr;
  NotifyListener* notifies = nullptr;
  RequestFacts* facts = nullptr;
};

std::uint64_t now_seconds() {
  return static_cast<std::uint64_t>(std::time(nullptr));
}

// Signs a response to a verified request; unsigned requests get it as it is.
std::size_t finish(const Exchange& x, std::size_t length) {
  if (length == 0 || x.tsig == nullptr) return length;
  wire::TsigSigner signer(*x.tsig);
  return signer.sign(x.out, length, now_seconds());
}

// The room a signed response keeps free for its TSIG RR.
std::size_t room_for_tsig(const Exchange& x) {
  return x.tsig == nullptr ? 0 : wire::tsig_rr_size(*x.tsig->key);
}

std::size_t refuse(const Exchange& x, Rcode rcode, std::uint16_t ede) {
  return finish(x, answer_rcode(x.info, x.options, rcode, ede, x.limit - room_for_tsig(x), x.out));
}

// Refusals and TSIG errors are logged per packet, so anyone can cause them: 10 a second.
LogThrottle& refusal_log() {
  static LogThrottle throttle(10);
  return throttle;
}

// What a throttled line adds when lines were left out before it.
std::string left_out(std::uint64_t suppressed) {
  return suppressed == 0 ? std::string()
                         : " (" + std::to_string(suppressed) + " similar lines left out before)";
}

// RFC 8945 §5.2: a TSIG that does not verify is answered with its error (and nothing else).
std::size_t answer_tsig_error(const Exchange& x, const wire::TsigCheck& check) {
  const RequestSource source =
      x.request.source ? request_source(*x.request.source) : RequestSource{};
  if (std::uint64_t suppressed = 0; refusal_log().allow(suppressed)) {
    log_info("TSIG error %s from %s for key %s: request not answered%s",
             wire::tsig_error_name(check.error), to_string(source).c_str(),
             wire::to_text(x.info.tsig.key_name.view()).c_str(), left_out(suppressed).c_str());
  }
  if (check.error == Rcode::kFormErr)
    return answer_rcode(x.info, x.options, Rcode::kFormErr, 0, x.limit, x.out);
  const std::uint64_t now = now_seconds();
  // The TSIG RR of the answer echoes the request's key and algorithm names; a full MAC and
  // BADTIME's 6 octets of other data at most.
  const std::size_t reserve = x.info.tsig.key_name.size() + x.info.tsig.algorithm.size() + 10 + 16 +
                              wire::kMaxTsigMacSize + 6;
  if (reserve >= x.limit) return 0;
  const std::size_t length =
      answer_rcode(x.info, x.options, Rcode::kNotAuth, 0, x.limit - reserve, x.out);
  if (length == 0) return 0;
  switch (check.error) {
    case Rcode::kBadTime: {
      wire::TsigSigner signer(check);
      return signer.sign_badtime(x.out.first(x.limit), length, now);
    }
    case Rcode::kBadTrunc: {
      wire::TsigSigner signer(check);
      return signer.sign_badtrunc(x.out.first(x.limit), length, now);
    }
    default:  // BADKEY, BADSIG: unsigned (§5.3.2)
      return wire::append_unsigned_tsig_error(x.out.first(x.limit), length, x.info.tsig,
                                              check.error, now);
  }
}

// Who sent the request, with which key, and what `acl` says of them.
struct AclCheck {
  RequestSource source;
  const wire::TsigKey* key = nullptr;
  AccessVerdict verdict = AccessVerdict::kNotListed;
};

AclCheck check_acl(const AccessList& acl, const Exchange& x) {
  AclCheck c;
  if (x.request.source != nullptr) c.source = request_source(*x.request.source);
  c.key = x.tsig ? x.tsig->key : nullptr;
  const wire::NameView key_name = c.key ? c.key->name.view() : wire::NameView();
  if (x.request.source != nullptr) c.verdict = acl.check(c.source, c.key ? &key_name : nullptr);
  return c;
}

// AXFR and IXFR (RFC 5936, RFC 1995): only a zone's apex, only to provide-xfr, only over
// TCP but for IXFR's SOA-only UDP answer.
std::size_t serve_transfer(const ServedZones& served, const Exchange& x) {
  const wire::Question& q = x.info.question;
  const bool ixfr = q.type == wire::rrtype::IXFR;
  const char* kind = ixfr ? "IXFR" : "AXFR";
  const std::size_t index = served.set.find_apex_index(q.name.view());
  if (q.cls != wire::rrclass::IN || index == zone::ZoneSet::kNone)
    return refuse(x, Rcode::kNotAuth, wire::ede::kNotAuthoritative);
  const ZonePolicy& policy = *served.policies[index];
  const auto [source, key, verdict] = check_acl(policy.provide_xfr, x);
  if (verdict != AccessVerdict::kAllowed) {
    if (std::uint64_t suppressed = 0; refusal_log().allow(suppressed)) {
      log_info("zone %s: %s refused to %s with %s: %s%s", policy.name.c_str(), kind,
               to_string(source).c_str(), wire::key_description(key).c_str(),
               verdict == AccessVerdict::kBlocked ? "BLOCKED in provide-xfr"
                                                  : "no provide-xfr entry matches",
               left_out(suppressed).c_str());
    }
    return refuse(x, Rcode::kRefused, wire::ede::kProhibited);
  }
  const auto& zone = served.set.zones()[index];
  if (x.request.transport != Transport::kTcp) {
    if (!ixfr) return refuse(x, Rcode::kNotImp, 0);  // RFC 5936 §4.2: AXFR is TCP only
    return finish(x, answer_soa_only(*zone, x.info, x.options, x.limit - room_for_tsig(x), x.out));
  }
  if (x.request.transfers == nullptr || x.request.stream == nullptr)
    return refuse(x, Rcode::kRefused, 0);
  TransferRequest t{x.message, x.info, zone, policy, source, key, {}, 0};
  if (x.tsig != nullptr) {
    t.request_mac = x.tsig->request_mac.view();
    t.request_time = x.tsig->time_signed;
  }
  *x.request.stream = x.request.transfers->open(t);
  return 0;
}

// NOTIFY (RFC 1996) for a zone we are secondary of: allowed by allow-notify (and its key),
// acknowledged at once; the transfer layer checks the primary's serial in its own time.
std::size_t serve_notify(const ServedZones& served, const Exchange& x) {
  if (!x.info.has_question || x.info.header.qdcount != 1) return refuse(x, Rcode::kFormErr, 0);
  const wire::Question& q = x.info.question;
  const std::size_t index = served.set.find_apex_index(q.name.view());
  if (q.cls != wire::rrclass::IN || index == zone::ZoneSet::kNone)
    return refuse(x, Rcode::kNotAuth, wire::ede::kNotAuthoritative);
  const ZonePolicy& policy = *served.policies[index];
  const auto [source, key, verdict] = check_acl(policy.allow_notify, x);
  const std::string peer = to_string(source);
  const std::string key_text = wire::key_description(key);
  if (verdict != AccessVerdict::kAllowed || x.notifies == nullptr) {
    if (std::uint64_t suppressed = 0; refusal_log().allow(suppressed)) {
      log_info("zone %s: NOTIFY refused from %s with %s: %s%s", policy.name.c_str(), peer.c_str(),
               key_text.c_str(),
               verdict == AccessVerdict::kBlocked ? "BLOCKED in allow-notify"
                                                  : "no allow-notify entry matches",
               left_out(suppressed).c_str());
    }
    return refuse(x, Rcode::kRefused, wire::ede::kProhibited);
  }
  // The SOA in the answer section is a hint (§3.7): the serial the primary has now.
  std::optional<std::uint32_t> serial;
  std::array<std::uint8_t, wire::kMaxRdataLength> buffer;
  wire::RecordIterator records(x.message, x.info, buffer);
  wire::Record r;
  while (records.next(r)) {
    if (r.section == wire::Section::kAnswer && r.type == wire::rrtype::SOA &&
        r.rdata.size() >= 20 && wire::equal(r.owner.view(), q.name.view())) {
      const std::uint8_t* p = r.rdata.data() + r.rdata.size() - 20;
      serial = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
               (std::uint32_t{p[2]} << 8) | p[3];
      break;
    }
  }
  x.notifies->notify_received(NotifyNews{q.name.view(), serial, peer, key_text});
  const std::size_t length = answer_notify(x.info, x.options, x.limit - room_for_tsig(x), x.out);
  return finish(x, length);
}

// A zone without usable data (a secondary not transferred yet, or expired) answers
// SERVFAIL, to queries and transfer requests alike; NOTIFYs still reach it.
bool zone_unusable(const ServedZones& served, const wire::MessageInfo& info, bool transfer,
                   RequestFacts& facts) {
  if (!served.any_unavailable || !info.has_question) return false;
  const std::size_t index = transfer ? served.set.find_apex_index(info.question.name.view())
                                     : facts.zone_index(served, info);
  return index != zone::ZoneSet::kNone && !served.serving(index);
}

bool is_transfer(const wire::MessageInfo& info) {
  return info.header.opcode() == wire::Opcode::kQuery && info.has_question &&
         info.header.qdcount == 1 &&
         (info.question.type == wire::rrtype::AXFR || info.question.type == wire::rrtype::IXFR);
}

// allow-query (NSD): a zone that lists who may query it drops everyone else's queries.
bool query_allowed(const ServedZones& served, const Exchange& x) {
  if (!served.any_allow_query || !x.info.has_question) return true;
  const std::size_t index = x.facts->zone_index(served, x.info);
  if (index == zone::ZoneSet::kNone) return true;
  const AccessList& acl = served.policies[index]->allow_query;
  if (acl.empty()) return true;
  if (x.request.source == nullptr) return false;
  const wire::TsigKey* key = x.tsig ? x.tsig->key : nullptr;
  const wire::NameView key_name = key ? key->name.view() : wire::NameView();
  return acl.check(request_source(*x.request.source), key ? &key_name : nullptr) ==
         AccessVerdict::kAllowed;
}

// RFC 7873 §5.2 with RFC 9018 cookies: a valid server cookie is echoed (or renewed when
// old), anything else gets a fresh one, as if the client had sent its cookie alone (§5.2.3,
// §5.2.4: zoned never answers BADCOOKIE, so a client with a stale cookie loses nothing).
bool answer_cookie(const CookieSecretStore& store, const wire::MessageInfo& info,
                   const sockaddr_storage& from, wire::CookieAnswer& buffer,
                   AnswerOptions& options) {
  const RequestSource source = request_source(from);
  const std::span<const std::uint8_t> ip(source.address.bytes.data(), source.address.size());
  const std::span<const std::uint8_t> cookie = info.edns.cookie;
  const auto now = static_cast<std::uint32_t>(std::time(nullptr));
  const CookieSecretList& list = store.current();
  const wire::CookieCheck check = wire::check_cookie(cookie, ip, now, list.secrets);
  if (check == wire::CookieCheck::kValid) {
    options.cookie = cookie;
    return true;
  }
  if (!wire::make_cookie_answer(list.secrets.front(),
                                std::span<const std::uint8_t, wire::kClientCookieSize>(
                                    cookie.data(), wire::kClientCookieSize),
                                ip, now, buffer))
    return false;
  options.cookie = buffer;
  return check == wire::CookieCheck::kValidRefresh;
}

// Everything after a successful parse: TSIG, NOTIFY, transfers, allow-query, the answer.
std::size_t respond(const ServedZones& served, std::span<const std::uint8_t> message,
                    const wire::MessageInfo& info, const Request& request,
                    const QueryLimits& limits, std::span<std::uint8_t> out, RequestFacts& facts) {
  Exchange x{message,
             info,
             request,
             limits.answer,
             response_limit(info, request.transport, limits, out.size()),
             out};
  x.options.tcp = request.transport == Transport::kTcp;
  x.options.notes = &facts.notes;
  x.notifies = limits.notifies;
  x.facts = &facts;
  wire::CookieAnswer cookie;
  if (limits.cookies != nullptr && info.has_edns && info.edns.cookie.size() >= 8 &&
      request.source != nullptr)
    facts.valid_cookie = answer_cookie(*limits.cookies, info, *request.source, cookie, x.options);
  wire::TsigCheck check;
  if (info.has_tsig) {
    check = wire::verify_request(message, info, *served.keys, now_seconds());
    if (!check.ok()) return answer_tsig_error(x, check);
    x.tsig = &check;
    facts.verified_tsig = true;
  }
  if (info.header.opcode() == wire::Opcode::kNotify) return serve_notify(served, x);
  const bool transfer = is_transfer(info);
  if (zone_unusable(served, info, transfer, facts))
    return refuse(x, Rcode::kServFail, wire::ede::kNotReady);
  if (transfer) return serve_transfer(served, x);
  if (!query_allowed(served, x)) return 0;
  if (x.tsig == nullptr) return answer_query(served.set, message, info, x.options, x.limit, out);
  return finish(
      x, answer_query(served.set, message, info, x.options, x.limit - room_for_tsig(x), out));
}

std::uint32_t coarse_seconds() {
  timespec now{};
  clock_gettime(CLOCK_MONOTONIC_COARSE, &now);
  return static_cast<std::uint32_t>(now.tv_sec);
}

// At most a few RRL log lines a second, whatever the flood: the log must stay readable and
// cheap while the server is attacked.
void log_rate_transition(const RateTransition& t, ResponseKind kind, wire::NameView name,
                         const config::IpAddress& client, const RateLimitOptions& options) {
  if (!t.blocked && !t.unblocked) return;
  static LogThrottle throttle(5);
  std::uint64_t suppressed = 0;
  if (!throttle.allow(suppressed)) return;
  log_info("ratelimit %s %s type %s target %s/%u%s", t.blocked ? "block" : "unblock",
           kind == ResponseKind::kError ? "." : wire::to_text(name).c_str(), to_string(kind),
           config::to_string(client_network(client, options)).c_str(),
           prefix_length(client, options), left_out(suppressed).c_str());
}

// Response rate limiting (rate_limiter.h) of one UDP response of `length` octets; returns
// what is sent instead: the response, an empty truncated one (slip), or nothing.
std::size_t rate_limit(const ServedZones& served, const wire::MessageInfo& info,
                       const Request& request, const QueryLimits& limits, RequestFacts& facts,
                       std::size_t length, std::span<std::uint8_t> out) {
  if (length < wire::kHeaderSize || request.source == nullptr || facts.verified_tsig ||
      facts.valid_cookie || !info.has_question)
    return length;
  const ResponseKind kind = classify_response(info, out.first(length), facts.notes.wildcard);
  wire::NameView name = info.question.name.view();
  bool whitelisted = false;
  const std::size_t index = facts.zone_index(served, info);
  if (index != zone::ZoneSet::kNone) {
    whitelisted = (served.policies[index]->rrl_whitelist & static_cast<std::uint16_t>(kind)) != 0;
    if (counted_per_zone(kind)) name = served.set.zones()[index]->apex();
  }
  const RequestSource source = request_source(*request.source);
  const std::uint32_t now = coarse_seconds();
  RateTransition transition;
  const RateVerdict verdict =
      limits.rrl->count(source.address, kind, name, whitelisted, now, &transition);
  log_rate_transition(transition, kind, name, source.address, limits.rrl->options());
  if (verdict == RateVerdict::kAnswer) return length;
  if (request.stats != nullptr) request.stats->add(Stat::kRatelimited);
  if (verdict == RateVerdict::kDrop) return 0;
  // The slip: the question alone with TC, so a real client retries over TCP.
  AnswerOptions options = limits.answer;
  const std::size_t slipped =
      answer_rcode(info, options, Rcode::kNoError, 0,
                   response_limit(info, request.transport, limits, out.size()), out);
  if (slipped >= wire::kHeaderSize) out[2] |= 0x02;
  return slipped;
}

bool is_edns_error(wire::ParseError error) {
  switch (error) {
    case wire::ParseError::kOptNotInAdditional:
    case wire::ParseError::kDuplicateOpt:
    case wire::ParseError::kOptOwnerNotRoot:
    case wire::ParseError::kBadOptOptions:
    case wire::ParseError::kBadCookie:
      return true;
    default:
      return false;
  }
}

// zonestats: the query again under its zone's group, if the zone has one.
void count_zone_group(const ServedZones& served, const wire::MessageInfo& info,
                      const Request& request, QueryStats& stats, std::size_t length,
                      std::span<const std::uint8_t> out, RequestFacts& facts) {
  const std::size_t index = facts.zone_index(served, info);
  if (index == zone::ZoneSet::kNone) return;
  const std::uint8_t group = served.policies[index]->stat_group;
  if (group >= kMaxStatGroups) return;
  GroupStat transport = GroupStat::kUdp;
  switch (request.transport) {
    case Transport::kUdp4:
      break;
    case Transport::kUdp6:
      transport = GroupStat::kUdp6;
      break;
    case Transport::kTcp:
      transport = request.source != nullptr && request.source->ss_family == AF_INET6
                      ? GroupStat::kTcp6
                      : GroupStat::kTcp;
      break;
  }
  stats.add_group_query(group, transport, length >= wire::kHeaderSize ? out.data() : nullptr);
}

// What went out for one request: the response's rcode, TC and AA; nothing: dropped.
std::size_t count_response(QueryStats& stats, std::size_t length,
                           std::span<const std::uint8_t> out) {
  if (length >= wire::kHeaderSize)
    stats.add_response(out.data());
  else
    stats.add(Stat::kDropped);
  return length;
}

}  // namespace

std::size_t process_query(const ServedZones& served, std::span<const std::uint8_t> message,
                          const Request& request, const QueryLimits& limits,
                          std::span<std::uint8_t> out) {
  QueryStats* stats = request.stats;
  if (message.size() < wire::kHeaderSize || is_response(message)) {
    if (stats != nullptr) stats->add(Stat::kDropped);
    return 0;
  }
  wire::MessageInfo info;
  const wire::ParseError error = parse_message(message, info);
  if (error != wire::ParseError::kOk) {
    const std::size_t length = answer_unparsable(message, error, out);
    if (stats == nullptr) return length;
    stats->add_opcode((message[2] >> 3) & 0xF);
    if (is_edns_error(error)) stats->add(Stat::kEdnsErr);
    return count_response(*stats, length, out);
  }
  RequestFacts facts;
  const bool limited = limits.rrl != nullptr && request.transport != Transport::kTcp;
  if (stats == nullptr) {
    const std::size_t length = respond(served, message, info, request, limits, out, facts);
    return limited ? rate_limit(served, info, request, limits, facts, length, out) : length;
  }
  stats->add_opcode(static_cast<unsigned>(info.header.opcode()));
  if (info.has_question) stats->add_question(info.question.cls, info.question.type);
  if (info.has_edns) stats->add(Stat::kEdns);
  std::size_t length = respond(served, message, info, request, limits, out, facts);
  if (limited) length = rate_limit(served, info, request, limits, facts, length, out);
  if (served.any_zonestats && info.has_question)
    count_zone_group(served, info, request, *stats, length, out, facts);
  if (is_transfer(info)) {
    // Served: a stream opened (TCP), or IXFR's SOA-only answer over UDP.
    const bool stream = request.stream != nullptr && *request.stream != nullptr;
    if (stream || (length >= wire::kHeaderSize && (out[3] & 0xF) == 0))
      stats->add(info.question.type == wire::rrtype::AXFR ? Stat::kRaxfr : Stat::kRixfr);
    if (stream) {
      stats->add_rcode(0);  // the stream's messages answer NOERROR
      return length;
    }
  }
  return count_response(*stats, length, out);
}

}  // namespace zoned::server
