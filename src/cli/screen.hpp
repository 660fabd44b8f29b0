#pragma once
// `embargo screen`: one streaming pass over a table of trade records that
// reads, judges and writes each row in turn, never holding rows.
//
// The pass takes a hook that sees, and may revise, every verdict before its
// row is written. The cap ledger (screen_ledger.hpp) uses it for two passes
// over the same input, since a capped row's verdict depends on rows that may
// come after it in the file:
//   1. a pass that writes rows until the first one the ledger concerns, and
//      from there only offers rows to the ledger (the hook answers `hold`);
//      without such a row it is the only pass;
//   2. a pass that writes the rows from the first held one on, the hook
//      applying the ledger's revisions (and their notes) by input line.
// Both passes see the same rows with the same ordinals and lines, since
// reading is deterministic (screen_input.hpp reads the input twice).

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <span>
#include <string>
#include <vector>

#include "embargo/engine.hpp"
#include "embargo/io.hpp"

#include "atomic_output.hpp"
#include "judging.hpp"

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
    write,  // write it, unless an earlier row was held
    hold,   // write neither it nor any later row: a later pass will
    stop,   // end the pass now (pass_result::stopped)
};
using row_hook = std::function<row_action(judged_row&)>;

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
    virtual void row(std::span<const input_field> fields, int line, status s,
                     const decided_findings& d) = 0;
    virtual void end() = 0;

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
};

struct screen_setup {
    const engine& judge;
    reader_options reader;
    bool progress = false;         // a progress line on stderr
    std::uint64_t input_size = 0;  // bytes, when known (progress)
};

enum class pass_result : std::uint8_t {
    done,        // every row read (some may have been errors: stats.errors)
    unreadable,  // the input as a whole cannot be read (its header)
    stopped,     // the hook said stop
};

// Reads `in` to the end. Rows go to `sink` (none: a counting pass),
// diagnostics to `err` (none: quiet), each verdict through `hook` (may be
// empty) before it is written. Judged rows before ordinal `write_from` are
// judged and counted but not written: an earlier pass wrote them. The sink
// is ended only by a pass that writes up to the end.
pass_result screen_pass(std::istream& in, const screen_setup& setup, row_sink* sink,
                        const row_hook& hook, screen_stats& stats, std::ostream* err,
                        std::uint64_t write_from = 0);

// The summary: rows, counts and value per verdict, top flagged measures.
void write_summary(std::ostream& out, const screen_stats& stats, const rule_set& rules);

}  // namespace embargo::cli
