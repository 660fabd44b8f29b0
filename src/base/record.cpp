// Trade records: country codes, units of quantity, HS edition names, free
// facts.
//
// Units come from customs files written by many hands (`No.`, `pcs`, `KG`,
// `barrels`), so parse_unit is case-insensitive and knows the usual aliases,
// but it refuses `ton`: a short ton is 907 kg and a long ton 1016 kg, and a cap
// counted in the wrong one is off by 10%. Conversions are exact ratios to one
// base unit per dimension, so that t -> kg and kg -> t are reciprocal; only
// within a dimension, because tonnes to barrels depends on the product and
// must be declared by the rule that needs it.

#include "embargo/record.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <string>
#include <utility>

#include "base/text.hpp"

namespace embargo {
namespace {

using detail::ascii_letter;
using detail::ascii_lower;
using detail::ascii_upper;

struct unit_alias {
    std::string_view name;  // lower case
    unit value;
};

constexpr std::array<unit_alias, 23> unit_aliases{{
    {"u", unit::items},    {"items", unit::items},  {"no", unit::items}, {"no.", unit::items},
    {"pcs", unit::items},  {"pieces", unit::items}, {"pa", unit::pairs}, {"pairs", unit::pairs},
    {"g", unit::g},        {"kg", unit::kg},        {"t", unit::t},      {"tonne", unit::t},
    {"tonnes", unit::t},   {"l", unit::l},          {"m3", unit::m3},    {"bbl", unit::bbl},
    {"barrel", unit::bbl}, {"barrels", unit::bbl},  {"kwh", unit::kwh},  {"mwh", unit::mwh},
    {"m", unit::m},        {"m2", unit::m2},        {"usd", unit::usd},
}};

// Size of one unit in its dimension's base (g, l, kWh); 0 for units that have
// no other unit in their dimension to convert to.
constexpr double base_size(unit u) noexcept {
    switch (u) {
        case unit::g:
            return 1;
        case unit::kg:
            return 1e3;
        case unit::t:
            return 1e6;
        case unit::l:
            return 1;
        case unit::m3:
            return 1e3;
        case unit::bbl:
            return 158.987294928;  // US oil barrel: 42 US gallons of 3.785411784 l
        case unit::kwh:
            return 1;
        case unit::mwh:
            return 1e3;
        default:
            return 0;
    }
}

}  // namespace

result<country_code> country_code::parse(std::string_view text) {
    if (text.size() != 2 || !ascii_letter(text[0]) || !ascii_letter(text[1])) {
        return text_error(
            0, "record.bad-country",
            "expected a country as two letters (ISO 3166 alpha-2, e.g. KP), found \"" +
                std::string(text) + "\"");
    }
    country_code c;
    c.letters = {ascii_upper(text[0]), ascii_upper(text[1])};
    return c;
}

dimension dimension_of(unit u) noexcept {
    switch (u) {
        case unit::items:
        case unit::pairs:
            return dimension::count;
        case unit::g:
        case unit::kg:
        case unit::t:
            return dimension::mass;
        case unit::l:
        case unit::m3:
        case unit::bbl:
            return dimension::volume;
        case unit::kwh:
        case unit::mwh:
            return dimension::energy;
        case unit::m:
            return dimension::length;
        case unit::m2:
            return dimension::area;
        case unit::usd:
            return dimension::money;
    }
    return dimension::count;
}

std::string_view to_string(unit u) noexcept {
    switch (u) {
        case unit::items:
            return "u";
        case unit::pairs:
            return "pa";
        case unit::g:
            return "g";
        case unit::kg:
            return "kg";
        case unit::t:
            return "t";
        case unit::l:
            return "l";
        case unit::m3:
            return "m3";
        case unit::bbl:
            return "bbl";
        case unit::kwh:
            return "kWh";
        case unit::mwh:
            return "MWh";
        case unit::m:
            return "m";
        case unit::m2:
            return "m2";
        case unit::usd:
            return "USD";
    }
    return "u";
}

// Exact decimal reading, not from_chars to a double and then to cents: a
// double holds 2.675 as 2.67499..., which would round to the wrong cent.
result<money> money::parse(std::string_view text) {
    const auto bad = [&](std::string_view why) {
        return text_error(0, "record.bad-number",
                          detail::quote_for_message(text) + std::string(why));
    };
    const auto digit = [&](std::size_t i) {
        return i < text.size() && text[i] >= '0' && text[i] <= '9';
    };
    std::size_t i = 0;
    const bool negative = !text.empty() && text[0] == '-';
    if (negative) ++i;
    // The value is 0.DIGITS x 10^point; DIGITS has no leading zeros and keeps
    // only as many digits as the cents and their rounding need (no heap:
    // screen reads a value on every row).
    std::array<char, 20> significant{};
    std::int64_t kept = 0;
    std::int64_t point = 0;
    bool any = false;
    const auto take = [&](char c, bool before_point) {
        any = true;
        if (kept == 0 && c == '0') {
            if (!before_point) --point;
            return;
        }
        if (kept < std::ssize(significant)) significant[static_cast<std::size_t>(kept++)] = c;
        if (before_point) ++point;
    };
    for (; digit(i); ++i) take(text[i], true);
    if (i < text.size() && text[i] == '.') {
        for (++i; digit(i); ++i) take(text[i], false);
    }
    if (!any) return bad(" is not a number");
    if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
        ++i;
        const bool down = i < text.size() && text[i] == '-';
        if (i < text.size() && (text[i] == '-' || text[i] == '+')) ++i;
        if (!digit(i)) return bad(" is not a number");
        std::int64_t exponent = 0;
        for (; digit(i); ++i)
            exponent = std::min<std::int64_t>(exponent * 10 + (text[i] - '0'), 1'000'000);
        point += down ? -exponent : exponent;
    }
    if (i != text.size()) return bad(" is not a number");

