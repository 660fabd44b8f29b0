// The compiled engine (see engine.hpp and compiled_rules.hpp).
//
// evaluate() is the hot path: it runs once per customs line, millions of
// times per screen. It allocates nothing once the caller's verdict has room:
// facts are read into a stack array, candidate measures come from a flat
// segment table, and findings go into the caller's reused vector.

#include "embargo/engine.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <memory>
#include <new>
#include <stdexcept>
#include <type_traits>

#include "base/day_number.hpp"
#include "base/text.hpp"
#include "engine/compiled_rules.hpp"

namespace embargo {

namespace detail {
namespace {

using boost::logic::indeterminate;
using boost::logic::tribool;

using detail::day_number;

span32 push_intervals(std::vector<hs_interval>& pool, const std::vector<hs_interval>& intervals) {
    span32 s{static_cast<std::uint32_t>(pool.size()), 0};
    pool.insert(pool.end(), intervals.begin(), intervals.end());
    s.end = static_cast<std::uint32_t>(pool.size());
    return s;
}

// Where `range` stands against the sorted disjoint intervals pool[s].
coverage covers(const std::vector<hs_interval>& pool, span32 s, hs_interval range) noexcept {
    const auto* first = pool.data() + s.begin;
    const auto* last = pool.data() + s.end;
    // The first interval that ends after the range starts.
    const auto* it = std::upper_bound(first, last, range.first,
                                      [](hs_key k, const hs_interval& iv) { return k < iv.last; });
    if (it == last || it->first >= range.last) return coverage::none;
    return it->first <= range.first && range.last <= it->last ? coverage::full : coverage::partial;
}

// The goods of one record in the rules' edition: its own interval, or the
// intervals of the rules' subheadings that correspond to it when its edition
// (its own hs_edition, else the one in force at its date) reads it otherwise
// (hs/edition_translation.hpp); in an edition the catalogue lacks, the
// interval of its heading (rule_set::goods_of says why).
struct goods_view {
    const hs_interval* begin = nullptr;
    const hs_interval* end = nullptr;
    bool translated = false;
};

goods_view goods_of(const compiled_rules& c, const trade_record& r, std::int32_t first,
                    hs_interval& own) noexcept {
    own = r.code.interval();
    if (r.hs_edition != 0 && !c.editions.ships(r.hs_edition)) {
        if (r.code.digits() <= 4) return {&own, &own + 1, false};
        own = r.code.prefix(4).interval();
        return {&own, &own + 1, true};
    }
    const std::int32_t day = r.hs_edition != 0 ? edition_map::first_day(r.hs_edition) : first;
    const span32 t = c.editions.translate(r.code, day);
    if (t.empty()) return {&own, &own + 1, false};
    return {c.editions.intervals.data() + t.begin, c.editions.intervals.data() + t.end, true};
}

// A set of goods is covered fully when every part is, not at all when no
// part is, and partly otherwise.
coverage covers(const std::vector<hs_interval>& pool, span32 s, const goods_view& g) noexcept {
    bool all_full = true, all_none = true;
    for (const auto* iv = g.begin; iv != g.end; ++iv) {
        const coverage cv = covers(pool, s, *iv);
        all_full &= cv == coverage::full;
        all_none &= cv == coverage::none;
    }
    return all_full ? coverage::full : (all_none ? coverage::none : coverage::partial);
}

// Where a country's entry is in compiled_rules::target_of; 26 * 26 (none)
// for a code that is not two capital letters.
std::size_t country_index(const country_code& c) noexcept {
    const unsigned a = static_cast<unsigned char>(c.letters[0]) - 'A';
    const unsigned b = static_cast<unsigned char>(c.letters[1]) - 'A';
    return a < 26 && b < 26 ? a * 26 + b : 26 * 26;
}

// 1 + the index of `c` among the rule set's targets, or 0.
std::uint8_t target_slot(const compiled_rules& rules, const country_code& c) noexcept {
    const std::size_t i = country_index(c);
    return i < rules.target_of.size() ? rules.target_of[i] : 0;
}

// Which way a record flows relative to each target of the rule set, as bits:
// 1 it imports (supply to the target), 2 it exports (procurement from it), 4
// the goods originate there but a third state ships them. False when the
// record involves no target, so that no measure speaks of it.
using target_flows = std::array<std::uint8_t, max_targets + 1>;  // slot 0: no target
bool flows_of(const compiled_rules& c, const trade_record& r, target_flows& out) noexcept {
    out.fill(0);
    const std::uint8_t to = target_slot(c, r.importer);
    const std::uint8_t from = target_slot(c, r.exporter);
    // Goods of a target's origin count only when that target does not ship
    // them itself.
    const std::uint8_t origin = r.origin ? target_slot(c, *r.origin) : 0;
    out[to] |= 1;
    out[from] |= 2;
    if (origin != from) out[origin] |= 4;
    out[0] = 0;  // the slot of "no target"
    return (to | from | origin) != 0;
}

// Whether a measure's direction reaches the flow. The resolutions bar the
// target from supplying "directly or indirectly": goods of its origin shipped
// by a third state may be such a supply, which the record cannot tell.
tribool reaches(std::uint8_t direction, std::uint8_t flow) noexcept {
    if ((direction & flow & 3) != 0) return true;
    if ((direction & 2) != 0 && (flow & 4) != 0) return indeterminate;
    return false;
}

class builder {
public:
    builder(const rule_set& rules, compiled_rules& out) : rules_(rules), out_(out) {}

