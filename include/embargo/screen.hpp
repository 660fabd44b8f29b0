#pragma once
// Screening a table of trade records, as `embargo screen` does: one
// streaming pass that reads, judges and writes each row in turn, never
// holding rows, and counts what it judged (screen_stats).
//
// When the rules have quotas, the cap ledger (ledger.hpp) revises the
// verdicts of the rows under a quota, which depend on rows that may come
// after them in the file: from the first such row on, rows go to a spool (an
// unnamed temporary file in $TMPDIR, else /tmp) in input order, each held
// row without its verdict columns, which are filled in once the ledger has
// run (verdicts by period, never by line order: docs/ledger.md). The input
// is read once, from a file or a pipe alike. Memory: the ledger holds a copy
// of each row under a quota until the end of the input (about 1.3 KB a row);
// `max_capped_rows` bounds it. A screener is used by one thread at a time;
// the engine it holds is shared.
//
// With `threads` above 1 and CSV input, the pass runs on that many worker
// threads: the input is cut into chunks at line breaks (reader.chunk_size
// bytes each), which are read, judged and formatted in parallel and written
// in input order; the rows under a quota still reach the ledger in input
// order. Rows, summary, cap report and diagnostics are the same bytes as on
// one thread (a read error part way through ends the input either way, but
// the rows read before it may differ). JSON Lines input is read on one
// thread; so is JSON array output formatted (its commas depend on the row
// before). Memory grows with the threads, not the input: at most
// 2 x threads + 2 chunks in flight.

#include <array>
#include <cstdint>
#include <functional>
#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/engine.hpp"
#include "embargo/export.hpp"
#include "embargo/hs.hpp"
#include "embargo/io.hpp"
#include "embargo/ledger.hpp"
#include "embargo/record.hpp"
#include "embargo/rules.hpp"
#include "embargo/verdict.hpp"
#include "embargo/writers.hpp"

namespace embargo {

// Far above a year of one country's customs lines under the UN caps (the
// Committee's own counts are monthly): about 1.3 GB at this bound.
inline constexpr std::uint64_t default_max_capped_rows = 1'000'000;

// Rows and their value in USD cents (rows without a USD value counted
// apart), exact as screen_stats' totals are.
struct EMBARGO_API screen_tally {
    std::uint64_t rows = 0;
    std::uint64_t unvalued = 0;  // rows without a USD value
    std::int64_t usd_cents = 0;  // stops at INT64_MAX cents rather than wrap

    void add(std::optional<std::int64_t> cents);
    void add(const screen_tally& other);
    friend bool operator==(const screen_tally&, const screen_tally&) = default;
};

// What the screen report (screen_report.hpp) shows beyond the summary: the
// judged rows by year, by HS heading and by the measure or exemption that
// decided them. Counted only when screen_options::breakdown asks for it.
// Measures and exemptions are indices into the rule set that judged the
// rows; a heading is report_heading() of the record's code; a year is the
// one the record's period starts in. Ordered maps, so that the counts of
// several threads merge to the same maps, read in one order.
struct EMBARGO_API screen_breakdown {
    // Every judged row, by year and verdict (status index).
    std::map<int, std::array<screen_tally, 5>> by_year;
    // Prohibited and indeterminate rows, by heading and verdict...
    std::map<std::pair<hs_code, status>, screen_tally> flagged;
    // ... and by heading, measure (each finding at the verdict's status)
    // and verdict: a row two measures flag is counted under each.
    std::map<std::tuple<hs_code, std::uint32_t, status>, screen_tally> flagged_by_measure;
    // Carved-out and capped rows by the exemption that decided them
    // (no_exemption: a finding named none), heading, year and verdict; a row
    // counted once under each exemption its deciding findings name.
    std::map<std::tuple<std::uint32_t, hs_code, int, status>, screen_tally> exempted;

    void count(const verdict& v, const trade_record& record);
    void add(const screen_breakdown& other);
    friend bool operator==(const screen_breakdown&, const screen_breakdown&) = default;
};

// The heading a record is reported under: the first four digits of its
// code, or the code itself when it has fewer (a chapter).
[[nodiscard]] EMBARGO_API hs_code report_heading(const hs_code& code) noexcept;

struct EMBARGO_API screen_stats {
    std::uint64_t rows = 0;  // judged + errors
    std::uint64_t judged = 0;
    std::uint64_t errors = 0;  // unreadable rows
    std::array<std::uint64_t, 5> by_status{};
    // USD in cents (money::cents), over rows that give a value: exact, so
    // the totals do not depend on the order rows are counted in. A total
    // stops at INT64_MAX cents (92 quadrillion USD) rather than wrap.
    std::array<std::int64_t, 5> usd_cents_by_status{};
    std::array<std::uint64_t, 5> unvalued_by_status{};  // rows without a USD value
    std::vector<std::uint64_t>
        flagged_by_measure;  // prohibited or indeterminate rows, per measure index
    // Per regime (rule_set::regimes() index): rows with a finding of that
    // regime, by the most severe status among its findings on the row.
    std::vector<std::array<std::uint64_t, 5>> by_regime;
    status worst = status::unrestricted;
    // The cap ledger: rows it was given, and by_status before -> after for
    // the rows whose verdict it changed.
    std::uint64_t ledger_rows = 0;
    std::array<std::array<std::uint64_t, 5>, 5> ledger_changes{};

