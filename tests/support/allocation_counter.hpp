#pragma once
// Counts heap allocations made by this process (the test binary replaces the
// global operator new), so that a test can prove a hot path allocates nothing.

#include <cstddef>

namespace embargo::testing {

std::size_t allocations() noexcept;

}  // namespace embargo::testing