    void build() {
        const goods_selector everything = goods_selector::from_intervals({{0, hs_key_end}});
        for (const auto& e : rules_.exemptions()) {
            compiled_exemption ce;
            ce.scope = scope(e.goods ? *e.goods : everything, e.disputed, e.valid, e.when);
            ce.quota = e.quota.has_value();
            out_.exemptions.push_back(ce);
        }
        for (std::uint32_t mi = 0; mi < rules_.measures().size(); ++mi) {
            const measure& m = rules_.measures()[mi];
            compiled_measure cm;
            cm.scope = scope(m.goods, m.disputed, m.in_force, m.when);
            cm.direction = static_cast<std::uint8_t>(m.direction);
            cm.target = target_index(m.target);
            cm.standing = rules_.standing_of(m);
            if (const auto horizon = rules_.renewal_horizon(m))
                cm.renewal_horizon = day_number(*horizon);
            cm.exemptions.begin = static_cast<std::uint32_t>(out_.exemption_refs.size());
            for (const std::uint32_t ei : rules_.exemptions_of(mi))
                out_.exemption_refs.push_back(ei);
            cm.exemptions.end = static_cast<std::uint32_t>(out_.exemption_refs.size());
            out_.measures.push_back(cm);
        }
        segments();
        facts();
        out_.editions = edition_map::build(rules_.catalogue(), rules_.edition_name());
    }

private:
    // The loader refuses a rule set with more than max_targets targets.
    std::uint8_t target_index(const country_code& target) {
        auto& t = out_.targets;
        const auto it = std::find(t.begin(), t.end(), target);
        if (it != t.end()) return static_cast<std::uint8_t>(it - t.begin());
        t.push_back(target);
        if (const std::size_t i = country_index(target); i < out_.target_of.size())
            out_.target_of[i] = static_cast<std::uint8_t>(t.size());
        return static_cast<std::uint8_t>(t.size() - 1);
    }

