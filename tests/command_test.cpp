// The embargo command run as a process: what golden cases cannot show.
// Every worked example gets its expected verdict through `embargo screen`
// (not through the library), and `screen -o` never leaves a half-written
// file over an existing one: not when the rules fail to load, not when the
// input cannot be read, not when the process is killed midway.

#include <doctest/doctest.h>

#ifdef EMBARGO_CLI

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <spawn.h>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "csv.hpp"

extern char** environ;

namespace fs = std::filesystem;

namespace {

const std::string source_dir = EMBARGO_SOURCE_DIR;

// A fresh directory under the system's temporary directory, removed at the end.
struct temp_dir {
    fs::path path;
    temp_dir() {
        std::string tmpl = (fs::temp_directory_path() / "embargo-command-test-XXXXXX").string();
        REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
        path = tmpl;
    }
    ~temp_dir() {
        std::error_code ec;
        fs::remove_all(path, ec);
    }
    std::string operator/(const std::string& name) const { return (path / name).string(); }
};

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

void write_file(const std::string& path, const std::string& text) {
    std::ofstream out(path, std::ios::binary);
    out << text;
}

// The environment without EMBARGO_RULES, so that runs use the built-in rules.
std::vector<char*> clean_environment() {
    std::vector<char*> env;
    for (char** e = environ; *e != nullptr; ++e)
        if (std::strncmp(*e, "EMBARGO_RULES=", 14) != 0) env.push_back(*e);
    env.push_back(nullptr);
    return env;
}

// Starts the command with stdout and stderr sent to files; returns its pid.
pid_t spawn(const std::vector<std::string>& args, const std::string& out_file,
            const std::string& err_file) {
    std::vector<std::string> argv_strings{EMBARGO_CLI};
    argv_strings.insert(argv_strings.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : argv_strings) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, out_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, err_file.c_str(),
                                     O_WRONLY | O_CREAT | O_TRUNC, 0644);
    auto env = clean_environment();
    pid_t pid = 0;
    const int rc = posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), env.data());
    posix_spawn_file_actions_destroy(&actions);
    REQUIRE_MESSAGE(rc == 0, "cannot start " << EMBARGO_CLI);
    return pid;
}

struct run_result {
    int code = -1;
    std::string out;
    std::string err;
};

run_result run(const std::vector<std::string>& args) {
    temp_dir io;
    const pid_t pid = spawn(args, io / "out", io / "err");
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    run_result r;
    r.code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    r.out = read_file(io / "out");
    r.err = read_file(io / "err");
    return r;
}

// Files in `dir` other than `keep`: left-over temporary files.
std::vector<std::string> strays(const fs::path& dir, const std::vector<std::string>& keep) {
    std::vector<std::string> out;
    for (const auto& e : fs::directory_iterator(dir)) {
        const std::string name = e.path().filename().string();
        if (std::find(keep.begin(), keep.end(), name) == keep.end()) out.push_back(name);
    }
    return out;
}

std::vector<std::string> split(const std::string& s, char sep) {
    std::vector<std::string> out;
    std::string part;
    std::istringstream in(s);
    while (std::getline(in, part, sep)) {
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        while (!part.empty() && part.back() == ' ') part.pop_back();
        if (!part.empty()) out.push_back(part);
    }
    return out;
}

// A large CSV input: `rows` rows of coal, so that screening it takes a while.
void write_large_input(const std::string& path, int rows) {
    std::ofstream out(path, std::ios::binary);
    out << "id,hs_code,exporter,importer,origin,date,quantity,unit,value_usd,port,origin_confirmed,"
           "notified\n";
    for (int i = 0; i < rows; ++i)
        out << "row" << i << ",270112,KP,CN,RU,2018-03," << (i % 1000) + 1
            << ",t,900000,Rajin,true,true\n";
}

// Waits until a temporary file beside `target` has bytes in it; false if
// the process `pid` ended first.
bool wait_for_temp_output(const fs::path& dir, const std::string& target, pid_t pid) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (std::chrono::steady_clock::now() < deadline) {
        for (const auto& e : fs::directory_iterator(dir)) {
            const std::string name = e.path().filename().string();
            std::error_code ec;
            if (name.rfind("." + target + ".embargo-", 0) == 0 && fs::file_size(e.path(), ec) > 0 &&
                !ec)
                return true;
        }
        int status = 0;
        if (::waitpid(pid, &status, WNOHANG) == pid) return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

}  // namespace

