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
// regime's facts, and compiled to a flat array of nodes.
//
// Evaluation is three-valued (Kleene logic, Boost.Tribool): a comparison with
// an unknown fact is unknown, `false and unknown` is false, `true or unknown`
// is true. The evaluator also reports which unknown facts the result hinged
// on, so that an `indeterminate` verdict can say what would settle it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/fact.hpp"

namespace embargo {

enum class condition_op : std::uint8_t {
    constant,  // `true` / `false`: literal `lhs`
    truth,     // a boolean fact read as a truth value: fact `lhs`
    not_,      // children: one
    and_,      // children: two or more
    or_,       // children: two or more
    eq,
    ne,
    lt,
    le,
    gt,
    ge,  // lhs OP rhs; each a fact or a literal
    in,  // fact `lhs` in literals [first, first + count)
};

EMBARGO_API std::string_view to_string(condition_op op) noexcept;

struct EMBARGO_API condition_operand {
    bool is_fact = false;
    std::uint16_t index = 0;  // fact id, or index into literals()
};

struct EMBARGO_API condition_node {
    condition_op op = condition_op::constant;
    condition_operand lhs;
    condition_operand rhs;
    std::uint16_t first = 0;  // and/or/not: into children(); in: into literals()
    std::uint16_t count = 0;
    fact_type type = fact_type::boolean;  // comparisons and in: the type both sides share
};

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
    static parse_result<condition> parse(std::string_view text, const fact_table& facts,
                                         const condition_limits& limits = {});

    bool empty() const noexcept { return nodes_.empty(); }
    const std::string& text() const noexcept { return text_; }
    std::uint64_t facts_read() const noexcept { return facts_read_; }  // mask of fact ids

    // The compiled form: nodes in post-order, so every node's children come
    // before it and the root is the last node.
    const std::vector<condition_node>& nodes() const noexcept { return nodes_; }
    const std::vector<std::uint16_t>& children() const noexcept { return children_; }
    const std::vector<fact_value>& literals() const noexcept { return literals_; }
    std::uint16_t root() const noexcept { return static_cast<std::uint16_t>(nodes_.size() - 1); }

private:
    friend struct condition_builder;  // src/lang/condition_grammar.cpp
    std::vector<condition_node> nodes_;
    std::vector<std::uint16_t> children_;
    std::vector<fact_value> literals_;
    std::string text_;
    std::uint64_t facts_read_ = 0;
};

}  // namespace embargo
