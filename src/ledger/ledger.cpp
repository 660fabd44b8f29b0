// src/ledger/ holds quota use across records: the cap ledger (this file) and
// the cap report it prints (cap_report.cpp). There is no private header: its
// interface is embargo/ledger.hpp and embargo/cap_report.hpp.
//
// The cap ledger (see ledger.hpp and docs/ledger.md).
//
// Every record's claim on a quota becomes, per cap period it touches and per
// limit, an interval [lo, hi] of use: [x, x] for a capped record counted in
// one period, [0, x] for one that may count there (it straddles periods, or
// its quota may hold), [0, infinity) for a use that cannot be counted. A
// record's status then follows from the smallest and largest totals that can
// precede it: prohibited if even the smallest, with its own use, is past the
// cap; capped if even the largest is not; indeterminate otherwise. Records
// are taken in clusters of overlapping periods, so that within a cluster a
// record's certain predecessors are those whose periods end before its own
// begins, and its possible predecessors every other record whose period
// begins before its own ends. Per period the ledger keeps only sums, counts
// and threshold marks, not the records.

#include "embargo/ledger.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>
#include <map>
#include <numeric>
#include <utility>

#include "base/day_number.hpp"
#include "base/number_format.hpp"
#include "base/text.hpp"
#include "engine/engine_access.hpp"