    std::int64_t cents = 0;
    if (kept > 0) {
        const std::int64_t whole = point + 2;  // digits that make whole cents
        if (whole > 18) return bad(" is larger than 10^15");
        for (std::int64_t k = 0; k < whole; ++k)
            cents = cents * 10 + (k < kept ? significant[static_cast<std::size_t>(k)] - '0' : 0);
        if (whole >= 0 && whole < kept && significant[static_cast<std::size_t>(whole)] >= '5')
            ++cents;
        if (cents > max_cents) return bad(" is larger than 10^15");
    }
    return of_cents(negative ? -cents : cents);
}

result<unit> parse_unit(std::string_view text) {
    std::string lower(text);
    std::transform(lower.begin(), lower.end(), lower.begin(), ascii_lower);
    for (const auto& alias : unit_aliases) {
        if (alias.name == lower) return alias.value;
    }
    // Messages are appended piecewise: `"..." + std::string(...)` trips GCC
    // 12's false -Wrestrict at -O2 (GCC bug 105651).
    std::string message = "\"";
    message += text;
    if (lower == "ton" || lower == "tons") {
        message +=
            "\" is ambiguous (a short ton is 907 kg, a long ton 1016 kg); use t for metric tonnes";
    } else {
        message.insert(0, "unknown unit ");
        message += "\"; expected one of u, pa, g, kg, t, l, m3, bbl, kWh, MWh, m, m2, USD";
    }
    return text_error(0, "record.unknown-unit", std::move(message));
}

std::optional<double> same_dimension_factor(unit from, unit to) noexcept {
    if (from == to) return 1.0;
    if (dimension_of(from) != dimension_of(to)) return std::nullopt;
    const double a = base_size(from);
    const double b = base_size(to);
    // items and pairs share a dimension but neither is a multiple of the other.
    if (a == 0 || b == 0) return std::nullopt;
    return a / b;
}

const std::string* trade_record::fact(std::string_view name) const noexcept {
    for (const auto& f : facts) {
        if (f.name == name) return &f.value;
    }
    return nullptr;
}

void trade_record::set_fact(std::string_view name, std::string_view text) {
    for (auto& f : facts) {
        if (f.name == name) {
            f.value = std::string(text);
            return;
        }
    }
    facts.push_back({std::string(name), std::string(text)});
}

std::optional<int> hs_edition_year(std::string_view text) noexcept {
    // The editions the WCO has published, and Comtrade's code for each
    // (H0 is HS1992, as first adopted in 1988 and reported from 1992).
    static constexpr std::array<int, 7> years{1992, 1996, 2002, 2007, 2012, 2017, 2022};
    // Read on every row that gives an edition: no allocation.
    std::array<char, 8> buf{};
    std::size_t n = 0;
    for (char c : text) {
        if (c == ' ') continue;
        if (n == buf.size()) return std::nullopt;
        buf[n++] = ascii_upper(c);
    }
    std::string_view t(buf.data(), n);
    if (t.size() == 2 && t[0] == 'H' && t[1] >= '0' && t[1] <= '6')
        return years[static_cast<std::size_t>(t[1] - '0')];
    if (t.starts_with("HS")) t.remove_prefix(2);
    int year = 0;
    if (t.size() == 4 || t.size() == 2) {
        for (char c : t) {
            if (c < '0' || c > '9') return std::nullopt;
            year = year * 10 + (c - '0');
        }
        if (t.size() == 2) year += year >= 88 ? 1900 : 2000;  // BACI's HS92 ... HS22
    }
    if (std::find(years.begin(), years.end(), year) == years.end()) return std::nullopt;
    return year;
}

}  // namespace embargo
