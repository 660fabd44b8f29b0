// The audit's lints (see audit.hpp; each is defined in docs/cli-audit-test.md).

#include "embargo/audit.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <map>
#include <set>
#include <string>

#include "embargo/rule_tests.hpp"

#include "base/text.hpp"
#include "hs/edition_translation.hpp"

namespace embargo {

namespace {

const std::vector<audit_check> checks{
    {"audit.dead-exemption", severity::error,
     "An exemption that can never apply to a measure it carves out of.",
     "Its goods (certain and disputed) do not meet the measure's, or its validity does not overlap "
     "the "
     "time the measure is in force, so the carve-out the law grants is never given. Fix the goods "
     "or "
     "dates, or drop the measure from carves_out."},
    {"audit.no-citation", severity::error, "A measure or exemption without a citation.",
     "Every verdict names the paragraph that decides it; without a citation it names none. Add "
     "`citation: S/RES/NNNN(YYYY) OPn`. A wind-down inherits its measure's citation."},
    {"audit.no-source", severity::warning, "A measure or exemption that records no source.",
     "A rule reads the law; without `sources:` nobody can check the reading against the text, "
     "or tell a paragraph read verbatim from one known only from a summary. Add `sources:` with "
     "the document symbol and paragraph or the URL read, and `read: verbatim`, `summary` or "
     "`unverified` (with a note on what would verify it). A wind-down has its measure's sources."},
    {"audit.contradictory-dates", severity::error,
     "Dates that contradict each other or the relations.",
     "A measure that starts before its instrument was adopted; a measure that supersedes or "
     "replaces "
     "one which has already ended (a gap the relation denies); a quota whose first period starts "
     "after "
     "its exemption ends; or two measures citing the same paragraph for overlapping goods and "
     "direction "
     "with different validity. Fix the dates or the relation."},
    {"audit.retroactive-exemption", severity::error,
     "An exemption that holds before its own instrument was adopted.",
     "An exemption of a later resolution that carves out of an earlier measure and has no `from` "
     "(or an "
     "earlier one) excuses records from before the exemption existed, giving them a less severe "
     "verdict "
     "than the law did. Give it `from:` its instrument's adoption day."},
    {"audit.narrowing-supersession", severity::warning,
     "A measure that supersedes or replaces another without taking over all of its scope.",
     "From the successor's first day the predecessor no longer applies, so goods, a direction or "
     "records "
     "its condition excludes fall out of both. If the law lifted them, nothing is wrong; otherwise "
     "widen "
     "the successor, or use `extends` to keep the earlier measure in force."},
    {"audit.open-ended-superseded", severity::warning,
     "An open-ended measure that a later one restates without superseding it.",
     "A later measure restricts the same goods in the same direction under the same condition, and "
     "neither supersedes, replaces nor extends the other: both stay in force for ever and every "
     "record "
     "gets two findings. Add `supersedes` (or `replaces`) to the later one if it took over, "
     "`extends` if "
     "both stand, or an `until`."},
    {"audit.edition-drift", severity::warning,
     "A code the rules name that another HS edition in force with the rule does not have, "
     "when no correlation table links that edition to the rules' one.",
     "Records are read in the edition of their date and translated through the correlation "
     "tables in the nomenclature directory; without a table, a record coded in that edition "
     "carries another code for the same goods and escapes the selector. Add the UNSD table, "
     "or check that the goods are covered under their code in that edition."},
    {"audit.unused-fact", severity::warning, "A declared fact that no condition reads.",
     "A record that states it changes nothing, which is rarely what the author of the declaration "
     "meant. Write the condition that should read it, or delete the declaration."},
    {"audit.uncovered-measure", severity::error, "A measure that no passing rule test covers.",
     "A change to its goods, dates or condition would go unnoticed. Add a rule test in tests/ that "
     "names "
     "it in `measures` or `findings`."},
    {"audit.uncovered-exemption", severity::error, "An exemption that no passing rule test covers.",
     "A change to its goods, dates or condition would go unnoticed. Add a rule test in tests/ that "
     "names "
     "it in `exemption` or `findings`."},
};

constexpr auto& q = detail::quoted;

bool directions_meet(direction a, direction b) {
    return (static_cast<unsigned>(a) & static_cast<unsigned>(b)) != 0;
}
// Does a measure in direction `a` restrict every flow one in direction `b` does?
bool direction_covers(direction a, direction b) {
    return (static_cast<unsigned>(a) & static_cast<unsigned>(b)) == static_cast<unsigned>(b);
}

bool overlaps(const validity& a, const validity& b) {
    return std::max(a.from, b.from) < std::min(a.until, b.until);
}

const goods_selector& everything() {
    static const goods_selector all = goods_selector::from_intervals({{0, hs_key_end}});
    return all;
}

// Certain and disputed goods together: what the rule can touch at all.
goods_selector scope_of(const goods_selector& goods, const std::vector<disputed_scope>& disputed) {
    goods_selector out = goods;
    for (const auto& d : disputed) out = out | d.goods;
    return out;
}
goods_selector scope_of(const measure& m) {
    return scope_of(m.goods, m.disputed);
}
goods_selector scope_of(const exemption& e) {
    return scope_of(e.goods ? *e.goods : everything(), e.disputed);
}

// `2701-2702, 8471`: the goods as intervals, for messages about differences.
std::string goods_text(const goods_selector& s) {
    std::string text = goods_selector::from_intervals(s.intervals()).text();
    constexpr std::size_t max_length = 80;
    if (text.size() > max_length) text = text.substr(0, text.rfind(',', max_length)) + ", ...";
    return text;
}

// The day an HS edition entered into force: HS editions take effect on
// 1 January of the year in their name (HS2012, HS2017, HS2022).
std::optional<day> edition_start(std::string_view name) {
    const int year = detail::edition_year(name);
    if (year == 0) return std::nullopt;
    return day{std::chrono::year{year} / 1 / 1};
}

class auditor {
public:
    auditor(const rule_set& rules, std::vector<diagnostic>& out) : rules_(rules), out_(out) {
        for (const auto& inst : rules.instruments())
            for (auto e : inst.exemptions) exemption_instrument_.emplace(e, &inst);
        // Scopes once: the pairwise lints would otherwise rebuild them per pair.
        for (const auto& m : rules.measures()) scopes_.push_back(scope_of(m));
    }