namespace embargo {

namespace detail {

struct limit_state {
    double opening = 0;
    double used = 0;
    double upper = 0;  // finite part of the upper bound
    std::size_t unknown = 0;
    std::array<std::optional<threshold_mark>, cap_thresholds.size()> reached;
    std::optional<threshold_mark> exceeded;
};

struct period_state {
    validity period;
    std::vector<limit_state> limits;
    std::size_t counted = 0;
    std::size_t uncertain = 0;
    bool opened = false;
};

using period_key = std::pair<std::uint32_t, std::int32_t>;  // exemption, first day

}  // namespace detail

namespace {

constexpr double infinity = std::numeric_limits<double>::infinity();
// "Up to 500,000 barrels" includes 500,000; the tolerance keeps a total that
// lands on the cap after converting and summing from counting as past it.
constexpr double tolerance = 1e-9;

bool past(double used, double cap) noexcept {
    return used > cap + cap * tolerance;
}
bool at_least(double used, double mark) noexcept {
    return used >= mark - mark * tolerance;
}

using detail::day_number;

struct use_result {
    std::optional<double> amount;
    use_gap gap = use_gap::none;
    std::optional<unit_path> path;
};

use_result use_of(const trade_record& r, const quota& q, const quota_limit& l) {
    if (l.unit == unit::usd) {
        if (!r.value) return {std::nullopt, use_gap::no_value, std::nullopt};
        if (!r.value->usd()) return {std::nullopt, use_gap::not_usd, std::nullopt};
        if (r.value->cents() < 0) return {std::nullopt, use_gap::bad_value, std::nullopt};
        return {r.value->units(), use_gap::none, std::nullopt};
    }
    if (!r.quantity) return {std::nullopt, use_gap::no_quantity, std::nullopt};
    if (!std::isfinite(r.quantity->amount) || r.quantity->amount < 0)
        return {std::nullopt, use_gap::bad_quantity, std::nullopt};
    const auto path = quota_unit_path(q, r.quantity->unit, l.unit);
    if (!path) return {std::nullopt, use_gap::no_conversion, std::nullopt};
    return {r.quantity->amount * path->factor, use_gap::none, path};
}

// One record's claim on one quota exemption.
struct claim {
    std::size_t entry = 0;
    std::uint32_t exemption = no_exemption;
    bool certain = false;  // from a capped finding; else it may count
    bool sure = false;     // the finding's measure certainly reaches the record
    std::vector<std::size_t> findings;
    std::vector<use_result> uses;   // per limit
    std::vector<validity> periods;  // the cap periods it touches
    bool outside = false;           // part of its period is in none
    bool decidable() const noexcept { return certain && sure && !outside && periods.size() == 1; }
    // Filled by the ledger.
    cap_outcome outcome = cap_outcome::counted;
    std::vector<double> before, before_max;  // per limit, in its first period
};

// One claim in one cap period.
struct part {
    std::size_t claim = 0;
    std::int32_t first = 0, last = 0;  // the record's period, as day numbers
    std::size_t rank = 0;              // position in the batch's sorted order
};

// The cap periods a record's period touches, and whether some of it lies in
// none. Bounded: a record is at most a year long, a period at least a day.
void touched_periods(const exemption& e, const period& p, claim& c) {
    const quota& q = *e.quota;
    day d = p.first;
    for (int guard = 0; guard < 400 && d <= p.last; ++guard) {
        const auto cp = cap_period(e, d);
        if (!cp) {
            c.outside = true;
            if (d < q.start) {
                d = q.start;
                continue;
            }
            return;  // past the end of a `once` period
        }
        c.periods.push_back(*cp);
        d = cp->until;
    }
}

}  // namespace

std::string_view to_string(cap_outcome o) noexcept {
    switch (o) {
        case cap_outcome::counted:
            return "counted";
        case cap_outcome::crossed:
            return "crossed";
        case cap_outcome::exhausted:
            return "exhausted";
        case cap_outcome::uncertain:
            return "uncertain";
        case cap_outcome::uncountable:
            return "uncountable";
        case cap_outcome::straddles:
            return "straddles";
        case cap_outcome::outside:
            return "outside";
        case cap_outcome::may_count:
            return "may_count";
    }
    return "counted";
}

std::string_view to_string(use_gap g) noexcept {
    switch (g) {
        case use_gap::none:
            return "none";
        case use_gap::no_quantity:
            return "no_quantity";
        case use_gap::bad_quantity:
            return "bad_quantity";
        case use_gap::no_conversion:
            return "no_conversion";
        case use_gap::no_value:
            return "no_value";
        case use_gap::not_usd:
            return "not_usd";
        case use_gap::bad_value:
            return "bad_value";
    }
    return "none";
}

std::optional<unit_path> quota_unit_path(const quota& q, unit from, unit to) noexcept {
    if (const auto f = same_dimension_factor(from, to)) return unit_path{*f, nullptr, false};
    std::optional<unit_path> best;
    const auto consider = [&](double factor, const unit_conversion* c, bool inverted) {
        if (!std::isfinite(factor) || factor <= 0) return;
        if (!best || factor > best->factor) best = unit_path{factor, c, inverted};
    };
    for (const auto& c : q.conversions) {
        if (!std::isfinite(c.factor) || c.factor <= 0) continue;
        const auto in = same_dimension_factor(from, c.from);
        const auto out = same_dimension_factor(c.to, to);
        if (in && out) consider(*in * c.factor * *out, &c, false);
        const auto in_inverse = same_dimension_factor(from, c.to);
        const auto out_inverse = same_dimension_factor(c.from, to);
        if (in_inverse && out_inverse) consider(*in_inverse / c.factor * *out_inverse, &c, true);
    }
    return best;
}

std::optional<validity> cap_period(const exemption& e, day d) noexcept {
    if (!e.quota) return std::nullopt;
    const quota& q = *e.quota;
    if (d < q.start) return std::nullopt;
    switch (q.period) {
        case quota_period::calendar_year: {
            using namespace std::chrono;
            const year y = year_month_day{d}.year();
            const embargo::day first = sys_days{y / January / 1};
            return validity{std::max(first, q.start), sys_days{(y + years{1}) / January / 1}};
        }
        case quota_period::twelve_months: {
            using namespace std::chrono;
            const year_month_day s{q.start};
            // sys_days of 29 February in a common year is 1 March.
            const auto at = [&](int n) {
                return sys_days{year_month_day{s.year() + years{n}, s.month(), s.day()}};
            };
            int n = static_cast<int>(year_month_day{d}.year()) - static_cast<int>(s.year());
            if (at(n) > d) --n;
            return validity{at(n), at(n + 1)};
        }
        case quota_period::once:
            if (d >= e.valid.until) return std::nullopt;
            return validity{q.start, e.valid.until};
    }
    return std::nullopt;
}

std::string period_label(const validity& p) {
    if (p.open_ended()) return "from " + to_string(p.from);
    const std::chrono::year_month_day a{p.from};
    const std::chrono::year_month_day b{p.until};
    if (a.month() == std::chrono::January && a.day() == std::chrono::day{1} &&
        b.month() == std::chrono::January && b.day() == std::chrono::day{1} &&
        b.year() == a.year() + std::chrono::years{1})
        return std::to_string(static_cast<int>(a.year()));
    std::string out = to_string(p.from);
    out += " to ";
    out += to_string(p.until - std::chrono::days{1});
    return out;
}

bool cap_balance::exhausted() const noexcept {
    return std::any_of(limits.begin(), limits.end(),
                       [](const limit_balance& l) { return l.exceeded.has_value(); });
}

struct cap_ledger::impl {
    std::shared_ptr<const engine> judge;
    std::shared_ptr<const rule_set> rules;
    std::map<detail::period_key, detail::period_state> periods;
    std::vector<std::vector<std::uint32_t>> quotas_of_measure;  // measure -> its quota exemptions

