#pragma once
// A program run as a process, for tests of the command: arguments in; exit
// code, standard output and standard error out. Standard input is
// /dev/null and EMBARGO_RULES is removed from the environment, so that a run
// uses exactly the rules its arguments name.

#include <filesystem>
#include <string>
#include <sys/types.h>
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

// Starts `program` with `args`: standard input from `stdin_fd` (-1:
// /dev/null; the child gets a copy, the caller keeps and closes its own),
// standard output and error to the files named, EMBARGO_RULES removed from
// the environment and `extra_env` ("NAME=VALUE") added. Returns the pid;
// throws std::runtime_error when the program cannot start.
pid_t spawn_process(const std::string& program, const std::vector<std::string>& args,
                    const std::string& out_file, const std::string& err_file, int stdin_fd = -1,
                    const std::vector<std::string>& extra_env = {});

// Waits for the process to end: its exit code, or 128 + the signal that
// ended it.
int wait_process(pid_t pid);

// spawn_process with standard input from /dev/null, then wait_process.
process_result run_process(const std::string& program, const std::vector<std::string>& args);

}  // namespace embargo::testing
