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
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

#include "io/csv.hpp"
#include "support/process.hpp"

namespace fs = std::filesystem;

namespace {

const std::string source_dir = EMBARGO_SOURCE_DIR;

using embargo::testing::read_file;
using embargo::testing::temp_dir;
using embargo::testing::write_file;

// Starts the command with stdout and stderr sent to files; returns its pid.
pid_t spawn(const std::vector<std::string>& args, const std::string& out_file,
            const std::string& err_file) {
    return embargo::testing::spawn_process(EMBARGO_CLI, args, out_file, err_file);
}

using run_result = embargo::testing::process_result;

run_result run(const std::vector<std::string>& args) {
    return embargo::testing::run_process(EMBARGO_CLI, args);
}

// Runs the command with `input` written to its standard input through a
// pipe (which cannot be read twice), and `env` added to the environment.
run_result run_with_input(const std::vector<std::string>& args, const std::string& input,
                          const std::vector<std::string>& env = {}) {
    temp_dir io;
    int pipe_fds[2];
    // Close-on-exec, so that the child holds no copy of the write end (it
    // would never see the end of its input); its standard input is a dup.
    REQUIRE(::pipe2(pipe_fds, O_CLOEXEC) == 0);
    const std::string out_file = io / "out", err_file = io / "err";
    const pid_t pid =
        embargo::testing::spawn_process(EMBARGO_CLI, args, out_file, err_file, pipe_fds[0], env);
    ::close(pipe_fds[0]);
    // The child's output goes to files, so it never blocks on us: write it
    // all, then close so that it sees the end of its input.
    const char* p = input.data();
    std::size_t left = input.size();
    while (left > 0) {
        const ssize_t n = ::write(pipe_fds[1], p, left);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    ::close(pipe_fds[1]);
    run_result r;
    r.code = embargo::testing::wait_process(pid);
    r.out = read_file(out_file);
    r.err = read_file(err_file);
    return r;
}

// Screened CSV rows by id: verdict, measures and reason.
std::map<std::string, std::vector<std::string>> verdicts_by_id(const std::string& csv) {
    embargo::detail::csv_reader reader(csv);
    std::map<std::string, std::vector<std::string>> out;
    if (reader.next() != embargo::detail::csv_status::record) return out;
    std::map<std::string, std::size_t> col;
    for (std::size_t i = 0; i < reader.record().size(); ++i)
        col[std::string(reader.record()[i])] = i;
    while (reader.next() == embargo::detail::csv_status::record) {
        const auto& rec = reader.record();
        out[std::string(rec[col.at("id")])] = {std::string(rec[col.at("verdict")]),
                                               std::string(rec[col.at("measures")]),
                                               std::string(rec[col.at("reason")])};
    }
    return out;
}

std::size_t occurrences(const std::string& text, const std::string& what) {
    std::size_t n = 0;
    for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + 1)) ++n;
    return n;
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
    CHECK(strays(dir.path(), {"out.csv"}).empty());
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
    CHECK(strays(dir.path(), {"out.csv"}).empty());
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
    CHECK(strays(dir.path(), {"out.csv"}).empty());
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
    const bool writing = wait_for_temp_output(dir.path(), "out.csv", pid);
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
    for (const auto& name : strays(dir.path(), {"out.csv", "large.csv", "stdout", "stderr"}))
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
    const bool writing = wait_for_temp_output(dir.path(), "out.csv", pid);
    if (writing) ::kill(pid, SIGTERM);
    int status = 0;
    ::waitpid(pid, &status, 0);
    REQUIRE_MESSAGE(
        writing,
        "the command ended before it had written its temporary file; make the input larger");
    CHECK(WIFSIGNALED(status));
    CHECK(WTERMSIG(status) == SIGTERM);
    CHECK(read_file(out) == "old\n");
    CHECK(strays(dir.path(), {"out.csv", "large.csv", "stdout", "stderr"}).empty());
}