    compiled_scope scope(const goods_selector& goods, const std::vector<disputed_scope>& disputed,
                         const validity& valid, const condition& when) {
        compiled_scope s;
        goods_selector doubtful;
        for (const auto& d : disputed) doubtful = doubtful | d.goods;
        // A code listed as both certain and disputed is disputed: the doubt
        // is the more careful reading.
        s.certain = push_intervals(out_.intervals, (goods - doubtful).intervals());
        s.disputes.begin = static_cast<std::uint32_t>(out_.disputes.size());
        for (std::size_t i = 0; i < disputed.size(); ++i)
            out_.disputes.push_back({push_intervals(out_.intervals, disputed[i].goods.intervals()),
                                     static_cast<std::uint16_t>(i)});
        s.disputes.end = static_cast<std::uint32_t>(out_.disputes.size());
        s.from = day_number(valid.from);
        s.until = day_number(valid.until);
        s.when = when.empty() ? nullptr : &when;
        return s;
    }

    // Every interval a measure reaches, certain or disputed.
    template <class F>
    void for_each_interval(const compiled_measure& m, F f) const {
        for (auto i = m.scope.certain.begin; i < m.scope.certain.end; ++i) f(out_.intervals[i]);
        for (auto d = m.scope.disputes.begin; d < m.scope.disputes.end; ++d) {
            const auto& s = out_.disputes[d].intervals;
            for (auto i = s.begin; i < s.end; ++i) f(out_.intervals[i]);
        }
    }

    void segments() {
        auto& b = out_.boundaries;
        b = {0, hs_key_end};
        for (const auto& m : out_.measures)
            for_each_interval(m, [&](const hs_interval& iv) {
                b.push_back(iv.first);
                b.push_back(iv.last);
            });
        std::sort(b.begin(), b.end());
        b.erase(std::unique(b.begin(), b.end()), b.end());
        const std::size_t segment_count = b.size() - 1;
        std::vector<std::vector<std::uint32_t>> lists(segment_count);
        for (std::uint32_t mi = 0; mi < out_.measures.size(); ++mi) {
            for_each_interval(out_.measures[mi], [&](const hs_interval& iv) {
                auto s = static_cast<std::size_t>(std::lower_bound(b.begin(), b.end(), iv.first) -
                                                  b.begin());
                for (; s < segment_count && b[s] < iv.last; ++s) {
                    if (lists[s].empty() || lists[s].back() != mi) lists[s].push_back(mi);
                }
            });
        }
        out_.segment_at.clear();
        for (const auto& l : lists) {
            out_.segment_at.push_back(static_cast<std::uint32_t>(out_.candidates.size()));
            out_.candidates.insert(out_.candidates.end(), l.begin(), l.end());
        }
        out_.segment_at.push_back(static_cast<std::uint32_t>(out_.candidates.size()));
    }

    void facts() {
        const fact_table& table = rules_.facts();
        out_.fact_count = table.size();
        for (std::size_t i = builtin_fact_count; i < table.size(); ++i) {
            const auto& decl = table.at(static_cast<fact_id>(i));
            compiled_fact f;
            f.name = decl.name;
            f.id = static_cast<fact_id>(i);
            f.type = decl.type;
            f.values = decl.values;
            if (decl.default_value) {
                const auto& v = *decl.default_value;
                f.fallback.known = true;
                f.fallback.boolean = v.boolean;
                f.fallback.number = v.number;
                f.fallback.day = day_number(v.date);
                // Points into the rule set, which the engine keeps alive.
                f.fallback.text = decl.default_value->text;
            }
            out_.facts.push_back(std::move(f));
        }
        std::sort(out_.facts.begin(), out_.facts.end(),
                  [](const compiled_fact& a, const compiled_fact& b) { return a.name < b.name; });
        out_.fallbacks.assign(out_.fact_count, fact_view{});
        for (const auto& f : out_.facts) out_.fallbacks[f.id] = f.fallback;
    }

    const rule_set& rules_;
    compiled_rules& out_;
};

// The facts of one record, read once. Lives on the stack of evaluate().
// Only the rule set's fact_count views are made, copied from its defaults
// when a measure first needs them. Zeroing room for all max_facts views
// (2.5 KB, a `rep stos` on every DPRK line, even inside a std::optional)
// drew half of evaluate()'s own samples in perf, so the room is left raw
// until then (bench/README.md has the effect).
class record_facts {
public:
    record_facts() noexcept {}                   // NOLINT: the storage stays raw on purpose
    record_facts(const record_facts&) = delete;  // views_ points into this object
    record_facts& operator=(const record_facts&) = delete;

