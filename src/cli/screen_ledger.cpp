#include "screen_ledger.hpp"

#include <algorithm>
#include <optional>
#include <ostream>
#include <vector>

namespace embargo::cli {

namespace {

// Built by appending: `"literal" + std::string` trips GCC 12's false
// -Wrestrict at -O2 (GCC bug 105651).
template <class... Parts>
std::string text(const Parts&... parts) {
    std::string s;
    (s.append(parts), ...);
    return s;
}

// A cheap first look before cap_ledger::concerns(), which allocates: the
// ledger only ever looks at capped findings and indeterminate ones that
// name an open exemption.
bool may_concern(const verdict& v) noexcept {
    return std::any_of(v.findings.begin(), v.findings.end(), [](const finding& f) {
        return f.status == status::capped ||
               (f.status == status::indeterminate && f.exemption != no_exemption);
    });
}

bool same_quantity(const std::optional<quantity>& a, const std::optional<quantity>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || (a->amount == b->amount && a->unit == b->unit);
}

// What pass 2 checks of a kept row: enough to notice an input that changed
// between the two readings (a file still being written).
bool same_row(const trade_record& a, const trade_record& b) {
    return a.id == b.id && a.code == b.code && a.exporter == b.exporter &&
           a.importer == b.importer && a.period == b.period &&
           same_quantity(a.quantity, b.quantity);
}

// Built piecewise: aggregate-initialising it from temporaries trips GCC 12's
// false -Wmaybe-uninitialized at -O2.
diagnostic too_many_rows(const std::string& file, int line, std::uint64_t max_rows) {
    diagnostic d;
    d.id = "screen.too-many-capped-rows";
    d.where.file = file;
    d.where.line = line;
    d.message = text("more than ", amount_text(static_cast<double>(max_rows)),
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

    // Pass 1: write until the first concerned row, keep the concerned rows.
    std::optional<std::uint64_t> first_held;
    std::optional<diagnostic> too_many;
    const row_hook keep = [&](judged_row& row) {
        if (!may_concern(row.result) ||
            !batch_.add(static_cast<std::size_t>(row.line), row.record, row.result))
            return row_action::write;
        if (batch_.size() > max_rows_) {
            too_many = too_many_rows(setup.reader.file, row.line, max_rows_);
            return row_action::stop;
        }
        if (!first_held) first_held = row.ordinal;
        return row_action::hold;
    };
    screen_stats first;
    const pass_result r1 = screen_pass(in.stream(), setup, sink, keep, first, &err);
    if (r1 == pass_result::unreadable) return ledger_result::unreadable;
    if (r1 == pass_result::stopped) {
        err << format(*too_many) << '\n';
        return ledger_result::failed;
    }
    if (!first_held) {
        stats = std::move(first);
        return ledger_result::done;
    }

    // The ledger, then pass 2 from the first held row.
    std::vector<cap_batch::row> rows = batch_.run();
    const std::string& name = setup.reader.file;
    if (in.stream().bad()) {
        err << "embargo: screen: cannot read " << name << ": " << in.read_error() << '\n';
        return ledger_result::failed;
    }
    if (std::string error; !in.rewind(error)) {
        err << "embargo: screen: " << error
            << " (the cap ledger needs a second reading to write its verdicts)\n";
        return ledger_result::failed;
    }
    std::size_t next = 0;  // rows are in line order, as pass 2 meets them
    std::optional<int> changed_at;
    screen_stats second;
    const row_hook apply = [&](judged_row& row) {
        if (next < rows.size() && rows[next].line < static_cast<std::size_t>(row.line)) {
            changed_at = static_cast<int>(rows[next].line);
            return row_action::stop;
        }
        if (next == rows.size() || rows[next].line != static_cast<std::size_t>(row.line))
            return row_action::write;
        cap_batch::row& kept = rows[next++];
        if (!same_row(kept.record, row.record)) {
            changed_at = row.line;
            return row_action::stop;
        }
        const status before = row.result.status;
        row.result = std::move(kept.verdict);
        if (row.result.status != before)
            ++second.ledger_changes[static_cast<std::size_t>(before)]
                                   [static_cast<std::size_t>(row.result.status)];
        for (const auto& n : kept.notes)
            row.notes.push_back({n.finding, describe(n, rules, kept.record)});
        return row_action::write;
    };
    const pass_result r2 =
        screen_pass(in.stream(), setup, sink, apply, second, nullptr, *first_held);
    if (r2 == pass_result::done && !in.stream().bad() && next == rows.size() &&
        second.rows == first.rows && second.judged == first.judged) {
        stats = std::move(second);
        stats.ledger_rows = rows.size();
        return ledger_result::done;
    }
    if (in.stream().bad()) {
        err << "embargo: screen: cannot read " << name << " again: " << in.read_error() << '\n';
    } else {
        err << "embargo: screen: " << name << " changed while it was screened";
        if (changed_at) err << " (line " << *changed_at << " differs between two readings)";
        err << "; the cap ledger needs the same rows twice\n";
    }
    return ledger_result::failed;
}

}  // namespace embargo::cli