    explicit impl(std::shared_ptr<const engine> j)
        : judge(std::move(j)), rules(judge->shared_rules()) {
        quotas_of_measure.resize(rules->measures().size());
        for (std::uint32_t ei = 0; ei < rules->exemptions().size(); ++ei) {
            const exemption& e = rules->exemptions()[ei];
            if (!e.quota) continue;
            for (const auto mi : e.measures)
                if (mi < quotas_of_measure.size()) quotas_of_measure[mi].push_back(ei);
        }
    }

    const exemption* quota_exemption(std::uint32_t ei) const noexcept {
        if (ei >= rules->exemptions().size()) return nullptr;
        const exemption& e = rules->exemptions()[ei];
        return e.quota ? &e : nullptr;
    }

    detail::period_state& state(std::uint32_t ei, const validity& p) {
        auto [it, fresh] = periods.try_emplace(detail::period_key{ei, day_number(p.from)});
        if (fresh) {
            it->second.period = p;
            it->second.limits.resize(rules->exemptions()[ei].quota->limits.size());
        }
        return it->second;
    }

    // The claims of one record: one per quota exemption it touches.
    void claims_of(std::size_t entry, const trade_record& r, const verdict& v,
                   std::vector<claim>& out) const {
        const std::size_t begin = out.size();
        const auto find = [&](std::uint32_t ei) -> claim* {
            for (std::size_t i = begin; i < out.size(); ++i)
                if (out[i].exemption == ei) return &out[i];
            return nullptr;
        };
        const auto add = [&](std::uint32_t ei, bool certain, std::size_t fi) {
            const bool sure = certain && detail::engine_access::applies(
                                             *judge, r, v.findings[fi].measure) == true;
            if (claim* c = find(ei)) {
                if (c->certain == certain) {
                    c->findings.push_back(fi);
                    c->sure |= sure;  // one finding that certainly applies makes the use certain
                }
                return;
            }
            const exemption& e = rules->exemptions()[ei];
            claim c;
            c.entry = entry;
            c.exemption = ei;
            c.certain = certain;
            c.sure = sure;
            c.findings.push_back(fi);
            touched_periods(e, r.period, c);
            if (!certain && c.periods.empty()) return;  // it cannot count anywhere
            if (c.periods.empty()) c.outcome = cap_outcome::outside;
            for (const auto& l : e.quota->limits) c.uses.push_back(use_of(r, *e.quota, l));
            out.push_back(std::move(c));
        };
        for (std::size_t fi = 0; fi < v.findings.size(); ++fi) {
            const finding& f = v.findings[fi];
            if (f.status == status::capped && quota_exemption(f.exemption) != nullptr)
                add(f.exemption, true, fi);
        }
        // An indeterminate finding names the first exemption that may hold;
        // with none named, every exemption of the measure is false and no
        // quota can claim the record. With one named, any quota of the
        // measure might be open too (the engine keeps only the first).
        for (std::size_t fi = 0; fi < v.findings.size(); ++fi) {
            const finding& f = v.findings[fi];
            if (f.status != status::indeterminate || f.exemption == no_exemption ||
                f.measure >= quotas_of_measure.size())
                continue;
            for (const auto ei : quotas_of_measure[f.measure])
                if (overlap_of(r.period, rules->exemptions()[ei].valid) != overlap::none)
                    add(ei, false, fi);
        }
    }