    bool started() const noexcept { return views_ != nullptr; }
    // Every fact at its default (unknown when it has none).
    // memcpy, not uninitialized_copy_n: fact_view is trivially copyable but
    // not trivial (its members have initialisers), so the library copies it
    // one view at a time. memcpy creates the views (an implicit-lifetime
    // type) in the raw storage.
    void start(const compiled_rules& c) noexcept {
        static_assert(std::is_trivially_copyable_v<fact_view>);
        std::memcpy(storage_, c.fallbacks.data(), c.fact_count * sizeof(fact_view));
        views_ = std::launder(reinterpret_cast<fact_view*>(storage_));
    }
    fact_view* views() noexcept { return views_; }
    const fact_view* views() const noexcept { return views_; }

    std::array<std::array<char, 2>, max_facts> country;  // upcased country facts
    std::uint64_t bad = 0;  // facts the record gives but that could not be read

private:
    alignas(fact_view) std::byte storage_[max_facts * sizeof(fact_view)];
    fact_view* views_ = nullptr;  // the fact_count views made in storage_
};

constexpr auto& equals_ignoring_case = detail::iequals;

// Reads a record's text as the fact's type, without allocating.
bool read_fact(const compiled_fact& f, std::string_view text, fact_view& v,
               std::array<char, 2>& country) {
    v = fact_view{};
    switch (f.type) {
        case fact_type::boolean:
            if (equals_ignoring_case(text, "true"))
                v.boolean = true;
            else if (!equals_ignoring_case(text, "false"))
                return false;
            break;
        case fact_type::number: {
            const auto [end, ec] =
                std::from_chars(text.data(), text.data() + text.size(), v.number);
            if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v.number))
                return false;
            break;
        }
        case fact_type::date: {
            auto d = parse_day(text);
            if (!d) return false;
            v.day = day_number(d.value());
            break;
        }
        case fact_type::country:
            if (text.size() != 2 || !std::isalpha(static_cast<unsigned char>(text[0])) ||
                !std::isalpha(static_cast<unsigned char>(text[1])))
                return false;
            country = {detail::ascii_upper(text[0]), detail::ascii_upper(text[1])};
            v.text = std::string_view(country.data(), 2);
            break;
        case fact_type::text:
            if (!f.values.empty() &&
                std::find(f.values.begin(), f.values.end(), text) == f.values.end())
                return false;
            v.text = text;
            break;
    }
    v.known = true;
    return true;
}

// Reads the record's facts over the rule set's defaults.
void read_facts(const compiled_rules& c, const trade_record& r, record_facts& out) {
    out.start(c);
    fact_view* v = out.views();
    auto set = [&](builtin_fact b) -> fact_view& {
        auto& f = v[static_cast<std::size_t>(b)];
        f.known = true;
        return f;
    };
    if (r.origin) set(builtin_fact::origin).text = r.origin->str();
    set(builtin_fact::exporter).text = r.exporter.str();
    set(builtin_fact::importer).text = r.importer.str();
    const bool counted = r.quantity && std::isfinite(r.quantity->amount) && r.quantity->amount >= 0;
    if (counted) {
        set(builtin_fact::quantity).number = r.quantity->amount;
        set(builtin_fact::unit).text = to_string(r.quantity->unit);
    }
    const bool valued = r.value && r.value->usd() && r.value->cents() >= 0;
    if (valued) set(builtin_fact::value_usd).number = r.value->units();
    // A value per item needs items: a value per kilogram is no "item valued
    // greater than USD 100".
    if (valued && counted && r.quantity->unit == unit::items && r.quantity->amount > 0)
        set(builtin_fact::unit_value).number = r.value->units() / r.quantity->amount;

    for (const auto& given : r.facts) {
        if (given.value.empty()) continue;  // an empty cell is a missing fact
        const auto it = std::lower_bound(
            c.facts.begin(), c.facts.end(), given.name,
            [](const compiled_fact& f, const std::string& n) { return f.name < n; });
        if (it == c.facts.end() || it->name != given.name) continue;  // not a fact of this regime
        if (!read_fact(*it, given.value, v[it->id], out.country[it->id])) {
            v[it->id] = fact_view{};
            out.bad |= std::uint64_t{1} << it->id;
        }
    }
}

// The three-valued result of one scope (a measure's or an exemption's).
struct scope_result {
    tribool holds = true;
    std::uint16_t reasons = 0;
    std::uint16_t disputed = 0;
    std::uint64_t missing = 0;
};

struct reason_bits {
    std::uint16_t goods_partial, disputed, period_partial, condition;
};
constexpr reason_bits measure_reasons{reason_goods_partial, reason_goods_disputed,
                                      reason_period_partial, reason_condition_unknown};
constexpr reason_bits exemption_reasons{reason_exemption_goods_partial, reason_exemption_disputed,
                                        reason_exemption_period_partial, reason_exemption_unknown};

// goods AND validity AND when, in Kleene logic: the first false ends it, and
// the reasons of the unknown parts are kept only when nothing is false.
scope_result judge(const compiled_rules& c, const compiled_scope& s, const goods_view& goods,
                   std::int32_t first, std::int32_t last, const fact_view* facts,
                   const reason_bits& bits) {
    scope_result r;
    bool unknown = false;
    switch (covers(c.intervals, s.certain, goods)) {
        case coverage::full:
            break;
        case coverage::partial:
            r.reasons |= bits.goods_partial;
            unknown = true;
            [[fallthrough]];
        case coverage::none:
            for (auto d = s.disputes.begin; d < s.disputes.end; ++d) {
                if (covers(c.intervals, c.disputes[d].intervals, goods) != coverage::none) {
                    r.reasons |= bits.disputed;
                    r.disputed = c.disputes[d].index;
                    unknown = true;
                    break;
                }
            }
            if (!unknown) return {false, 0, 0, 0};
    }
    if (last < s.from || first >= s.until) return {false, 0, 0, 0};
    if (first < s.from || last >= s.until) {
        r.reasons |= bits.period_partial;
        unknown = true;
    }
    if (s.when != nullptr) {
        std::uint64_t missing = 0;
        const tribool w = evaluate(*s.when, facts, missing);
        if (!w) return {false, 0, 0, 0};
        if (indeterminate(w)) {
            r.reasons |= bits.condition;
            r.missing |= missing;
            unknown = true;
        }
    }
    r.holds = unknown ? tribool(indeterminate) : tribool(true);
    return r;
}

// A measure before its exemptions: direction, goods, validity, `when`, then
// the two doubts a measure carries as a whole: a record past its renewal
// horizon (the Council may have renewed it, or not) and an instrument whose
// standing is disputed.
scope_result judge_measure_scope(const compiled_rules& c, const compiled_measure& m,
                                 tribool direction, const goods_view& goods, std::int32_t first,
                                 std::int32_t last, const fact_view* facts) {
    scope_result r;
    if (last >= m.renewal_horizon) {
        compiled_scope unbounded = m.scope;
        unbounded.until = INT32_MAX;
        r = judge(c, unbounded, goods, first, last, facts, measure_reasons);
        if (!r.holds) return r;
        r.holds = indeterminate;
        r.reasons |= reason_renewal_unverified;
    } else {
        r = judge(c, m.scope, goods, first, last, facts, measure_reasons);
        if (!r.holds) return r;
    }
    if (indeterminate(direction)) {
        r.holds = indeterminate;
        r.reasons |= reason_indirect;
    }
    if (m.standing == standing::disputed) {
        r.holds = indeterminate;
        r.reasons |= reason_standing_disputed;
    }
    return r;
}

// Whether a measure can be left out before the facts are read: its
// direction, standing and validity (a record past the renewal horizon is
// still judged).
bool outside(const compiled_measure& m, std::int32_t first, std::int32_t last) noexcept {
    if (m.standing == standing::void_) return true;
    return last < m.scope.from || (first >= m.scope.until && last < m.renewal_horizon);
}

}  // namespace
}  // namespace detail

