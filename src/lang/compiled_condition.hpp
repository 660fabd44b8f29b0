#pragma once
// The compiled form of a condition (include/embargo/condition.hpp): a flat
// array of nodes in post-order, every node's children before it and the root
// last. Private to the library, and so free to change: the evaluator
// (condition_eval.cpp) walks it, the grammar (condition_grammar.cpp) builds
// it, and the tests' reference evaluator and fuzz targets inspect it.

#include <cstdint>
#include <string_view>
#include <vector>

#include "embargo/condition.hpp"
#include "embargo/fact.hpp"

namespace embargo::detail {

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

std::string_view to_string(condition_op op) noexcept;

struct condition_operand {
    bool is_fact = false;
    std::uint16_t index = 0;  // fact id, or index into literals
};

struct condition_node {
    condition_op op = condition_op::constant;
    condition_operand lhs;
    condition_operand rhs;
    std::uint16_t first = 0;  // and/or/not: into children; in: into literals
    std::uint16_t count = 0;
    fact_type type = fact_type::boolean;  // comparisons and in: the type both sides share
};

struct compiled_condition {
    std::vector<condition_node> nodes;
    std::vector<std::uint16_t> children;
    std::vector<fact_value> literals;

    std::uint16_t root() const noexcept { return static_cast<std::uint16_t>(nodes.size() - 1); }
};

}  // namespace embargo::detail
