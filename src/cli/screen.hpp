#pragma once
// `embargo screen`: one streaming pass over a table of trade records that
// reads, judges and writes each row in turn, never holding rows.
//
// The pass takes a hook that sees, and may revise, every verdict before its
// row is written. It exists for the cap ledger (a capped row's verdict
// depends on every earlier row of the same quota in date order, not in file
// order), which will run two passes over the same input:
//   1. a counting pass (no sink, no diagnostics) whose hook records, for
//      each `capped` row, its ordinal, line, period, quantity and quota;
//      the ledger then replays them in date order;
//   2. the writing pass, whose hook applies the ledger's revisions
//      (`prohibited` with reason_cap_exhausted, ...) by ordinal.
// A file can simply be opened twice; standard input would be spooled to a
// temporary file during pass 1. Both passes see the same rows with the same
// ordinals, since reading is deterministic.

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
};
using row_hook = std::function<void(judged_row&)>;

// Writes judged rows in one output format.
class row_sink {
public:
    virtual ~row_sink() = default;
    // Before the first row (or at the end if there is none), with the input
    // columns known then.
    virtual void begin(const std::vector<std::string>& columns) = 0;
    virtual void row(std::span<const input_field> fields, int line, status s,
                     const decided_findings& d) = 0;
    virtual void end() = 0;
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
};

// Reads `in` to the end. Rows go to `sink` (none: a counting pass),
// diagnostics to `err` (none: quiet), each verdict through `hook` (may be
// empty) before it is written.
pass_result screen_pass(std::istream& in, const screen_setup& setup, row_sink* sink,
                        const row_hook& hook, screen_stats& stats, std::ostream* err);

// The summary: rows, counts and value per verdict, top flagged measures.
void write_summary(std::ostream& out, const screen_stats& stats, const rule_set& rules);

}  // namespace embargo::cli
