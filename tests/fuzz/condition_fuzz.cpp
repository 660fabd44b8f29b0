// libFuzzer target for the condition language, against the facts the
// shipped regime declares. Beyond "no crash, no stack overflow": an error
// has an id and an offset inside the text; a compiled condition is a
// well-formed post-order array; and evaluation is Kleene logic, so it is
// monotone: once a result is true or false, learning a fact that was
// unknown never changes it, and an unknown result names an unknown fact it
// hinged on. Build and run: tests/fuzz/run.
//
// The first byte picks the limits: the defaults, small ones (to reach the
// limit paths with short inputs) or a depth of 200 (to hold the pre-scan
// that guards the parser's recursion to its promise under ASan's larger
// stack frames); the second seeds the facts' values.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/condition.hpp"

#include "fuzz_support.hpp"
#include "lang/compiled_condition.hpp"
#include "lang/condition_eval.hpp"

namespace {

using namespace embargo;
using detail::condition_op;
using detail::condition_operand;

// A value for fact `d`, known or not, from `seed`.
detail::fact_view view_of(const fact_declaration& d, unsigned seed, bool known) {
    detail::fact_view v;
    v.known = known;
    v.boolean = seed % 2 == 0;
    static const double numbers[] = {0, 1, 100, 100.5, -1, 1e6};
    v.number = numbers[seed % 6];
    v.day = 17'000 + static_cast<std::int32_t>(seed % 64) * 7;  // 2016 to 2017
    static const std::string_view texts[] = {"KP", "CN", "Rajin", "livelihood", "", "jet_fuel"};
    v.text = !d.values.empty() && seed % 3 != 0 ? std::string_view(d.values[seed % d.values.size()])
                                                : texts[seed % 6];
    return v;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    const fact_table& facts = fuzz::shipped_engine().rules().facts();
    condition_limits limits;
    switch (data[0] % 4) {
        case 1:
            limits = {64, 4};
            break;
        case 2:
            limits = {1U << 20U, 200};
            break;
        default:
            break;
    }
    const unsigned seed = data[1];
    const std::string_view text(reinterpret_cast<const char*>(data) + 2, size - 2);
    auto parsed = condition::parse(text, facts, limits);
    if (!parsed) {
        const auto& e = parsed.error();
        fuzz::require(!e.id.empty() && !e.message.empty(), "an error has an id and a message");
        fuzz::require(e.id.starts_with("condition.") || e.id.starts_with("date."),
                      "a condition error id");
        fuzz::require(e.where.offset <= text.size(), "an error offset inside the text");
        return 0;
    }
    const condition& c = *parsed;
    fuzz::require(c.text() == text, "the condition keeps its text");
    const detail::compiled_condition& compiled = *c.compiled();
    const auto& nodes = compiled.nodes;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto& n = nodes[i];
        const auto operand_ok = [&](const condition_operand& o) {
            return o.is_fact ? o.index < facts.size() : o.index < compiled.literals.size();
        };
        switch (n.op) {
            case condition_op::not_:
            case condition_op::and_:
            case condition_op::or_:
                fuzz::require(n.count >= (n.op == condition_op::not_ ? 1U : 2U),
                              "an operator has operands");
                fuzz::require(std::size_t{n.first} + n.count <= compiled.children.size(),
                              "children in range");
                for (std::size_t k = n.first; k < std::size_t{n.first} + n.count; ++k)
                    fuzz::require(compiled.children[k] < i, "post-order: children come first");
                break;
            case condition_op::in:
                fuzz::require(operand_ok(n.lhs), "in: the fact in range");
                fuzz::require(std::size_t{n.first} + n.count <= compiled.literals.size(),
                              "in: literals in range");
                break;
            case condition_op::truth:
                fuzz::require(n.lhs.is_fact && n.lhs.index < facts.size(), "truth: a fact");
                break;
            case condition_op::constant:
                fuzz::require(operand_ok(n.lhs), "constant: a literal");
                break;
            default:
                fuzz::require(operand_ok(n.lhs) && operand_ok(n.rhs),
                              "comparison operands in range");
        }
    }

    // Evaluate with some facts unknown, then with all of them known.
    std::vector<detail::fact_view> partial(facts.size());
    std::vector<detail::fact_view> full(facts.size());
    for (std::size_t id = 0; id < facts.size(); ++id) {
        const unsigned s = seed * 31U + static_cast<unsigned>(id) * 7U;
        partial[id] = view_of(facts.at(static_cast<fact_id>(id)), s, (s >> 3U) % 2 == 0);
        full[id] = view_of(facts.at(static_cast<fact_id>(id)), s, true);
    }
    std::uint64_t missing = 0;
    const auto a = detail::evaluate(c, partial.data(), missing);
    std::uint64_t none = 0;
    const auto b = detail::evaluate(c, full.data(), none);
    fuzz::require(!boost::logic::indeterminate(b), "with every fact known the result is known");
    fuzz::require(none == 0, "with every fact known nothing is missing");
    if (boost::logic::indeterminate(a)) {
        fuzz::require(missing != 0, "an unknown result names a missing fact");
        fuzz::require((missing & ~c.facts_read()) == 0,
                      "the missing facts are facts the condition reads");
        for (std::size_t id = 0; id < facts.size(); ++id)
            if ((missing >> id) & 1U)
                fuzz::require(!partial[id].known, "a missing fact is an unknown one");
    } else {
        fuzz::require(missing == 0, "a known result names nothing missing");
        fuzz::require(static_cast<bool>(a) == static_cast<bool>(b),
                      "learning facts never changes a known result");
    }
    return 0;
}
