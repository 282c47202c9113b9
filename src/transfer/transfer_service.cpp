#include "transfer/transfer_service.h"

#include <arpa/inet.h>
#include <netinet/in.h>

#include <array>
#include <atomic>
#include <chrono>
#include <cstring>
#include <ctime>
#include <utility>

#include "config/zonefile_path.h"
#include "server/answer/answer.h"
#include "server/log.h"
#include "transfer/axfr_writer.h"
#include "transfer/ixfr_writer.h"
#include "transfer/peer_address.h"
#include "transfer/zone_delta.h"
#include "wire/rrtype.h"
#include "wire/serial.h"
#include "zone/zone_cursor.h"

namespace zoned::transfer {

using server::log_error;
using server::log_info;
using server::log_warning;

struct TransferService::ZoneState {
  std::string name;
  bool journal_enabled = false;
  std::string journal_path;
  std::size_t ixfr_number = 5;
  std::uint64_t ixfr_size = 1048576;
  std::vector<NotifyTarget> targets;
  unsigned notify_retry = 5;

  std::mutex mutex;  // guards the journal: workers read it, the reloading thread appends
  std::optional<IxfrJournal> journal;
  bool journal_failed = false;  // reported once; IXFR then falls back to AXFR
};

namespace {

std::uint64_t now_seconds() {
  return static_cast<std::uint64_t>(std::time(nullptr));
}

std::vector<NotifyTarget> notify_targets(const config::Config& config, const config::Zone& zone) {
  std::vector<NotifyTarget> targets;
  for (const config::AclEntry& e : zone.settings.notify)
    targets.push_back(peer_endpoint(config, zone, e));
  return targets;
}

// What every outgoing transfer logs: which zone, which kind, to whom, with which key.
struct TransferLog {
  std::string zone;
  std::string kind;  // "AXFR of serial 7", "IXFR 6 -> 7", ...
  std::string peer;
  std::string key;
};

// One of the transfers-out places, held while a stream runs.
class RunningSlot {
 public:
  RunningSlot() = default;
  explicit RunningSlot(std::atomic<unsigned>* running) : running_(running) {}
  RunningSlot(RunningSlot&& other) noexcept : running_(std::exchange(other.running_, nullptr)) {}
  RunningSlot& operator=(RunningSlot&&) = delete;
  ~RunningSlot() {
    if (running_ != nullptr) running_->fetch_sub(1, std::memory_order_relaxed);
  }

 private:
  std::atomic<unsigned>* running_ = nullptr;
};

// The messages of a writer (AxfrWriter, IxfrWriter), each signed when the request was.
template <class Writer>
class WriterStream final : public server::ResponseStream {
 public:
  WriterStream(std::unique_ptr<Writer> writer, const server::TransferRequest& request,
               TransferLog log, RunningSlot slot)
      : writer_(std::move(writer)),
        log_(std::move(log)),
        start_(Clock::now()),
        slot_(std::move(slot)) {
    if (request.key != nullptr) {
      key_ = *request.key;
      signer_.emplace(*key_, request.request_mac, request.request_time);
    }
    log_info("zone %s: %s to %s (%s) started", log_.zone.c_str(), log_.kind.c_str(),
             log_.peer.c_str(), log_.key.c_str());
  }

  ~WriterStream() override {
    const double seconds = std::chrono::duration<double>(Clock::now() - start_).count();
    if (finished_ && !writer_->failed()) {
      log_info("zone %s: %s to %s done: %zu messages, %llu records, %llu octets, %.3f s",
               log_.zone.c_str(), log_.kind.c_str(), log_.peer.c_str(), writer_->messages(),
               static_cast<unsigned long long>(writer_->records()),
               static_cast<unsigned long long>(octets_), seconds);
    } else {
      log_warning(
          "zone %s: %s to %s ended early after %zu messages (%s)", log_.zone.c_str(),
          log_.kind.c_str(), log_.peer.c_str(), writer_->messages(),
          writer_->failed() ? "a record did not fit in a message" : "the connection closed first");
    }
  }

