// Facts: typed values, reading a record's text as a declared type, and the
// table of a regime's facts.
//
// A fact_value prints itself as it would be written in a condition, so that a
// diagnostic or a finding can quote a value and a reader can paste it back
// into a rule. Reading is strict because a fact read wrongly turns into a
// wrong verdict: numbers go through std::from_chars (locale-free, no silent
// trailing garbage) and must be finite, booleans are only `true` or `false`.
// The table is a plain vector searched linearly: a regime has a few dozen
// facts at most (max_facts), and ids must stay dense so that a 64-bit mask can
// name any set of them.

#include "embargo/fact.hpp"

#include <charconv>
#include <cmath>
#include <utility>

#include "base/text.hpp"

namespace embargo {
namespace {

using detail::ascii_letter;
using detail::ascii_upper;
using detail::iequals;
using detail::quoted;

fact_declaration builtin(std::string name, fact_type type, std::string meaning,
                         std::vector<std::string> values = {}) {
    fact_declaration d;
    d.name = std::move(name);
    d.type = type;
    d.meaning = std::move(meaning);
    d.values = std::move(values);
    d.builtin = true;
    return d;
}

}  // namespace

std::string_view to_string(fact_type t) noexcept {
    switch (t) {
        case fact_type::boolean:
            return "boolean";
        case fact_type::number:
            return "number";
        case fact_type::text:
            return "text";
        case fact_type::date:
            return "date";
        case fact_type::country:
            return "country";
    }
    return "boolean";
}

fact_value fact_value::of_bool(bool b) {
    fact_value v;
    v.type = fact_type::boolean;
    v.boolean = b;
    return v;
}

fact_value fact_value::of_number(double n) {
    fact_value v;
    v.type = fact_type::number;
    v.number = n;
    return v;
}

fact_value fact_value::of_date(day d) {
    fact_value v;
    v.type = fact_type::date;
    v.date = d;
    return v;
}

fact_value fact_value::of_text(std::string s, fact_type t) {
    fact_value v;
    v.type = t;
    v.text = std::move(s);
    return v;
}

std::string fact_value::str() const {
    switch (type) {
        case fact_type::boolean:
            return boolean ? "true" : "false";
        case fact_type::number: {
            // Shortest form that reads back to the same double.
            char buffer[32];
            auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, number);
            if (ec != std::errc{}) return "0";
            return std::string(buffer, end);
        }
        case fact_type::date:
            return to_string(date);
        case fact_type::text:
        case fact_type::country: {
            // The two escapes the condition grammar knows, so that str() reads back.
            std::string out = "\"";
            for (char c : text) {
                if (c == '"' || c == '\\') out += '\\';
                out += c;
            }
            out += '"';
            return out;
        }
    }
    return {};
}

result<fact_value> parse_fact_value(std::string_view text, fact_type t) {
    switch (t) {
        case fact_type::boolean:
            if (iequals(text, "true")) return fact_value::of_bool(true);
            if (iequals(text, "false")) return fact_value::of_bool(false);
            return text_error(0, "fact.bad-boolean",
                              "expected true or false, found " + quoted(text));
        case fact_type::number: {
            double n = 0;
            const char* const begin = text.data();
            const char* const end = begin + text.size();
            auto [ptr, ec] = std::from_chars(begin, end, n);
            if (ec == std::errc{} && ptr == end && std::isfinite(n))
                return fact_value::of_number(n);
            // from_chars reads "inf" and "nan", which no quantity or value can be.
            const std::size_t at = ec == std::errc{} && ptr != end && std::isfinite(n)
                                       ? static_cast<std::size_t>(ptr - begin)
                                       : 0;
            return text_error(at, "fact.bad-number",
                              "expected a finite decimal number, found " + quoted(text));
        }
        case fact_type::text:
            return fact_value::of_text(std::string(text));
        case fact_type::date: {
            auto d = parse_day(text);
            if (!d) return d.error();
            return fact_value::of_date(*d);
        }
        case fact_type::country: {
            if (text.size() != 2 || !ascii_letter(text[0]) || !ascii_letter(text[1])) {
                return text_error(
                    0, "fact.bad-country",
                    "expected a country as two letters (ISO 3166 alpha-2, e.g. KP), found " +
                        quoted(text));
            }
            std::string code{ascii_upper(text[0]), ascii_upper(text[1])};
            return fact_value::of_text(std::move(code), fact_type::country);
        }
    }
    return text_error(0, "fact.bad-type", "unknown fact type");
}

fact_table::fact_table() {
    // The order is builtin_fact's: ids are the enum's values.
    facts_.reserve(builtin_fact_count);
    facts_.push_back(builtin("origin", fact_type::country,
                             "country of origin of the goods; unknown if the record has none"));
    facts_.push_back(builtin("exporter", fact_type::country, "country the goods are shipped from"));
    facts_.push_back(builtin("importer", fact_type::country, "country the goods are shipped to"));
    facts_.push_back(builtin("quantity", fact_type::number, "the amount, in the record's unit"));
    // The values are to_string(unit), so that `unit == "kwh"` is caught as a typo.
    facts_.push_back(
        builtin("unit", fact_type::text, "the unit of the quantity",
                {"u", "pa", "g", "kg", "t", "l", "m3", "bbl", "kWh", "MWh", "m", "m2", "USD"}));
    facts_.push_back(builtin("value_usd", fact_type::number, "the value in USD, if stated in USD"));
    facts_.push_back(
        builtin("unit_value", fact_type::number,
                "value_usd / quantity when the quantity counts items (u); unknown otherwise"));
}

bool fact_table::add(fact_declaration declaration) {
    if (facts_.size() >= max_facts) return false;
    if (find(declaration.name)) return false;
    facts_.push_back(std::move(declaration));
    return true;
}

std::optional<fact_id> fact_table::find(std::string_view name) const noexcept {
    for (std::size_t i = 0; i < facts_.size(); ++i) {
        if (facts_[i].name == name) return static_cast<fact_id>(i);
    }
    return std::nullopt;
}

std::string fact_names(const fact_table& table, std::uint64_t mask) {
    std::string out;
    for (std::size_t i = 0; i < table.size() && i < 64; ++i) {
        if ((mask >> i) & 1U) {
            if (!out.empty()) out += ", ";
            out += table.at(static_cast<fact_id>(i)).name;
        }
    }
    return out;
}

}  // namespace embargo
