#pragma once
// The input of `embargo screen`: a file, standard input or a pipe
// (`<(zcat trade.csv.gz)`), read once from start to end.
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

private:
    class buffer;
    screen_input();

    std::string name_;  // for messages: the path, or "standard input"
    std::uint64_t size_ = 0;
    std::unique_ptr<buffer> buffer_;
    std::istream stream_;
};

}  // namespace embargo::cli
