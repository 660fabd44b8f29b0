// src/explain/ holds what is said about a verdict: the status names and the
// one-line reasons of findings (this file, embargo/verdict.hpp), and the rest
// of what check and screen say of it: the deciding findings, HS
// descriptions, what would settle it, a checked shipment as text and JSON
// (explanation.cpp, embargo/explain.hpp). The goods a reason names come from
// the same HS translation the engine uses (hs/edition_translation.hpp).
//
// Verdict vocabulary and the one-line reasons of findings.

#include <algorithm>
#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "embargo/record.hpp"
#include "embargo/rules.hpp"
#include "embargo/verdict.hpp"

#include "base/number_format.hpp"

namespace embargo {

namespace {

constexpr std::array<std::string_view, 5> status_names{"unrestricted", "carved_out", "capped",
                                                       "indeterminate", "prohibited"};

// The first sentence of an interpretation note, so that the reason stays one line.
std::string first_sentence(const std::string& text) {
    std::string s;
    for (char c : text) s += (c == '\n' ? ' ' : c);
    // A sentence ends at ". " outside brackets, before a capital letter or
    // the end: "[I, cf. V 9]" and "e.g. helicopters" do not end one.
    int depth = 0;
    for (std::size_t i = 0; i < s.size() && i < 240; ++i) {
        const char c = s[i];
        if (c == '(' || c == '[') ++depth;
        if ((c == ')' || c == ']') && depth > 0) --depth;
        if (c != '.' || depth != 0) continue;
        if (i + 1 == s.size()) return s;
        if (s[i + 1] == ' ' && i + 2 < s.size() &&
            std::isupper(static_cast<unsigned char>(s[i + 2])))
            return s.substr(0, i + 1);
    }
    return s.size() > 240 ? s.substr(0, 237) + "..." : s;
}

// "from 2017-09-11" or "from 2016-11-30 to 2017-08-04": when a measure bans.
std::string in_force_text(const validity& v) {
    std::string out = "from " + to_string(v.from);
    if (!v.open_ended()) {
        out += " to ";
        out += to_string(v.until - std::chrono::days{1});
    }
    return out;
}

}  // namespace

std::string_view to_string(status s) noexcept {
    return status_names[static_cast<std::size_t>(s)];
}

std::optional<status> parse_status(std::string_view text) noexcept {
    for (std::size_t i = 0; i < status_names.size(); ++i)
        if (status_names[i] == text) return static_cast<status>(i);
    return std::nullopt;
}

std::uint64_t verdict::missing_facts() const noexcept {
    std::uint64_t m = 0;
    for (const auto& f : findings)
        if (f.status == status::indeterminate) m |= f.missing;
    return m;
}

namespace {
const rule_set& judged_by(const verdict& v) {
    if (v.rules == nullptr)
        throw std::logic_error("embargo::verdict: no rule set (the verdict was not evaluated)");
    return *v.rules;
}
}  // namespace

const measure& verdict::measure_of(const finding& f) const {
    const auto& measures = judged_by(*this).measures();
    if (f.measure >= measures.size())
        throw std::logic_error("embargo::verdict: a finding of another rule set");
    return measures[f.measure];
}

const exemption* verdict::exemption_of(const finding& f) const {
    if (f.exemption == no_exemption) return nullptr;
    const auto& exemptions = judged_by(*this).exemptions();
    if (f.exemption >= exemptions.size())
        throw std::logic_error("embargo::verdict: a finding of another rule set");
    return &exemptions[f.exemption];
}

std::string describe(const verdict& v, const finding& f, const trade_record& record) {
    return describe(f, judged_by(v), record);
}

std::string describe(const quota& q) {
    std::string out;
    for (const auto& l : q.limits) {
        if (!out.empty()) out += " or ";
        out += detail::amount_text(l.amount, l.unit);
    }
    switch (q.period) {
        case quota_period::calendar_year:
            out += " per calendar year from " + to_string(q.start);
            break;
        case quota_period::twelve_months:
            out += " per 12 months from " + to_string(q.start);
            break;
        case quota_period::once:
            out += " from " + to_string(q.start);
            break;
    }
    if (q.limits.size() > 1) out += ", whichever is reached first";
    return out;
}

namespace {

// "HS 8807.30" or, when another edition moved the code, "HS 8807.30
// (HS2022, read as HS2017 8803.30)".
std::string code_text(const trade_record& record, const rule_set& rules, bool translated) {
    std::string out = "HS ";
    out += record.code.dotted();
    if (!translated) return out;
    const record_goods goods = rules.goods_of(record);
    out += " (";
    out += goods.edition;
    if (goods.heading_only) {
        out += ", an edition embargo has no nomenclature of: read as its heading ";
        out += goods.codes.front().dotted();
        out += ")";
        return out;
    }
    out += ", read as ";
    out += rules.edition_name();
    for (std::size_t i = 0; i < goods.codes.size() && i < 4; ++i) {
        out += i == 0 ? " " : ", ";
        out += goods.codes[i].dotted();
    }
    if (goods.codes.size() > 4)
        out += ", ... (" + std::to_string(goods.codes.size()) + " subheadings)";
    out += ")";
    return out;
}

coverage covers_all(const goods_selector& s, const std::vector<hs_code>& codes) {
    bool all_full = true, all_none = true;
    for (const auto& c : codes) {
        const coverage cv = s.covers(c);
        all_full = all_full && cv == coverage::full;
        all_none = all_none && cv == coverage::none;
    }
    return all_full ? coverage::full : (all_none ? coverage::none : coverage::partial);
}

}  // namespace

std::string describe(const finding& f, const rule_set& rules, const trade_record& record) {
    const measure& m = rules.measures()[f.measure];
    const exemption* e = f.exemption == no_exemption ? nullptr : &rules.exemptions()[f.exemption];
    const bool translated = (f.reasons & reason_translated) != 0;
    switch (f.status) {
        case status::unrestricted:
            return "no measure applies";
        // The engine and the ledger name the exemption of every carved-out
        // or capped finding; the analyzer cannot know it.
        case status::carved_out:
            // NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker)
            return "carved out by " + e->id + (e->summary.empty() ? "" : " (" + e->summary + ")");
        case status::capped:
            // NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker)
            return "allowed within the quota of " + e->id + " (" + describe(*e->quota) +
                   ") while the cap has room";
        case status::prohibited: {
            // The ledger's verdict: the exemption held, its cap did not.
            if ((f.reasons & reason_cap_exhausted) != 0 && e != nullptr && e->quota)
                return "the cap of " + e->id + " (" + describe(*e->quota) +
                       ") is exhausted in this period";
            // What decided it, in one line: the goods, the condition, the
            // dates, and that no carve-out helped. The measure's summary is
            // for `embargo show`; it is too long for a reason column.
            const bool has_exemptions = !rules.exemptions_of(f.measure).empty();
            std::string out = code_text(record, rules, translated);
            out += " is within `";
            out += m.goods.text();
            out += "`";
            if (!m.when.empty()) {
                out += " and `";
                out += m.when.text();
                out += "` holds";
            }
            out += ", banned ";
            out += in_force_text(m.in_force);
            out += has_exemptions ? "; no exemption holds" : "; the measure has no exemption";
            return out;
        }
        case status::indeterminate:
            break;
    }

    std::string out;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
    const auto note_text = [&](const disputed_scope& scope, std::uint32_t regime) -> std::string {
        const std::string* text = rules.note(regime, scope.note);
        return "disputed scope (" + scope.note + ")" +
               (text == nullptr ? "" : ": " + first_sentence(*text));
    };
    const auto straddles = [&](const validity& v) {
        const bool start = record.period.first < v.from;
        return "the period " + record.period.str() + " straddles " +
               (start ? "the start " + to_string(v.from)
                      : "the end " + to_string(v.until - std::chrono::days{1}) + " (last day)") +
               "; a day-level date would settle it";
    };
    const auto& facts = rules.facts();
    const std::vector<hs_code> codes =
        translated ? rules.goods_of(record).codes : std::vector<hs_code>{record.code};

    // The measure's own doubts.
    if (translated && (f.reasons & reason_goods_partial) == 0) add(code_text(record, rules, true));
    if (f.reasons & reason_indirect)
        add("the goods originate in " + std::string(m.target.str()) + " but " +
            std::string(record.exporter.str()) +
            " ships them: the target may not supply them even indirectly, "
            "and whether this is such a supply depends on who sold them");
    if (f.reasons & reason_goods_partial)
        add(code_text(record, rules, translated) + " is only partly within `" + m.goods.text() +
            "`; a more detailed code would settle it");
    if ((f.reasons & reason_goods_disputed) && f.disputed < m.disputed.size())
        add(note_text(m.disputed[f.disputed], m.regime));
    if (f.reasons & reason_period_partial) add(straddles(m.in_force));
    if ((f.reasons & reason_renewal_unverified) && m.expires) {
        const auto& verified = rules.regime_of(m).verified;
        add("renewal not verified: the measure lapses after " + to_string(*m.expires) +
            " unless the Council renews it, and " + rules.regime_of(m).name +
            " was last checked against the public record on " +
            (verified ? to_string(*verified) : std::string("no stated day")) +
            "; the Council's later resolutions would settle it");
    }
    if (f.reasons & reason_standing_disputed) {
        const instrument* inst = rules.find_instrument(m.instrument);
        const std::string note = inst != nullptr ? inst->standing_note : std::string();
        const std::string* text = rules.note(m.regime, note);
        add("the legal effect of " + m.instrument + " is disputed (" + note + ")" +
            (text == nullptr ? "" : ": " + first_sentence(*text)) + "; --standing " + m.instrument +
            "=in-force or =void chooses a reading");
    }
    if (const std::uint64_t own = f.missing & m.when.facts_read();
        (f.reasons & reason_condition_unknown) && own != 0)
        add("unknown: " + fact_names(facts, own));

    constexpr std::uint16_t exemption_doubts =
        reason_exemption_unknown | reason_exemption_goods_partial |
        reason_exemption_period_partial | reason_exemption_disputed;
    if (e != nullptr && (f.reasons & reason_cap_unknown) != 0 &&
        (f.reasons & exemption_doubts) == 0 && e->quota) {
        // The ledger's verdict: the exemption holds; whether its cap has room is open.
        add("exemption " + e->id + " holds, but whether its cap (" + describe(*e->quota) +
            ") has room for this record cannot be settled");
    } else if (f.open_exemptions != 0) {
        // Each exemption that might hold, with its own doubts.
        std::uint32_t position = 0;
        const goods_selector everything = goods_selector::from_intervals({{0, hs_key_end}});
        for (const std::uint32_t ei : rules.exemptions_of(f.measure)) {
            const exemption& ex = rules.exemptions()[ei];
            const bool open =
                position < 32 && (f.open_exemptions & (std::uint32_t{1} << position)) != 0;
            ++position;
            if (!open) continue;
            std::vector<std::string> doubts;
            goods_selector doubtful;
            for (const auto& d : ex.disputed) doubtful = doubtful | d.goods;
            const coverage cv = covers_all((ex.goods ? *ex.goods : everything) - doubtful, codes);
            if (cv == coverage::partial)
                doubts.push_back(code_text(record, rules, translated) +
                                 " is only partly within its goods `" +
                                 (ex.goods ? ex.goods->text() : std::string("all")) + "`");
            if (cv != coverage::full)
                for (const auto& d : ex.disputed)
                    if (covers_all(d.goods, codes) != coverage::none) {
                        doubts.push_back(note_text(d, ex.regime));
                        break;
                    }
            if (overlap_of(record.period, ex.valid) == overlap::partial)
                doubts.push_back(straddles(ex.valid));
            if (const std::uint64_t own = f.missing & ex.when.facts_read(); own != 0)
                doubts.push_back("unknown: " + fact_names(facts, own));
            std::string why = "exemption " + ex.id + " may hold";
            for (std::size_t i = 0; i < doubts.size(); ++i)
                why += (i == 0 ? " (" : "; ") + doubts[i];
            if (!doubts.empty()) why += ")";
            add(why);
        }
    }
    if (f.reasons & reason_bad_fact)
        add("a fact the record gives could not be read as its declared type");
    if (out.empty()) add("the rules cannot decide");
    return out;
}

}  // namespace embargo
