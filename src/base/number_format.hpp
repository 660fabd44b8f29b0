#pragma once
// Amounts as people read them in cap messages and reports: "512,400",
// "499,999.98", "USD 400,870,018". Hand-written because it is four lines of
// snprintf and digit grouping; no formatting library is linked.

#include <cmath>
#include <cstdio>
#include <string>

#include "embargo/record.hpp"

namespace embargo::detail {

// Rounded to cents, grouped by thousands, ".00" dropped.
inline std::string amount_text(double v) {
    if (std::isnan(v)) return "n/a";
    if (std::isinf(v)) return v > 0 ? "unbounded" : "-unbounded";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", std::round(v * 100) / 100);
    std::string s = buf;
    std::string fraction;
    if (const auto dot = s.find('.'); dot != std::string::npos) {
        fraction = s.substr(dot);
        s.resize(dot);
        if (fraction == ".00") fraction.clear();
    }
    const bool negative = !s.empty() && s[0] == '-';
    const std::string digits = negative ? s.substr(1) : s;
    std::string out = negative ? "-" : "";
    for (std::size_t i = 0; i < digits.size(); ++i) {
        out += digits[i];
        if ((digits.size() - i - 1) % 3 == 0 && i + 1 < digits.size()) out += ',';
    }
    return out + fraction;
}

// "512,400 bbl", "USD 400,870,018".
inline std::string amount_text(double v, unit u) {
    if (u == unit::usd) return "USD " + amount_text(v);
    std::string out = amount_text(v);
    out += ' ';
    out += to_string(u);
    return out;
}

// "102.5 %".
inline std::string percent_text(double used, double cap) {
    if (!(cap > 0)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", used / cap * 100);
    return buf;
}

}  // namespace embargo::detail
