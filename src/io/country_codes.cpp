// Country codes of trade statistics (country_codes.hpp).

#include "io/country_codes.hpp"

#include <algorithm>
#include <array>
#include <span>

#include "base/text.hpp"

namespace embargo::detail {
namespace {

struct iso_country {
    std::string_view alpha2;
    std::string_view alpha3;
    std::string_view numeric;  // three digits; empty where ISO 3166-3 gives none
    std::string_view name;
};

#include "iso_3166.inc"

// Codes of the UN Comtrade country list that are not ISO 3166 numeric codes
// but stand for one country's customs territory, as BACI's country_codes
// file lists them (seen through a BACI user's script, not in CEPII's file):
// each reporter's statistics cover the country with the territories named.
constexpr std::array<iso_country, 6> comtrade_numeric{{
    {"FR", "FRA", "251", "France (Comtrade: with Monaco)"},
    {"IT", "ITA", "381", "Italy (Comtrade: with San Marino and the Holy See)"},
    {"NO", "NOR", "579", "Norway (Comtrade: with Svalbard and Jan Mayen)"},
    {"IN", "IND", "699", "India (Comtrade's code)"},
    {"CH", "CHE", "757", "Switzerland (Comtrade: with Liechtenstein)"},
    {"US", "USA", "842", "USA (Comtrade: with Puerto Rico and the US Virgin Islands)"},
}};

// Codes the statistics use for what is not one country: refused with a name.
struct aggregate {
    std::string_view code;
    std::string_view what;
};
constexpr std::array<aggregate, 13> aggregates{{
    {"0", "Comtrade's \"World\" (all partners)"},
    {"WLD", "Comtrade's \"World\" (all partners)"},
    {"W00", "Comtrade's \"World\" (all partners)"},
    {"58", "Comtrade's \"Belgium-Luxembourg\" (two countries, before 1999)"},
    {"490", "Comtrade's \"Other Asia, nes\""},
    {"S19", "Comtrade's \"Other Asia, nes\""},
    {"711", "Comtrade's \"Southern African Customs Union\" (several countries)"},
    {"899", "Comtrade's \"Areas, nes\""},
    {"_X", "Comtrade's \"Areas, nes\""},
    {"QP", "Eurostat's \"high seas\""},
    {"QQ", "Eurostat's \"stores and provisions\""},
    {"QU", "Eurostat's \"countries and territories not specified\""},
    {"QV", "Eurostat's \"countries and territories not specified (intra-EU)\""},
}};

std::string_view digits_without_zeros(std::string_view s) {
    while (s.size() > 1 && s.front() == '0') s.remove_prefix(1);
    return s;
}

template <class Match>
const iso_country* find_in(Match match) {
    for (std::span<const iso_country> table :
         {std::span<const iso_country>(iso_3166_1), std::span<const iso_country>(iso_3166_3),
          std::span<const iso_country>(comtrade_numeric)})
        for (const iso_country& c : table)
            if (match(c)) return &c;
    return nullptr;
}

// A former country (ISO 3166-3) whose alpha-2 code a current country now
// has, or another former one had too (CS: Czechoslovakia, then Serbia and
// Montenegro), cannot be read as a party: the code would name the wrong one.
bool alpha2_ambiguous(const iso_country& former) {
    int uses = 0;
    for (const iso_country& c : iso_3166_1) uses += c.alpha2 == former.alpha2 ? 1 : 0;
    for (const iso_country& c : iso_3166_3) uses += c.alpha2 == former.alpha2 ? 1 : 0;
    return uses > 1;
}

bool is_former(const iso_country* c) {
    return c >= std::begin(iso_3166_3) && c < std::end(iso_3166_3);
}

}  // namespace

std::optional<country_scheme> parse_country_scheme(std::string_view text) noexcept {
    if (text == "alpha-2") return country_scheme::alpha2;
    if (text == "alpha-3") return country_scheme::alpha3;
    if (text == "numeric") return country_scheme::numeric;
    return std::nullopt;
}

std::string_view to_string(country_scheme s) noexcept {
    switch (s) {
        case country_scheme::alpha2:
            return "alpha-2";
        case country_scheme::alpha3:
            return "alpha-3";
        case country_scheme::numeric:
            return "numeric";
    }
    return "alpha-2";
}

country_reading read_country(std::string_view text, country_scheme scheme) {
    const std::string code = [&] {
        std::string s(trim(text));
        for (char& c : s) c = ascii_upper(c);
        return scheme == country_scheme::numeric ? std::string(digits_without_zeros(s)) : s;
    }();
    country_reading out;
    for (const aggregate& a : aggregates) {
        if (a.code == code) {
            out.why = quote_for_message(text) + " is " + std::string(a.what) +
                      ", not a country; a row of it cannot be judged";
            return out;
        }
    }
    const iso_country* found = nullptr;
    switch (scheme) {
        case country_scheme::alpha2:
            found = find_in([&](const iso_country& c) { return c.alpha2 == code; });
            break;
        case country_scheme::alpha3:
            found = find_in([&](const iso_country& c) { return c.alpha3 == code; });
            break;
        case country_scheme::numeric:
            found = find_in([&](const iso_country& c) {
                return !c.numeric.empty() && digits_without_zeros(c.numeric) == code;
            });
            break;
    }
    if (found != nullptr && is_former(found) && alpha2_ambiguous(*found)) {
        out.why = quote_for_message(text) + " is the former " + std::string(found->name) +
                  ", whose alpha-2 code " + std::string(found->alpha2) +
                  " now names another country; a row of it cannot be judged";
        return out;
    }
    if (found != nullptr) {
        out.code = country_code::parse(found->alpha2).value();
        return out;
    }
    out.why = "expected a country as an ISO 3166 " + std::string(to_string(scheme)) + " code (" +
              (scheme == country_scheme::alpha2   ? "KP"
               : scheme == country_scheme::alpha3 ? "PRK"
                                                  : "408") +
              " for the DPRK), found " + quote_for_message(text);
    return out;
}

std::string_view country_name(country_code code) noexcept {
    for (const iso_country& c : iso_3166_1)
        if (c.alpha2 == code.str()) return c.name;
    return {};
}

}  // namespace embargo::detail