engine::engine(std::shared_ptr<const rule_set> rules,
               std::unique_ptr<const detail::compiled_rules> compiled)
    : rules_(std::move(rules)), compiled_(std::move(compiled)) {}

engine::~engine() = default;

std::shared_ptr<const engine> engine::compile(std::shared_ptr<const rule_set> rules) {
    auto compiled = std::make_unique<detail::compiled_rules>();
    detail::builder(*rules, *compiled).build();
    return std::make_shared<const engine>(std::move(rules), std::move(compiled));
}

void engine::require_own(const checked_record& record) const {
    if (&record.rules() != rules_.get())
        throw std::invalid_argument(
            "embargo::engine: the record was checked by another rule set than the engine's");
}

std::optional<bool> engine::applies(const checked_record& record, std::uint32_t measure) const {
    require_own(record);
    return applies_unchecked(record.record(), measure);
}

std::optional<bool> engine::applies_unchecked(const trade_record& record,
                                              std::uint32_t measure) const {
    using namespace detail;
    const compiled_rules& c = *compiled_;
    if (measure >= c.measures.size()) return false;
    const compiled_measure& m = c.measures[measure];
    target_flows flows;
    flows_of(c, record, flows);
    const tribool direction = reaches(m.direction, flows[m.target + 1]);
    if (!direction) return false;
    const std::int32_t first = day_number(record.period.first);
    const std::int32_t last = day_number(record.period.last);
    if (outside(m, first, last)) return false;
    hs_interval own;
    const goods_view goods = goods_of(c, record, first, own);
    record_facts facts;
    read_facts(c, record, facts);
    const tribool holds =
        judge_measure_scope(c, m, direction, goods, first, last, facts.views()).holds;
    if (holds) return true;
    if (!holds) return false;
    return std::nullopt;
}