    void run(const audit_options& options) {
        dead_exemptions();
        citations();
        sources();
        contradictory_dates();
        retroactive_exemptions();
        supersessions();
        open_ended();
        edition_drift();
        unused_facts();
        if (options.coverage != nullptr) coverage(*options.coverage);
    }

private:
    void report(std::string_view id, const source_location& where, std::string message) {
        const audit_check* check = find_audit_check(id);
        out_.push_back({std::string(id), check != nullptr ? check->severity : severity::warning,
                        where, std::move(message)});
    }
    // The index of a measure of rules_ (measures are stored contiguously).
    std::size_t index_of(const measure& m) const {
        return static_cast<std::size_t>(&m - rules_.measures().data());
    }
    std::string_view kind(const exemption& e) const {
        return e.wind_down ? "wind-down" : "exemption";
    }

    void dead_exemptions() {
        for (const auto& e : rules_.exemptions()) {
            const goods_selector scope = scope_of(e);
            for (auto mi : e.measures) {
                const measure& m = rules_.measures()[mi];
                if (!scope.intersects(scopes_[mi])) {
                    report("audit.dead-exemption", e.where,
                           std::string(kind(e)) + " " + q(e.id) + " can never apply to measure " +
                               q(m.id) + ": its goods (" + goods_text(scope) +
                               ") do not meet the measure's (" + goods_text(scopes_[mi]) +
                               "); fix the goods or drop " + q(m.id) + " from carves_out");
                } else if (!overlaps(e.valid, m.in_force)) {
                    report("audit.dead-exemption", e.where,
                           std::string(kind(e)) + " " + q(e.id) + " can never apply to measure " +
                               q(m.id) + ": it holds " + e.valid.str() +
                               " but the measure is in force " + m.in_force.str() +
                               "; fix the dates or drop " + q(m.id) + " from carves_out");
                }
            }
        }
    }

