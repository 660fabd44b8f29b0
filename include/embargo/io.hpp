#pragma once
// Reading trade records from tables: customs statistics or shipment lists as
// CSV with a header, or as JSON Lines (one flat object per line).
//
// A reader streams: it holds one row at a time, so a file of a million lines
// costs the memory of one line, and it yields each row either as a
// trade_record (with the row's cells, so that output can echo them) or as
// diagnostics with the row's line number. A row that cannot be read is never
// judged and never skipped silently.
//
// Columns (CSV header names or JSON keys; trimmed, case-insensitive):
//   id, hs_code (or hs), exporter, importer, origin, date, quantity, unit,
//   value_usd, hs_edition (the edition the code is given in: HS2012, H4)
// or, for statistics given from one reporter's side, `reporter`, `partner`
// and `flow` instead of exporter and importer. `flow` is import (`import`,
// `imports`, `M`, `1`), export (`export`, `exports`, `X`, `2`), re-export
// (`re-export`, `re-exports`, `RX`, `3`) or re-import (`re-import`,
// `re-imports`, `RM`, `4`). An import is partner -> reporter, an export
// reporter -> partner; a re-export counts as an export and a re-import as an
// import (the goods cross the same border in the same direction).
// Every other column names a fact. One the regime declares is read as that
// fact; one it does not declare (`expected`, `notes`) is carried through to
// the row's cells unread, with one warning per column, unless it is one slip
// from a field or a declared fact (`prot`, `joint_ventur`, `notifed`): that
// is most likely a misspelling, which would leave the fact missing or at its
// default, so it is an error (`record.unknown-column`). An empty cell, or a
// JSON null, is a missing fact (unknown, or the regime's default).
//
// A CSV in the layout of a data set as it is downloaded (UN Comtrade, BACI,
// Comext, or a mapping file's) is read through its profile (profile.hpp):
// its columns, country codes, periods, flows, values and units as the
// provider writes them.
//
// JSON Lines rows have the shape of a CSV row: facts are top-level keys
// (`{"hs_code": "2701", ..., "port": "Rajin"}`), values are strings, numbers,
// booleans or null; a nested object or array is a row error. Keys may differ
// from row to row.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/profile.hpp"
#include "embargo/record.hpp"
#include "embargo/rules.hpp"

namespace embargo {

namespace detail {
class csv_chunk_reader;
}

enum class input_format : std::uint8_t { csv, jsonl };

EMBARGO_API std::string_view to_string(input_format f) noexcept;
// `csv`, `jsonl` (also `ndjson`).
EMBARGO_API std::optional<input_format> parse_input_format(std::string_view text) noexcept;

struct EMBARGO_API reader_options {
    input_format format = input_format::csv;
    std::string file = "-";  // the name diagnostics give the input
    // Bytes in one row (`csv.line-too-long`, `jsonl.line-too-long`); also
    // bounds the memory a reader holds.
    std::size_t max_line_length = std::size_t{1} << 20U;
    std::size_t max_fields =
        4096;  // cells in one row (`csv.too-many-fields`, `jsonl.too-many-fields`)
    std::size_t chunk_size = std::size_t{1} << 18U;  // bytes read from the stream at a time
    // Columns the caller writes itself (a screen's `verdict`): like any
    // unread column they are carried through, but without a warning.
    std::vector<std::string> reserved_columns;
    // CSV in a data set's layout (profile.hpp): given, or null to read
    // embargo's columns, or, when the header is not in them and
    // recognise_profiles is set, the built-in profile the header matches.
    std::shared_ptr<const input_profile> profile;
    bool recognise_profiles = true;
    // Every row's HS edition, by its year, where the row does not say
    // (`--hs-edition`); 0: the profile's, the file name's, or the date's.
    int hs_edition = 0;
};

// One cell of an input row, to write it back out.
struct EMBARGO_API input_field {
    std::string_view name;  // the column header or JSON key, as written
    std::string_view text;  // the cell; JSON strings unescaped, null empty
    // False for a JSON number, boolean or null, which JSON output writes
    // back bare; true for a JSON string or a CSV cell.
    bool quoted = true;
};

enum class row_status : std::uint8_t {
    record,  // record() and fields() hold the row
    error,   // diagnostics() says why; fields() holds the cells if they could be split
    end,     // no more rows (or start() failed)
};

class EMBARGO_API record_reader {
public:
    // `rules` must outlive the reader: facts are checked against its regime.
    record_reader(std::istream& in, const rule_set& rules, reader_options options = {});
    ~record_reader();
    record_reader(const record_reader&) = delete;
    record_reader& operator=(const record_reader&) = delete;

