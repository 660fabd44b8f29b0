// Verdict vocabulary and the one-line reasons of findings.

#include "embargo/verdict.hpp"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>

#include "embargo/record.hpp"
#include "embargo/rules.hpp"

namespace embargo {

namespace {

constexpr std::array<std::string_view, 5> status_names{"unrestricted", "carved_out", "capped", "indeterminate",
                                                        "prohibited"};

// "500,000" for a quota amount: caps are read by people.
std::string amount(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.0f", v);
    std::string digits = buf;
    if (std::fabs(v - std::round(v)) > 1e-9) {
        std::snprintf(buf, sizeof buf, "%.2f", v);
        return buf;
    }
    std::string out;
    const std::size_t n = digits.size();
    for (std::size_t i = 0; i < n; ++i) {
        out += digits[i];
        if (digits[i] != '-' && (n - i - 1) % 3 == 0 && i + 1 < n) out += ',';
    }
    return out;
}

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
        if (s[i + 1] == ' ' && i + 2 < s.size() && std::isupper(static_cast<unsigned char>(s[i + 2])))
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

std::string_view to_string(status s) noexcept { return status_names[static_cast<std::size_t>(s)]; }

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

std::string describe(const quota& q) {
    std::string out;
    for (const auto& l : q.limits) {
        if (!out.empty()) out += " or ";
        out += l.unit == unit::usd ? "USD " + amount(l.amount) : amount(l.amount) + " " + std::string(to_string(l.unit));
    }
    switch (q.period) {
        case quota_period::calendar_year: out += " per calendar year from " + to_string(q.start); break;
        case quota_period::twelve_months: out += " per 12 months from " + to_string(q.start); break;
        case quota_period::once: out += " from " + to_string(q.start); break;
    }
    if (q.limits.size() > 1) out += ", whichever is reached first";
    return out;
}

std::string describe(const finding& f, const rule_set& rules, const trade_record& record) {
    const measure& m = rules.measures()[f.measure];
    const exemption* e = f.exemption == no_exemption ? nullptr : &rules.exemptions()[f.exemption];
    switch (f.status) {
        case status::unrestricted: return "no measure applies";
        case status::carved_out:
            return "carved out by " + e->id + (e->summary.empty() ? "" : " (" + e->summary + ")");
        case status::capped:
            return "allowed within the quota of " + e->id + " (" + describe(*e->quota) +
                   ") while the cap has room";
        case status::prohibited: {
            // The ledger's verdict: the exemption held, its cap did not.
            if ((f.reasons & reason_cap_exhausted) != 0 && e != nullptr && e->quota)
                return "the cap of " + e->id + " (" + describe(*e->quota) + ") is exhausted in this period";
            // What decided it, in one line: the goods, the condition, the
            // dates, and that no carve-out helped. The measure's summary is
            // for `embargo show`; it is too long for a reason column.
            bool has_exemptions = false;
            for (const auto& ex : rules.exemptions())
                for (auto mi : ex.measures) has_exemptions |= mi == f.measure;
            std::string out = "HS ";
            out += record.code.dotted();
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
        case status::indeterminate: break;
    }

    std::string out;
    auto add = [&](const std::string& part) { out += (out.empty() ? "" : "; ") + part; };
    const auto note_text = [&](const std::vector<disputed_scope>& scopes) -> std::string {
        if (f.disputed >= scopes.size()) return "disputed scope";
        const auto& note = scopes[f.disputed].note;
        const auto it = rules.regime().notes.find(note);
        return "disputed scope (" + note + ")" + (it == rules.regime().notes.end() ? "" : ": " + first_sentence(it->second));
    };
    const auto straddles = [&](const validity& v) {
        const bool start = record.period.first < v.from;
        return "the period " + record.period.str() + " straddles " +
               (start ? "the start " + to_string(v.from) : "the end " + to_string(v.until - std::chrono::days{1}) + " (last day)") +
               "; a day-level date would settle it";
    };
    if (f.reasons & reason_goods_partial)
        add("HS " + record.code.dotted() + " is only partly within `" + m.goods.text() +
            "`; a more detailed code would settle it");
    if (f.reasons & reason_goods_disputed) add(note_text(m.disputed));
    if (f.reasons & reason_period_partial) add(straddles(m.in_force));
    constexpr std::uint16_t exemption_doubts = reason_exemption_unknown | reason_exemption_goods_partial |
                                               reason_exemption_period_partial | reason_exemption_disputed;
    if (e != nullptr && (f.reasons & reason_cap_unknown) != 0 && (f.reasons & exemption_doubts) == 0 && e->quota) {
        // The ledger's verdict: the exemption holds; whether its cap has room is open.
        add("exemption " + e->id + " holds, but whether its cap (" + describe(*e->quota) +
            ") has room for this record cannot be settled");
    } else if (e != nullptr) {
        std::string why = "exemption " + e->id + " may hold";
        if (f.reasons & reason_exemption_goods_partial)
            why += ": HS " + record.code.dotted() + " is only partly within its goods `" +
                   (e->goods ? e->goods->text() : std::string("all")) + "`";
        if (f.reasons & reason_exemption_disputed) why += ": " + note_text(e->disputed);
        if (f.reasons & reason_exemption_period_partial) why += ": " + straddles(e->valid);
        add(why);
    }
    if (f.missing != 0) add("unknown: " + fact_names(rules.regime().facts, f.missing));
    if (f.reasons & reason_bad_fact) add("a fact the record gives could not be read as its declared type");

    if (out.empty()) add("the rules cannot decide");
    return out;
}

}  // namespace embargo