    void citations() {
        const auto blank = [](const std::string& s) {
            return std::all_of(s.begin(), s.end(),
                               [](unsigned char c) { return std::isspace(c) != 0; });
        };
        for (const auto& m : rules_.measures())
            if (blank(m.citation))
                report("audit.no-citation", m.where,
                       "measure " + q(m.id) +
                           " has no citation, so its findings name no paragraph; add "
                           "`citation:` (e.g. S/RES/2375(2017) OP16)");
        for (const auto& e : rules_.exemptions())
            if (!e.wind_down &&
                blank(e.citation))  // a wind-down without one: its measure is reported
                report("audit.no-citation", e.where,
                       "exemption " + q(e.id) +
                           " has no citation, so a carve-out names no paragraph; add "
                           "`citation:`");
    }

    void sources() {
        for (const auto& m : rules_.measures())
            if (m.sources.empty())
                report("audit.no-source", m.where,
                       "measure " + q(m.id) +
                           " records no source for its reading of the law; add `sources:` "
                           "(ref, read: verbatim|summary|unverified)");
        for (const auto& e : rules_.exemptions())
            if (!e.wind_down && e.sources.empty())
                report("audit.no-source", e.where,
                       "exemption " + q(e.id) +
                           " records no source for its reading of the law; add `sources:` "
                           "(ref, read: verbatim|summary|unverified)");
    }

    void contradictory_dates() {
        const auto& ms = rules_.measures();
        for (const auto& m : ms) {
            if (const instrument* inst = rules_.find_instrument(m.instrument);
                inst != nullptr && m.declared.from < inst->adopted)
                report("audit.contradictory-dates", m.where,
                       "measure " + q(m.id) + " starts on " + to_string(m.declared.from) +
                           ", before " + m.instrument + " was adopted on " +
                           to_string(inst->adopted) +
                           "; a resolution binds from its adoption: fix `from`");
            for (const auto* list : {&m.supersedes, &m.replaces}) {
                for (const auto& id : *list) {
                    const measure* old = rules_.find_measure(id);
                    if (old == nullptr || old->declared.open_ended() ||
                        old->declared.until >= m.declared.from)
                        continue;
                    report("audit.contradictory-dates", m.where,
                           "measure " + q(m.id) + " " +
                               (list == &m.supersedes ? "supersedes " : "replaces ") + q(old->id) +
                               ", but that one ended on " + to_string(old->declared.until) +
                               ", before " + q(m.id) + " starts on " + to_string(m.declared.from) +
                               ": the relation denies the gap between them; fix the dates or drop "
                               "the relation");
                }
            }
        }
        for (const auto& e : rules_.exemptions()) {
            if (e.quota && e.quota->start >= e.valid.until)
                report("audit.contradictory-dates", e.where,
                       "the quota of exemption " + q(e.id) + " starts on " +
                           to_string(e.quota->start) + ", when the exemption (" + e.valid.str() +
                           ") has ended: no record is ever counted; fix the quota's start or the "
                           "exemption's "
                           "dates");
        }
        for (std::size_t i = 0; i < ms.size(); ++i) {
            for (std::size_t j = i + 1; j < ms.size(); ++j) {
                const measure& a = ms[i];
                const measure& b = ms[j];
                if (a.citation.empty() || a.citation != b.citation || a.declared == b.declared ||
                    !directions_meet(a.direction, b.direction) ||
                    !scopes_[i].intersects(scopes_[j]))
                    continue;
                report("audit.contradictory-dates", b.where,
                       "measures " + q(a.id) + " and " + q(b.id) + " both cite " + a.citation +
                           " for overlapping goods (" +
                           goods_text(scopes_[i] - (scopes_[i] - scopes_[j])) +
                           ") but are in force " + a.declared.str() + " and " + b.declared.str() +
                           ": one paragraph has one date; fix the dates or the citation");
            }
        }
    }

