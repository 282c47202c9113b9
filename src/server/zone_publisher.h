// Publishing an immutable value (the server's ZoneSet) to reader threads without a lock on
// the read side: quiescent-state-based reclamation (QSBR), the userspace-RCU flavour that
// costs readers nothing per query.
//
//   readers (workers)                         writer (reload)
//   slot.online()      // before a batch       publish(new set):
//   const T* v = current();                      old = pointer.exchange(new)
//   ... answer a batch of queries with v ...     epoch += 1
//   slot.offline()     // before epoll_wait      wait until every slot is offline or has
//   (or slot.quiescent() between batches)        announced the new epoch, then delete old
//
// A reader may only hold the pointer it loaded until its next quiescent() or offline(); the
// writer frees a value only after every reader has passed one of those since the swap.
// Readers never wait; the writer waits at most for one batch of each busy reader.
//
// Header-only and generic so that the unit test can drive it with any type.
#pragma once

#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <new>
#include <stdexcept>
#include <thread>
#include <vector>

namespace zoned::server {

// One reader's announced state, on its own cache line so that readers never share a line
// with each other or with the writer's hot fields.
class alignas(64) ReaderSlot {
 public:
  // 0: offline (in epoll_wait, holding no pointer); otherwise the last epoch it has seen.
  static constexpr std::uint64_t kOffline = 0;

  // seq_cst on both sides: the writer must see this store before it reads the slots, or the
  // reader must see the new pointer. It happens once per batch, not per query.
  void online() { seen_.store(global_epoch_->load(std::memory_order_seq_cst)); }
  void quiescent() { seen_.store(global_epoch_->load(std::memory_order_seq_cst)); }
  void offline() { seen_.store(kOffline, std::memory_order_release); }

  std::uint64_t seen() const { return seen_.load(std::memory_order_seq_cst); }

 private:
  template <class T>
  friend class Publisher;
  std::atomic<std::uint64_t> seen_{kOffline};
  const std::atomic<std::uint64_t>* global_epoch_ = nullptr;
};

template <class T>
class Publisher {
 public:
  // `max_readers` slots are allocated once: register_reader() never reallocates, so slot
  // references stay valid while readers run.
  explicit Publisher(std::size_t max_readers) : slots_(max_readers) {
    for (ReaderSlot& slot : slots_)
      slot.global_epoch_ = &epoch_;
  }
  Publisher(const Publisher&) = delete;
  Publisher& operator=(const Publisher&) = delete;
  ~Publisher() { delete current_.load(); }

  // Call before the reader threads start (or under the writer's own synchronisation).
  ReaderSlot& register_reader() {
    std::lock_guard lock(writer_mutex_);
    if (registered_ == slots_.size()) throw std::length_error("too many publisher readers");
    return slots_[registered_++];
  }

  // The value published last; valid for the caller until its next quiescent()/offline().
  // The caller's slot must be online.
  const T* current() const { return current_.load(std::memory_order_seq_cst); }

  // Makes `value` the current one and frees the previous one once no reader can hold it.
  // Blocks the caller (never the readers) for that grace period. Writers are serialised.
  void publish(std::unique_ptr<const T> value) {
    std::lock_guard lock(writer_mutex_);
    const T* old = current_.exchange(value.release(), std::memory_order_seq_cst);
    wait_for_readers();
    delete old;
  }

  // Grace periods completed so far; for tests and statistics.
  std::uint64_t epoch() const { return epoch_.load(); }

 private:
  void wait_for_readers() {
    const std::uint64_t target = epoch_.fetch_add(1, std::memory_order_seq_cst) + 1;
    for (std::size_t i = 0; i < registered_; ++i) {
      // A reader that loaded the old pointer announces an epoch below `target` until its
      // next quiescent state. Sleeping briefly keeps the writer off the readers' cores.
      for (unsigned spins = 0;; ++spins) {
        const std::uint64_t seen = slots_[i].seen();
        if (seen == ReaderSlot::kOffline || seen >= target) break;
        if (spins < 64) {
          std::this_thread::yield();
        } else {
          std::this_thread::sleep_for(std::chrono::microseconds(100));
        }
      }
    }
  }

  // Starts at 1 so that an online reader never announces kOffline by accident.
  std::atomic<std::uint64_t> epoch_{1};
  alignas(64) std::atomic<const T*> current_{nullptr};
  std::vector<ReaderSlot> slots_;
  std::size_t registered_ = 0;
  std::mutex writer_mutex_;
};

}  // namespace zoned::server
