#include "screen_ledger.hpp"

#include <algorithm>
#include <optional>
#include <ostream>
#include <vector>

#include "base/number_format.hpp"
#include "concat.hpp"

namespace embargo::cli {

namespace {

// A cheap first look before cap_ledger::concerns(), which allocates: the
// ledger only ever looks at capped findings and indeterminate ones that
// name an open exemption.
bool may_concern(const verdict& v) noexcept {
    return std::any_of(v.findings.begin(), v.findings.end(), [](const finding& f) {
        return f.status == status::capped ||
               (f.status == status::indeterminate && f.exemption != no_exemption);
    });
}

// Built piecewise: aggregate-initialising it from temporaries trips GCC 12's
// false -Wmaybe-uninitialized at -O2.
diagnostic too_many_rows(const std::string& file, int line, std::uint64_t max_rows) {
    diagnostic d;
    d.id = "screen.too-many-capped-rows";
    d.where.file = file;
    d.where.line = line;
    d.message =
        concat("more than ", detail::number_text(static_cast<double>(max_rows)),
               " rows fall under a quota; the cap ledger keeps each of them in memory until "
               "the end of the input, to judge them together; expected at most that many "
               "(raise --max-capped-rows to screen this input whole)");
    return d;
}

}  // namespace

bool has_quotas(const rule_set& rules) noexcept {
    return std::any_of(rules.exemptions().begin(), rules.exemptions().end(),
                       [](const exemption& e) { return e.quota.has_value(); });
}

ledger_screen::ledger_screen(std::shared_ptr<const engine> judge, std::uint64_t max_capped_rows)
    : judge_(judge), max_rows_(max_capped_rows), batch_(std::move(judge)) {}

ledger_result ledger_screen::run(screen_input& in, const screen_setup& setup, row_sink* sink,
                                 screen_stats& stats, std::ostream& err) {
    const rule_set& rules = judge_->rules();

    // The pass: rows the ledger concerns are kept and held back; their
    // verdicts as the engine gave them, for the summary's changes.
    std::vector<status> judged;
    int first_held = 0;  // its line
    std::optional<diagnostic> too_many;
    const row_hook keep = [&](judged_row& row) {
        if (!may_concern(row.result) ||
            !batch_.add(static_cast<std::size_t>(row.line), row.record, row.result))
            return row_action::write;
        if (batch_.size() > max_rows_) {
            too_many = too_many_rows(setup.reader.file, row.line, max_rows_);
            return row_action::stop;
        }
        if (judged.empty()) first_held = row.line;
        judged.push_back(row.result.status);
        return row_action::hold;
    };
    row_spool spool(sink != nullptr);
    const pass_result r = screen_pass(in.stream(), setup, sink, keep, stats, &err, &spool);
    const std::string& name = setup.reader.file;
    const auto cannot_spool = [&] {
        err << "embargo: screen: cannot hold back the rows from line " << first_held
            << " on (the first under a quota) until the cap ledger has read the whole input: "
            << spool.error() << " (set TMPDIR to a directory with room for them)\n";
        return ledger_result::failed;
    };
    if (r == pass_result::unreadable) return ledger_result::unreadable;
    if (r == pass_result::stopped) {
        err << format(*too_many) << '\n';
        return ledger_result::failed;
    }
    if (r == pass_result::spool_failed) return cannot_spool();
    if (!spool.active()) return ledger_result::done;  // no row held
    if (in.stream().bad()) {
        err << "embargo: screen: cannot read " << name << ": " << in.read_error() << '\n';
        return ledger_result::failed;
    }

    // The ledger; then the held rows' final verdicts are counted, and every
    // value from the first held row on is added in input order, as if each
    // row had had its final verdict when it was read.
    std::vector<cap_batch::row> rows = batch_.run();
    stats.ledger_rows = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const status after = rows[i].verdict.status;
        stats.count_status(rows[i].verdict);
        if (after != judged[i])
            ++stats.ledger_changes[static_cast<std::size_t>(judged[i])]
                                  [static_cast<std::size_t>(after)];
    }
    std::size_t next = 0;
    const bool tallied = spool.replay_tally([&](std::optional<status> s, std::optional<double> usd) {
        if (s) return stats.count_value(*s, usd);
        const cap_batch::row& kept = rows[next++];
        stats.count_value(kept.verdict.status, usd_value(kept.record));
    });
    if (!tallied) return cannot_spool();
    if (sink == nullptr) return ledger_result::done;

    // The held rows' verdict columns, into the holes they left.
    decided_findings decided;
    std::vector<finding_note> notes;
    const auto fill = [&](std::size_t i, std::string& b) {
        const cap_batch::row& kept = rows[i];
        notes.clear();
        for (const auto& n : kept.notes) notes.push_back({n.finding, describe(n, rules, kept.record)});
        decided.fill(kept.verdict, rules, kept.record, notes);
        sink->verdict_part(b, kept.verdict.status, decided);
    };
    if (!spool.replay_rows(sink->output(), fill)) return cannot_spool();
    sink->end();
    return ledger_result::done;
}

}  // namespace embargo::cli
