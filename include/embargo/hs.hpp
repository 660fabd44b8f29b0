#pragma once
// HS codes as intervals on the 10-digit key space.
//
// A Harmonized System code of n digits (2 = chapter, 4 = heading, 6 =
// subheading, 7 to 10 = national extensions) stands for every longer code that
// starts with it. Padding it with zeros to 10 digits gives a half-open interval
// of keys: `2710` is [2710000000, 2711000000). Selectors, the compiled index
// and coverage questions all work on these intervals, so that "does a ban on
// 2709 cover a record coded 27?" is interval arithmetic, not string matching.

#include <cstdint>
#include <string>
#include <string_view>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"

namespace embargo {

// One point of the key space: a 10-digit HS key, 0 .. 9'999'999'999.
using hs_key = std::uint64_t;

inline constexpr hs_key hs_key_end = 10'000'000'000ULL;  // one past the last key

// A half-open interval of keys [first, last).
struct EMBARGO_API hs_interval {
    hs_key first = 0;
    hs_key last = 0;

    bool empty() const noexcept { return first >= last; }
    bool contains(hs_key k) const noexcept { return first <= k && k < last; }
    friend bool operator==(const hs_interval&, const hs_interval&) = default;
};

// A validated HS code: 2, 4, 6 or 7 to 10 digits. Dots are cosmetic
// (`8803.30.00` == `88033000`) and surrounding whitespace is ignored; any other
// character, a space inside the code included, is an error. Three- and
// five-digit codes are rejected: no HS level or national tariff uses them, so
// they are almost always a truncated code. A default-constructed code has 0
// digits and spans the whole key space.
class EMBARGO_API hs_code {
public:
    hs_code() = default;

    // Parses `text`. Error ids: `hs.empty` (also for dots only),
    // `hs.bad-character` (offset of the character), `hs.bad-length`.
    static result<hs_code> parse(std::string_view text);

    // The code with `digits` leading digits of the 10-digit `key` (digits is
    // clamped to 0..10; the trailing digits of `key` are dropped).
    static hs_code from_key(hs_key key, int digits) noexcept;

    int digits() const noexcept { return digits_; }
    hs_key key() const noexcept { return key_; }  // padded with zeros
    hs_interval interval() const noexcept;

    // The code cut to `n` digits (n <= digits()): chapter(), heading(), ...
    hs_code prefix(int n) const noexcept;
    int chapter() const noexcept { return static_cast<int>(key_ / 100'000'000ULL); }

    std::string str() const;     // digits only: "271012"
    std::string dotted() const;  // "27", "2710", "2710.12", "8803.30.00", "8803.30.00.10"

    friend bool operator==(const hs_code&, const hs_code&) = default;
    friend auto operator<=>(const hs_code&, const hs_code&) = default;

private:
    hs_key key_ = 0;
    std::uint8_t digits_ = 0;
};

}  // namespace embargo
