#pragma once
// `embargo screen`: one streaming pass over a table of trade records that
// reads, judges and writes each row in turn, never holding rows.
//
// The pass takes a hook that sees, and may revise, every verdict before its
// row is written. The cap ledger (screen_ledger.hpp) uses it to hold back
// the rows whose verdict depends on rows that may come after them in the
// file: from the first held row on, rows go to a spool in input order, each
// held row without its verdict columns, which the ledger fills in at the
// end (screen_spool.hpp). The input is read once.

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "embargo/engine.hpp"
#include "embargo/io.hpp"

#include "atomic_output.hpp"
#include "judging.hpp"
#include "screen_spool.hpp"

namespace embargo::cli {

enum class output_format : std::uint8_t { csv, jsonl, json };

// The columns screen adds; input columns of these names are replaced.
inline constexpr std::array<std::string_view, 4> verdict_columns{"verdict", "measures", "citations",
                                                                 "reason"};

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

// A row's input as a sink writes it back out.
struct input_row {
    std::span<const input_field> fields;
    std::string_view text;  // CSV: the row as read (record_reader::text)
    int line = 0;
};

// Writes judged rows in one output format.
class row_sink {
public:
    virtual ~row_sink() = default;
    // Calls begin() once, however many passes write to the sink.
    void start(const std::vector<std::string>& columns) {
        if (started_) return;
        started_ = true;
        begin(columns);
    }
    // A row in two parts appended to `b`: its input columns, then its
    // verdict columns and the row's end. The cap ledger writes the second
    // part of a held row only once it has revised the verdict.
    virtual void input_part(std::string& b, const input_row& row) = 0;
    virtual void verdict_part(std::string& b, status s, const decided_findings& d) = 0;
    virtual void end() = 0;
    virtual output_sink& output() noexcept = 0;

protected:
    // Before the first row (or at the end if there is none), with the input
    // columns known then.
    virtual void begin(const std::vector<std::string>& columns) = 0;

private:
    bool started_ = false;
};

// A sink for `format` writing to `out`, for rows read as `input`; warnings
// (a JSON key the CSV header does not have) go to `err`.
std::unique_ptr<row_sink> make_sink(output_format format, input_format input, output_sink& out,
                                    std::ostream& err);

struct screen_stats {
    std::uint64_t rows = 0;  // judged + errors
    std::uint64_t judged = 0;
    std::uint64_t errors = 0;  // unreadable rows
    std::array<std::uint64_t, 5> by_status{};
    std::array<double, 5> value_by_status{};            // USD, over rows that give a value
    std::array<std::uint64_t, 5> unvalued_by_status{};  // rows without a USD value
    std::vector<std::uint64_t>
        flagged_by_measure;  // prohibited or indeterminate rows, per measure index
    status worst = status::unrestricted;
    // The cap ledger: rows it was given, and by_status before -> after for
    // the rows whose verdict it changed.
    std::uint64_t ledger_rows = 0;
    std::array<std::array<std::uint64_t, 5>, 5> ledger_changes{};

    // Counts a row's verdict, all but its value.
    void count_status(const verdict& v);
    // Adds a row's value (nullopt: it gives none in USD) under status `s`.
    void count_value(status s, std::optional<double> usd);
};

// A record's value in USD, if it gives one.
inline std::optional<double> usd_value(const trade_record& record) {
    if (record.value && record.value->usd()) return record.value->amount;
    return std::nullopt;
}

struct screen_setup {
    const engine& judge;
    reader_options reader;
    bool progress = false;         // a progress line on stderr
    std::uint64_t input_size = 0;  // bytes, when known (progress)
};

enum class pass_result : std::uint8_t {
    done,         // every row read (some may have been errors: stats.errors)
    unreadable,   // the input as a whole cannot be read (its header)
    stopped,      // the hook said stop
    spool_failed, // a row was held and `spool` could not start (spool->error())
};

// Reads `in` to the end. Rows go to `sink` (none: a counting pass),
// diagnostics to `err` (none: quiet), each verdict through `hook` (may be
// empty) before it is written. From the first row the hook holds on, rows
// and the values of the summary go to `spool`, which the hook's owner
// replays; the sink is then not ended. A hook that holds needs a spool.
pass_result screen_pass(std::istream& in, const screen_setup& setup, row_sink* sink,
                        const row_hook& hook, screen_stats& stats, std::ostream* err,
                        row_spool* spool = nullptr);

// The summary: rows, counts and value per verdict, top flagged measures.
void write_summary(std::ostream& out, const screen_stats& stats, const rule_set& rules);

}  // namespace embargo::cli
