#pragma once
// Country codes as trade statistics write them, read into the ISO 3166
// alpha-2 codes records carry: alpha-3 (Comtrade's `Reporter ISO`),
// numeric (BACI's `i` and `j`, Comtrade's `Reporter Code`) and alpha-2
// checked against the list. The table is ISO 3166-1 and the former
// countries of ISO 3166-3 from Debian's iso-codes, compiled in
// (cmake/iso_3166.cmake); this unit adds only what ISO lacks and the
// statistics use: Comtrade's and BACI's numeric codes for a country
// reported with its territories (251 France with Monaco, 842 the USA with
// Puerto Rico and the US Virgin Islands, ...). Aggregates ("World", "Other
// Asia, nes", a customs union) are never read as a country: the row is
// unreadable, with a message that says what the code is.

#include <optional>
#include <string>
#include <string_view>

#include "embargo/record.hpp"

namespace embargo::detail {

enum class country_scheme : unsigned char { alpha2, alpha3, numeric };

// `alpha-2`, `alpha-3`, `numeric`.
std::optional<country_scheme> parse_country_scheme(std::string_view text) noexcept;
std::string_view to_string(country_scheme s) noexcept;

// The country `text` names in `scheme` (trimmed, case-insensitive, numeric
// with or without leading zeros), or the reason it names none: an
// `expected ...` sentence for record.bad-country.
struct country_reading {
    std::optional<country_code> code;
    std::string why;
};
country_reading read_country(std::string_view text, country_scheme scheme);

// The English name ISO gives `code`, or empty.
std::string_view country_name(country_code code) noexcept;

}  // namespace embargo::detail
