#include "support/allocation_counter.hpp"

#include <atomic>
#include <cstdlib>
#include <new>

namespace {
std::atomic<std::size_t> count{0};
}

namespace embargo::testing {
std::size_t allocations() noexcept { return count.load(std::memory_order_relaxed); }
}  // namespace embargo::testing

// Sanitizer builds bring their own allocator; counting there is not needed.
#if !defined(__SANITIZE_ADDRESS__) && !defined(EMBARGO_NO_ALLOCATION_COUNTER)
void* operator new(std::size_t n) {
    count.fetch_add(1, std::memory_order_relaxed);
    if (void* p = std::malloc(n == 0 ? 1 : n)) return p;
    throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
#endif