  std::size_t next(std::span<std::uint8_t> out) override {
    if (finished_) return 0;
    const std::size_t reserve = key_ ? wire::tsig_rr_size(*key_) : 0;
    std::size_t length = writer_->next(out, reserve);
    if (length != 0 && signer_) length = signer_->sign(out, length, now_seconds());
    if (length == 0) {
      finished_ = true;
      return 0;
    }
    octets_ += length;
    return length;
  }

 private:
  using Clock = std::chrono::steady_clock;
  std::unique_ptr<Writer> writer_;
  std::optional<wire::TsigKey> key_;  // a copy: the signer points into it
  std::optional<wire::TsigSigner> signer_;
  TransferLog log_;
  Clock::time_point start_;
  std::uint64_t octets_ = 0;
  bool finished_ = false;
  RunningSlot slot_;
};

// A response of one message, built (and signed) up front.
class OneMessageStream final : public server::ResponseStream {
 public:
  explicit OneMessageStream(std::vector<std::uint8_t> message) : message_(std::move(message)) {}
  std::size_t next(std::span<std::uint8_t> out) override {
    if (sent_ || message_.empty() || message_.size() > out.size()) return 0;
    sent_ = true;
    std::memcpy(out.data(), message_.data(), message_.size());
    return message_.size();
  }

