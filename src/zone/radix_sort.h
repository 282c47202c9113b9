// Sorting by 32-bit hash without comparisons: zone loading sorts millions of names by hash,
// and sequential counting passes beat a comparison sort (and a hash table's cache misses).
#pragma once

#include <cstdint>
#include <vector>

namespace zoned::zone {

// Stable LSD radix sort of (hash << 32 | payload) keys by their high 32 bits, in two
// 16-bit passes; keys with equal hashes keep their order.
void radix_sort_by_hash(std::vector<std::uint64_t>& keys);

}  // namespace zoned::zone
