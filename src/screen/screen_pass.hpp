#pragma once
// src/screen/ holds the screen pipeline (embargo/screen.hpp): the pass
// (screen.cpp), the spool that keeps rows in order while the cap ledger
// decides (screen_spool.hpp) and the screener that joins them with the
// ledger (screener.cpp).
//
// The pass reads `in` to the end and takes a hook that sees, and may
// revise, every verdict before its row is written. The screener uses it to
// hold back the rows whose verdict depends on rows that may come after them
// in the file: from the first held row on, rows go to the spool in input
// order, each held row without its verdict columns.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <vector>

#include "embargo/engine.hpp"
#include "embargo/explain.hpp"
#include "embargo/screen.hpp"
#include "embargo/writers.hpp"

#include "screen/screen_spool.hpp"

namespace embargo::detail {

// A judged row as the hook sees it.
struct judged_row {
    std::uint64_t ordinal = 0;  // judged rows counted from 0 in input order
    int line = 0;               // where the row starts in the input
    const trade_record& record;
    verdict& result;  // the engine's verdict; the hook may revise it
    // Added to the reasons of the findings they name (empty on entry).
    std::vector<finding_note>& notes;
};

// What the pass does with a row once the hook has seen it.
enum class row_action : std::uint8_t {
    write,  // write it (into the spool once a row was held: rows stay in order)
    hold,   // write its input columns now and its verdict columns when the
            // caller knows them, through the spool; its verdict is not
            // counted (the caller counts the final one)
    stop,   // end the pass now (pass_result::stopped)
};
using row_hook = std::function<row_action(judged_row&)>;

enum class pass_result : std::uint8_t {
    done,          // every row read (some may have been errors: stats.errors)
    unreadable,    // the input as a whole cannot be read (its header)
    stopped,       // the hook said stop
    spool_failed,  // a row was held and `spool` could not start (spool->error())
};

// Reads `in` to the end. Rows go to `sink` (none: a counting pass),
// diagnostics and progress to the options' callbacks, each verdict through
// `hook` (may be empty) before it is written. From the first row the hook
// holds on, rows go to `spool`, which the
// hook's owner replays; the sink is then not ended. A hook that holds
// rows for a sink needs a spool.
pass_result screen_pass(std::istream& in, const engine& judge, const screen_options& options,
                        record_writer* sink, const row_hook& hook, screen_stats& stats,
                        row_spool* spool = nullptr);

// The same pass on `threads` worker threads (parallel_pass.cpp), for CSV
// input: the same rows, diagnostics, counts and hook calls in the same
// order, except that the hook sees only the rows `may_hold` says it may
// hold or stop on (the others are written at once); `may_hold` is called
// from the workers. A read error ends the input like the stream reader's
// (one `csv.io` row), though the rows read before it may differ.
pass_result parallel_pass(std::istream& in, const engine& judge, const screen_options& options,
                          record_writer* sink, const row_hook& hook,
                          const std::function<bool(const verdict&)>& may_hold, screen_stats& stats,
                          row_spool* spool, unsigned threads);

// Adds `cents` to a total that stops at INT64_MIN or INT64_MAX rather than
// wrap: for sums of non-negative values, the same in any order.
void add_cents(std::int64_t& total, std::int64_t cents) noexcept;

// A record's value in USD cents, if it gives one.
inline std::optional<std::int64_t> usd_cents(const trade_record& record) {
    if (record.value && record.value->usd()) return record.value->cents();
    return std::nullopt;
}

}  // namespace embargo::detail
