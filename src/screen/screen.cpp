// The screen pass, the counts it keeps and the summary (src/screen/'s
// paragraph is in screen_pass.hpp).

#include <algorithm>
#include <iomanip>
#include <limits>
#include <ostream>
#include <sstream>

#include "base/number_format.hpp"
#include "screen/screen_pass.hpp"

namespace embargo {

void screen_stats::count(const verdict& v, const trade_record& record) {
    count_status(v);
    count_value(v.status, detail::usd_cents(record));
    if (breakdown) breakdown->count(v, record);
}

void screen_stats::count_status(const verdict& v) {
    ++by_status[static_cast<std::size_t>(v.status)];
    worst = std::max(worst, v.status);
    if (v.status == status::prohibited || v.status == status::indeterminate) {
        for (const auto& f : v.findings)
            if (f.status == v.status) ++flagged_by_measure[f.measure];
    }
    if (v.rules == nullptr || by_regime.empty()) return;
    // Each regime once per row, at its most severe finding: a row has a
    // handful of findings, so a nested scan beats any allocation.
    const auto& measures = v.rules->measures();
    for (std::size_t i = 0; i < v.findings.size(); ++i) {
        const std::uint32_t r = measures[v.findings[i].measure].regime;
        bool seen = false;
        status worst_here = v.findings[i].status;
        for (std::size_t j = 0; j < v.findings.size() && !seen; ++j) {
            if (measures[v.findings[j].measure].regime != r) continue;
            if (j < i) seen = true;
            worst_here = std::max(worst_here, v.findings[j].status);
        }
        if (!seen && r < by_regime.size()) ++by_regime[r][static_cast<std::size_t>(worst_here)];
    }
}

void screen_stats::count_value(status s, std::optional<std::int64_t> usd_cents) {
    const auto si = static_cast<std::size_t>(s);
    if (!usd_cents) {
        ++unvalued_by_status[si];
        return;
    }
    detail::add_cents(usd_cents_by_status[si], *usd_cents);
}

namespace detail {

void add_cents(std::int64_t& total, std::int64_t cents) noexcept {
    if (__builtin_add_overflow(total, cents, &total))
        total = cents < 0 ? std::numeric_limits<std::int64_t>::min()
                          : std::numeric_limits<std::int64_t>::max();
}

}  // namespace detail

namespace {

void write_summary(std::ostream& out, const screen_stats& s, const rule_set& rules) {
    const auto n = [](std::uint64_t v) { return detail::number_text(static_cast<double>(v)); };
    out << "rows: " << n(s.rows) << " read, " << n(s.judged) << " judged, " << n(s.errors)
        << " unreadable\n";
    // Columns as wide as their widest figure, with two spaces at least
    // between them (a million rows and billions of dollars stay apart).
    std::size_t rows_width = 7;
    std::size_t value_width = 16;
    for (std::size_t si = 0; si < 5; ++si) {
        rows_width = std::max(rows_width, n(s.by_status[si]).size());
        value_width =
            std::max(value_width, detail::cents_text(s.usd_cents_by_status[si]).size() + 2);
    }
    out << "  " << std::left << std::setw(14) << "verdict" << std::right
        << std::setw(static_cast<int>(rows_width)) << "rows"
        << std::setw(static_cast<int>(value_width)) << "value USD" << '\n';
    for (int i = 4; i >= 0; --i) {
        const auto si = static_cast<std::size_t>(i);
        out << "  " << std::left << std::setw(14) << to_string(static_cast<status>(i)) << std::right
            << std::setw(static_cast<int>(rows_width)) << n(s.by_status[si])
            << std::setw(static_cast<int>(value_width))
            << detail::cents_text(s.usd_cents_by_status[si]);
        if (s.unvalued_by_status[si] > 0 && s.unvalued_by_status[si] != s.by_status[si])
            out << "  (" << n(s.unvalued_by_status[si]) << " without a USD value)";
        else if (s.by_status[si] > 0 && s.unvalued_by_status[si] == s.by_status[si])
            out << "  (no USD value given)";
        out << '\n';
    }
    const std::size_t p = static_cast<std::size_t>(status::prohibited);
    const std::size_t q = static_cast<std::size_t>(status::indeterminate);
    const std::uint64_t flagged = s.by_status[p] + s.by_status[q];
    const std::uint64_t unvalued = s.unvalued_by_status[p] + s.unvalued_by_status[q];
    std::int64_t flagged_cents = 0;
    if (__builtin_add_overflow(s.usd_cents_by_status[p], s.usd_cents_by_status[q], &flagged_cents))
        flagged_cents = std::numeric_limits<std::int64_t>::max();
    out << "flagged (prohibited or indeterminate): " << n(flagged)
        << (flagged == 1 ? " row" : " rows") << ", USD " << detail::cents_text(flagged_cents);
    if (unvalued > 0)
        out << " (" << n(unvalued) << (unvalued == 1 ? " row gives" : " rows give")
            << " no USD value)";
    out << '\n';

    const std::size_t u = static_cast<std::size_t>(status::unrestricted);
    if (s.by_status[u] > 0 && rules.regimes().size() > 1) {
        // Every regime's list would bury the table: say where they are.
        out << "unrestricted: no measure of the rules applies; each regime also lists what it "
               "does not screen for (check these apart: embargo show REGIME):";
        for (const auto& r : rules.regimes())
            if (!r.not_screened.empty())
                out << (&r == &rules.regimes().front() ? " " : ", ") << r.name << " ("
                    << r.not_screened.size() << ")";
        out << '\n';
    } else if (const auto unscreened = rules.not_screened();
               s.by_status[u] > 0 && !unscreened.empty()) {
        out << "unrestricted: no measure of the rules applies; not screened against (check these "
               "apart):\n";
        for (const auto& item : unscreened) out << "  - " << item << '\n';
    }

    if (s.ledger_rows > 0) {
        std::uint64_t changed = 0;
        std::string changes;
        for (std::size_t before = 0; before < 5; ++before) {
            for (std::size_t after = 5; after-- > 0;) {
                const std::uint64_t c = s.ledger_changes[before][after];
                if (c == 0) continue;
                changed += c;
                changes += changes.empty() ? ": " : ", ";
                changes += n(c);
                changes += ' ';
                changes += to_string(static_cast<status>(before));
                changes += " -> ";
                changes += to_string(static_cast<status>(after));
            }
        }
        out << "cap ledger: " << n(s.ledger_rows) << (s.ledger_rows == 1 ? " row" : " rows")
            << " under a quota (or possibly so), "
            << (changed == 0 ? std::string("no verdict") : n(changed))
            << (changed == 1   ? " verdict"
                : changed == 0 ? ""
                               : " verdicts")
            << " changed" << changes << '\n';
    }

    // Several regimes: which of them flagged what.
    if (rules.regimes().size() > 1 && s.by_regime.size() == rules.regimes().size()) {
        std::size_t name_width = 6;
        for (std::size_t r = 0; r < s.by_regime.size(); ++r)
            if (std::any_of(s.by_regime[r].begin(), s.by_regime[r].end(),
                            [](std::uint64_t c) { return c > 0; }))
                name_width = std::max(name_width, rules.regimes()[r].name.size());
        bool header = false;
        for (std::size_t r = 0; r < s.by_regime.size(); ++r) {
            const auto& c = s.by_regime[r];
            if (std::all_of(c.begin(), c.end(), [](std::uint64_t x) { return x == 0; })) continue;
            if (!header) {
                out << "by regime (rows with a finding, at the regime's most severe one):\n  "
                    << std::left << std::setw(static_cast<int>(name_width)) << "regime"
                    << std::right;
                for (int i = 4; i >= 1; --i) out << "  " << to_string(static_cast<status>(i));
                out << '\n';
                header = true;
            }
            out << "  " << std::left << std::setw(static_cast<int>(name_width))
                << rules.regimes()[r].name << std::right;
            for (int i = 4; i >= 1; --i)
                out << "  " << std::setw(static_cast<int>(to_string(static_cast<status>(i)).size()))
                    << n(c[static_cast<std::size_t>(i)]);
            out << '\n';
        }
    }

    std::vector<std::size_t> top;
    for (std::size_t i = 0; i < s.flagged_by_measure.size(); ++i)
        if (s.flagged_by_measure[i] > 0) top.push_back(i);
    std::stable_sort(top.begin(), top.end(), [&](std::size_t a, std::size_t b) {
        return s.flagged_by_measure[a] > s.flagged_by_measure[b];
    });
    if (top.size() > 10) top.resize(10);
    if (top.empty()) return;
    std::size_t width = 0;
    for (auto i : top) width = std::max(width, rules.measures()[i].id.size());
    out << "top flagged measures (rows):\n";
    for (auto i : top) {
        const measure& m = rules.measures()[i];
        out << "  " << std::right << std::setw(7) << n(s.flagged_by_measure[i]) << "  " << std::left
            << std::setw(static_cast<int>(width)) << m.id << "  " << m.citation << '\n';
    }
    out << std::right;
}

}  // namespace

std::string format_text(const screen_stats& stats, const rule_set& rules) {
    std::ostringstream out;
    write_summary(out, stats, rules);
    return std::move(out).str();
}

}  // namespace embargo