    std::vector<ledger_note> apply(std::span<const ledger_entry> entries);
};

std::vector<ledger_note> cap_ledger::impl::apply(std::span<const ledger_entry> entries) {
    std::vector<claim> claims;
    std::vector<std::size_t> order;  // entries with a claim, by period then line
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const ledger_entry& en = entries[i];
        if (en.record == nullptr || en.verdict == nullptr) continue;
        const std::size_t before = claims.size();
        claims_of(i, *en.record, *en.verdict, claims);
        if (claims.size() != before) order.push_back(i);
    }
    std::sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
        const auto& pa = entries[a].record->period;
        const auto& pb = entries[b].record->period;
        if (pa.first != pb.first) return pa.first < pb.first;
        if (pa.last != pb.last) return pa.last < pb.last;
        if (entries[a].line != entries[b].line) return entries[a].line < entries[b].line;
        return a < b;
    });
    std::vector<std::size_t> rank(entries.size(), 0);
    for (std::size_t i = 0; i < order.size(); ++i) rank[order[i]] = i;
    std::vector<std::vector<std::size_t>> claims_of_entry(entries.size());
    for (std::size_t ci = 0; ci < claims.size(); ++ci)
        claims_of_entry[claims[ci].entry].push_back(ci);

    // Clusters: runs of the sorted order whose periods overlap, directly or
    // through each other. Everything before a cluster certainly came before.
    std::size_t begin = 0;
    while (begin < order.size()) {
        std::size_t end = begin + 1;
        day reach = entries[order[begin]].record->period.last;
        while (end < order.size() && entries[order[end]].record->period.first <= reach) {
            reach = std::max(reach, entries[order[end]].record->period.last);
            ++end;
        }
        std::map<detail::period_key, std::vector<part>> groups;
        for (std::size_t k = begin; k < end; ++k) {
            const std::size_t ei = order[k];
            const auto& p = entries[ei].record->period;
            for (const auto ci : claims_of_entry[ei])
                for (const auto& cp : claims[ci].periods)
                    groups[{claims[ci].exemption, day_number(cp.from)}].push_back(
                        part{ci, day_number(p.first), day_number(p.last), k});
        }
        // Not a structured binding: the lambdas below use `parts`, and
        // clang before 16 (the fuzz build's) cannot capture one.
        for (auto& group : groups) {
            const auto& key = group.first;
            auto& parts = group.second;
            const exemption& e = rules->exemptions()[key.first];
            const auto& limits = e.quota->limits;
            const validity cp = cap_period(e, day{std::chrono::days{key.second}}).value();
            detail::period_state& st = state(key.first, cp);
            const std::size_t n = parts.size();

            // Per part and limit: lo, hi (hi infinite when unknown).
            std::vector<std::vector<double>> lo(n), hi(n);
            for (std::size_t i = 0; i < n; ++i) {
                const claim& c = claims[parts[i].claim];
                for (const auto& u : c.uses) {
                    lo[i].push_back(c.decidable() ? u.amount.value_or(0) : 0);
                    hi[i].push_back(u.amount.value_or(infinity));
                }
            }
            // Parts sorted by last day (for certain predecessors) and by first
            // day (for possible ones), with prefix sums per limit.
            std::vector<std::size_t> by_last(n), by_first(n);
            std::iota(by_last.begin(), by_last.end(), std::size_t{0});
            std::iota(by_first.begin(), by_first.end(), std::size_t{0});
            // Ties in batch order, so that sums add up in one order.
            std::sort(by_last.begin(), by_last.end(), [&](auto a, auto b) {
                return std::pair(parts[a].last, parts[a].rank) <
                       std::pair(parts[b].last, parts[b].rank);
            });
            std::sort(by_first.begin(), by_first.end(), [&](auto a, auto b) {
                return std::pair(parts[a].first, parts[a].rank) <
                       std::pair(parts[b].first, parts[b].rank);
            });
            std::vector<std::int32_t> lasts(n), firsts(n);
            for (std::size_t i = 0; i < n; ++i) {
                lasts[i] = parts[by_last[i]].last;
                firsts[i] = parts[by_first[i]].first;
            }
            for (std::size_t l = 0; l < limits.size(); ++l) {
                std::vector<double> lo_sum(n + 1, 0), hi_sum(n + 1, 0);
                std::vector<std::size_t> inf_count(n + 1, 0);
                for (std::size_t i = 0; i < n; ++i) {
                    lo_sum[i + 1] = lo_sum[i] + lo[by_last[i]][l];
                    const double h = hi[by_first[i]][l];
                    hi_sum[i + 1] = hi_sum[i] + (std::isinf(h) ? 0 : h);
                    inf_count[i + 1] = inf_count[i] + (std::isinf(h) ? 1 : 0);
                }
                const detail::limit_state& ls = st.limits[l];
                for (std::size_t i = 0; i < n; ++i) {
                    claim& c = claims[parts[i].claim];
                    // The first period of a claim carries its note's totals.
                    if (c.periods.front().from != cp.from) continue;
                    const auto certain = static_cast<std::size_t>(
                        std::lower_bound(lasts.begin(), lasts.end(), parts[i].first) -
                        lasts.begin());
                    const auto possible = static_cast<std::size_t>(
                        std::upper_bound(firsts.begin(), firsts.end(), parts[i].last) -
                        firsts.begin());
                    const double own = hi[i][l];
                    const std::size_t infs =
                        inf_count[possible] - (std::isinf(own) ? 1 : 0) + ls.unknown;
                    c.before.resize(limits.size());
                    c.before_max.resize(limits.size());
                    c.before[l] = ls.used + lo_sum[certain];
                    c.before_max[l] =
                        infs > 0 ? infinity
                                 : ls.upper + hi_sum[possible] - (std::isinf(own) ? 0 : own);
                }
            }
            // Decide, then count in the sorted order (for threshold marks).
            for (std::size_t i = 0; i < n; ++i) {
                claim& c = claims[parts[i].claim];
                if (c.periods.front().from != cp.from) continue;
                if (!c.certain) {
                    c.outcome = cap_outcome::may_count;
                } else if (c.outside) {
                    c.outcome = cap_outcome::outside;
                } else if (c.periods.size() > 1) {
                    c.outcome = cap_outcome::straddles;
                } else {
                    bool crossed = false, exhausted = false, fits = true, unknown = false;
                    for (std::size_t l = 0; l < limits.size(); ++l) {
                        const double cap = limits[l].amount;
                        const auto& use = c.uses[l].amount;
                        unknown |= !use.has_value();
                        exhausted |= past(c.before[l], cap);
                        crossed |= past(c.before[l] + use.value_or(0), cap);
                        fits &= use.has_value() && !past(c.before_max[l] + *use, cap);
                    }
                    if (c.sure)
                        c.outcome = exhausted ? cap_outcome::exhausted
                                    : crossed ? cap_outcome::crossed
                                    : fits    ? cap_outcome::counted
                                    : unknown ? cap_outcome::uncountable
                                              : cap_outcome::uncertain;
                    else  // the record may lie outside the measure: never prohibited by the cap
                        c.outcome = fits      ? cap_outcome::may_count
                                    : unknown ? cap_outcome::uncountable
                                              : cap_outcome::uncertain;
                }
            }
            std::vector<std::size_t> sorted(n);
            std::iota(sorted.begin(), sorted.end(), std::size_t{0});
            std::sort(sorted.begin(), sorted.end(),
                      [&](auto a, auto b) { return parts[a].rank < parts[b].rank; });
            for (const auto i : sorted) {
                const claim& c = claims[parts[i].claim];
                const ledger_entry& en = entries[c.entry];
                (c.decidable() ? st.counted : st.uncertain) += 1;
                for (std::size_t l = 0; l < limits.size(); ++l) {
                    detail::limit_state& ls = st.limits[l];
                    ls.used += lo[i][l];
                    if (std::isinf(hi[i][l]))
                        ++ls.unknown;
                    else
                        ls.upper += hi[i][l];
                    const auto mark = [&] {
                        return threshold_mark{en.record->period.last, en.record->id, en.line};
                    };
                    for (std::size_t t = 0; t < cap_thresholds.size(); ++t)
                        if (!ls.reached[t] &&
                            at_least(ls.used, limits[l].amount * cap_thresholds[t] / 100.0))
                            ls.reached[t] = mark();
                    if (!ls.exceeded && past(ls.used, limits[l].amount)) ls.exceeded = mark();
                }
            }
        }
        begin = end;
    }

    // Revise the verdicts and write the notes, by entry and finding.
    std::vector<ledger_note> notes;
    for (const claim& c : claims) {
        const exemption& e = rules->exemptions()[c.exemption];
        verdict& v = *entries[c.entry].verdict;
        for (const auto fi : c.findings) {
            finding& f = v.findings[fi];
            ledger_note n;
            n.entry = c.entry;
            n.finding = fi;
            n.exemption = c.exemption;
            n.outcome = c.outcome;
            n.before = f.status;
            if (c.periods.empty()) {
                const auto& p = entries[c.entry].record->period;
                n.period = validity{p.first, p.last + std::chrono::days{1}};
            } else {
                n.period = validity{c.periods.front().from, c.periods.back().until};
            }
            for (std::size_t l = 0; l < e.quota->limits.size(); ++l) {
                limit_note ln;
                ln.limit = l;
                ln.use = c.uses[l].amount;
                ln.gap = c.uses[l].gap;
                ln.path = c.uses[l].path;
                ln.before = l < c.before.size() ? c.before[l] : 0;
                ln.before_max = l < c.before_max.size() ? c.before_max[l] : infinity;
                ln.cap = e.quota->limits[l].amount;
                n.limits.push_back(ln);
            }
            if (c.certain) {
                switch (c.outcome) {
                    case cap_outcome::counted:
                    case cap_outcome::may_count:
                        break;
                    case cap_outcome::crossed:
                    case cap_outcome::exhausted:
                        f.status = status::prohibited;
                        f.reasons |= reason_cap_exhausted;
                        break;
                    default:
                        f.status = status::indeterminate;
                        f.reasons |= reason_cap_unknown;
                        break;
                }
            }
            n.after = f.status;
            notes.push_back(std::move(n));
        }
    }
    for (const auto& en : entries) {
        if (en.verdict == nullptr) continue;
        en.verdict->status = status::unrestricted;
        for (const auto& f : en.verdict->findings)
            en.verdict->status = std::max(en.verdict->status, f.status);
    }
    std::sort(notes.begin(), notes.end(), [](const ledger_note& a, const ledger_note& b) {
        return std::pair(a.entry, a.finding) < std::pair(b.entry, b.finding);
    });
    return notes;
}

