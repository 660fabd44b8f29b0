#pragma once
// src/base/ holds what every layer below the command shares and that knows
// nothing of HS codes or rules: diagnostics, days and periods (calendar.cpp,
// day_number.hpp), trade records and their units (record.cpp), the text helpers
// in this header (ASCII case, trimming, joining, quoting untrusted input, "did
// you mean"), number formatting (number_format.hpp) and the pool spans of the
// compiled tables.
//
// Text helpers, ASCII only: rule files, column names and codes are ASCII, and
// a locale must not change what a name matches.
//
// Quoting input in diagnostic messages: messages repeat what was found
// (`"27x" is not an HS code: 'x' at position 3`), and what was found is
// untrusted: it may be huge, hold control bytes or broken UTF-8. These
// helpers keep a message one short, printable line.

#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

namespace embargo::detail {

constexpr char ascii_lower(char c) noexcept {
    return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
constexpr char ascii_upper(char c) noexcept {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}
constexpr bool ascii_letter(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}
constexpr bool ascii_space(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

std::string lower(std::string_view s);
std::string upper(std::string_view s);
bool iequals(std::string_view a, std::string_view b) noexcept;  // ASCII case-insensitive

// Without leading and trailing spaces, tabs and line ends.
std::string_view trim(std::string_view s) noexcept;

// The items with `separator` between them.
template <class Range>
std::string join(const Range& items, std::string_view separator) {
    std::string out;
    bool first = true;
    for (const auto& item : items) {
        if (!first) out += separator;
        out += item;
        first = false;
    }
    return out;
}

// `text` in double quotes, as it is (for text known to be short and clean;
// quote_for_message for input).
std::string quoted(std::string_view text);

// "Did you mean": the optimal-string-alignment distance between `a` and `b`
// without regard to ASCII case (one edit per character inserted, deleted or
// changed, and per two neighbours swapped: `prot` for `port`); past `bound`
// it may stop early and answer bound + 1.
std::size_t edit_distance(std::string_view a, std::string_view b,
                          std::size_t bound = std::numeric_limits<std::size_t>::max() - 1);

// The candidates within `max_distance` of `name`, nearest first (in their
// given order among equals), at most `max_count` of them.
std::vector<std::string_view> near_names(std::string_view name,
                                         const std::vector<std::string_view>& candidates,
                                         std::size_t max_distance, std::size_t max_count);

// `text` in double quotes, cut after `max_bytes` (on a UTF-8 boundary, with
// "..."), control bytes and invalid UTF-8 written as \xNN.
std::string quote_for_message(std::string_view text, std::size_t max_bytes = 40);

// The character that starts at byte `i` of `text`: `'x'`, `a space`, `'é'`,
// or `byte 0x07` for control bytes and invalid UTF-8.
std::string describe_char_at(std::string_view text, std::size_t i);

// Length of the valid UTF-8 sequence starting at `i`, or 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;

// Text safe for XML 1.0 and HTML: markup escaped, control characters
// other than tab and newline (which XML cannot carry at all) and broken
// UTF-8 replaced by U+FFFD. In attributes quotes, newlines and tabs are
// escaped too, so that parsers keep them. The JUnit report and the screen
// report write untrusted text through it.
std::string xml_escaped(std::string_view text, bool attribute = true);

}  // namespace embargo::detail