TEST_CASE("screen gives every row the same verdict and reason whatever the order of the lines") {
    const auto in_order = run({"screen", source_dir + "/tests/cli/data/refined-2018.csv",
                               "--no-summary", "--fail-on", "none"});
    const auto shuffled = run({"screen", source_dir + "/tests/cli/data/refined-2018-shuffled.csv",
                               "--no-summary", "--fail-on", "none"});
    REQUIRE_MESSAGE(in_order.code == 0, in_order.err);
    REQUIRE_MESSAGE(shuffled.code == 0, shuffled.err);
    const auto a = verdicts_by_id(in_order.out);
    const auto b = verdicts_by_id(shuffled.out);
    REQUIRE(a.size() == 14);
    REQUIRE(b.size() == a.size());
    for (const auto& entry : a) {  // no structured binding: clang 14 cannot capture one
        const auto& id = entry.first;
        const auto& row = entry.second;
        CAPTURE(id);
        REQUIRE(b.count(id) == 1);
        CHECK(b.at(id) == row);
    }
    // September takes the refined-petroleum total to 96 %; October crosses
    // 500,000 bbl, and every row after it in 2018 is prohibited.
    CHECK(a.at("P09")[0] == "capped");
    CHECK(a.at("P10")[0] == "prohibited");
    CHECK(
        a.at("P10")[2].find("cap 2397/OP5-cap exhausted: 504,941.62 of 500,000 bbl used in 2018") !=
        std::string::npos);
    CHECK(a.at("P11")[0] == "prohibited");
    CHECK(a.at("P12")[0] == "prohibited");
    CHECK(a.at("P06b")[0] == "indeterminate");  // purpose unknown
    CHECK(a.at("R01")[0] == "unrestricted");
}

TEST_CASE("screen copies plain rows as read and quotes only the cells that need it") {
    // Rows without a quote or a carriage return are copied whole; the others
    // are written cell by cell: a quoted cell loses quotes it does not need,
    // a bare quote inside a cell gets them, and CRLF line ends become LF.
    const std::string input =
        "id,hs_code,exporter,importer,date,note\r\n"
        "A1,100630,CN,KP,2018-03,plain\r\n"
        "\"A2\",100630,CN,KP,2018-03,\"quoted, with a comma\"\n"
        "A3,100630,CN,KP,2018-03,\"needless\"\n"
        "A4,100630,CN,KP,2018-03,5\" pipes\n";
    const auto r = run_with_input({"screen", "-", "--no-summary", "--fail-on", "none"}, input);
    REQUIRE_MESSAGE(r.code == 0, r.err);
    const std::string tail = ",unrestricted,,,,\n";
    CHECK(r.out ==
          "id,hs_code,exporter,importer,date,note,verdict,regimes,measures,citations,reason\n"
          "A1,100630,CN,KP,2018-03,plain" +
              tail + "A2,100630,CN,KP,2018-03,\"quoted, with a comma\"" + tail +
              "A3,100630,CN,KP,2018-03,needless" + tail +
              "A4,100630,CN,KP,2018-03,\"5\"\" pipes\"" + tail);
}

TEST_CASE("screen - reads a pipe once, as a file, and leaves no temporary file behind") {
    temp_dir tmp;
    const std::string input = read_file(source_dir + "/tests/cli/data/refined-2018.csv");
    const auto from_file = run({"screen", source_dir + "/tests/cli/data/refined-2018.csv",
                                "--no-summary", "--fail-on", "none"});
    const auto piped = run_with_input({"screen", "-", "--no-summary", "--fail-on", "none"}, input,
                                      {"TMPDIR=" + tmp.path().string()});
    REQUIRE_MESSAGE(piped.code == 0, piped.err);
    CHECK(piped.err.empty());
    CHECK(piped.out == from_file.out);
    CHECK(verdicts_by_id(piped.out).at("P10")[0] == "prohibited");
    CHECK(strays(tmp.path(), {}).empty());
}

TEST_CASE("screen - says so when it cannot hold back rows for the cap ledger") {
    const std::string path = source_dir + "/tests/cli/data/refined-2018.csv";
    const auto check = [](const auto& r) {
        CHECK(r.code == 2);
        CHECK(r.err.find("embargo: screen: cannot hold back the rows from line 3 on (the first "
                         "under a quota) until the cap ledger has read the whole input: cannot "
                         "create a temporary file in /nonexistent/embargo-test") == 0);
        CHECK(r.err.find("the rows written to standard output are incomplete") !=
              std::string::npos);
        // R01 (line 2) comes before the first capped row; nothing after it is written.
        CHECK(r.out.find("\nR01,") != std::string::npos);
        CHECK(r.out.find("\nP01,") == std::string::npos);
    };
    SUBCASE("from a pipe") {
        check(run_with_input({"screen", "-", "--no-summary"}, read_file(path),
                             {"TMPDIR=/nonexistent/embargo-test"}));
    }
    SUBCASE("from a file") {
        check(run_with_input({"screen", path, "--no-summary"}, "",
                             {"TMPDIR=/nonexistent/embargo-test"}));
    }
}

