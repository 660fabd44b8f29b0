#pragma once
// Days, periods and validity intervals.
//
// Rules speak in days (`from: 2017-09-11`); records speak in days, months or
// years, because customs statistics are monthly. A record's period is a closed
// range of days [first, last]; a measure's validity is half-open [from, until),
// as in the law ("ends when the successor starts"). Whether a measure is in
// force for a record is three-valued: a month that straddles the adoption day
// is neither in nor out, and the engine says so instead of guessing.

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"

namespace embargo {

using day = std::chrono::sys_days;

// Parses `YYYY-MM-DD`, checking the calendar (2017-02-30 is an error).
// Error ids: `date.syntax`, `date.invalid`, `date.out-of-range` (years
// outside 1900..2199, which no customs record or resolution uses).
EMBARGO_API result<day> parse_day(std::string_view text);
EMBARGO_API std::string to_string(day d);

// The first and last day the engine accepts, and "open-ended".
inline constexpr day earliest_day = std::chrono::sys_days{std::chrono::year{1900} / 1 / 1};
inline constexpr day day_max = std::chrono::sys_days{std::chrono::year{2200} / 1 / 1};

// GCC 12 wrongly reports the scoped enumerator `day` as shadowing the type
// `embargo::day` under -Wshadow (clang and GCC 13 do not); silence just that.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wshadow"
#endif
enum class period_kind : std::uint8_t { day, month, year };
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif

// A closed range of days a record refers to.
struct EMBARGO_API period {
    day first{};
    day last{};
    period_kind kind = period_kind::day;

    // `2022-08-14`, `2022-08` or `2022`. Errors as parse_day, plus
    // `period.syntax`.
    static result<period> parse(std::string_view text);
    static period of_day(day d) noexcept { return {d, d, period_kind::day}; }

    std::string str() const;  // in the form it was given
    friend bool operator==(const period&, const period&) = default;
};

// A half-open validity interval [from, until); until == day_max is open-ended.
struct EMBARGO_API validity {
    day from = earliest_day;
    day until = day_max;

    bool open_ended() const noexcept { return until == day_max; }
    bool empty() const noexcept { return until <= from; }
    bool contains(day d) const noexcept { return from <= d && d < until; }
    std::string str() const;  // "[2017-09-11, 2018-01-01)" or "from 2017-09-11"
    friend bool operator==(const validity&, const validity&) = default;
};

// How a record's period relates to a validity interval.
enum class overlap : std::uint8_t { none, partial, full };

constexpr overlap overlap_of(const period& p, const validity& v) noexcept {
    if (p.last < v.from || p.first >= v.until) return overlap::none;
    if (p.first >= v.from && p.last < v.until) return overlap::full;
    return overlap::partial;
}

}  // namespace embargo
