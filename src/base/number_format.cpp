#include "base/number_format.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "embargo/numbers.hpp"

namespace embargo::detail {

namespace {

// The integer part of a printed number grouped by thousands: "-1234567.5"
// gives "-1,234,567.5".
std::string grouped(const std::string& text) {
    const std::size_t dot = std::min(text.find('.'), text.size());
    const std::size_t start = !text.empty() && text[0] == '-' ? 1 : 0;
    std::string out = text.substr(0, start);
    for (std::size_t i = start; i < dot; ++i) {
        out += text[i];
        if ((dot - i - 1) % 3 == 0 && i + 1 < dot) out += ',';
    }
    out.append(text, dot, std::string::npos);
    return out;
}

}  // namespace

std::string amount_text(double v) {
    if (std::isnan(v)) return "n/a";
    if (std::isinf(v)) return v > 0 ? "unbounded" : "-unbounded";
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.2f", std::round(v * 100) / 100);
    std::string s = buf;
    if (s.size() >= 3 && s.compare(s.size() - 3, 3, ".00") == 0) s.resize(s.size() - 3);
    return grouped(s);
}

std::string amount_text(double v, unit u) {
    if (u == unit::usd) return "USD " + amount_text(v);
    std::string out = amount_text(v);
    out += ' ';
    out += to_string(u);
    return out;
}

std::string number_text(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.3f", v);
    std::string s = buf;
    if (s.find('.') != std::string::npos) {
        while (s.back() == '0') s.pop_back();
        if (s.back() == '.') s.pop_back();
    }
    return grouped(s);
}

std::string cents_text(std::int64_t cents) {
    // Through unsigned: the magnitude of INT64_MIN does not fit in int64.
    const bool negative = cents < 0;
    const std::uint64_t magnitude = negative ? std::uint64_t{0} - static_cast<std::uint64_t>(cents)
                                             : static_cast<std::uint64_t>(cents);
    std::string s = (negative ? "-" : "") + std::to_string(magnitude / 100);
    if (const std::uint64_t rest = magnitude % 100; rest != 0) {
        s += '.';
        s += static_cast<char>('0' + rest / 10);
        if (rest % 10 != 0) s += static_cast<char>('0' + rest % 10);
    }
    return grouped(s);
}

std::string percent_text(double used, double cap) {
    if (!(cap > 0)) return "n/a";
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f %%", used / cap * 100);
    return buf;
}

}  // namespace embargo::detail

namespace embargo {

std::string number_text(double v) {
    return detail::number_text(v);
}

std::string cents_text(std::int64_t cents) {
    return detail::cents_text(cents);
}

}  // namespace embargo