cap_ledger::cap_ledger(std::shared_ptr<const engine> judge)
    : impl_(std::make_unique<impl>(std::move(judge))) {}
cap_ledger::~cap_ledger() = default;
cap_ledger::cap_ledger(const cap_ledger& other) : impl_(std::make_unique<impl>(*other.impl_)) {}
cap_ledger& cap_ledger::operator=(const cap_ledger& other) {
    if (this != &other) impl_ = std::make_unique<impl>(*other.impl_);
    return *this;
}
cap_ledger::cap_ledger(cap_ledger&&) noexcept = default;
cap_ledger& cap_ledger::operator=(cap_ledger&&) noexcept = default;

const rule_set& cap_ledger::rules() const noexcept {
    return *impl_->rules;
}
const std::shared_ptr<const engine>& cap_ledger::shared_engine() const noexcept {
    return impl_->judge;
}

result<void> cap_ledger::open(std::string_view exemption_id, day period_start,
                              const std::vector<double>& used_per_limit) {
    const auto error = [](std::string id, std::string message) {
        return diagnostic{std::move(id), severity::error, {}, std::move(message)};
    };
    const exemption* e = impl_->rules->find_exemption(exemption_id);
    std::string quoted = "\"";
    quoted += exemption_id;
    quoted += '"';
    if (e == nullptr)
        return error("ledger.unknown-exemption", "no exemption " + quoted + " in the rule set");
    if (!e->quota) return error("ledger.not-a-quota", "exemption " + quoted + " has no quota");
    const auto ei = static_cast<std::uint32_t>(e - impl_->rules->exemptions().data());
    const auto cp = cap_period(*e, period_start);
    if (!cp || cp->from != period_start) {
        std::string message = to_string(period_start);
        message += " is not the first day of a cap period of ";
        message += quoted;
        message += " (" + describe(*e->quota) + ")";
        return error("ledger.bad-period", std::move(message));
    }
    const auto& limits = e->quota->limits;
    if (used_per_limit.size() != limits.size()) {
        std::string message = "the quota of " + quoted + " has " + std::to_string(limits.size()) +
                              " limit(s), and " + std::to_string(used_per_limit.size()) +
                              " amount(s) were given";
        return error("ledger.bad-balance", std::move(message));
    }
    for (const double u : used_per_limit)
        if (!std::isfinite(u) || u < 0)
            return error("ledger.bad-balance",
                         "an opening balance must be a finite amount of at least 0");
    if (impl_->periods.contains({ei, day_number(cp->from)}))
        return error("ledger.already-open",
                     period_label(*cp) + " of " + quoted + " has a balance or uses already");
    detail::period_state& st = impl_->state(ei, *cp);
    st.opened = true;
    for (std::size_t l = 0; l < limits.size(); ++l) {
        auto& ls = st.limits[l];
        ls.opening = ls.used = ls.upper = used_per_limit[l];
        for (std::size_t t = 0; t < cap_thresholds.size(); ++t)
            if (at_least(ls.used, limits[l].amount * cap_thresholds[t] / 100.0))
                ls.reached[t] = threshold_mark{};
        if (past(ls.used, limits[l].amount)) ls.exceeded = threshold_mark{};
    }
    return {};
}

