#include <array>
#include <string>

#include "embargo/hs.hpp"

#include "base/text.hpp"

namespace embargo {
namespace {

// 10^n for n = 0 .. 10: the width of a code of 10 - n digits.
constexpr std::array<hs_key, 11> power_of_ten = {
    1ULL,         10ULL,         100ULL,         1'000ULL,         10'000ULL,        100'000ULL,
    1'000'000ULL, 10'000'000ULL, 100'000'000ULL, 1'000'000'000ULL, 10'000'000'000ULL};

constexpr int clamp_digits(int digits) noexcept {
    return digits < 0 ? 0 : (digits > 10 ? 10 : digits);
}

// Number of keys a code of `digits` digits spans.
constexpr hs_key width(int digits) noexcept {
    return power_of_ten[10 - clamp_digits(digits)];
}

constexpr bool valid_length(int n) noexcept {
    return n == 2 || n == 4 || n == 6 || (n >= 7 && n <= 10);
}

bool is_blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

}  // namespace

result<hs_code> hs_code::parse(std::string_view text) {
    std::size_t begin = 0;
    std::size_t end = text.size();
    while (begin < end && is_blank(text[begin])) ++begin;
    while (end > begin && is_blank(text[end - 1])) --end;
    const std::string_view code = text.substr(begin, end - begin);
    if (code.empty()) {
        return text_error(begin, "hs.empty", "empty HS code; expected 2, 4, 6 or 7 to 10 digits");
    }

    hs_key key = 0;
    int digits = 0;  // counts every digit, even past the tenth, for the message
    for (std::size_t i = 0; i < code.size(); ++i) {
        const char c = code[i];
        if (c == '.') continue;
        if (c < '0' || c > '9') {
            return text_error(begin + i, "hs.bad-character",
                              detail::quote_for_message(code) + " is not an HS code: " +
                                  detail::describe_char_at(code, i) + " at position " +
                                  std::to_string(i + 1) + "; expected digits and dots");
        }
        if (digits < 10) key = key * 10 + static_cast<hs_key>(c - '0');
        ++digits;
    }
    if (digits == 0) {
        return text_error(
            begin, "hs.empty",
            detail::quote_for_message(code) + " has no digits; expected 2, 4, 6 or 7 to 10 digits");
    }
    if (!valid_length(digits)) {
        return text_error(begin, "hs.bad-length",
                          detail::quote_for_message(code) + " is not an HS code: " +
                              std::to_string(digits) + (digits == 1 ? " digit" : " digits") +
                              "; expected 2 (chapter), 4 (heading), 6 (subheading) or 7 to 10 "
                              "(national) digits");
    }
    return hs_code::from_key(key * width(digits), digits);
}

hs_code hs_code::from_key(hs_key key, int digits) noexcept {
    hs_code c;
    c.digits_ = static_cast<std::uint8_t>(clamp_digits(digits));
    c.key_ = key - key % width(c.digits_);
    return c;
}

// A default code (0 digits) spans the whole key space: it says nothing about
// the goods, so any selector covers it at most partly, which fails closed.
hs_interval hs_code::interval() const noexcept {
    return {key_, key_ + width(digits_)};
}

hs_code hs_code::prefix(int n) const noexcept {
    return from_key(key_, n < digits_ ? n : digits_);
}

std::string hs_code::str() const {
    std::string out(static_cast<std::size_t>(digits_), '0');
    hs_key v = key_ / width(digits_);
    for (std::size_t i = out.size(); i-- > 0; v /= 10) out[i] = static_cast<char>('0' + v % 10);
    return out;
}

// Groups of 4, 2, 2 and 2 digits: `2710`, `2710.12`, `8803.30.00`,
// `8803.30.00.10`, the way the WCO and most tariffs print them.
std::string hs_code::dotted() const {
    const std::string digits = str();
    std::string out;
    out.reserve(digits.size() + 3);
    for (std::size_t i = 0; i < digits.size(); ++i) {
        if (i >= 4 && i % 2 == 0) out += '.';
        out += digits[i];
    }
    return out;
}

}  // namespace embargo
