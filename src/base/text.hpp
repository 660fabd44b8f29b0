#pragma once
// src/base/ holds what every layer below the command shares and that knows
// nothing of HS codes or rules: diagnostics, days and periods (calendar.cpp,
// day_number.hpp), trade records and their units (record.cpp), the text helpers
// in this header (ASCII case, trimming, joining, quoting untrusted input, "did
// you mean"), number formatting (number_format.hpp) and the pool spans of the
// compiled tables.
//
// Quoting input in diagnostic messages.
//
// Messages repeat what was found (`"27x" is not an HS code: 'x' at position
// 3`), and what was found is untrusted: it may be huge, hold control bytes or
// broken UTF-8. These helpers keep a message one short, printable line.

#include <cstddef>
#include <string>
#include <string_view>

namespace embargo::detail {

// `text` in double quotes, cut after `max_bytes` (on a UTF-8 boundary, with
// "..."), control bytes and invalid UTF-8 written as \xNN.
std::string quote_for_message(std::string_view text, std::size_t max_bytes = 40);

// The character that starts at byte `i` of `text`: `'x'`, `a space`, `'é'`,
// or `byte 0x07` for control bytes and invalid UTF-8.
std::string describe_char_at(std::string_view text, std::size_t i);

// Length of the valid UTF-8 sequence starting at `i`, or 0 if there is none.
std::size_t utf8_sequence_length(std::string_view text, std::size_t i) noexcept;

}  // namespace embargo::detail