std::vector<ledger_note> cap_ledger::apply(const trade_record& record, verdict& v) {
    const ledger_entry one{&record, &v, 0};
    return impl_->apply(std::span<const ledger_entry>(&one, 1));
}

std::vector<ledger_note> cap_ledger::assess(const trade_record& record, verdict& v) const {
    impl scratch(*impl_);  // a few sums per quota and period: cheap to copy
    const ledger_entry one{&record, &v, 0};
    return scratch.apply(std::span<const ledger_entry>(&one, 1));
}

std::vector<ledger_note> cap_ledger::apply(std::span<const ledger_entry> entries) {
    return impl_->apply(entries);
}

bool cap_ledger::concerns(const trade_record& record, const verdict& v) const {
    std::vector<claim> claims;
    impl_->claims_of(0, record, v, claims);
    return !claims.empty();
}

namespace {

cap_balance balance_of(const rule_set& rules, const detail::period_key& key,
                       const detail::period_state& st) {
    cap_balance b;
    b.exemption = key.first;
    b.period = st.period;
    b.counted = st.counted;
    b.uncertain = st.uncertain;
    b.opened = st.opened;
    const auto& limits = rules.exemptions()[key.first].quota->limits;
    for (std::size_t l = 0; l < limits.size(); ++l) {
        const auto& ls = st.limits[l];
        limit_balance lb;
        lb.limit = limits[l];
        lb.opening = ls.opening;
        lb.used = ls.used;
        lb.upper = ls.unknown > 0 ? infinity : ls.upper;
        lb.unknown = ls.unknown;
        lb.reached = ls.reached;
        lb.exceeded = ls.exceeded;
        b.limits.push_back(std::move(lb));
    }
    return b;
}

}  // namespace

