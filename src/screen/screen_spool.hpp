#pragma once
// Where `embargo screen` keeps its output while the cap ledger decides.
//
// A capped row's verdict depends on rows that may come after it in the
// file, so from the first row the ledger holds back (screen_ledger.cpp) on,
// the pass (screen_pass.hpp) writes each row here instead of to the output, in
// input order: a held row's input columns, then a hole where its verdict
// columns will go. Once the ledger has run, replay() copies the spool to the
// output and fills each hole. The input is read once, from a file or a pipe
// alike.
//
// The summary's values need no spool: they are sums of non-negative cents
// that stop at INT64_MAX (the readers refuse a negative value), which come
// out the same in any order, so a held row's value is added once the ledger
// has given its final verdict, and every other row's at once.
//
// The rows go to an unnamed temporary file in $TMPDIR (else /tmp), unlinked
// as soon as it is created: nothing is left behind however the command
// ends, SIGKILL included. Memory stays flat (one offset per held row, which
// the ledger holds anyway); disk use is the size of the output from the
// first held row on.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "embargo/verdict.hpp"
#include "embargo/writers.hpp"

namespace embargo::detail {

// An unnamed temporary file, written in order, then read back once.
class spool_file {
public:
    spool_file() = default;
    ~spool_file();
    spool_file(const spool_file&) = delete;
    spool_file& operator=(const spool_file&) = delete;

    // Creates the file; false with error() set ("cannot create a temporary
    // file in /tmp: No space left on device").
    bool open();
    bool is_open() const noexcept { return fd_ >= 0; }

    // Bytes to append; call maybe_flush() after appending.
    std::string& buffer() noexcept { return buffer_; }
    void maybe_flush() {
        if (buffer_.size() >= flush_size) flush();
    }
    // Bytes appended so far, flushed or not.
    std::uint64_t size() const noexcept { return written_ + buffer_.size(); }

    // Reads the whole file from its start, `chunk` bytes at a time at most,
    // handing each piece to `take`. False with error() set when a write or
    // read failed.
    bool read_back(const std::function<void(std::string_view)>& take);

    bool failed() const noexcept { return !error_.empty(); }
    const std::string& error() const noexcept { return error_; }

private:
    static constexpr std::size_t flush_size = std::size_t{1} << 20U;
    void flush();

    int fd_ = -1;
    std::string buffer_;
    std::uint64_t written_ = 0;
    std::string error_;
};

class row_spool {
public:
    // Starts spooling at the first held row; false with error() set.
    bool start();
    bool active() const noexcept { return active_; }

    // Where the rows go while active.
    std::string& rows() noexcept { return rows_.buffer(); }
    void hole() { holes_.push_back(rows_.size()); }
    void maybe_flush() { rows_.maybe_flush(); }
    std::size_t holes() const noexcept { return holes_.size(); }

    // Copies the rows to `out`, calling fill(i, out.buffer()) at the i-th hole.
    bool replay_rows(output_buffer& out,
                     const std::function<void(std::size_t, std::string&)>& fill);

    bool failed() const noexcept { return rows_.failed(); }
    const std::string& error() const noexcept { return rows_.error(); }

private:
    bool active_ = false;
    spool_file rows_;
    std::vector<std::uint64_t> holes_;  // offsets into rows_, ascending
};

}  // namespace embargo::detail
