#include "zone/radix_sort.h"

#include <algorithm>

namespace zoned::zone {

void radix_sort_by_hash(std::vector<std::uint64_t>& keys) {
  std::vector<std::uint64_t> tmp(keys.size());
  std::vector<std::uint32_t> count(65537);
  for (int shift = 32; shift < 64; shift += 16) {
    std::fill(count.begin(), count.end(), 0);
    for (std::uint64_t k : keys)
      ++count[((k >> shift) & 0xffff) + 1];
    for (std::size_t i = 1; i < count.size(); ++i)
      count[i] += count[i - 1];
    for (std::uint64_t k : keys)
      tmp[count[(k >> shift) & 0xffff]++] = k;
    keys.swap(tmp);
  }
}

}  // namespace zoned::zone
