// The cap report (see cap_report.hpp).

#include "embargo/cap_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>

#include <nlohmann/json.hpp>

#include "base/number_format.hpp"

namespace embargo {

cap_report make_cap_report(const cap_ledger& ledger) {
    cap_report report;
    const rule_set& rules = ledger.rules();
    for (auto& b : ledger.balances()) {
        const exemption& e = rules.exemptions()[b.exemption];
        cap_report_row row;
        row.exemption = e.id;
        row.citation = e.citation;
        row.quota = describe(*e.quota);
        row.period = b.period;
        row.period_label = period_label(b.period);
        row.balance = std::move(b);
        report.rows.push_back(std::move(row));
    }
    return report;
}

namespace {

std::string mark_text(const std::optional<threshold_mark>& m) {
    if (!m) return "-";
    return m->on ? to_string(*m->on) : "opening";
}

}  // namespace

std::string format_text(const cap_report& report) {
    if (report.rows.empty()) return "no quota was used\n";
    using line = std::array<std::string, 9>;
    std::vector<line> table;
    table.push_back({"quota", "period", "used", "cap", "%", "75 %", "90 %", "95 %", "exceeded"});
    std::vector<std::string> notes;
    for (const auto& row : report.rows) {
        bool first = true;
        for (const auto& l : row.balance.limits) {
            line t;
            t[0] = first ? row.exemption : "";
            t[1] = first ? row.period_label : "";
            t[2] = detail::amount_text(l.used, l.limit.unit);
            t[3] = detail::amount_text(l.limit.amount, l.limit.unit);
            t[4] = detail::percent_text(l.used, l.limit.amount);
            for (std::size_t i = 0; i < cap_thresholds.size(); ++i)
                t[5 + i] = mark_text(l.reached[i]);
            t[8] = mark_text(l.exceeded);
            table.push_back(std::move(t));
            first = false;
        }
        // `used` is certain; say so when more may count.
        std::string more;
        std::size_t unknown = 0;
        for (const auto& l : row.balance.limits) {
            unknown = std::max(unknown, l.unknown);
            if (l.upper <= l.used) continue;
            if (!more.empty()) more += " and ";
            more += l.unknown > 0 ? "an unknown amount in " + std::string(to_string(l.limit.unit))
                                  : "up to " + detail::amount_text(l.upper - l.used, l.limit.unit);
        }
        if (!more.empty()) {
            std::string n =
                row.exemption + " " + row.period_label + ": " + more + " more may count";
            std::string why;
            if (row.balance.uncertain > 0)
                why = std::to_string(row.balance.uncertain) +
                      " record(s) may fall in this period or under this quota";
            if (unknown > 0)
                why += (why.empty() ? "" : ", ") + std::to_string(unknown) +
                       " record(s) whose use cannot be counted";
            if (!why.empty()) n += " (" + why + ")";
            notes.push_back(std::move(n));
        }
    }
    std::array<std::size_t, 9> width{};
    for (const auto& t : table)
        for (std::size_t i = 0; i < t.size(); ++i) width[i] = std::max(width[i], t[i].size());
    std::string out;
    for (const auto& t : table) {
        std::string text;
        for (std::size_t i = 0; i < t.size(); ++i) {
            // Amounts and percentages right-aligned, the rest left.
            const bool right = i >= 2 && i <= 4;
            const std::string pad(width[i] - t[i].size(), ' ');
            if (i > 0) text += "  ";
            text += right ? pad + t[i] : t[i] + pad;
        }
        while (!text.empty() && text.back() == ' ') text.pop_back();
        out += text + "\n";
    }
    for (const auto& n : notes) out += "note: " + n + "\n";
    return out;
}

namespace {

// Sums of converted amounts carry binary noise (499999.98000000004): JSON
// gets them rounded to a millionth, which no cap is stated in.
double tidy(double v) {
    return std::round(v * 1e6) / 1e6;
}

nlohmann::ordered_json mark_json(const std::optional<threshold_mark>& m) {
    if (!m) return nullptr;
    nlohmann::ordered_json j;
    j["on"] = m->on ? nlohmann::ordered_json(to_string(*m->on)) : nlohmann::ordered_json(nullptr);
    j["record"] = m->record;
    j["line"] = m->line;
    return j;
}

}  // namespace

std::string format_json(const cap_report& report) {
    using json = nlohmann::ordered_json;
    json caps = json::array();
    for (const auto& row : report.rows) {
        const cap_balance& b = row.balance;
        json r;
        r["exemption"] = row.exemption;
        r["citation"] = row.citation;
        r["quota"] = row.quota;
        r["period"] = {
            {"from", to_string(row.period.from)},
            {"until", row.period.open_ended() ? json(nullptr) : json(to_string(row.period.until))},
            {"label", row.period_label}};
        r["opened"] = b.opened;
        r["exhausted"] = b.exhausted();
        r["records"] = {{"counted", b.counted}, {"uncertain", b.uncertain}};
        json limits = json::array();
        for (const auto& l : b.limits) {
            json j;
            j["unit"] = std::string(to_string(l.limit.unit));
            j["cap"] = tidy(l.limit.amount);
            j["opening"] = tidy(l.opening);
            j["used"] = tidy(l.used);
            j["upper"] = std::isinf(l.upper) ? json(nullptr) : json(tidy(l.upper));
            j["unknown"] = l.unknown;
            j["percent"] = std::round(l.percent() * 1e4) / 1e4;
            json thresholds = json::array();
            for (std::size_t i = 0; i < cap_thresholds.size(); ++i) {
                json t;
                t["percent"] = cap_thresholds[i];
                t["reached"] = l.reached[i].has_value();
                if (l.reached[i]) t.update(mark_json(l.reached[i]));
                thresholds.push_back(std::move(t));
            }
            j["thresholds"] = std::move(thresholds);
            j["exceeded"] = mark_json(l.exceeded);
            limits.push_back(std::move(j));
        }
        r["limits"] = std::move(limits);
        caps.push_back(std::move(r));
    }
    json doc;
    doc["caps"] = std::move(caps);
    return doc.dump(2) + "\n";
}

}  // namespace embargo
