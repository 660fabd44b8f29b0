// The screen report's counts (screen_breakdown in embargo/screen.hpp): the
// judged rows by year, heading, measure and exemption, kept beside
// screen_stats when screen_options::breakdown asks for them.

#include <chrono>

#include "screen/screen_pass.hpp"

namespace embargo {

void screen_tally::add(std::optional<std::int64_t> cents) {
    ++rows;
    if (cents)
        detail::add_cents(usd_cents, *cents);
    else
        ++unvalued;
}

void screen_tally::add(const screen_tally& other) {
    rows += other.rows;
    unvalued += other.unvalued;
    detail::add_cents(usd_cents, other.usd_cents);
}

hs_code report_heading(const hs_code& code) noexcept {
    return code.digits() > 4 ? code.prefix(4) : code;
}

void screen_breakdown::count(const verdict& v, const trade_record& record) {
    const std::optional<std::int64_t> cents = detail::usd_cents(record);
    const int year = static_cast<int>(std::chrono::year_month_day(record.period.first).year());
    by_year[year][static_cast<std::size_t>(v.status)].add(cents);
    if (v.status == status::unrestricted) return;
    const hs_code heading = report_heading(record.code);
    if (v.status == status::prohibited || v.status == status::indeterminate) {
        flagged[{heading, v.status}].add(cents);
        for (const finding& f : v.findings)
            if (f.status == v.status) flagged_by_measure[{heading, f.measure, v.status}].add(cents);
        return;
    }
    // Carved out or capped: once per exemption the deciding findings name
    // (one exemption may carve out of several of the row's measures). A row
    // has a handful of findings, so a nested scan beats any allocation.
    bool counted = false;
    for (std::size_t i = 0; i < v.findings.size(); ++i) {
        const finding& f = v.findings[i];
        if (f.status != v.status) continue;
        bool seen = false;
        for (std::size_t j = 0; j < i && !seen; ++j)
            seen = v.findings[j].status == v.status && v.findings[j].exemption == f.exemption;
        if (seen) continue;
        exempted[{f.exemption, heading, year, v.status}].add(cents);
        counted = true;
    }
    if (!counted) exempted[{no_exemption, heading, year, v.status}].add(cents);
}

void screen_breakdown::add(const screen_breakdown& other) {
    for (const auto& [year, tallies] : other.by_year) {
        auto& into = by_year[year];
        for (std::size_t s = 0; s < into.size(); ++s) into[s].add(tallies[s]);
    }
    for (const auto& [key, tally] : other.flagged) flagged[key].add(tally);
    for (const auto& [key, tally] : other.flagged_by_measure) flagged_by_measure[key].add(tally);
    for (const auto& [key, tally] : other.exempted) exempted[key].add(tally);
}

}  // namespace embargo