std::vector<cap_balance> cap_ledger::balances() const {
    std::vector<cap_balance> out;
    for (const auto& [key, st] : impl_->periods) out.push_back(balance_of(*impl_->rules, key, st));
    return out;
}

std::optional<cap_balance> cap_ledger::balance(std::string_view exemption_id, day d) const {
    const exemption* e = impl_->rules->find_exemption(exemption_id);
    if (e == nullptr) return std::nullopt;
    const auto cp = cap_period(*e, d);
    if (!cp) return std::nullopt;
    const detail::period_key key{static_cast<std::uint32_t>(e - impl_->rules->exemptions().data()),
                                 day_number(cp->from)};
    const auto it = impl_->periods.find(key);
    if (it == impl_->periods.end()) return std::nullopt;
    return balance_of(*impl_->rules, key, it->second);
}

// -- describe ---------------------------------------------------------------

namespace {

std::string limit_text(double used, const quota_limit& l) {
    std::string text = detail::amount_text(used);
    if (past(used, l.amount) && text == detail::amount_text(l.amount)) {
        // Past the cap by less than a cent: show by how much.
        char buf[64];
        std::snprintf(buf, sizeof buf, "%.9g", used);
        text = buf;
    }
    if (l.unit == unit::usd) return "USD " + text + " of " + detail::amount_text(l.amount);
    return text + " of " + detail::amount_text(l.amount, l.unit);
}

std::string gap_text(const limit_note& ln, const quota_limit& l, const trade_record& r) {
    switch (ln.gap) {
        case use_gap::none:
            return "";
        case use_gap::no_quantity:
            return "the record gives no quantity";
        case use_gap::bad_quantity:
            return "its quantity is negative or not a number";
        case use_gap::no_conversion: {
            std::string out = r.quantity ? detail::amount_text(r.quantity->amount, r.quantity->unit)
                                         : "its quantity";
            out += " cannot be converted to ";
            out += to_string(l.unit);
            out += ": the quota declares no factor for it";
            return out;
        }
        case use_gap::no_value:
            return "the record gives no value, and the cap counts USD";
        case use_gap::not_usd:
            return "its value is not in USD, and the cap counts USD";
        case use_gap::bad_value:
            return "its value is negative or not a number";
    }
    return "";
}

using detail::join;

}  // namespace

