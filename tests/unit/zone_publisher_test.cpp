// The QSBR publisher the workers read the zones through: readers in threads check that the
// value they hold is never freed under them while a writer keeps swapping it. Run under
// -DZONED_SANITIZE=ON, a use-after-free would also be an ASan report.
#include "server/zone_publisher.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <thread>
#include <vector>

namespace {

using zoned::server::Publisher;
using zoned::server::ReaderSlot;

// A value that knows whether it is still alive: its destructor poisons it, so a reader
// that still holds it after reclamation sees the poison (and ASan sees the access).
struct Versioned {
  static constexpr std::uint64_t kAlive = 0xA11CE;
  static constexpr std::uint64_t kFreed = 0xDEAD;
  explicit Versioned(std::uint64_t v, std::atomic<int>* live) : version(v), live_count(live) {
    ++*live_count;
  }
  ~Versioned() {
    state.store(kFreed);
    --*live_count;
  }
  std::uint64_t version;
  std::atomic<std::uint64_t> state{kAlive};
  std::atomic<int>* live_count;
};

TEST(ZonePublisher, StartsEmptyAndPublishes) {
  std::atomic<int> live{0};
  Publisher<Versioned> publisher(4);
  ReaderSlot& slot = publisher.register_reader();
  slot.online();
  EXPECT_EQ(publisher.current(), nullptr);
  slot.offline();
  publisher.publish(std::make_unique<Versioned>(1, &live));
  slot.online();
  ASSERT_NE(publisher.current(), nullptr);
  EXPECT_EQ(publisher.current()->version, 1u);
  slot.offline();
  publisher.publish(std::make_unique<Versioned>(2, &live));
  EXPECT_EQ(live.load(), 1);  // the first value was reclaimed at once: the reader is offline
}

TEST(ZonePublisher, TooManyReadersThrows) {
  Publisher<int> publisher(1);
  publisher.register_reader();
  EXPECT_THROW(publisher.register_reader(), std::length_error);
}

TEST(ZonePublisher, WriterWaitsForAnOnlineReader) {
  std::atomic<int> live{0};
  Publisher<Versioned> publisher(2);
  ReaderSlot& slot = publisher.register_reader();
  publisher.publish(std::make_unique<Versioned>(1, &live));
  slot.online();
  const Versioned* held = publisher.current();

  std::atomic<bool> published{false};
  std::thread writer([&] {
    publisher.publish(std::make_unique<Versioned>(2, &live));
    published = true;
  });
  // The writer cannot finish while the reader holds version 1 without a quiescent state.
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_FALSE(published.load());
  EXPECT_EQ(held->state.load(), Versioned::kAlive);
  EXPECT_EQ(held->version, 1u);
  slot.quiescent();
  writer.join();
  EXPECT_TRUE(published.load());
  EXPECT_EQ(publisher.current()->version, 2u);
  EXPECT_EQ(live.load(), 1);
  slot.offline();
}

TEST(ZonePublisher, ReadersNeverSeeAFreedValueWhileAWriterSwaps) {
  std::atomic<int> live{0};
  constexpr int kReaders = 4;
  Publisher<Versioned> publisher(kReaders);
  publisher.publish(std::make_unique<Versioned>(0, &live));
  std::vector<ReaderSlot*> slots;
  for (int i = 0; i < kReaders; ++i)
    slots.push_back(&publisher.register_reader());

  std::atomic<bool> stop{false};
  std::atomic<std::uint64_t> bad{0};
  std::atomic<std::uint64_t> batches{0};
  std::vector<std::thread> readers;
  for (int i = 0; i < kReaders; ++i) {
    readers.emplace_back([&, slot = slots[i], i] {
      std::uint64_t last_version = 0;
      for (unsigned round = 0; !stop.load(std::memory_order_relaxed) && round < 5'000'000;
           ++round) {
        slot->online();
        const Versioned* v = publisher.current();
        // A "batch": read the value many times, as a worker answers many queries.
        for (int q = 0; q < 64; ++q) {
          if (v->state.load(std::memory_order_relaxed) != Versioned::kAlive) ++bad;
        }
        if (v->version < last_version) ++bad;  // versions only move forward
        last_version = v->version;
        // Half the readers go offline (as in epoll_wait), half only announce quiescence.
        if (i % 2 == 0) {
          slot->offline();
        } else {
          slot->quiescent();
        }
        ++batches;
      }
      slot->offline();
    });
  }

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(700);
  std::uint64_t version = 1;
  while (std::chrono::steady_clock::now() < deadline && version < 100000) {
    publisher.publish(std::make_unique<Versioned>(version++, &live));
  }
  stop = true;
  for (auto& t : readers)
    t.join();

  EXPECT_EQ(bad.load(), 0u);
  EXPECT_GT(batches.load(), 0u);
  EXPECT_GT(version, 10u);
  EXPECT_EQ(live.load(), 1);  // every replaced value was freed, exactly the current one lives
}

}  // namespace
