// Every command the README shows prints what the README shows, so that a new
// user who types them sees exactly that.
//
// A README block fenced as ```console holds one or more commands, each on a
// line starting with "$ ", followed by its expected standard output. The
// word `embargo` at the start of a command is the built command; commands
// run through sh from the repository root, so pipes and `2>&1` work.

#ifdef EMBARGO_CLI

#include <array>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

namespace {

struct shown_command {
    int line = 0;
    std::string command;
    std::string expected;
};

std::vector<shown_command> readme_commands() {
    std::ifstream in(EMBARGO_SOURCE_DIR "/README.md");
    std::vector<shown_command> out;
    std::string line;
    bool in_block = false;
    int number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!in_block) {
            in_block = line == "```console";
            continue;
        }
        if (line == "```") {
            in_block = false;
            continue;
        }
        if (line.rfind("$ ", 0) == 0) {
            out.push_back({number, line.substr(2), {}});
        } else if (!out.empty()) {
            out.back().expected += line + "\n";
        }
    }
    return out;
}

// Runs `command` with sh from the repository root; returns its standard output.
std::string run(const std::string& command) {
    std::string runnable = command;
    if (runnable.rfind("embargo ", 0) == 0)
        runnable = std::string("'") + EMBARGO_CLI + "'" + runnable.substr(7);
    const std::string full = "cd '" EMBARGO_SOURCE_DIR "' && unset EMBARGO_RULES && " + runnable;
    std::string out;
    if (FILE* p = popen(full.c_str(), "r")) {
        std::array<char, 4096> buf;
        std::size_t n = 0;
        while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
        pclose(p);
    }
    return out;
}

}  // namespace

TEST_CASE("every command the README shows prints what the README shows") {
    const auto commands = readme_commands();
    REQUIRE_MESSAGE(commands.size() >= 8,
                    "README.md shows too few ```console commands to be a guide");
    for (const auto& c : commands) {
        INFO("README.md:" << c.line << ": $ " << c.command);
        CHECK(run(c.command) == c.expected);
    }
}

#endif
