#pragma once
// A program run as a process, for tests of the command: arguments in; exit
// code, standard output and standard error out. Standard input is
// /dev/null and EMBARGO_RULES is removed from the environment, so that a run
// uses exactly the rules its arguments name.

#include <filesystem>
#include <string>
#include <vector>

#include "support/files.hpp"

namespace embargo::testing {

// A fresh directory under the system's temporary directory, removed at the end.
class temp_dir {
public:
    temp_dir();
    ~temp_dir();
    temp_dir(const temp_dir&) = delete;
    temp_dir& operator=(const temp_dir&) = delete;

    const std::filesystem::path& path() const noexcept { return path_; }
    std::string operator/(const std::string& name) const { return (path_ / name).string(); }

private:
    std::filesystem::path path_;
};

struct process_result {
    int code = -1;  // the exit code, or 128 + the signal that ended it
    std::string out;
    std::string err;
};

process_result run_process(const std::string& program, const std::vector<std::string>& args);

}  // namespace embargo::testing
