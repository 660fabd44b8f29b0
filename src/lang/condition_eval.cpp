// Three-valued evaluation of a compiled condition.
//
// This is the hot path: it runs for every measure and exemption a record
// touches. It allocates nothing and looks nothing up by name; it walks the
// node array from the root through its children, recursing once per nesting
// level, which condition::parse bounded (condition_limits::max_depth). An
// and/or short-circuits on its deciding value, and only then: the facts an
// indeterminate result hinged on are collected from the indeterminate
// children alone, so that `a and b` with `b` false names nothing, and the
// verdict names exactly the facts that would settle it.

#include "lang/condition_eval.hpp"

#include <compare>

#include "base/day_number.hpp"
#include "lang/compiled_condition.hpp"

namespace embargo::detail {
namespace {

using boost::logic::indeterminate;
using boost::logic::tribool;

constexpr std::uint64_t bit(std::uint16_t id) noexcept {
    return std::uint64_t{1} << id;
}

struct evaluator {
    const compiled_condition& c;
    const fact_view* facts;

    // A literal seen the way a record's fact is, so both sides compare alike.
    fact_view view(condition_operand o) const noexcept {
        if (o.is_fact) return facts[o.index];
        const fact_value& v = c.literals[o.index];
        fact_view out;
        out.known = true;
        out.boolean = v.boolean;
        out.number = v.number;
        out.day = day_number(v.date);
        out.text = v.text;
        return out;
    }

    static std::partial_ordering order(fact_type t, const fact_view& a,
                                       const fact_view& b) noexcept {
        switch (t) {
            case fact_type::number:
                return a.number <=> b.number;
            case fact_type::date:
                return a.day <=> b.day;
            case fact_type::boolean:
                return a.boolean <=> b.boolean;
            case fact_type::text:
            case fact_type::country:
                return a.text <=> b.text;
        }
        return std::partial_ordering::unordered;
    }

    static bool holds(condition_op op, std::partial_ordering o) noexcept {
        switch (op) {
            case condition_op::eq:
                return std::is_eq(o);
            case condition_op::ne:
                return std::is_neq(o);  // NaN differs from everything
            case condition_op::lt:
                return std::is_lt(o);
            case condition_op::le:
                return std::is_lteq(o);
            case condition_op::gt:
                return std::is_gt(o);
            case condition_op::ge:
                return std::is_gteq(o);
            default:
                return false;
        }
    }

    // The unknown facts among a node's operands.
    std::uint64_t unknown(condition_operand o) const noexcept {
        return o.is_fact && !facts[o.index].known ? bit(o.index) : 0;
    }

    tribool eval(std::uint16_t index, std::uint64_t& missing) const noexcept {
        const condition_node& n = c.nodes[index];
        switch (n.op) {
            case condition_op::constant:
                return c.literals[n.lhs.index].boolean;
            case condition_op::truth: {
                const fact_view& f = facts[n.lhs.index];
                if (f.known) return f.boolean;
                missing |= bit(n.lhs.index);
                return indeterminate;
            }
            case condition_op::not_:
                return !eval(c.children[n.first], missing);
            case condition_op::and_:
            case condition_op::or_: {
                // `and` is decided by a false child, `or` by a true one.
                const bool decider = n.op == condition_op::or_;
                bool undecided = false;
                std::uint64_t hinged = 0;
                for (std::uint16_t k = 0; k < n.count; ++k) {
                    std::uint64_t child_missing = 0;
                    const tribool v = eval(c.children[n.first + k], child_missing);
                    if (indeterminate(v)) {
                        undecided = true;
                        hinged |= child_missing;
                    } else if (static_cast<bool>(v) == decider) {
                        return decider;
                    }
                }
                if (!undecided) return !decider;
                missing |= hinged;
                return indeterminate;
            }
            case condition_op::in: {
                if (const auto u = unknown(n.lhs)) {
                    missing |= u;
                    return indeterminate;
                }
                const fact_view lhs = view(n.lhs);
                for (std::uint16_t k = 0; k < n.count; ++k) {
                    const condition_operand item{false, static_cast<std::uint16_t>(n.first + k)};
                    if (std::is_eq(order(n.type, lhs, view(item)))) {
                        return true;
                    }
                }
                return false;
            }
            case condition_op::eq:
            case condition_op::ne:
            case condition_op::lt:
            case condition_op::le:
            case condition_op::gt:
            case condition_op::ge: {
                if (const auto u = unknown(n.lhs) | unknown(n.rhs)) {
                    missing |= u;
                    return indeterminate;
                }
                return holds(n.op, order(n.type, view(n.lhs), view(n.rhs)));
            }
        }
        return indeterminate;
    }
};

}  // namespace

tribool evaluate(const condition& c, const fact_view* facts, std::uint64_t& missing) {
    if (c.empty()) return true;
    std::uint64_t hinged = 0;
    const compiled_condition& compiled = *c.compiled();
    const tribool result = evaluator{compiled, facts}.eval(compiled.root(), hinged);
    // Children only report facts when they are themselves indeterminate, but
    // a determinate root never names any.
    if (indeterminate(result)) missing |= hinged;
    return result;
}

}  // namespace embargo::detail
