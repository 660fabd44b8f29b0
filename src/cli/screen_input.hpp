#pragma once
// The input of `embargo screen`, readable twice.
//
// The cap ledger needs a second pass over the same rows (screen.hpp). A
// regular file is read again from its start through the descriptor opened
// for the first pass, so that a file renamed or replaced meanwhile does not
// change what the second pass reads. Anything else (standard input, a pipe,
// `<(zcat trade.csv.gz)`) can be read only once: when a second pass may be
// needed, every byte the first pass reads is also written to a spool, an
// unnamed temporary file in $TMPDIR (else /tmp) that is unlinked as soon as
// it is created. Nothing is left behind however the command ends, SIGKILL
// included, and the spool costs disk space the size of the input until the
// command exits.
//
// Reads go straight to the descriptor (no stdio buffer in between), so that
// a read error is told apart from the end of the input: the stream's badbit
// is set, and the record readers report it (`csv.io`, `jsonl.io`).

#include <cstdint>
#include <istream>
#include <memory>
#include <string>

namespace embargo::cli {

class screen_input {
public:
    // "-" is standard input. nullptr with `error` set ("cannot read
    // trade.csv: No such file or directory", "... it is a directory").
    static std::unique_ptr<screen_input> open(const std::string& path, std::string& error);

    ~screen_input();
    screen_input(const screen_input&) = delete;
    screen_input& operator=(const screen_input&) = delete;

    std::istream& stream() noexcept { return stream_; }
    // The size in bytes when known (a regular file), else 0.
    std::uint64_t size() const noexcept { return size_; }
    // Why the last read failed (with the stream's badbit set), else empty.
    const std::string& read_error() const noexcept;

    // Keeps what rewind() needs: for an input that cannot seek, starts the
    // spool. Call before the first read.
    void keep_for_rewind();

    // Makes stream() read the input again from its first byte. False with
    // `error` set when that is impossible: open() was not asked to keep it,
    // or the spool could not be written (a full disk).
    bool rewind(std::string& error);

private:
    class buffer;
    screen_input();

    std::string name_;  // for messages: the path, or "standard input"
    std::uint64_t size_ = 0;
    std::unique_ptr<buffer> buffer_;
    std::istream stream_;
};

}  // namespace embargo::cli
