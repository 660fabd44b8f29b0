#pragma once
// src/io/ holds the readers of trade records: CSV (this header) and JSON Lines
// (jsonl.hpp) as row sources, their assembly into trade_record values
// (record_readers.cpp, embargo/io.hpp), and records written as YAML in rule
// tests and `embargo check --file` (record_yaml.hpp, embargo/shipments.hpp);
// and their writers: judged rows as CSV, JSON Lines or JSON
// (record_writers.cpp, embargo/writers.hpp).
//
// A small RFC 4180 CSV reader: the HS nomenclature files and, on the hot path
// of `embargo screen`, customs statistics with a million lines.
//
// It is written by hand because it must be fast (one pass, a table lookup per
// byte, no allocation per record once its buffers are warm) and strict in the
// way a compliance tool needs: a record that cannot be read is an error with
// its line and column, never a silently shifted column. Unquoted fields and
// quoted fields without `""` are views into the input; a quoted field with
// escapes is unescaped into a buffer the parser reuses. Fields stay valid
// until the next call that reads a record.
//
// The core, csv_parser, reads one record at a time from a buffer the caller
// owns and says `need_more` when a record runs past the end of a buffer that
// is not the last; csv_reader (one buffer) and csv_stream_reader (an
// std::istream, read in chunks) are thin loops around it.

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"

namespace embargo::detail {

struct csv_options {
    // Bytes in one record, newlines inside quoted fields included, the record
    // terminator excluded (`csv.line-too-long`). Also bounds the memory a
    // stream reader holds.
    std::size_t max_line_length = std::size_t{1} << 20U;
    std::size_t max_fields = 4096;  // fields in one record (`csv.too-many-fields`)
    char delimiter = ',';
    // Lines with nothing on them (often the last line of a file) are skipped
    // rather than read as a record with one empty field.
    bool skip_blank_lines = true;
};

enum class csv_status : std::uint8_t {
    record,     // record() holds the next record (and only after this status)
    end,        // no more records
    error,      // error() says what and where; the next call resumes on the next line
    need_more,  // csv_parser only: the buffer ends inside a record
};

// Line and column (1-based, in bytes) where a field starts.
struct csv_position {
    int line = 0;
    int column = 0;
};

class csv_record {
public:
    std::size_t size() const noexcept { return fields_.size(); }
    bool empty() const noexcept { return fields_.empty(); }
    std::string_view operator[](std::size_t i) const noexcept { return fields_[i]; }
    const std::string_view* begin() const noexcept { return fields_.data(); }
    const std::string_view* end() const noexcept { return fields_.data() + fields_.size(); }

    int line() const noexcept { return line_; }  // where the record starts
    csv_position position(std::size_t i) const noexcept { return positions_[i]; }
    // The record's bytes as the input has them, quotes and all, without its
    // line terminator: a writer that passes input columns through unchanged
    // can copy this instead of re-quoting each field (`embargo screen`).
    std::string_view text() const noexcept { return text_; }

private:
    friend class csv_parser;
    std::vector<std::string_view> fields_;
    std::vector<csv_position> positions_;
    std::string_view text_;
    int line_ = 0;
};

// Error ids: `csv.unbalanced-quote`, `csv.bad-quote`, `csv.line-too-long`,
// `csv.too-many-fields` (and `csv.io` from csv_stream_reader). The error's
// file is left empty for the caller to fill in.
class csv_parser {
public:
    explicit csv_parser(csv_options options = {});

    // Reads the record that starts at `data[pos]`. On `record` and `error`,
    // `pos` moves past what was consumed. On `need_more`, `pos` is unchanged:
    // call again with a buffer that holds data[pos..] followed by more input.
    // `final` says that no input follows `data`.
    csv_status next(std::string_view data, std::size_t& pos, bool final);

    const csv_record& record() const noexcept { return record_; }
    const diagnostic& error() const noexcept { return error_; }
    const csv_options& options() const noexcept { return options_; }

    // Starts over, as at the beginning of a file.
    void reset() noexcept;

    // Where the next call starts, for reading an input handed over in
    // pieces (the threaded screen's chunks): the line there, and whether the
    // parser is skipping to the next line break after an error. resume()
    // sets both, not at the start of a file (no BOM may follow), so that
    // another parser takes over where this one stopped.
    int line() const noexcept { return line_; }
    bool resyncing() const noexcept { return resync_; }
    void resume(int line, bool resync) noexcept;

private:
    // A quoted field with `""`, unescaped into scratch_. Its view is made
    // when the record is complete: scratch_ may move while it grows.
    struct escaped_field {
        std::size_t index = 0;   // in record_
        std::size_t offset = 0;  // into scratch_
        std::size_t size = 0;
    };

    csv_status read_record(std::string_view data, std::size_t& pos, bool final);
    csv_status fail(std::size_t& pos, std::size_t resume, int line, const char* id,
                    csv_position where, std::string message);

    csv_options options_;
    std::array<bool, 256> special_{};  // delimiter, '\n', '\r'
    csv_record record_;
    std::vector<escaped_field> escaped_;
    std::string scratch_;
    diagnostic error_;
    int line_ = 1;          // line number at the position the next call starts from
    bool at_start_ = true;  // a BOM may follow
    bool resync_ = false;   // after an error: skip to the next line
};

// Records of one buffer holding the whole input.
class csv_reader {
public:
    explicit csv_reader(std::string_view data, csv_options options = {})
        : data_(data), parser_(options) {}

    csv_status next() { return parser_.next(data_, pos_, true); }
    const csv_record& record() const noexcept { return parser_.record(); }
    const diagnostic& error() const noexcept { return parser_.error(); }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
    csv_parser parser_;
};

// `csv.io`: the stream failed (its file is left empty for the caller).
diagnostic csv_io_error();

// Records of a stream, read in chunks. Memory stays within about one chunk
// plus the longest record (bounded by max_line_length).
class csv_stream_reader {
public:
    explicit csv_stream_reader(std::istream& in, csv_options options = {},
                               std::size_t chunk_size = std::size_t{1} << 16U);

    csv_status next();
    const csv_record& record() const noexcept { return parser_.record(); }
    const diagnostic& error() const noexcept { return io_failed_ ? io_error_ : parser_.error(); }
    // Bytes taken from the stream so far (progress reports).
    std::uint64_t bytes_read() const noexcept { return bytes_read_; }

private:
    std::istream& in_;
    csv_parser parser_;
    std::size_t chunk_size_;
    std::string buffer_;
    std::size_t pos_ = 0;
    bool eof_ = false;
    bool io_failed_ = false;
    diagnostic io_error_;
    std::uint64_t bytes_read_ = 0;
};

}  // namespace embargo::detail