namespace embargo::detail {

pass_result screen_pass(std::istream& in, const engine& judge, const screen_options& options,
                        record_writer* sink, const row_hook& hook, screen_stats& stats,
                        row_spool* spool) {
    const rule_set& rules = judge.rules();
    record_reader reader(in, rules, options.reader);
    const auto report = [&](const std::vector<diagnostic>& ds) {
        if (ds.empty() || !options.on_diagnostic) return;
        for (const auto& d : ds) options.on_diagnostic(d);
    };
    const auto read_end = [&] {
        if (options.on_read_end) options.on_read_end();
    };
    const bool usable = reader.start();
    report(reader.diagnostics());
    if (!usable) {
        read_end();
        return pass_result::unreadable;
    }

    if (stats.flagged_by_measure.size() != rules.measures().size())
        stats.flagged_by_measure.assign(rules.measures().size(), 0);
    if (stats.by_regime.size() != rules.regimes().size())
        stats.by_regime.assign(rules.regimes().size(), {});
    if (options.breakdown && !stats.breakdown) stats.breakdown.emplace();
    verdict v;
    v.findings.reserve(rules.measures().size());
    decided_findings decided;
    std::vector<finding_note> notes;
    bool spooling = false;  // a row was held: rows and values go to the spool
    for (;;) {
        const row_status st = reader.next();
        if (st == row_status::end) break;
        report(reader.diagnostics());
        ++stats.rows;
        if ((stats.rows & 4095U) == 0 && options.on_progress)
            options.on_progress(stats.rows, reader.bytes_read());
        if (st == row_status::error) {
            ++stats.errors;
            continue;
        }
        const checked_record& checked = reader.record();
        const trade_record& record = checked.record();
        judge.evaluate(checked, v);
        notes.clear();
        row_action action = row_action::write;
        if (hook) {
            judged_row row{stats.judged, reader.line(), record, v, notes};
            action = hook(row);
            if (action == row_action::stop) {
                read_end();
                return pass_result::stopped;
            }
        }
        const bool held = action == row_action::hold;
        if (held && !spooling && sink != nullptr) {
            if (spool == nullptr || !spool->start()) {
                read_end();
                return pass_result::spool_failed;
            }
            spooling = true;
        }
        ++stats.judged;
        // A held row is counted by the caller once its verdict is final.
        if (!held) stats.count(v, record);

        if (sink == nullptr) continue;
        sink->start(reader.columns());
        std::string& b = spooling ? spool->rows() : sink->output().buffer();
        sink->input_part(b, {reader.fields(), reader.text(), reader.line()});
        if (held) {
            spool->hole();
        } else {
            decided.fill(v, rules, record, notes);
            sink->verdict_part(b, v.status, decided);
        }
        if (spooling)
            spool->maybe_flush();
        else
            sink->output().maybe_flush();
    }
    if (sink != nullptr) {
        sink->start(reader.columns());
        if (!spooling) sink->end();
    }
    read_end();
    return pass_result::done;
}

}  // namespace embargo::detail
