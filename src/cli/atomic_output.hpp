#pragma once
// Where a subcommand writes its output: standard output, or a file that is
// replaced only when the run succeeds.
//
// `-o out.csv` writes to a temporary file beside out.csv and renames it over
// out.csv on commit, so that a run that fails (rules that do not load, an
// unreadable input, a full disk) or is killed never leaves a half-written
// file in place of a good one: readers of out.csv see the old file or the
// new one. Uncommitted temporary files are removed on destruction and on
// SIGINT, SIGTERM and SIGHUP; only SIGKILL can leave one behind (named
// `.out.csv.embargo-XXXXXX`, beside the target).
//
// Writes are buffered (1 MiB, embargo::output_buffer) and go straight to
// the file descriptor: the screen command writes a million rows through here.

#include <memory>
#include <string>
#include <string_view>

#include "embargo/writers.hpp"

namespace embargo::cli {

class output_sink final : public output_buffer {
public:
    // "-" or "" is standard output. Otherwise the directory of `path` must
    // exist and `path` must not be a directory. nullptr with `error` set
    // when the file cannot be created.
    static std::unique_ptr<output_sink> open(const std::string& path, std::string& error);

    ~output_sink() override;
    output_sink(const output_sink&) = delete;
    output_sink& operator=(const output_sink&) = delete;

    bool failed() const noexcept { return failed_; }
    const std::string& error() const noexcept { return error_; }
    const std::string& path() const noexcept { return path_; }  // "-" for standard output

    // Flushes and, for a file, syncs it and renames it over the target.
    // False with error() set if any write or the rename failed; the
    // temporary file is then removed and the target left as it was.
    bool commit();
    // Drops the output: the temporary file is removed, the target untouched.
    void discard();
    // Writes what buffer() holds (after a failure: drops it).
    void flush() override;

private:
    output_sink() = default;
    void fail(std::string what);

    std::string path_;       // the target
    std::string temp_path_;  // empty for standard output
    int fd_ = -1;
    bool owns_fd_ = false;
    bool failed_ = false;
    bool done_ = false;
    std::string error_;
};

}  // namespace embargo::cli
