#pragma once
// Days as the compiled tables hold them: an int32 count of days since
// 1970-01-01, so that a date comparison on the hot path is an integer
// comparison. calendar.hpp bounds every day embargo reads to 1900..2200, well
// inside the range.

#include <cstdint>

#include "embargo/calendar.hpp"

namespace embargo::detail {

constexpr std::int32_t day_number(day d) noexcept {
    return static_cast<std::int32_t>(d.time_since_epoch().count());
}

}  // namespace embargo::detail
