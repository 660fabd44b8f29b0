// The screener: the pass with the cap ledger, in one reading of the input.
//
// The pass (screen_pass.hpp) judges every row and offers it to a cap_batch,
// which keeps only the rows the ledger concerns (a capped finding, or an
// indeterminate one whose quota may hold). Rows are written as they come
// until the first kept row; from there on they go to a spool
// (screen_spool.hpp), each kept row without its verdict columns. If no row
// was kept, the pass was the whole screen. Otherwise the batch runs
// (verdicts by period, never by line order: docs/ledger.md), the summary
// counts the kept rows' final verdicts, and the spool is copied to the
// output with each kept row's revised verdict, the ledger's notes appended
// to its reasons.
//
// Memory: the batch holds a copy of each concerned row (its record, facts
// and verdict) until the end of the input, and the ledger's working set is
// of the same order; nothing else grows with the input (the spool is on
// disk). Measured: about 1.3 KB a row at the peak (batch and ledger
// together). `max_capped_rows` bounds it: one more and the screen stops with
// `screen.too-many-capped-rows`.

#include <algorithm>
#include <istream>
#include <optional>
#include <thread>
#include <vector>

#include "base/concat.hpp"
#include "base/number_format.hpp"
#include "screen/screen_pass.hpp"

namespace embargo {

namespace {

// A cheap first look before cap_ledger::concerns(), which allocates: the
// ledger only ever looks at capped findings and indeterminate ones that
// name an open exemption. The threaded pass asks it from its workers.
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
    d.message = detail::concat(
        "more than ", detail::number_text(static_cast<double>(max_rows)),
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

screener::screener(std::shared_ptr<const engine> judge, screen_options options)
    : judge_(judge), options_(std::move(options)), batch_(std::move(judge)) {
    for (auto c : verdict_columns)
        if (std::find(options_.reader.reserved_columns.begin(),
                      options_.reader.reserved_columns.end(),
                      c) == options_.reader.reserved_columns.end())
            options_.reader.reserved_columns.emplace_back(c);
}

screen_result screener::run(std::istream& in, record_writer* sink) {
    using namespace detail;
    screen_result result;
    screen_stats& stats = result.stats;
    const rule_set& rules = judge_->rules();
    unsigned threads = options_.threads;
    if (threads == 0) threads = std::max(1U, std::thread::hardware_concurrency());
    const bool parallel = threads > 1 && options_.reader.format == input_format::csv;
    const std::function<bool(const verdict&)> may_hold = may_concern;
    const auto pass = [&](const row_hook& hook, row_spool* spool) {
        return parallel ? parallel_pass(in, *judge_, options_, sink, hook,
                                        hook ? may_hold : nullptr, stats, spool, threads)
                        : screen_pass(in, *judge_, options_, sink, hook, stats, spool);
    };
    if (!has_quotas(rules) || !options_.apply_ledger) {
        // Without the ledger, its rows are only named, and written in place.
        row_hook name_ledger_rows;
        if (has_quotas(rules) && options_.on_ledger_row)
            name_ledger_rows = [&](judged_row& row) {
                if (may_concern(row.result) && batch_.ledger().concerns(row.record, row.result))
                    options_.on_ledger_row(row.line);
                return row_action::write;
            };
        if (pass(name_ledger_rows, nullptr) == pass_result::unreadable)
            result.status = screen_status::unreadable;
        return result;
    }

    // The pass: rows the ledger concerns are kept and held back; their
    // verdicts as the engine gave them, for the summary's changes.
    std::vector<status> judged;
    const row_hook keep = [&](judged_row& row) {
        if (!may_concern(row.result) ||
            !batch_.add(static_cast<std::size_t>(row.line), row.record, row.result))
            return row_action::write;
        if (batch_.size() > options_.max_capped_rows) {
            result.problem =
                too_many_rows(options_.reader.file, row.line, options_.max_capped_rows);
            return row_action::stop;
        }
        if (judged.empty()) result.first_held_line = row.line;
        judged.push_back(row.result.status);
        return row_action::hold;
    };
    row_spool spool;
    const pass_result r = pass(keep, &spool);
    const auto cannot_spool = [&] {
        result.status = screen_status::spool_failed;
        result.error = spool.error();
        return result;
    };
    if (r == pass_result::unreadable) {
        result.status = screen_status::unreadable;
        return result;
    }
    if (r == pass_result::stopped) {
        result.status = screen_status::too_many_capped_rows;
        return result;
    }
    if (r == pass_result::spool_failed) return cannot_spool();
    if (judged.empty()) return result;  // no row held
    if (in.bad()) {
        result.status = screen_status::read_failed;
        return result;
    }

    // The ledger; then the held rows are counted with their final verdicts
    // (the summary's sums do not depend on the order: screen_spool.hpp).
    std::vector<cap_batch::row> rows = batch_.run();
    stats.ledger_rows = rows.size();
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const status after = rows[i].verdict.status;
        stats.count(rows[i].verdict, rows[i].record);
        if (after != judged[i])
            ++stats.ledger_changes[static_cast<std::size_t>(judged[i])]
                                  [static_cast<std::size_t>(after)];
    }
    if (sink == nullptr) return result;

    // The held rows' verdict columns, into the holes they left.
    decided_findings decided;
    std::vector<finding_note> notes;
    const auto fill = [&](std::size_t i, std::string& b) {
        const cap_batch::row& kept = rows[i];
        notes.clear();
        for (const auto& n : kept.notes)
            notes.push_back({n.finding, describe(n, rules, kept.record)});
        decided.fill(kept.verdict, rules, kept.record, notes);
        sink->verdict_part(b, kept.verdict.status, decided);
    };
    if (!spool.replay_rows(sink->output(), fill)) return cannot_spool();
    sink->end();
    return result;
}

screen_result screen(std::istream& in, std::shared_ptr<const engine> judge, record_writer* writer,
                     screen_options options) {
    screener s(std::move(judge), std::move(options));
    return s.run(in, writer);
}

}  // namespace embargo
