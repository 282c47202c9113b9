// Counts heap allocations while g_counting is set, so a test can prove that a hot path
// (parsing, building, answering) allocates nothing. It replaces the global operator
// new/delete: include it in one file of a test program only.
#pragma once

#include <cstdlib>
#include <new>

namespace {
bool g_counting = false;
long g_allocations = 0;
}  // namespace

// GCC 12 sees malloc/free behind a replaced operator new/delete and warns of a mismatch
// that is not there: both halves are replaced together.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t n) {
  if (g_counting) ++g_allocations;
  if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept {
  std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
  std::free(p);
}
// The nothrow pair too: std::stable_sort (loading a zone with a large RRset) takes its
// buffer from it and gives it back through the plain delete above, so under
// AddressSanitizer both halves must be ours.
void* operator new(std::size_t n, const std::nothrow_t&) noexcept {
  if (g_counting) ++g_allocations;
  return std::malloc(n == 0 ? 1 : n);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
  std::free(p);
}
#pragma GCC diagnostic pop
