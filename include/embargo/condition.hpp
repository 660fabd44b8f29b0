#pragma once
// Conditions: the `when` clauses of measures, exemptions and wind-downs.
//
// A small expression language over facts, e.g.
//   contract_date < 2017-09-11 and notified
//   origin != "KP" and origin_confirmed and port == "Rajin"
//   product in ["jet_fuel", "aviation_gasoline"]
//   unit_value > 100
// Literals: "strings", numbers, dates (YYYY-MM-DD), true/false, [lists].
// Operators: == != < <= > >= in, and, or, not, parentheses. A bare boolean
// fact is a truth value. Parsed with Boost.Spirit X3, type-checked against the
// regime's facts, and compiled to a flat array of nodes (private to the library:
// src/lang/compiled_condition.hpp).
//
// Evaluation is three-valued (Kleene logic, Boost.Tribool): a comparison with
// an unknown fact is unknown, `false and unknown` is false, `true or unknown`
// is true. The evaluator also reports which unknown facts the result hinged
// on, so that an `indeterminate` verdict can say what would settle it.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/fact.hpp"

namespace embargo {

namespace detail {
struct compiled_condition;  // src/lang/compiled_condition.hpp
}

// Limits for hostile input; the defaults are far above any real rule. Both
// are checked before parsing. Each level of depth costs the parser a few KiB
// of stack (an unoptimised build overflows 8 MiB near 3,000 levels), so keep
// max_depth in the tens or hundreds.
struct EMBARGO_API condition_limits {
    std::size_t max_length = 4096;  // bytes of text
    std::size_t max_depth = 32;     // nesting of parentheses and `not`
};

class EMBARGO_API condition {
public:
    condition() = default;  // the empty condition: always true

    // Error ids: `condition.syntax`, `condition.unknown-fact`,
    // `condition.type-mismatch`, `condition.unknown-value` (a text literal
    // outside the fact's declared values), `condition.too-long`,
    // `condition.too-deep`; a malformed date literal keeps parse_day's id
    // (`date.invalid`, ...). Offsets count bytes into `text`.
    static result<condition> parse(std::string_view text, const fact_table& facts,
                                   const condition_limits& limits = {});

    bool empty() const noexcept { return compiled_ == nullptr; }
    const std::string& text() const noexcept { return text_; }
    std::uint64_t facts_read() const noexcept { return facts_read_; }  // mask of fact ids

    // The compiled form, for the library's evaluator and the tests; its
    // layout is private (not installed) and may change in any release.
    // Null for the empty condition.
    const detail::compiled_condition* compiled() const noexcept { return compiled_.get(); }

private:
    friend struct condition_builder;  // src/lang/condition_grammar.cpp
    // Shared: conditions are immutable once built, and measures copy them.
    std::shared_ptr<const detail::compiled_condition> compiled_;
    std::string text_;
    std::uint64_t facts_read_ = 0;
};

}  // namespace embargo
