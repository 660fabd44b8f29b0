// Days, periods and validity intervals.
//
// Dates come from rule files, records and the command line, so the parsers are
// strict about shape (exactly `YYYY-MM-DD`, `YYYY-MM` or `YYYY`, no signs, no
// spaces) and let <chrono> judge the calendar: `year_month_day::ok()` knows
// leap years, and `year_month_day_last` knows month lengths, so no calendar
// arithmetic is written by hand here. The shape is checked before any number
// is read, so every error can point at the first byte that is wrong.

#include "embargo/calendar.hpp"

#include <algorithm>
#include <array>
#include <charconv>

#include "base/text.hpp"

namespace embargo {
namespace {

using namespace std::chrono;

constexpr int min_year = 1900;
constexpr int max_year = 2199;

bool is_digit(char c) noexcept {
    return c >= '0' && c <= '9';
}

// The first offset at which `text` departs from `shape` ('d' = a digit, any
// other character stands for itself), or npos when it matches.
std::size_t shape_mismatch(std::string_view text, std::string_view shape) noexcept {
    const std::size_t n = std::min(text.size(), shape.size());
    for (std::size_t i = 0; i < n; ++i) {
        const bool ok = shape[i] == 'd' ? is_digit(text[i]) : text[i] == shape[i];
        if (!ok) return i;
    }
    if (text.size() != shape.size()) return n;
    return std::string_view::npos;
}

// Only called on text whose shape guaranteed digits there.
int digits_at(std::string_view text, std::size_t pos, std::size_t count) noexcept {
    int value = 0;
    for (std::size_t i = pos; i < pos + count; ++i) value = value * 10 + (text[i] - '0');
    return value;
}

using detail::quoted;

diagnostic out_of_range(std::string_view text, int y) {
    return text_error(0, "date.out-of-range",
                      "year " + std::to_string(y) + " in " + quoted(text) + " is outside " +
                          std::to_string(min_year) + ".." + std::to_string(max_year));
}

const std::array<std::string_view, 12> month_names = {
    "January", "February", "March",     "April",   "May",      "June",
    "July",    "August",   "September", "October", "November", "December"};

void append_padded(std::string& out, long long value, int width) {
    std::array<char, 24> buffer{};
    const bool negative = value < 0;
    const unsigned long long magnitude = negative ? 0ULL - static_cast<unsigned long long>(value)
                                                  : static_cast<unsigned long long>(value);
    auto [end, ec] = std::to_chars(buffer.data(), buffer.data() + buffer.size(), magnitude);
    (void)ec;  // 24 bytes hold any 64-bit number
    const auto length = static_cast<int>(end - buffer.data());
    if (negative) out += '-';
    for (int i = length; i < width; ++i) out += '0';
    out.append(buffer.data(), end);
}

std::string year_month_str(year y, month m) {
    std::string out;
    append_padded(out, static_cast<int>(y), 4);
    out += '-';
    append_padded(out, static_cast<unsigned>(m), 2);
    return out;
}

}  // namespace

result<day> parse_day(std::string_view text) {
    if (const auto bad = shape_mismatch(text, "dddd-dd-dd"); bad != std::string_view::npos) {
        return text_error(bad, "date.syntax", "expected a date YYYY-MM-DD, found " + quoted(text));
    }
    const int y = digits_at(text, 0, 4);
    if (y < min_year || y > max_year) return out_of_range(text, y);
    const auto m = static_cast<unsigned>(digits_at(text, 5, 2));
    const auto d = static_cast<unsigned>(digits_at(text, 8, 2));
    const year_month_day ymd{year{y}, month{m}, std::chrono::day{d}};
    if (!ymd.month().ok()) {
        return text_error(5, "date.invalid",
                          quoted(text) + " has month " + std::to_string(m) + "; expected 01..12");
    }
    if (!ymd.ok()) {
        const auto last = year_month_day_last{ymd.year(), month_day_last{ymd.month()}}.day();
        return text_error(8, "date.invalid",
                          quoted(text) + " is not a day of the calendar: " +
                              std::string(month_names[m - 1]) + " " + std::to_string(y) + " has " +
                              std::to_string(static_cast<unsigned>(last)) + " days");
    }
    return sys_days{ymd};
}

std::string to_string(day d) {
    const year_month_day ymd{d};
    std::string out = year_month_str(ymd.year(), ymd.month());
    out += '-';
    append_padded(out, static_cast<unsigned>(ymd.day()), 2);
    return out;
}

result<period> period::parse(std::string_view text) {
    if (shape_mismatch(text, "dddd-dd-dd") == std::string_view::npos) {
        auto d = parse_day(text);
        if (!d) return d.error();
        return of_day(*d);
    }
    const bool is_month = shape_mismatch(text, "dddd-dd") == std::string_view::npos;
    const bool is_year = shape_mismatch(text, "dddd") == std::string_view::npos;
    if (!is_month && !is_year) {
        return text_error(
            0, "period.syntax",
            "expected a day (YYYY-MM-DD), a month (YYYY-MM) or a year (YYYY), found " +
                quoted(text));
    }
    const int y = digits_at(text, 0, 4);
    if (y < min_year || y > max_year) return out_of_range(text, y);
    if (is_year) {
        return period{sys_days{year{y} / January / 1}, sys_days{year{y} / December / 31},
                      period_kind::year};
    }
    const month m{static_cast<unsigned>(digits_at(text, 5, 2))};
    if (!m.ok()) {
        return text_error(5, "date.invalid",
                          quoted(text) + " has month " + std::to_string(static_cast<unsigned>(m)) +
                              "; expected 01..12");
    }
    return period{sys_days{year{y} / m / 1}, sys_days{year{y} / m / std::chrono::last},
                  period_kind::month};
}

std::string period::str() const {
    const year_month_day ymd{first};
    switch (kind) {
        case period_kind::day:
            return to_string(first);
        case period_kind::month:
            return year_month_str(ymd.year(), ymd.month());
        case period_kind::year: {
            std::string out;
            append_padded(out, static_cast<int>(ymd.year()), 4);
            return out;
        }
    }
    return to_string(first);
}

std::string validity::str() const {
    // Appended rather than `"from " + to_string(...)`, which trips GCC 12's
    // false -Wrestrict on string concatenation (GCC bug 105651) at -O2.
    std::string out = open_ended() ? "from " : "[";
    out += to_string(from);
    if (!open_ended()) {
        out += ", ";
        out += to_string(until);
        out += ')';
    }
    return out;
}

}  // namespace embargo
