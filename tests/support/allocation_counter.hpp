#pragma once
// Counts heap allocations made by the current thread, for tests of code that
// promises not to allocate on its hot path (the CSV reader per record, the
// engine per verdict). The global operator new of the test binary is
// replaced in allocation_counter.cpp; it only counts and forwards to malloc.

#include <cstddef>

namespace embargo::testing {

// Allocations by this thread since the program started.
std::size_t allocations() noexcept;

}  // namespace embargo::testing