TEST_CASE("screen --threads N writes the same bytes for every N, from a file and from a pipe") {
    // Rows under a quota, unreadable rows and a table of 2022's flows; the
    // library's tests cut chunks inside every kind of row
    // (tests/screen/threaded_screen_test.cpp).
    for (const char* file :
         {"/tests/cli/data/refined-2018.csv", "/tests/cli/data/refined-2018-bad-rows.csv",
          "/tests/cli/data/bad-rows.csv", "/examples/worked-examples.csv"}) {
        const std::string path = source_dir + file;
        CAPTURE(path);
        // Rows on standard output, diagnostics and the summary on standard error.
        const std::vector<std::string> args{"screen", "--no-progress"};
        const auto with = [&](std::vector<std::string> a, const std::string& input,
                              const std::string& threads) {
            a.insert(a.end(), {"--threads", threads});
            return input.empty() ? run(a) : run_with_input(a, input);
        };
        std::vector<std::string> from_file = args;
        from_file.insert(from_file.begin() + 1, path);
        std::vector<std::string> from_pipe = args;
        from_pipe.insert(from_pipe.begin() + 1, "-");
        const std::string input = read_file(path);
        const auto file_one = with(from_file, "", "1");
        const auto pipe_one = with(from_pipe, input, "1");
        REQUIRE_FALSE(file_one.out.empty());
        for (const char* threads : {"2", "3", "8"}) {
            CAPTURE(threads);
            const auto f = with(from_file, "", threads);
            CHECK(f.code == file_one.code);
            CHECK(f.out == file_one.out);
            CHECK(f.err == file_one.err);
            const auto p = with(from_pipe, input, threads);
            CHECK(p.code == pipe_one.code);
            CHECK(p.out == pipe_one.out);
            CHECK(p.err == pipe_one.err);
        }
    }
}

TEST_CASE("screen --threads 0 is refused: it takes 1 or more") {
    const auto r = run({"screen", source_dir + "/tests/cli/data/shipments.csv", "--threads", "0"});
    CHECK(r.code == 2);
    CHECK(r.err.find("--threads") != std::string::npos);
}

TEST_CASE("an unreadable row is reported once with the cap ledger") {
    const std::string path = source_dir + "/tests/cli/data/refined-2018-bad-rows.csv";
    SUBCASE("from a file") {
        const auto r = run({"screen", path});
        CHECK(r.code == 2);
        CHECK(occurrences(r.err, "[date.invalid]") == 1);
        CHECK(occurrences(r.err, "[record.bad-number]") == 1);
        CHECK(r.err.find("rows: 5 read, 3 judged, 2 unreadable") != std::string::npos);
        CHECK(r.err.find("2 of 5 rows could not be read") != std::string::npos);
        CHECK(verdicts_by_id(r.out).at("Q03")[0] == "prohibited");
    }
    SUBCASE("from a pipe") {
        const auto r = run_with_input({"screen", "-"}, read_file(path));
        CHECK(r.code == 2);
        CHECK(occurrences(r.err, "[date.invalid]") == 1);
        CHECK(occurrences(r.err, "[record.bad-number]") == 1);
        CHECK(r.err.find("rows: 5 read, 3 judged, 2 unreadable") != std::string::npos);
    }
}

TEST_CASE("screen -o --caps writes the revised rows to the file and the cap report to stdout") {
    temp_dir dir;
    const std::string out = dir / "out.csv";
    const auto r = run({"screen", source_dir + "/tests/cli/data/refined-2018.csv", "-o", out,
                        "--caps", "--no-summary", "--fail-on", "none"});
    REQUIRE_MESSAGE(r.code == 0, r.err);
    CHECK(r.out.rfind("quota         period            used          cap        %  75 %", 0) == 0);
    CHECK(r.out.find("2397/OP5-cap  2018    515,941.62 bbl  500,000 bbl  103.2 %  2018-08-31  "
                     "2018-09-30  2018-09-30  2018-10-31") != std::string::npos);
    const auto to_stdout = run({"screen", source_dir + "/tests/cli/data/refined-2018.csv",
                                "--no-summary", "--fail-on", "none"});
    CHECK(read_file(out) == to_stdout.out);
    CHECK(strays(dir.path(), {"out.csv"}).empty());
}

TEST_CASE("screen -o leaves the old file when more rows are capped than --max-capped-rows") {
    temp_dir dir;
    const std::string out = dir / "out.csv";
    write_file(out, "old\n");
    const auto r = run({"screen", source_dir + "/tests/cli/data/refined-2018.csv", "-o", out,
                        "--max-capped-rows", "3"});
    CHECK(r.code == 2);
    CHECK(r.err.find("more than 3 rows fall under a quota") != std::string::npos);
    CHECK(r.err.find("[screen.too-many-capped-rows]") != std::string::npos);
    CHECK(r.err.find(out + " was left as it was") != std::string::npos);
    CHECK(read_file(out) == "old\n");
    CHECK(strays(dir.path(), {"out.csv"}).empty());
}

#endif  // EMBARGO_CLI