 private:
  std::vector<std::uint8_t> message_;
  bool sent_ = false;
};

// Signs `length` octets of `buffer` for a signed request; unsigned ones as they are.
std::size_t sign_single(const server::TransferRequest& request, std::span<std::uint8_t> buffer,
                        std::size_t length) {
  if (length == 0 || request.key == nullptr) return length;
  wire::TsigSigner signer(*request.key, request.request_mac, request.request_time);
  return signer.sign(buffer, length, now_seconds());
}

std::unique_ptr<server::ResponseStream> single_message(const server::TransferRequest& request,
                                                       std::vector<std::uint8_t> buffer,
                                                       std::size_t length) {
  length = sign_single(request, buffer, length);
  buffer.resize(length);
  return std::make_unique<OneMessageStream>(std::move(buffer));
}

// A transfer request answered with an error alone (signed when the request was).
std::unique_ptr<server::ResponseStream> error_message(const server::TransferRequest& request,
                                                      wire::Rcode rcode) {
  std::vector<std::uint8_t> buffer(wire::kMaxMessageSize);
  server::AnswerOptions options;
  options.tcp = true;
  const std::size_t reserve = request.key ? wire::tsig_rr_size(*request.key) : 0;
  const std::size_t length =
      server::answer_rcode(request.info, options, rcode, 0, buffer.size() - reserve, buffer);
  return single_message(request, std::move(buffer), length);
}

}  // namespace

TransferService::ZoneMap TransferService::build_zones(const config::Config& config) {
  ZoneMap zones;
  for (const config::Zone& zone : config.zones) {
    auto state = std::make_shared<ZoneState>();
    state->name = zone.name;
    const std::optional<std::string> path = config::zonefile_path(config, zone);
    const bool provides = !zone.settings.provide_xfr.empty();
    const bool wanted = zone.settings.store_ixfr.is_set ? *zone.settings.store_ixfr : provides;
    state->journal_enabled = wanted && path.has_value();
    if (path) state->journal_path = *path + ".zoned-ixfr";
    state->ixfr_number = *zone.settings.ixfr_number;
    state->ixfr_size = *zone.settings.ixfr_size;
    state->targets = notify_targets(config, zone);
    state->notify_retry = *zone.settings.notify_retry;
    zones.emplace(wire::name_key(zone.apex.view()), std::move(state));
  }
  return zones;
}

TransferService::TransferService(const config::Config& config, NotifySender* notify)
    : zones_(build_zones(config)), notify_(notify), max_running_(config.server.transfers_out) {}

TransferService::~TransferService() = default;

void TransferService::reconfigure(const config::Config& config) {
  ZoneMap fresh = build_zones(config);
  std::unique_lock lock(zones_mutex_);
  for (auto& [key, state] : fresh) {
    const auto old = zones_.find(key);
    if (old == zones_.end()) continue;
    std::lock_guard journal_lock(old->second->mutex);
    if (old->second->journal_path == state->journal_path && state->journal_enabled) {
      state->journal = std::move(old->second->journal);
      state->journal_failed = old->second->journal_failed;
    }
  }
  zones_ = std::move(fresh);
}

std::shared_ptr<TransferService::ZoneState> TransferService::find(wire::NameView apex) const {
  std::shared_lock lock(zones_mutex_);
  const auto found = zones_.find(wire::name_key(apex));
  return found == zones_.end() ? nullptr : found->second;
}

void TransferService::zone_updated(const std::shared_ptr<const zone::ZoneSnapshot>& before,
                                   const std::shared_ptr<const zone::ZoneSnapshot>& after) {
  const std::shared_ptr<ZoneState> state = find(after->apex());
  if (state == nullptr) return;
  if (state->journal_enabled) {
    std::lock_guard lock(state->mutex);
    if (!state->journal && !state->journal_failed) {
      std::string error;
      state->journal = IxfrJournal::open(state->journal_path, error);
      if (!state->journal) {
        state->journal_failed = true;
        log_error("zone %s: IXFR journal %s cannot be used (%s): secondaries get AXFR only",
                  state->name.c_str(), state->journal_path.c_str(), error.c_str());
      } else if (state->journal->recovered_bytes() > 0) {
        log_warning(
            "zone %s: IXFR journal %s had a damaged end (%zu octets, an interrupted "
            "write): dropped, the %zu complete entries before it kept",
            state->name.c_str(), state->journal_path.c_str(), state->journal->recovered_bytes(),
            state->journal->size());
      }
    }
    if (state->journal && before != nullptr) {
      zone::DiffStats stats;
      const ZoneDelta delta = make_delta(*before, *after, &stats);
      if (state->ixfr_size != 0 && delta.bytes() > state->ixfr_size) {
        // Not written only to be trimmed away: the journal's chain now ends before this
        // serial, so IXFR requests get the whole zone until the next smaller change.
        log_info(
            "zone %s: serial %u -> %u: %zu records removed, %zu added: more than "
            "ixfr-size (%zu > %llu octets), not kept for IXFR; secondaries get AXFR",
            state->name.c_str(), before->serial(), after->serial(), delta.removed.size(),
            delta.added.size(), delta.bytes(), static_cast<unsigned long long>(state->ixfr_size));
      } else if (!state->journal->append(delta)) {
        log_error("zone %s: serial %u -> %u not stored in the IXFR journal %s: %s",
                  state->name.c_str(), before->serial(), after->serial(),
                  state->journal_path.c_str(), state->journal->error().c_str());
      } else {
        state->journal->trim(state->ixfr_number, state->ixfr_size);
        log_info(
            "zone %s: serial %u -> %u: %zu records removed, %zu added, kept for IXFR "
            "(journal: %zu versions, %zu octets)",
            state->name.c_str(), before->serial(), after->serial(), delta.removed.size(),
            delta.added.size(), state->journal->size(), state->journal->bytes());
      }
    }
  }
}

void TransferService::zone_published(const std::shared_ptr<const zone::ZoneSnapshot>& after) {
  // Only now: a secondary asks for the new serial as soon as it hears of it.
  if (const std::shared_ptr<ZoneState> state = find(after->apex())) send_notify(*state, *after);
}

void TransferService::send_notify(ZoneState& state, const zone::ZoneSnapshot& zone) {
  if (notify_ == nullptr || state.targets.empty()) return;
  zone::ZoneRecord soa;
  if (!zone::soa_record(zone, soa)) return;
  NotifyZone z;
  z.name = state.name;
  z.apex.assign(zone.apex());
  z.serial = zone.serial();
  z.soa_ttl = soa.ttl;
  z.soa_rdata.assign(soa.rdata.begin(), soa.rdata.end());
  notify_->notify(z, state.targets, state.notify_retry);
}

bool TransferService::notify_now(const zone::ZoneSnapshot& zone) {
  const std::shared_ptr<ZoneState> state = find(zone.apex());
  if (state == nullptr || state->targets.empty() || notify_ == nullptr) return false;
  send_notify(*state, zone);
  return true;
}

std::unique_ptr<server::ResponseStream> TransferService::open(
    const server::TransferRequest& request) {
  const wire::MessageInfo& info = request.info;
  const zone::ZoneSnapshot& zone = *request.zone;
  const std::uint32_t serial = zone.serial();
  TransferLog log{request.policy.name, "AXFR of serial " + std::to_string(serial),
                  server::to_string(request.source), wire::key_description(request.key)};
  const bool ixfr = info.question.type == wire::rrtype::IXFR;
  // transfers-out: past it, SERVFAIL, which secondaries take as "try again later".
  if (max_running_ != 0 && running_.fetch_add(1, std::memory_order_relaxed) >= max_running_) {
    running_.fetch_sub(1, std::memory_order_relaxed);
    log_warning(
        "zone %s: %s from %s (%s) refused with SERVFAIL: %u transfers out already run "
        "(transfers-out)",
        log.zone.c_str(), ixfr ? "IXFR" : "AXFR", log.peer.c_str(), log.key.c_str(), max_running_);
    return error_message(request, wire::Rcode::kServFail);
  }
  RunningSlot slot(max_running_ != 0 ? &running_ : nullptr);
  if (!ixfr) {
    return std::make_unique<WriterStream<AxfrWriter>>(
        std::make_unique<AxfrWriter>(request.zone, info), request, std::move(log), std::move(slot));
  }
  const std::optional<std::uint32_t> client = ixfr_query_serial(request.query, info);
  if (!client) {  // RFC 1995 §3: the query carries the client's SOA
    log_info("zone %s: IXFR from %s without an SOA in its authority section: FORMERR",
             log.zone.c_str(), log.peer.c_str());
    return error_message(request, wire::Rcode::kFormErr);
  }
  if (!wire::serial_lt(*client, serial)) {
    log_info("zone %s: IXFR from %s (%s) at serial %u: up to date (serving %u)", log.zone.c_str(),
             log.peer.c_str(), log.key.c_str(), *client, serial);
    zone::ZoneRecord soa;
    zone::soa_record(zone, soa);
    std::vector<std::uint8_t> buffer(wire::kMaxMessageSize);
    const std::size_t reserve = request.key ? wire::tsig_rr_size(*request.key) : 0;
    const std::size_t length = write_ixfr_up_to_date(buffer, reserve, info, soa);
    return single_message(request, std::move(buffer), length);
  }
  std::string why;
  std::shared_ptr<const ZoneDelta> delta;
  if (const auto state = find(zone.apex()); state != nullptr && state->journal_enabled) {
    std::lock_guard lock(state->mutex);
    if (state->journal) {
      std::optional<std::vector<ZoneDelta>> chain = state->journal->deltas_since(*client);
      if (!chain || chain->empty()) {
        why = "serial " + std::to_string(*client) + " is not in the IXFR journal";
      } else if (chain->back().new_serial() != serial) {
        why = "the IXFR journal does not reach serial " + std::to_string(serial);
      } else if (std::optional<ZoneDelta> condensed = condense(*chain)) {
        delta = std::make_shared<const ZoneDelta>(std::move(*condensed));
      } else {
        why = "the IXFR journal's versions do not follow on";
      }
    } else {
      why = "the IXFR journal cannot be used";
    }
  } else {
    why = "no IXFR journal is kept for the zone (store-ixfr)";
  }
  if (delta == nullptr) {
    log.kind = "AXFR of serial " + std::to_string(serial) + " (for IXFR from serial " +
               std::to_string(*client) + ": " + why + ")";
    return std::make_unique<WriterStream<AxfrWriter>>(
        std::make_unique<AxfrWriter>(request.zone, info), request, std::move(log), std::move(slot));
  }
  log.kind = "IXFR " + std::to_string(*client) + " -> " + std::to_string(serial);
  return std::make_unique<WriterStream<IxfrWriter>>(std::make_unique<IxfrWriter>(delta, info),
                                                    request, std::move(log), std::move(slot));
}

}  // namespace zoned::transfer
