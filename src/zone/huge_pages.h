// Asks the kernel for transparent huge pages behind a large buffer that is about to be
// filled: loading a big zone otherwise spends a fifth of its time in page faults.
#pragma once

#include <cstddef>

namespace zoned::zone {

// Advises the 2 MiB-aligned part of [p, p + bytes); a no-op where THP is off or for small
// buffers. Never fails: it is only advice.
void advise_huge_pages(const void* p, std::size_t bytes);

}  // namespace zoned::zone
