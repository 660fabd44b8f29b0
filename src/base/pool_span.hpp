#pragma once
// A range [begin, end) of indices into one of the engine's flat pools: the
// compiled rules keep their parts in a few big arrays, and refer to them by
// index so that they stay plain data, copied and read without indirection.

#include <cstdint>

namespace embargo::detail {

struct span32 {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    bool empty() const noexcept { return begin == end; }
};

}  // namespace embargo::detail
