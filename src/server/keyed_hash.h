// Hashing for the tables a client fills (RRL buckets, TCP places per client): a 64-bit
// finalizer (MurmurHash3's fmix64) over words mixed with a key chosen at random at start,
// so that nobody outside can aim two keys at one slot.
#pragma once

#include <cstdint>
#include <random>

namespace zoned::server {

inline std::uint64_t mix64(std::uint64_t h) {
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdULL;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ULL;
  h ^= h >> 33;
  return h;
}

inline std::uint64_t random_hash_key() {
  std::random_device device;
  return mix64(device() ^ (std::uint64_t{device()} << 32));
}

}  // namespace zoned::server
