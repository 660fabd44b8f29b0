#pragma once
// `embargo screen` with the cap ledger, in one reading of the input.
//
// The pass (screen.hpp) judges every row and offers it to a cap_batch,
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
// disk). `max_capped_rows` bounds it: one more and the screen stops with
// `screen.too-many-capped-rows`.

#include <cstdint>
#include <iosfwd>
#include <memory>

#include "embargo/engine.hpp"
#include "embargo/ledger.hpp"
#include "embargo/rules.hpp"

#include "screen.hpp"
#include "screen_input.hpp"

namespace embargo::cli {

// Far above a year of one country's customs lines under the UN caps (the
// Committee's own counts are monthly). Measured: about 1.3 KB a row at the
// peak (batch and ledger together), so about 1.3 GB at this bound.
inline constexpr std::uint64_t default_max_capped_rows = 1'000'000;

// Whether any exemption of `rules` has a quota: without one the ledger has
// nothing to do, and screen needs neither a batch nor a spool.
bool has_quotas(const rule_set& rules) noexcept;

enum class ledger_result : std::uint8_t {
    done,        // every row read and written (some may have been errors)
    unreadable,  // the input as a whole cannot be read (its header)
    failed,      // stopped; the reason was written to `err`
};

class ledger_screen {
public:
    ledger_screen(std::shared_ptr<const engine> judge, std::uint64_t max_capped_rows);

    // Screens `in` through the ledger into `sink` (none: count only), with
    // `stats` from the pass that judged the rows' final verdicts.
    ledger_result run(screen_input& in, const screen_setup& setup, row_sink* sink,
                      screen_stats& stats, std::ostream& err);

    // What the ledger counted, for the cap report.
    const cap_ledger& ledger() const noexcept { return batch_.ledger(); }

private:
    std::shared_ptr<const engine> judge_;
    std::uint64_t max_rows_;
    cap_batch batch_;
};

}  // namespace embargo::cli