    // Reads the CSV header and maps its columns. False when the file cannot
    // be judged at all, with diagnostics() saying why: no header
    // (`record.no-header`), a column the mapping needs is missing
    // (`record.missing-column`), two columns mean the same field
    // (`record.duplicate-column`), a column is one slip from a field or fact
    // (`record.unknown-column`), or the header line itself is malformed
    // (`csv.*`). Warnings (`record.unread-column`) come with a true result.
    // JSON Lines have no header: start() returns true. next() calls start()
    // when the caller has not.
    bool start();

    // Reads the next row. Row errors, each with file:line:col and a stable
    // id: `csv.*` / `jsonl.syntax`, `jsonl.not-object`, `jsonl.nested`,
    // `jsonl.duplicate-key`, `jsonl.line-too-long`, `jsonl.too-many-fields`,
    // `record.unknown-column` (a key one slip from a field or fact);
    // `csv.field-count` (not as many cells as the header); `hs.*` and
    // `record.unknown-code` (a code in no HS edition the rules ship,
    // Comtrade's 99 included); `date.*`, `period.syntax`;
    // `record.missing-field` (an empty hs_code, exporter, importer, date,
    // reporter, partner or flow); `record.bad-country`; `record.bad-flow`;
    // `record.bad-number` (not a finite decimal number);
    // `record.bad-quantity` (a negative quantity or value, or a quantity
    // without a unit or the reverse); `record.unknown-unit`;
    // `record.bad-fact` (a fact that does not read as its declared type or
    // values). diagnostics() may also hold warnings on a `record` row (a
    // JSON key seen for the first time that is not a fact).
    row_status next();

    // The last row read, checked by the reader's rule set, when next()
    // returned row_status::record (std::logic_error after an error row). The
    // record is reused from row to row: copy it to keep it. Its `facts` hold
    // one entry per fact column, empty where the cell was empty (a missing
    // fact, as the engine reads it).
    const checked_record& record() const;
    // The row's cells in input order; valid until the next call to next().
    std::span<const input_field> fields() const noexcept;
    // CSV: the row's bytes as read, quotes and all, without its line
    // terminator, so that a writer can copy the cells instead of quoting
    // each again; empty for JSON Lines. Valid as fields().
    std::string_view text() const noexcept;
    int line() const noexcept;  // where the last row starts (1-based)
    // What the last call to start() or next() found.
    const std::vector<diagnostic>& diagnostics() const noexcept;

    // CSV: the header as written. JSON Lines: every key seen so far, in the
    // order first seen.
    const std::vector<std::string>& columns() const noexcept;
    // The profile the rows are read in (given or recognised), once start()
    // has read the header; nullptr: embargo's own columns.
    const input_profile* profile() const noexcept;
    // Bytes consumed from the stream so far (for progress reports).
    std::uint64_t bytes_read() const noexcept;

private:
    friend class detail::csv_chunk_reader;  // the same reader, fed in pieces
    struct impl;
    std::unique_ptr<impl> impl_;
};

// One record from named cells, as a CSV row under a header of these names
// would give it (`embargo check --hs 2701 --exporter KP ...`). Unlike a file
// column, a name that is neither a field nor a fact of the regime is an
// error (`record.unknown-fact`): whoever typed it meant it to count.
// Diagnostics have no file or line; `where.column` is the index of the
// offending field plus one. Facts not given are left out of the record.
EMBARGO_API result<checked_record> record_from_fields(std::span<const input_field> fields,
                                                      const rule_set& rules);

}  // namespace embargo
