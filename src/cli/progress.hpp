#pragma once
// The progress line `embargo screen` draws on standard error for large
// inputs on a terminal: rows, megabytes (of the size when known) and speed,
// redrawn at most every half second; cleared before any other message.

#include <chrono>
#include <cstdint>
#include <iosfwd>

namespace embargo::cli {

class progress_line {
public:
    progress_line(std::ostream* err, bool enabled, std::uint64_t size)
        : err_(err),
          enabled_(enabled && err != nullptr),
          size_(size),
          start_(clock::now()),
          last_(start_) {}
    progress_line(std::ostream& err, bool enabled, std::uint64_t size)
        : progress_line(&err, enabled, size) {}

    void tick(std::uint64_t rows, std::uint64_t bytes);
    void clear();

private:
    using clock = std::chrono::steady_clock;
    static constexpr std::uint64_t threshold = std::uint64_t{8} << 20U;
    std::ostream* err_;
    bool enabled_;
    std::uint64_t size_;
    clock::time_point start_;
    clock::time_point last_;
    bool shown_ = false;
};

}  // namespace embargo::cli