verdict engine::evaluate(const checked_record& record) const {
    verdict v;
    evaluate(record, v);
    return v;
}

void engine::evaluate(const checked_record& record, verdict& out) const {
    require_own(record);
    evaluate_unchecked(record.record(), out);
}

void engine::evaluate_unchecked(const trade_record& record, verdict& out) const {
    using namespace detail;
    out.clear();
    out.rules = rules_.get();
    const compiled_rules& c = *compiled_;
    target_flows flows;
    if (!flows_of(c, record, flows))
        return;  // no target is party or origin: no measure speaks of this flow

    const std::int32_t first = day_number(record.period.first);
    const std::int32_t last = day_number(record.period.last);
    hs_interval own;
    const goods_view goods = goods_of(c, record, first, own);

    // Candidates: one segment's list (the common case: a detailed code, read
    // as itself), or the sorted union of the lists of every segment the goods
    // reach, gathered on the stack; past the buffer, every measure (still
    // correct, still allocation-free, just slower).
    const auto& b = c.boundaries;
    const auto segment_of = [&](hs_key k) {
        return static_cast<std::size_t>(std::upper_bound(b.begin(), b.end(), k) - b.begin() - 1);
    };
    constexpr std::size_t buffer_size = 256;
    std::array<std::uint32_t, buffer_size> buffer;
    const std::size_t first_segment = segment_of(goods.begin->first);
    const std::uint32_t* cand_begin = c.candidates.data() + c.segment_at[first_segment];
    const std::uint32_t* cand_end = c.candidates.data() + c.segment_at[first_segment + 1];
    bool scan_all = false;
    if (goods.end - goods.begin > 1 || segment_of(goods.begin->last - 1) != first_segment) {
        std::size_t total = 0;
        for (const auto* iv = goods.begin; iv != goods.end && !scan_all; ++iv) {
            const std::size_t from = c.segment_at[segment_of(iv->first)];
            const std::size_t to = c.segment_at[segment_of(iv->last - 1) + 1];
            if (total + (to - from) > buffer_size) {
                scan_all = true;
                break;
            }
            std::copy(c.candidates.data() + from, c.candidates.data() + to,
                      buffer.begin() + static_cast<std::ptrdiff_t>(total));
            total += to - from;
        }
        std::sort(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(total));
        cand_begin = buffer.data();
        cand_end = std::unique(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(total));
    }

    record_facts facts;  // read when a measure first needs them

    const auto judge_measure = [&](std::uint32_t mi) {
        const compiled_measure& m = c.measures[mi];
        const tribool direction = reaches(m.direction, flows[m.target + 1]);
        if (!direction) return;
        // Cheap rejections first, before the facts are read.
        if (outside(m, first, last)) return;
        if (covers(c.intervals, m.scope.certain, goods) == coverage::none) {
            bool disputed = false;
            for (auto d = m.scope.disputes.begin; d < m.scope.disputes.end && !disputed; ++d)
                disputed = covers(c.intervals, c.disputes[d].intervals, goods) != coverage::none;
            if (!disputed) return;
        }
        if (!facts.started()) read_facts(c, record, facts);
        const scope_result applies =
            judge_measure_scope(c, m, direction, goods, first, last, facts.views());
        if (!applies.holds) return;

        finding f;
        f.measure = mi;
        std::uint32_t holding = no_exemption, holding_quota = no_exemption, open = no_exemption;
        std::uint32_t open_mask = 0;
        scope_result open_parts;  // reasons of the exemptions that might hold
        open_parts.holds = false;
        for (auto ri = m.exemptions.begin; ri < m.exemptions.end; ++ri) {
            const std::uint32_t ei = c.exemption_refs[ri];
            const compiled_exemption& e = c.exemptions[ei];
            const scope_result ex =
                judge(c, e.scope, goods, first, last, facts.views(), exemption_reasons);
            if (ex.holds) {
                if (!e.quota) {
                    holding = ei;
                    break;  // a plain carve-out wins over a quota: nothing is counted
                }
                if (holding_quota == no_exemption) holding_quota = ei;
            } else if (indeterminate(ex.holds)) {
                if (open == no_exemption) {
                    open = ei;
                    open_parts.disputed = ex.disputed;
                }
                if (ri - m.exemptions.begin < 32)
                    open_mask |= std::uint32_t{1} << (ri - m.exemptions.begin);
                open_parts.reasons |= ex.reasons;
                open_parts.missing |= ex.missing;
                open_parts.holds = indeterminate;
            }
        }
        if (holding != no_exemption) {
            f.status = status::carved_out;
            f.exemption = holding;
        } else if (holding_quota != no_exemption) {
            f.status = status::capped;
            f.exemption = holding_quota;
        } else if (applies.holds && !indeterminate(open_parts.holds)) {
            f.status = status::prohibited;
        } else {
            f.status = status::indeterminate;
            f.reasons = applies.reasons;
            f.disputed = applies.disputed;
            f.missing = applies.missing;
            if (indeterminate(open_parts.holds)) {
                f.exemption = open;
                f.open_exemptions = open_mask;
                f.reasons |= open_parts.reasons;
                f.missing |= open_parts.missing;
                if ((applies.reasons & reason_goods_disputed) == 0)
                    f.disputed = open_parts.disputed;
            }
            if ((f.missing & facts.bad) != 0) f.reasons |= reason_bad_fact;
        }
        if (goods.translated) f.reasons |= reason_translated;
        if (f.status > out.status) out.status = f.status;
        out.findings.push_back(f);
    };

    if (scan_all) {
        for (std::uint32_t mi = 0; mi < c.measures.size(); ++mi) judge_measure(mi);
    } else {
        for (const auto* it = cand_begin; it != cand_end; ++it) judge_measure(*it);
    }
}

}  // namespace embargo