std::string describe(const ledger_note& n, const rule_set& rules, const trade_record& record) {
    if (n.exemption >= rules.exemptions().size() || !rules.exemptions()[n.exemption].quota)
        return "no quota";
    const exemption& e = rules.exemptions()[n.exemption];
    const auto& limits = e.quota->limits;
    const std::string label = period_label(n.period);
    std::vector<std::string> hit, rest;
    switch (n.outcome) {
        case cap_outcome::counted: {
            for (const auto& ln : n.limits)
                rest.push_back(limit_text(ln.after(), limits[ln.limit]) + " (" +
                               detail::percent_text(ln.after(), ln.cap) + ")");
            return e.id + ": " + join(rest, " and ") + " used in " + label;
        }
        case cap_outcome::crossed: {
            for (const auto& ln : n.limits)
                (past(ln.after(), ln.cap) ? hit : rest)
                    .push_back(limit_text(ln.after(), limits[ln.limit]));
            std::string out =
                "cap " + e.id + " exhausted: " + join(hit, " and ") + " used in " + label;
            if (!rest.empty()) out += " (" + join(rest, ", ") + ")";
            return out;
        }
        case cap_outcome::exhausted: {
            for (const auto& ln : n.limits)
                if (past(ln.before, ln.cap)) hit.push_back(limit_text(ln.before, limits[ln.limit]));
            return "cap " + e.id + " exhausted earlier in " + label + ": " + join(hit, " and ") +
                   " used before this record";
        }
        case cap_outcome::uncertain: {
            for (const auto& ln : n.limits) {
                const auto u = limits[ln.limit].unit;
                if (!past(ln.before_max + ln.use.value_or(0), ln.cap)) continue;
                std::string t = limit_text(ln.before, limits[ln.limit]) +
                                " used for certain before this record, ";
                t += ln.use ? "which adds " + detail::amount_text(*ln.use, u)
                            : "whose own use is unknown";
                t += ", and ";
                t += std::isinf(ln.before_max)
                         ? "an unknown amount"
                         : "up to " + detail::amount_text(ln.before_max - ln.before, u);
                t += " more may come before it";
                hit.push_back(std::move(t));
            }
            return "cap " + e.id + " may be exhausted in " + label + ": " + join(hit, "; ");
        }
        case cap_outcome::uncountable: {
            for (const auto& ln : n.limits) {
                if (ln.use) continue;
                std::string t = gap_text(ln, limits[ln.limit], record);
                t += " (" + limit_text(ln.before, limits[ln.limit]) + " used before it in " +
                     label + ")";
                hit.push_back(std::move(t));
            }
            return "the use of this record against cap " + e.id +
                   " cannot be counted: " + join(hit, "; ");
        }
        case cap_outcome::straddles: {
            std::vector<std::string> labels;
            for (day d = n.period.from; d < n.period.until && labels.size() < 8;) {
                const auto cp = cap_period(e, d);
                if (!cp) break;
                labels.push_back(period_label(*cp));
                d = cp->until;
            }
            return "the record's period " + record.period.str() + " straddles periods of cap " +
                   e.id + " (" + join(labels, ", ") + "); a shorter period would settle it";
        }
        case cap_outcome::outside:
            return "the record's period " + record.period.str() +
                   " lies partly outside the periods of cap " + e.id + " (" + describe(*e.quota) +
                   "); a shorter period would settle it";
        case cap_outcome::may_count: {
            for (const auto& ln : n.limits)
                hit.push_back(ln.use
                                  ? "up to " + detail::amount_text(*ln.use, limits[ln.limit].unit)
                                  : "an unknown amount in " +
                                        std::string(to_string(limits[ln.limit].unit)));
            return "may count against cap " + e.id + " in " + label +
                   (n.before == status::capped ? " if the measure reaches this record: "
                                               : " if the exemption holds: ") +
                   join(hit, ", ");
        }
    }
    return "";
}

// -- cap_batch ---------------------------------------------------------------

cap_batch::cap_batch(cap_ledger ledger) : ledger_(std::move(ledger)) {}
cap_batch::cap_batch(std::shared_ptr<const engine> judge) : ledger_(std::move(judge)) {}

bool cap_batch::add(std::size_t line, const trade_record& record, const verdict& v) {
    if (!ledger_.concerns(record, v)) return false;
    // The facts stay: the engine reads them again to tell whether a capped
    // finding's measure certainly reaches the record.
    row r;
    r.line = line;
    r.record = record;
    r.verdict = v;
    rows_.push_back(std::move(r));
    return true;
}

std::vector<cap_batch::row> cap_batch::run() {
    std::vector<row> rows = std::move(rows_);
    rows_.clear();
    std::stable_sort(rows.begin(), rows.end(),
                     [](const row& a, const row& b) { return a.line < b.line; });
    std::vector<ledger_entry> entries;
    entries.reserve(rows.size());
    for (auto& r : rows) entries.push_back({&r.record, &r.verdict, r.line});
    for (auto& n : ledger_.apply(entries)) rows[n.entry].notes.push_back(std::move(n));
    return rows;
}

}  // namespace embargo
