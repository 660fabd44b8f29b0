#include "support/reference_evaluator.hpp"

#include <algorithm>
#include <cmath>
#include <optional>

#include "lang/compiled_condition.hpp"

namespace embargo::testing {

namespace {

using detail::condition_node;
using detail::condition_op;
using detail::condition_operand;

enum class tri { no, yes, unknown };

struct tri_result {
    tri value = tri::yes;
    std::uint64_t missing = 0;
};

// A fact's value for this record, or nullopt when unknown. `bad` collects
// facts the record gives in a form their type does not admit.
std::optional<fact_value> fact_of(const rule_set& rules, const trade_record& r, fact_id id,
                                  std::uint64_t& bad) {
    const auto& decl = rules.facts().at(id);
    if (decl.builtin) {
        const bool counted =
            r.quantity && std::isfinite(r.quantity->amount) && r.quantity->amount >= 0;
        const bool valued = r.value && r.value->usd() && r.value->cents() >= 0;
        switch (static_cast<builtin_fact>(id)) {
            case builtin_fact::origin:
                if (!r.origin) return std::nullopt;
                return fact_value::of_text(std::string(r.origin->str()), fact_type::country);
            case builtin_fact::exporter:
                return fact_value::of_text(std::string(r.exporter.str()), fact_type::country);
            case builtin_fact::importer:
                return fact_value::of_text(std::string(r.importer.str()), fact_type::country);
            case builtin_fact::quantity:
                if (!counted) return std::nullopt;
                return fact_value::of_number(r.quantity->amount);
            case builtin_fact::unit:
                if (!counted) return std::nullopt;
                return fact_value::of_text(std::string(to_string(r.quantity->unit)));
            case builtin_fact::value_usd:
                if (!valued) return std::nullopt;
                return fact_value::of_number(r.value->units());
            case builtin_fact::unit_value:
                if (!valued || !counted || r.quantity->unit != unit::items ||
                    r.quantity->amount <= 0)
                    return std::nullopt;
                return fact_value::of_number(r.value->units() / r.quantity->amount);
        }
    }
    for (const auto& f : r.facts) {
        if (f.name != decl.name || f.value.empty()) continue;
        auto v = parse_fact_value(f.value, decl.type);
        if (!v || (!decl.values.empty() && std::find(decl.values.begin(), decl.values.end(),
                                                     v->text) == decl.values.end())) {
            bad |= std::uint64_t{1} << id;
            return std::nullopt;
        }
        return std::move(v).value();
    }
    return decl.default_value;
}

struct condition_walker {
    const rule_set& rules;
    const trade_record& record;
    const detail::compiled_condition& c;
    std::uint64_t& bad;

    std::optional<fact_value> operand(const condition_operand& o, std::uint64_t& missing) const {
        if (!o.is_fact) return c.literals[o.index];
        auto v = fact_of(rules, record, static_cast<fact_id>(o.index), bad);
        if (!v) missing |= std::uint64_t{1} << o.index;
        return v;
    }

    static int compare(const fact_value& a, const fact_value& b) {
        switch (a.type) {
            case fact_type::number:
                return a.number < b.number ? -1 : (a.number > b.number ? 1 : 0);
            case fact_type::date:
                return a.date < b.date ? -1 : (a.date > b.date ? 1 : 0);
            case fact_type::boolean:
                return a.boolean == b.boolean ? 0 : (a.boolean ? 1 : -1);
            case fact_type::text:
            case fact_type::country:
                return a.text < b.text ? -1 : (a.text > b.text ? 1 : 0);
        }
        return 0;
    }