TEST_CASE("embargo screen gives every worked example its expected verdict and citation") {
    const auto r = run({"screen", source_dir + "/examples/worked-examples.csv", "--no-summary",
                        "--fail-on", "none"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    embargo::detail::csv_reader reader(r.out);
    REQUIRE(reader.next() == embargo::detail::csv_status::record);
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < reader.record().size(); ++i)
        col[std::string(reader.record()[i])] = i;
    for (const char* name :
         {"id", "expected", "citation", "verdict", "measures", "citations", "reason"})
        REQUIRE_MESSAGE(col.count(name) == 1, "no column " << name);
    int rows = 0;
    while (reader.next() == embargo::detail::csv_status::record) {
        const auto& rec = reader.record();
        ++rows;
        const std::string id(rec[col["id"]]);
        CAPTURE(id);
        CHECK(rec[col["verdict"]] == rec[col["expected"]]);
        const std::string citations(rec[col["citations"]]);
        for (const auto& cited : split(std::string(rec[col["citation"]]), ';')) {
            CAPTURE(cited);
            CHECK(citations.find(cited) != std::string::npos);
        }
        if (rec[col["verdict"]] == "unrestricted")
            CHECK(rec[col["reason"]].empty());
        else
            CHECK_FALSE(rec[col["reason"]].empty());
    }
    CHECK(rows == 34);
}

TEST_CASE("screen -o leaves an existing file unchanged when the rules do not load") {
    temp_dir dir;
    const std::string out = dir / "out.csv";
    write_file(out, "old contents\n");
    const auto r = run({"--rules", source_dir + "/tests/cli/data/rules-broken", "screen",
                        source_dir + "/tests/cli/data/shipments.csv", "-o", out});
    CHECK(r.code == 2);
    CHECK(r.err.find("cannot be loaded") != std::string::npos);
    CHECK(read_file(out) == "old contents\n");
    CHECK(strays(dir.path, {"out.csv"}).empty());
}

TEST_CASE("screen -o leaves an existing file unchanged when the input cannot be read") {
    temp_dir dir;
    const std::string out = dir / "out.csv";
    write_file(out, "old contents\n");
    SUBCASE("a header without the columns the rows need") {
        const auto r =
            run({"screen", source_dir + "/tests/cli/data/missing-columns.csv", "-o", out});
        CHECK(r.code == 2);
        CHECK(r.err.find("[record.missing-column]") != std::string::npos);
        CHECK(r.err.find("was left as it was") != std::string::npos);
    }
    SUBCASE("an input file that does not exist") {
        const auto r = run({"screen", dir / "no-such.csv", "-o", out});
        CHECK(r.code == 2);
        CHECK(r.err == "embargo: screen: cannot read " + (dir / "no-such.csv") +
                           ": No such file or directory\n");
    }
    CHECK(read_file(out) == "old contents\n");
    CHECK(strays(dir.path, {"out.csv"}).empty());
}

TEST_CASE("screen -o replaces the file on success and keeps its permissions") {
    temp_dir dir;
    const std::string out = dir / "out.csv";
    write_file(out, "old contents\n");
    fs::permissions(out, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    const auto r =
        run({"screen", source_dir + "/tests/cli/data/shipments.csv", "-o", out, "--no-summary"});
    CHECK(r.code == 1);  // S2 is prohibited
    CHECK(r.out.empty());
    const std::string written = read_file(out);
    CHECK(written.rfind("id,hs_code,exporter,importer,origin,date,quantity,unit,value_usd,port,",
                        0) == 0);
    CHECK(std::count(written.begin(), written.end(), '\n') == 6);
    CHECK(fs::status(out).permissions() ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
    CHECK(strays(dir.path, {"out.csv"}).empty());
}

TEST_CASE("screen -o with unreadable rows writes every row it judged and exits 2") {
    temp_dir dir;
    const std::string out = dir / "out.csv";
    const auto r =
        run({"screen", source_dir + "/tests/cli/data/bad-rows.csv", "-o", out, "--no-summary"});
    CHECK(r.code == 2);
    const std::string written = read_file(out);
    CHECK(std::count(written.begin(), written.end(), '\n') == 3);  // header, B1, B7
    CHECK(written.find("\nB1,") != std::string::npos);
    CHECK(written.find("\nB7,") != std::string::npos);
    CHECK(r.err.find("6 of 8 rows could not be read") != std::string::npos);
}

TEST_CASE("screen -o into a directory that does not exist is a one-line error") {
    temp_dir dir;
    const auto r = run({"screen", source_dir + "/tests/cli/data/shipments.csv", "-o",
                        dir / "no/such/dir/out.csv"});
    CHECK(r.code == 2);
    CHECK(r.err.find("embargo: screen: cannot create a file in ") == 0);
    CHECK(std::count(r.err.begin(), r.err.end(), '\n') == 1);
}

TEST_CASE("a screen -o killed midway leaves the old out.csv intact") {
    temp_dir dir;
    const std::string input = dir / "large.csv";
    const std::string out = dir / "out.csv";
    write_large_input(input, 400'000);
    const std::string old = "id,verdict\nold,unrestricted\n";
    write_file(out, old);
    const pid_t pid =
        spawn({"screen", input, "-o", out, "--no-summary"}, dir / "stdout", dir / "stderr");
    const bool writing = wait_for_temp_output(dir.path, "out.csv", pid);
    if (writing) ::kill(pid, SIGKILL);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE_MESSAGE(
        writing,
        "the command ended before it had written its temporary file; make the input larger");
    CHECK(WIFSIGNALED(status));
    CHECK(read_file(out) == old);
    // SIGKILL leaves the temporary file behind (nothing can remove it), but
    // never under the target's name.
    for (const auto& name : strays(dir.path, {"out.csv", "large.csv", "stdout", "stderr"}))
        CHECK(name.rfind(".out.csv.embargo-", 0) == 0);
}

TEST_CASE("a screen -o stopped by SIGTERM removes its temporary file and leaves the old out.csv") {
    temp_dir dir;
    const std::string input = dir / "large.csv";
    const std::string out = dir / "out.csv";
    write_large_input(input, 400'000);
    write_file(out, "old\n");
    const pid_t pid =
        spawn({"screen", input, "-o", out, "--no-summary"}, dir / "stdout", dir / "stderr");
    const bool writing = wait_for_temp_output(dir.path, "out.csv", pid);
    if (writing) ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE_MESSAGE(
        writing,
        "the command ended before it had written its temporary file; make the input larger");
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(read_file(out) == "old\n");
    CHECK(strays(dir.path, {"out.csv", "large.csv", "stdout", "stderr"}).empty());
}

#endif  // EMBARGO_CLI
