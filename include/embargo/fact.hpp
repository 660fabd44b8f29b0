#pragma once
// Facts: the named, typed attributes of a record that conditions read.
//
// A regime declares every fact its conditions use (`port`, `purpose`,
// `contract_date`, ...) with a type, a meaning and, for facts whose absence
// means absence (a Committee approval nobody granted), a default. A fact the
// record lacks and that has no default is unknown, never false. Some facts are
// built in because every record carries them: `origin`, `exporter`,
// `importer`, `quantity`, `unit`, `value_usd` and the derived `unit_value`
// (value in USD per item, known only when the quantity is counted in items).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/calendar.hpp"
#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"

namespace embargo {

enum class fact_type : std::uint8_t { boolean, number, text, date, country };

EMBARGO_API std::string_view to_string(fact_type t) noexcept;

// A typed value: a condition literal, a default, or a record's fact once read.
struct EMBARGO_API fact_value {
    fact_type type = fact_type::boolean;
    bool boolean = false;
    double number = 0;
    day date{};
    std::string text;  // text and country

    static fact_value of_bool(bool b);
    static fact_value of_number(double n);
    static fact_value of_date(day d);
    static fact_value of_text(std::string s, fact_type t = fact_type::text);

    std::string str() const;  // as it would be written in a condition
    friend bool operator==(const fact_value&, const fact_value&) = default;
};

// Reads a record's text value as a value of type `t` (`true`/`false`, a
// decimal number, `YYYY-MM-DD`, two capital letters for a country).
// Error ids: `fact.bad-boolean`, `fact.bad-number`, `fact.bad-country`,
// and those of parse_day.
EMBARGO_API result<fact_value> parse_fact_value(std::string_view text, fact_type t);

// Index of a fact in its table; fits in a 64-bit mask (see max_facts).
using fact_id = std::uint8_t;

// Built-in facts occupy the first ids, in this order.
enum class builtin_fact : fact_id {
    origin,
    exporter,
    importer,
    quantity,
    unit,
    value_usd,
    unit_value
};
inline constexpr std::size_t builtin_fact_count = 7;
inline constexpr std::size_t max_facts = 64;  // builtins included

struct EMBARGO_API fact_declaration {
    std::string name;
    fact_type type = fact_type::boolean;
    std::string meaning;
    std::optional<fact_value> default_value;
    std::vector<std::string> values;  // allowed values of a text fact; empty = any
    bool builtin = false;
    source_location where;
};

// The facts of a regime, built-ins first; looked up by name.
class EMBARGO_API fact_table {
public:
    fact_table();  // holds the built-ins

    // Adds a declaration; false if the name is taken or the table is full.
    bool add(fact_declaration declaration);

    std::optional<fact_id> find(std::string_view name) const noexcept;
    const fact_declaration& at(fact_id id) const { return facts_[id]; }
    std::size_t size() const noexcept { return facts_.size(); }
    const std::vector<fact_declaration>& all() const noexcept { return facts_; }

private:
    std::vector<fact_declaration> facts_;
};

// The names of the facts in a mask, comma-separated ("port, origin_confirmed").
EMBARGO_API std::string fact_names(const fact_table& table, std::uint64_t mask);

}  // namespace embargo