    // Set when screen_options::breakdown asks for it.
    std::optional<screen_breakdown> breakdown;

    // Counts a judged row: its verdict, its value and, if kept, the breakdown.
    void count(const verdict& v, const trade_record& record);
    // Counts a row's verdict, all but its value.
    void count_status(const verdict& v);
    // Adds a row's value in USD cents (nullopt: it gives none in USD) under
    // status `s`.
    void count_value(status s, std::optional<std::int64_t> usd_cents);
};

struct EMBARGO_API screen_options {
    reader_options reader;  // reserved_columns: verdict_columns are added
    std::uint64_t max_capped_rows = default_max_capped_rows;
    // Worker threads for CSV input; 1: the calling thread alone; 0: one per
    // core the machine has (std::thread::hardware_concurrency).
    unsigned threads = 1;
    // False: no cap ledger in this run. Every row keeps the engine's verdict
    // and is written in place (no spool), and on_ledger_row, if set, gets
    // the line of each row the ledger would have taken, in input order: for
    // a caller that screens many inputs and runs one ledger over the rows of
    // all of them (the Python module's Dask screen does).
    bool apply_ledger = true;
    // True: stats.breakdown is kept (for the screen report); it costs a few
    // map look-ups a row.
    bool breakdown = false;
    std::function<void(int line)> on_ledger_row;
    // Each diagnostic of the reader (row errors, warnings) as it comes; none:
    // dropped (stats.errors still counts the rows).
    std::function<void(const diagnostic&)> on_diagnostic;
    // Every 4096 rows: rows so far, bytes read so far.
    std::function<void(std::uint64_t rows, std::uint64_t bytes)> on_progress;
    // Once the input has been read, or reading stopped.
    std::function<void()> on_read_end;
};

enum class screen_status : std::uint8_t {
    done,                  // every row read and written (some may have been errors: stats.errors)
    unreadable,            // the input as a whole cannot be read (its header); nothing judged
    too_many_capped_rows,  // more than max_capped_rows under a quota (result.problem)
    spool_failed,          // the held rows could not be spooled (result.error)
    read_failed,           // the stream failed after rows were held; nothing more written
};

struct EMBARGO_API screen_result {
    screen_status status = screen_status::done;
    screen_stats stats;
    std::optional<diagnostic> problem;  // too_many_capped_rows: `screen.too-many-capped-rows`
    std::string error;        // spool_failed: why ("cannot create a temporary file in /tmp: ...")
    int first_held_line = 0;  // the first row under a quota (0: none)
};

class EMBARGO_API screener {
public:
    explicit screener(std::shared_ptr<const engine> judge, screen_options options = {});

    // Screens `in` into `writer` (none: count only). Once: a screener
    // screens one input. Flushes nothing: the caller flushes
    // sink->output() (with `done`, the rows are complete).
    [[nodiscard]] screen_result run(std::istream& in, record_writer* sink);

    // What the cap ledger counted in the last run, for the cap report.
    [[nodiscard]] const cap_ledger& ledger() const noexcept { return batch_.ledger(); }

private:
    std::shared_ptr<const engine> judge_;
    screen_options options_;
    cap_batch batch_;
};

// One screener's run.
[[nodiscard]] EMBARGO_API screen_result screen(std::istream& in,
                                               std::shared_ptr<const engine> judge,
                                               record_writer* writer, screen_options options = {});

// Whether any exemption of `rules` has a quota: without one the cap ledger
// has nothing to do, and screening needs no spool.
[[nodiscard]] EMBARGO_API bool has_quotas(const rule_set& rules) noexcept;

// The summary `embargo screen` prints: rows, counts and value per verdict,
// what is not screened against, the ledger's changes, top flagged measures.
[[nodiscard]] EMBARGO_API std::string format_text(const screen_stats& stats, const rule_set& rules);

}  // namespace embargo
