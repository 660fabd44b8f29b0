#pragma once
// Writing judged records, as `embargo screen` writes them: each input row's
// columns, then `verdict`, `measures`, `citations` and `reason`, as CSV
// (RFC 4180), JSON Lines, or one JSON array. Input columns named like the
// verdict columns are replaced.
//
// Writers append to an output_buffer's string and hand it on once it holds
// 1 MiB, instead of building a JSON document or a stream per row: a million
// rows cost the time of copying their bytes. An output_buffer is the one
// virtual call per MiB (ostream_output writes to a std::ostream; the command
// has its own, which replaces a file only when the run succeeds). A row is
// written in two parts, its input columns and then its verdict columns, so
// that the cap ledger can write the second part of a held row later. JSON
// output is valid UTF-8 whatever the input: bytes that are not UTF-8 become
// U+FFFD. A writer is used by one thread at a time.

#include <array>
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/explain.hpp"
#include "embargo/export.hpp"
#include "embargo/io.hpp"
#include "embargo/verdict.hpp"

namespace embargo {

enum class output_format : std::uint8_t { csv, jsonl, json };

[[nodiscard]] EMBARGO_API std::string_view to_string(output_format f) noexcept;
// `csv`, `jsonl` (also `ndjson`), `json`.
[[nodiscard]] EMBARGO_API std::optional<output_format> parse_output_format(
    std::string_view text) noexcept;

// The columns a writer adds, in this order.
inline constexpr std::array<std::string_view, 5> verdict_columns{"verdict", "regimes", "measures",
                                                                 "citations", "reason"};

// Bytes on their way out: appended to buffer(), handed on by flush().
class EMBARGO_API output_buffer {
public:
    output_buffer() = default;
    virtual ~output_buffer();
    output_buffer(const output_buffer&) = delete;
    output_buffer& operator=(const output_buffer&) = delete;

    void write(std::string_view s) {
        buffer_.append(s);
        maybe_flush();
    }
    void put(char c) {
        buffer_.push_back(c);
        maybe_flush();
    }
    // For writers that append many small pieces: append to buffer(), then
    // call maybe_flush().
    std::string& buffer() noexcept { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() >= flush_size) flush();
    }
    // Hands on what buffer() holds and empties it.
    virtual void flush() = 0;

protected:
    static constexpr std::size_t flush_size = std::size_t{1} << 20U;

private:
    std::string buffer_;
};

// An output_buffer that writes to a stream (flushed on destruction too).
class EMBARGO_API ostream_output final : public output_buffer {
public:
    explicit ostream_output(std::ostream& out) : out_(out) {}
    ~ostream_output() override;
    void flush() override;

private:
    std::ostream& out_;
};

// A row's input as a writer writes it back out.
struct EMBARGO_API input_row {
    std::span<const input_field> fields;
    // CSV input: the row as read (record_reader::text), which a CSV writer
    // copies whole when it holds no quote or CR; empty: the cells are
    // written one by one.
    std::string_view text;
    int line = 0;  // for warnings
};

// Writes judged rows in one output format.
class EMBARGO_API record_writer {
public:
    record_writer() = default;
    virtual ~record_writer();
    record_writer(const record_writer&) = delete;
    record_writer& operator=(const record_writer&) = delete;

    // The input's columns (record_reader::columns): the CSV header, and the
    // columns a CSV writer keeps for JSON Lines input. Writes the header or
    // the opening bracket the first time; later calls do nothing.
    void start(const std::vector<std::string>& columns) {
        if (started_) return;
        started_ = true;
        begin(columns);
    }
    // A whole row into output(), after start().
    void write(const input_row& row, status s, const decided_findings& decided) {
        std::string& b = output().buffer();
        input_part(b, row);
        verdict_part(b, s, decided);
        output().maybe_flush();
    }
    // After the last row: the closing bracket of a JSON array. Flushes
    // nothing; the caller flushes output().
    virtual void end() = 0;

    // A row in two parts appended to `b`: its input columns, then its
    // verdict columns and the row's end.
    virtual void input_part(std::string& b, const input_row& row) = 0;
    virtual void verdict_part(std::string& b, status s, const decided_findings& decided) = 0;
    virtual output_buffer& output() noexcept = 0;

    // After start(): a writer of the same rows for another thread, which
    // appends them only to the strings given to input_part and verdict_part
    // (the threaded screen formats chunks of rows in parallel); its output()
    // is this writer's, not its own to use. nullptr when a row's bytes
    // depend on the rows before it (a JSON array's commas; CSV output of
    // JSON Lines input, whose columns the first row fixes): rows are then
    // written by one thread.
    [[nodiscard]] virtual std::unique_ptr<record_writer> clone_for_rows() const;

protected:
    // Before the first row (or at the end if there is none).
    virtual void begin(const std::vector<std::string>& columns) = 0;
    // For a clone: started as its original was, without writing anything.
    void mark_started() noexcept { started_ = true; }

private:
    bool started_ = false;
};

// A writer of `format` to `out`, for rows read as `input` (CSV input lets a
// CSV writer copy plain rows whole). Warnings (a JSON Lines key the CSV
// columns do not have, once per key) go to `warnings`.
[[nodiscard]] EMBARGO_API std::unique_ptr<record_writer> make_writer(output_format format,
                                                                     input_format input,
                                                                     output_buffer& out,
                                                                     std::ostream& warnings);

}  // namespace embargo
