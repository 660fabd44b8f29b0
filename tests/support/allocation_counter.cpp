#include "support/allocation_counter.hpp"

#include <cstdlib>
#include <new>

// ThreadSanitizer's runtime defines the global operator new and delete
// itself, so a test binary cannot replace them; there a malloc hook of its
// allocator counts instead (operator new allocates through it).
#if defined(__SANITIZE_THREAD__)
#define EMBARGO_TESTING_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define EMBARGO_TESTING_TSAN 1
#endif
#endif
#ifdef EMBARGO_TESTING_TSAN
#include <sanitizer/allocator_interface.h>
#endif

namespace {
thread_local std::size_t allocation_count = 0;
}  // namespace

namespace embargo::testing {
std::size_t allocations() noexcept {
    return allocation_count;
}
}  // namespace embargo::testing

#ifdef EMBARGO_TESTING_TSAN
namespace {
void count_malloc(const volatile void*, std::size_t) {
    ++allocation_count;
}
void ignore_free(const volatile void*) {}
[[maybe_unused]] const int hooks_installed =
    __sanitizer_install_malloc_and_free_hooks(count_malloc, ignore_free);
}  // namespace
#else
namespace {
void* allocate(std::size_t size) {
    ++allocation_count;
    if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
    throw std::bad_alloc();
}
}  // namespace

void* operator new(std::size_t size) {
    return allocate(size);
}
void* operator new[](std::size_t size) {
    return allocate(size);
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept {
    ++allocation_count;
    return std::malloc(size == 0 ? 1 : size);
}
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept {
    ++allocation_count;
    return std::malloc(size == 0 ? 1 : size);
}
void operator delete(void* p) noexcept {
    std::free(p);
}
void operator delete[](void* p) noexcept {
    std::free(p);
}
void operator delete(void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete[](void* p, std::size_t) noexcept {
    std::free(p);
}
void operator delete(void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
void operator delete[](void* p, const std::nothrow_t&) noexcept {
    std::free(p);
}
#endif