    void retroactive_exemptions() {
        for (std::uint32_t ei = 0; ei < rules_.exemptions().size(); ++ei) {
            const exemption& e = rules_.exemptions()[ei];
            const auto owner = exemption_instrument_.find(ei);
            if (e.wind_down || owner == exemption_instrument_.end()) continue;
            const day adopted = owner->second->adopted;
            std::vector<std::string> early;
            for (auto mi : e.measures) {
                const measure& m = rules_.measures()[mi];
                const validity before{std::max(e.valid.from, m.in_force.from),
                                      std::min({e.valid.until, m.in_force.until, adopted})};
                if (!before.empty()) early.push_back(q(m.id));
            }
            if (early.empty()) continue;
            std::string list;
            for (std::size_t i = 0; i < early.size() && i < 3; ++i)
                list += (i != 0 ? ", " : "") + early[i];
            if (early.size() > 3) list += " and " + std::to_string(early.size() - 3) + " more";
            report("audit.retroactive-exemption", e.where,
                   "exemption " + q(e.id) + " of " + owner->second->symbol + " (adopted " +
                       to_string(adopted) + ") carves out of " + list + " from " +
                       (e.valid.from == earliest_day
                            ? std::string("the start of time (it has no `from`)")
                            : to_string(e.valid.from)) +
                       ", before it existed; give it `from: " + to_string(adopted) + "`");
        }
    }

    // Whether `narrower` is `wider` and more: a successor whose condition is
    // a leading conjunct of its predecessor's widens it, it drops nothing.
    static bool conjunct_of(const condition& wider, const condition& narrower) {
        const std::string& w = wider.text();
        const std::string& n = narrower.text();
        return n.size() > w.size() + 5 && n.compare(0, w.size(), w) == 0 &&
               n.compare(w.size(), 5, " and ") == 0;
    }

    void supersessions() {
        for (const auto& m : rules_.measures()) {
            if (!m.lifts.empty()) continue;  // the law narrowed it, and the rule says so
            for (const auto* list : {&m.supersedes, &m.replaces}) {
                for (const auto& id : *list) {
                    const measure* old = rules_.find_measure(id);
                    if (old == nullptr) continue;
                    const std::string verb = list == &m.supersedes ? " supersedes " : " replaces ";
                    std::vector<std::string> lost;
                    const goods_selector dropped = scopes_[index_of(*old)] - scopes_[index_of(m)];
                    if (!dropped.empty()) lost.push_back("goods " + goods_text(dropped));
                    if (!direction_covers(m.direction, old->direction)) {
                        const auto gone =
                            static_cast<direction>(static_cast<unsigned>(old->direction) &
                                                   ~static_cast<unsigned>(m.direction));
                        lost.push_back("the " + std::string(to_string(gone)) + " flows");
                    }
                    if (!m.when.empty() && m.when.text() != old->when.text() &&
                        !conjunct_of(m.when, old->when))
                        lost.push_back("records outside `" + m.when.text() + "`");
                    if (lost.empty()) continue;
                    std::string what;
                    for (std::size_t i = 0; i < lost.size(); ++i) {
                        what += i == 0 ? "" : i + 1 == lost.size() ? " and " : ", ";
                        what += lost[i];
                    }
                    std::string message = "measure " + q(m.id) + verb + q(old->id);
                    message += " but does not take over ";
                    message += what;
                    message += ": from " + to_string(m.declared.from);
                    message +=
                        " neither restricts them; if the law lifted them, say what with `lifts:` "
                        "on ";
                    message += q(m.id) + ", else widen it or make it extend " + q(old->id);
                    report("audit.narrowing-supersession", m.where, std::move(message));
                }
            }
        }
    }

    static bool related(const measure& a, const measure& b) {
        for (const auto* list : {&a.supersedes, &a.replaces, &a.extends})
            if (std::find(list->begin(), list->end(), b.id) != list->end()) return true;
        return false;
    }