    tri_result node(std::uint16_t i) const {
        const condition_node& n = c.nodes[i];
        switch (n.op) {
            case condition_op::constant:
                return {c.literals[n.lhs.index].boolean ? tri::yes : tri::no, 0};
            case condition_op::truth: {
                std::uint64_t missing = 0;
                auto v = operand(n.lhs, missing);
                if (!v) return {tri::unknown, missing};
                return {v->boolean ? tri::yes : tri::no, 0};
            }
            case condition_op::not_: {
                auto r = node(c.children[n.first]);
                if (r.value == tri::unknown) return r;
                return {r.value == tri::yes ? tri::no : tri::yes, 0};
            }
            case condition_op::and_:
            case condition_op::or_: {
                const tri decisive = n.op == condition_op::and_ ? tri::no : tri::yes;
                tri_result out{n.op == condition_op::and_ ? tri::yes : tri::no, 0};
                bool unknown = false;
                for (std::uint16_t k = 0; k < n.count; ++k) {
                    auto r = node(c.children[n.first + k]);
                    if (r.value == decisive) return {decisive, 0};
                    if (r.value == tri::unknown) {
                        unknown = true;
                        out.missing |= r.missing;
                    }
                }
                if (unknown)
                    out.value = tri::unknown;
                else
                    out.missing = 0;
                return out;
            }
            case condition_op::in: {
                std::uint64_t missing = 0;
                auto v = operand(n.lhs, missing);
                if (!v) return {tri::unknown, missing};
                for (std::uint16_t k = 0; k < n.count; ++k)
                    if (compare(*v, c.literals[n.first + k]) == 0) return {tri::yes, 0};
                return {tri::no, 0};
            }
            default: {
                std::uint64_t missing = 0;
                auto a = operand(n.lhs, missing);
                auto b = operand(n.rhs, missing);
                if (!a || !b) return {tri::unknown, missing};
                const int k = compare(*a, *b);
                bool r = false;
                switch (n.op) {
                    case condition_op::eq:
                        r = k == 0;
                        break;
                    case condition_op::ne:
                        r = k != 0;
                        break;
                    case condition_op::lt:
                        r = k < 0;
                        break;
                    case condition_op::le:
                        r = k <= 0;
                        break;
                    case condition_op::gt:
                        r = k > 0;
                        break;
                    case condition_op::ge:
                        r = k >= 0;
                        break;
                    default:
                        break;
                }
                return {r ? tri::yes : tri::no, 0};
            }
        }
    }
};

struct scope_outcome {
    tri value = tri::yes;
    std::uint16_t reasons = 0;
    std::uint16_t disputed = 0;
    std::uint64_t missing = 0;
};

struct reason_set {
    std::uint16_t goods_partial, disputed, period_partial, condition;
};

// goods AND validity AND when, each three-valued.
// How a selector covers every code of the record's goods together.
coverage covers_all(const goods_selector& s, const std::vector<hs_code>& codes) {
    bool all_full = true, all_none = true;
    for (const auto& c : codes) {
        const coverage cv = s.covers(c);
        all_full = all_full && cv == coverage::full;
        all_none = all_none && cv == coverage::none;
    }
    return all_full ? coverage::full : (all_none ? coverage::none : coverage::partial);
}

scope_outcome judge(const rule_set& rules, const trade_record& record,
                    const std::vector<hs_code>& codes, const goods_selector& goods,
                    const std::vector<disputed_scope>& disputed, const validity& valid,
                    const condition& when, const reason_set& bits, std::uint64_t& bad) {
    goods_selector doubtful;
    for (const auto& d : disputed) doubtful = doubtful | d.goods;
    const goods_selector certain = goods - doubtful;

    scope_outcome goods_part{tri::yes, 0, 0, 0};
    const coverage cov = covers_all(certain, codes);
    if (cov != coverage::full) {
        std::optional<std::uint16_t> dispute;
        for (std::size_t i = 0; i < disputed.size() && !dispute; ++i)
            if (covers_all(disputed[i].goods, codes) != coverage::none)
                dispute = static_cast<std::uint16_t>(i);
        if (cov == coverage::none && !dispute) return {tri::no, 0, 0, 0};
        goods_part.value = tri::unknown;
        if (cov == coverage::partial) goods_part.reasons |= bits.goods_partial;
        if (dispute) {
            goods_part.reasons |= bits.disputed;
            goods_part.disputed = *dispute;
        }
    }
    scope_outcome time_part{tri::yes, 0, 0, 0};
    switch (overlap_of(record.period, valid)) {
        case overlap::none:
            return {tri::no, 0, 0, 0};
        case overlap::partial:
            time_part = {tri::unknown, bits.period_partial, 0, 0};
            break;
        case overlap::full:
            break;
    }
    scope_outcome when_part{tri::yes, 0, 0, 0};
    if (!when.empty()) {
        const auto r =
            condition_walker{rules, record, *when.compiled(), bad}.node(when.compiled()->root());
        if (r.value == tri::no) return {tri::no, 0, 0, 0};
        if (r.value == tri::unknown) when_part = {tri::unknown, bits.condition, 0, r.missing};
    }
    scope_outcome out;
    for (const auto* p : {&goods_part, &time_part, &when_part}) {
        if (p->value == tri::unknown) out.value = tri::unknown;
        out.reasons |= p->reasons;
        out.missing |= p->missing;
    }
    out.disputed = goods_part.disputed;
    return out;
}

}  // namespace

verdict reference_evaluate(const rule_set& rules, const trade_record& record) {
    verdict out;
    out.rules = &rules;
    const record_goods goods = rules.goods_of(record);
    const goods_selector everything = goods_selector::from_intervals({{0, hs_key_end}});
    constexpr reason_set measure_bits{reason_goods_partial, reason_goods_disputed,
                                      reason_period_partial, reason_condition_unknown};
    constexpr reason_set exemption_bits{reason_exemption_goods_partial, reason_exemption_disputed,
                                        reason_exemption_period_partial, reason_exemption_unknown};

    for (std::uint32_t mi = 0; mi < rules.measures().size(); ++mi) {
        const measure& m = rules.measures()[mi];
        // Each measure speaks of its own target state.
        const bool to_target = record.importer == m.target;
        const bool from_target = record.exporter == m.target;
        // Goods of the target's origin shipped by a third state: the target may
        // have supplied them indirectly.
        const bool indirect = !from_target && record.origin && *record.origin == m.target;
        const standing standing = rules.standing_of(m);
        if (standing == standing::void_) continue;
        const bool takes_supply =
            m.direction == direction::to_target || m.direction == direction::both;
        const bool takes_procurement =
            m.direction == direction::from_target || m.direction == direction::both;
        tri direction_matches = tri::no;
        if ((takes_supply && to_target) || (takes_procurement && from_target))
            direction_matches = tri::yes;
        else if (takes_procurement && indirect)
            direction_matches = tri::unknown;
        if (direction_matches == tri::no) continue;
        std::uint64_t bad = 0;
        // Past the renewal horizon the measure may or may not be in force:
        // judge it as if open-ended, and doubt whatever holds.
        const auto horizon = rules.renewal_horizon(m);
        const bool beyond = horizon && record.period.last >= *horizon;
        validity in_force = m.in_force;
        if (beyond) in_force.until = day_max;
        auto applies = judge(rules, record, goods.codes, m.goods, m.disputed, in_force, m.when,
                             measure_bits, bad);
        if (applies.value == tri::no) continue;
        if (beyond) {
            applies.value = tri::unknown;
            applies.reasons |= reason_renewal_unverified;
        }
        if (direction_matches == tri::unknown) {
            applies.value = tri::unknown;
            applies.reasons |= reason_indirect;
        }
        if (standing == standing::disputed) {
            applies.value = tri::unknown;
            applies.reasons |= reason_standing_disputed;
        }

        std::optional<std::uint32_t> plain, quota, open;
        std::uint32_t open_mask = 0;
        std::uint32_t position = 0;  // among the exemptions of this measure
        scope_outcome open_parts{tri::no, 0, 0, 0};
        for (std::uint32_t ei = 0; ei < rules.exemptions().size(); ++ei) {
            const exemption& e = rules.exemptions()[ei];
            if (std::find(e.carves_out.begin(), e.carves_out.end(), m.id) == e.carves_out.end())
                continue;
            const auto r = judge(rules, record, goods.codes, e.goods ? *e.goods : everything,
                                 e.disputed, e.valid, e.when, exemption_bits, bad);
            if (r.value == tri::yes) {
                if (!e.quota && !plain) plain = ei;
                if (e.quota && !quota) quota = ei;
            } else if (r.value == tri::unknown) {
                if (!open) {
                    open = ei;
                    open_parts.disputed = r.disputed;
                }
                if (position < 32) open_mask |= std::uint32_t{1} << position;
                open_parts.value = tri::unknown;
                open_parts.reasons |= r.reasons;
                open_parts.missing |= r.missing;
            }
            ++position;
        }
        finding f;
        f.measure = mi;
        if (plain) {
            f.status = status::carved_out;
            f.exemption = *plain;
        } else if (quota) {
            f.status = status::capped;
            f.exemption = *quota;
        } else if (applies.value == tri::yes && open_parts.value != tri::unknown) {
            f.status = status::prohibited;
        } else {
            f.status = status::indeterminate;
            f.reasons = applies.reasons;
            f.disputed = applies.disputed;
            f.missing = applies.missing;
            if (open) {
                f.exemption = *open;
                f.open_exemptions = open_mask;
                f.reasons |= open_parts.reasons;
                f.missing |= open_parts.missing;
                if ((applies.reasons & reason_goods_disputed) == 0)
                    f.disputed = open_parts.disputed;
            }
            if ((f.missing & bad) != 0) f.reasons |= reason_bad_fact;
        }
        if (goods.translated) f.reasons |= reason_translated;
        out.status = std::max(out.status, f.status);
        out.findings.push_back(f);
    }
    return out;
}

}  // namespace embargo::testing