    void open_ended() {
        for (const auto& old : rules_.measures()) {
            if (!old.declared.open_ended() || !old.superseded_by.empty()) continue;
            const goods_selector& scope = scopes_[index_of(old)];
            const measure* later = nullptr;
            for (const auto& m : rules_.measures()) {
                // A restatement speaks of the same state in the same regime:
                // two regimes' arms embargoes with the same words are two
                // laws, and a relation across regimes would not load without
                // both.
                if (m.declared.from <= old.declared.from || m.target != old.target ||
                    m.regime != old.regime || !direction_covers(m.direction, old.direction) ||
                    m.when.text() != old.when.text() || related(m, old) || related(old, m))
                    continue;
                if (scopes_[index_of(m)].intervals() != scope.intervals() ||
                    !m.goods.includes(old.goods))
                    continue;
                if (later == nullptr || m.declared.from < later->declared.from) later = &m;
            }
            if (later == nullptr) continue;
            report("audit.open-ended-superseded", old.where,
                   "measure " + q(old.id) + " is open-ended, but " + q(later->id) +
                       " restates it from " + to_string(later->declared.from) +
                       " (same goods, direction and condition) without superseding it: both stay "
                       "in force; add "
                       "`supersedes: [" +
                       old.id + "]` to " + q(later->id) +
                       " if it took over, `extends` if both stand");
        }
    }

    // Named codes of one rule, each checked against the other editions in
    // force while the rule is.
    void drift(const goods_selector& goods, std::string_view what, std::string_view owner,
               const validity& when, const source_location& where, std::set<std::string>& seen) {
        for (const auto& named : goods.named_codes()) {
            const hs_code& code = named.code;
            if (!seen.insert(code.str()).second) continue;
            for (const auto& [edition, period] : other_editions_) {
                if (!overlaps(period, when)) continue;
                if (code.digits() > 6 ? edition->accepts(code) : edition->contains(code)) continue;
                report("audit.edition-drift", where,
                       code.dotted() + ", named in the " + std::string(what) + " of " +
                           std::string(owner) + ", does not exist in " + edition->name() +
                           ", which is in force from " + to_string(period.from) +
                           " while the rule holds, and no correlation table links " +
                           edition->name() + " to " + rules_.edition().name() +
                           ": a record coded in " + edition->name() +
                           " carries another code for these goods and escapes the selector; add "
                           "the table, or check that they are covered under their " +
                           edition->name() + " code");
            }
        }
    }

    void edition_drift() {
        std::vector<std::pair<const hs_edition*, day>> editions;
        // Editions a correlation table links to the rules' one are read
        // through it (rule_set::goods_of): their records do not escape.
        const auto linked = [&](const hs_edition& e) {
            for (const auto& t : rules_.catalogue().correlations())
                if (detail::direction_of(t, e.name(), rules_.edition().name()) !=
                    detail::table_direction::none)
                    return true;
            return false;
        };
        for (const auto& e : rules_.catalogue().editions()) {
            if (&e == &rules_.edition() || linked(e)) continue;
            if (auto start = edition_start(e.name())) editions.emplace_back(&e, *start);
        }
        std::sort(editions.begin(), editions.end(),
                  [](auto& a, auto& b) { return a.second < b.second; });
        // An edition is current until the next one the project knows starts,
        // the regime's included.
        std::vector<day> starts;
        for (const auto& e : rules_.catalogue().editions())
            if (auto start = edition_start(e.name())) starts.push_back(*start);
        std::sort(starts.begin(), starts.end());
        for (const auto& [edition, start] : editions) {
            const auto next = std::upper_bound(starts.begin(), starts.end(), start);
            other_editions_.emplace_back(edition,
                                         validity{start, next == starts.end() ? day_max : *next});
        }
        if (other_editions_.empty()) return;
        for (const auto& m : rules_.measures()) {
            std::set<std::string> seen;
            const std::string owner = "measure " + q(m.id);
            drift(m.goods, "goods", owner, m.in_force, m.where, seen);
            for (const auto& d : m.disputed)
                drift(d.goods, "disputed goods", owner, m.in_force, d.where, seen);
        }
        for (const auto& e : rules_.exemptions()) {
            // In force while the exemption holds and some measure it carves out of does.
            validity hull{day_max, earliest_day};
            for (auto mi : e.measures) {
                hull.from = std::min(hull.from, rules_.measures()[mi].in_force.from);
                hull.until = std::max(hull.until, rules_.measures()[mi].in_force.until);
            }
            const validity when{std::max(hull.from, e.valid.from),
                                std::min(hull.until, e.valid.until)};
            std::set<std::string> seen;
            const std::string owner = std::string(kind(e)) + " " + q(e.id);
            if (e.goods) drift(*e.goods, "goods", owner, when, e.where, seen);
            for (const auto& d : e.disputed)
                drift(d.goods, "disputed goods", owner, when, d.where, seen);
        }
    }

    static bool declared_in_regime_file(const fact_declaration& f) {
        const std::string_view file = f.where.file;
        constexpr std::string_view name = "regime.yaml";
        return file.size() >= name.size() && file.substr(file.size() - name.size()) == name;
    }

    void unused_facts() {
        std::uint64_t read = 0;
        for (const auto& m : rules_.measures()) read |= m.when.facts_read();
        for (const auto& e : rules_.exemptions())
            read |= e.when.facts_read();  // wind-downs included
        const auto& facts = rules_.facts().all();
        for (std::size_t i = builtin_fact_count; i < facts.size(); ++i) {
            if ((read >> i) & 1U) continue;
            // A shared file (`uses:`) offers facts to many regimes, each of
            // which reads some; only a regime's own declaration is a promise
            // that some condition reads it.
            if (!declared_in_regime_file(facts[i])) continue;
            report("audit.unused-fact", facts[i].where,
                   "fact " + q(facts[i].name) +
                       " is declared but no condition reads it, so a record that states it changes "
                       "nothing; write "
                       "the condition that should read it, or delete the declaration");
        }
    }

    void coverage(const rule_test_report& report_) {
        for (const auto& id : report_.uncovered_measures) {
            const measure* m = rules_.find_measure(id);
            report("audit.uncovered-measure", m != nullptr ? m->where : source_location{},
                   "measure " + q(id) +
                       " is covered by no passing rule test; add one that names it in `measures` "
                       "or `findings`");
        }
        for (const auto& id : report_.uncovered_exemptions) {
            const exemption* e = rules_.find_exemption(id);
            report("audit.uncovered-exemption", e != nullptr ? e->where : source_location{},
                   std::string(e != nullptr ? kind(*e) : "exemption") + " " + q(id) +
                       " is covered by no passing rule test; add one that names it in `exemption` "
                       "or `findings`");
        }
    }

    const rule_set& rules_;
    std::vector<diagnostic>& out_;
    std::map<std::uint32_t, const instrument*> exemption_instrument_;
    std::vector<std::pair<const hs_edition*, validity>> other_editions_;
    std::vector<goods_selector> scopes_;  // of each measure, by index
};

}  // namespace

const std::vector<audit_check>& audit_checks() {
    return checks;
}

const audit_check* find_audit_check(std::string_view id) noexcept {
    const auto it = std::find_if(checks.begin(), checks.end(),
                                 [&](const audit_check& c) { return c.id == id; });
    return it == checks.end() ? nullptr : &*it;
}

std::vector<diagnostic> audit(const rule_set& rules, const audit_options& options) {
    std::vector<diagnostic> out;
    auditor(rules, out).run(options);
    std::stable_sort(out.begin(), out.end(), [](const diagnostic& a, const diagnostic& b) {
        return std::tie(a.where.file, a.where.line, a.where.column, a.id) <
               std::tie(b.where.file, b.where.line, b.where.column, b.id);
    });
    return out;
}

}  // namespace embargo
