// The hostile-input corpus (tests/hostile/cases.txt) run through the embargo
// command, as a user would meet it: every bad rule file, record and
// shipment file must give its documented error id, exit 2, and never have a
// record judged `unrestricted`; a rule set with any error judges nothing.
// Inputs too large to commit (10 MB lines, 100,000-deep nesting, the billion
// laughs) are generated here. The limits that stop them can be raised with
// --limit, which the last cases check.

#include <doctest/doctest.h>

#ifdef EMBARGO_CLI

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/process.hpp"

namespace fs = std::filesystem;
using embargo::testing::process_result;
using embargo::testing::read_file;
using embargo::testing::run_process;
using embargo::testing::temp_dir;
using embargo::testing::write_file;

namespace {

const std::string source_dir = EMBARGO_SOURCE_DIR;
const std::string hostile_dir = source_dir + "/tests/hostile";

struct hostile_case {
    std::string path;  // relative to tests/hostile; `@` first: generated
    std::string id;
    std::string what;
};

std::vector<hostile_case> read_cases() {
    std::vector<hostile_case> out;
    std::istringstream in(read_file(hostile_dir + "/cases.txt"));
    std::string line;
    while (std::getline(in, line)) {
        if (line.empty() || line[0] == '#') continue;
        std::istringstream fields(line);
        hostile_case c;
        fields >> c.path >> c.id;
        std::getline(fields >> std::ws, c.what);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<hostile_case> cases_under(const std::string& kind) {
    std::vector<hostile_case> out;
    for (auto& c : read_cases()) {
        const std::string path = c.path[0] == '@' ? c.path.substr(1) : c.path;
        if (path.rfind(kind + "/", 0) == 0) out.push_back(c);
    }
    return out;
}

std::string repeat(const std::string& s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

const std::string instrument_head = "instrument: S/RES/9100(2017)\nadopted: 2017-09-11\n";
const std::string csv_header =
    "id,hs_code,exporter,importer,origin,date,quantity,unit,value_usd,port,notified\n";
const std::string csv_row = "R1,2701,KP,CN,RU,2018-03,100,t,5000,Rajin,true\n";

// The text of a generated case.
std::string generate(const std::string& name) {
    if (name == "rules/nested-100000.yaml")
        return instrument_head + "measures: " + std::string(100'000, '[') +
               std::string(100'000, ']') + "\n";
    if (name == "rules/nested-maps-100000.yaml")
        return instrument_head + "title: " + repeat("{a: ", 100'000) + "b" +
               std::string(100'000, '}') + "\n";
    if (name == "rules/billion-laughs.yaml") {
        std::string y = instrument_head +
                        "notes:\n  a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", "
                        "\"lol\", \"lol\", \"lol\"]\n";
        for (char c = 'b'; c <= 'i'; ++c) {
            const char prev = static_cast<char>(c - 1);
            y += std::string("  ") + c + ": &" + c + " [" +
                 repeat(std::string("*") + prev + ", ", 8) + "*" + prev + "]\n";
        }
        return y;
    }
    if (name == "rules/huge.yaml")
        return instrument_head + repeat("# " + std::string(98, 'x') + "\n", 50'000);
    if (name == "rules/many-nodes.yaml")
        return instrument_head +
               "measures:\n  - id: 9100/OP1\n    direction: from-target\n    goods:\n" +
               repeat("      - \"2701\"\n", 250'000);
    if (name == "rules/long-condition.yaml")
        return instrument_head +
               "measures:\n  - id: 9100/OP1\n    direction: from-target\n    goods: \"2701\"\n    "
               "when: \"" +
               repeat("notified and ", 384) + "notified\"\n";
    if (name == "rules/long-selector.yaml")
        return instrument_head +
               "measures:\n  - id: 9100/OP1\n    direction: from-target\n    goods: \"" +
               repeat("2701, ", 11'700) + "2702\"\n";
    if (name == "records/10mb-line.csv")
        return csv_header + "R1," + std::string(10u << 20, 'x') +
               ",KP,CN,RU,2018-03,100,t,5000,Rajin,true\n";
    if (name == "records/10mb-line.jsonl")
        return "{\"id\": \"" + std::string(10u << 20, 'x') +
               "\", \"hs_code\": \"2701\", \"exporter\": \"KP\", \"importer\": \"CN\", \"date\": "
               "\"2018-03\"}\n";
    if (name == "records/many-fields.csv")
        return csv_header + "R1" + std::string(5'000, ',') + "\n";
    if (name == "records/unclosed-quote-2mb.csv")
        return csv_header + "R0,\"2701,KP,CN,RU,2018-03,100,t,5000,Rajin,true\n" +
               repeat(csv_row, 40'000);
    if (name == "shipments/nested-100000.yaml")
        return std::string(100'000, '[') + std::string(100'000, ']') + "\n";
    if (name == "shipments/huge.yaml")
        return "{id: S1, hs: \"2701\", exporter: KP, importer: CN, date: 2018-03}\n" +
               repeat("# " + std::string(98, 'x') + "\n", 50'000);
    FAIL("no generator for " << name);
    return {};
}

// The case's file: in the source tree, or generated into `scratch`.
std::string case_file(const hostile_case& c, const temp_dir& scratch) {
    if (c.path[0] != '@') return hostile_dir + "/" + c.path;
    const std::string name = c.path.substr(1);
    const std::string file = scratch / fs::path(name).filename().string();
    write_file(file, generate(name));
    return file;
}

// A regime directory: the base regime and a valid instrument, the case
// file, and the shipped HS nomenclature linked in as hs/.
std::string rules_dir(const std::string& file, const temp_dir& scratch) {
    const fs::path dir = scratch.path() / "regime";
    fs::create_directories(dir);
    fs::create_directory_symlink(source_dir + "/rules/hs", dir / "hs");
    const std::string name = fs::path(file).filename().string();
    const bool is_regime = name.rfind("regime-", 0) == 0;
    fs::copy_file(is_regime ? file : hostile_dir + "/base/regime.yaml", dir / "regime.yaml");
    fs::copy_file(hostile_dir + "/base/valid.yaml", dir / "valid.yaml");
    if (!is_regime) fs::copy_file(file, dir / ("case-" + name));
    return dir.string();
}

process_result run_embargo(const std::vector<std::string>& args) {
    return run_process(EMBARGO_CLI, args);
}

void check_reported(const hostile_case& c, const process_result& r) {
    INFO("stderr:\n" << r.err.substr(0, 4000));
    CHECK(r.code == 2);
    CHECK_MESSAGE(r.err.find("[" + c.id + "]") != std::string::npos,
                  "no [" << c.id << "] on stderr");
}

// `rows: N read, J judged, E unreadable` from screen's summary: every row
// read is either judged (and written, one JSON line each) or an error.
void check_rows_add_up(const process_result& r, const std::string& written) {
    static const std::regex summary(R"(rows: ([\d,]+) read, ([\d,]+) judged, ([\d,]+) unreadable)");
    std::smatch m;
    if (!std::regex_search(r.err, m, summary)) {
        CHECK(written.empty());  // the header was unreadable: nothing judged
        return;
    }
    const auto number = [](std::string s) {
        std::erase(s, ',');
        return std::stoull(s);
    };
    const auto read = number(m[1]), judged = number(m[2]), unreadable = number(m[3]);
    CHECK(read == judged + unreadable);
    CHECK(unreadable >= 1);
    CHECK(static_cast<std::size_t>(std::count(written.begin(), written.end(), '\n')) == judged);
}

}  // namespace

TEST_CASE("the hostile corpus has at least 40 cases and lists every file it holds") {
    const auto cases = read_cases();
    CHECK(cases.size() >= 40);
    std::set<std::string> listed;
    for (const auto& c : cases) {
        CHECK_MESSAGE(c.id.find('.') != std::string::npos, c.path << ": no error id");
        CHECK_MESSAGE(!c.what.empty(), c.path << ": no description");
        if (c.path[0] != '@') {
            CHECK_MESSAGE(fs::exists(hostile_dir + "/" + c.path), c.path << " does not exist");
            listed.insert(c.path);
        }
    }
    for (const char* kind : {"rules", "records", "shipments"}) {
        for (const auto& e : fs::directory_iterator(hostile_dir + "/" + kind)) {
            const std::string path = std::string(kind) + "/" + e.path().filename().string();
            CHECK_MESSAGE(listed.count(path) == 1, path << " is not in cases.txt");
        }
    }
}

TEST_CASE("every hostile rule file gives its error id and the rule set judges nothing") {
    for (const auto& c : cases_under("rules")) {
        CAPTURE(c.path);
        temp_dir scratch;
        const std::string dir = rules_dir(case_file(c, scratch), scratch);
        const auto r = run_embargo({"--rules", dir, "check", "--hs", "2701", "--exporter", "KP",
                                    "--importer", "CN", "--date", "2018-01", "--format", "json"});
        check_reported(c, r);
        CHECK(r.err.find("nothing was judged") != std::string::npos);
        CHECK(r.out.empty());
    }
}

TEST_CASE("every hostile record gives its error id and no row of it is judged unrestricted") {
    for (const auto& c : cases_under("records")) {
        CAPTURE(c.path);
        temp_dir scratch;
        const std::string file = case_file(c, scratch);
        const std::string out = scratch / "out.jsonl";
        const auto r =
            run_embargo({"screen", file, "-o", out, "--format", "jsonl", "--no-progress"});
        check_reported(c, r);
        const std::string written = read_file(out);
        check_rows_add_up(r, written);
        CHECK(written.find("\"unrestricted\"") == std::string::npos);
    }
}

TEST_CASE("every hostile shipment file gives its error id and no shipment is judged unrestricted") {
    for (const auto& c : cases_under("shipments")) {
        CAPTURE(c.path);
        temp_dir scratch;
        const auto r = run_embargo({"check", "--file", case_file(c, scratch), "--format", "json"});
        check_reported(c, r);
        CHECK(r.out.find("\"unrestricted\"") == std::string::npos);
    }
}

TEST_CASE("a limit raised with --limit lets a large but honest input through") {
    temp_dir scratch;
    SUBCASE("a condition nested 40 deep loads with condition-depth=64") {
        const hostile_case c{"rules/condition-too-deep.yaml", "condition.too-deep", ""};
        const std::string dir = rules_dir(case_file(c, scratch), scratch);
        const std::vector<std::string> check{"check",      "--hs", "2701",   "--exporter", "KP",
                                             "--importer", "CN",   "--date", "2018-01"};
        auto args = check;
        args.insert(args.begin(), {"--rules", dir});
        const auto refused = run_embargo(args);
        CHECK(refused.code == 2);
        CHECK(refused.err.find("--limit condition-depth=N") != std::string::npos);
        args.insert(args.begin(), {"--limit", "condition-depth=64"});
        const auto loaded = run_embargo(args);
        INFO(loaded.err);
        CHECK(loaded.code == 1);  // prohibited: coal from the DPRK under 9999/OP1
        CHECK(loaded.out.find("prohibited") != std::string::npos);
    }
    SUBCASE("a 2 MB row is judged with line-bytes=4M") {
        const std::string file = scratch / "wide.csv";
        write_file(file, csv_header + "R1" + std::string(2u << 20, 'x') +
                             ",2701,KP,CN,KP,2018-03,100,t,5000,Rajin,true\n");
        const auto refused = run_embargo({"screen", file, "--no-summary"});
        CHECK(refused.code == 2);
        CHECK(refused.err.find("[csv.line-too-long]") != std::string::npos);
        const auto judged =
            run_embargo({"screen", file, "--no-summary", "--limit", "line-bytes=4M"});
        INFO(judged.err);
        CHECK(judged.code == 1);
        CHECK(judged.out.find(",prohibited,") != std::string::npos);
    }
    SUBCASE("a shipment file over 4 MiB is read with shipment-file-bytes=8M") {
        const hostile_case c{"@shipments/huge.yaml", "yaml.too-large", ""};
        const std::string file = case_file(c, scratch);
        const auto refused = run_embargo({"check", "--file", file});
        CHECK(refused.code == 2);
        CHECK(refused.err.find("--limit shipment-file-bytes=N") != std::string::npos);
        const auto judged =
            run_embargo({"check", "--file", file, "--limit", "shipment-file-bytes=8M"});
        INFO(judged.err);
        CHECK(judged.code == 1);
    }
}

TEST_CASE(
    "--limit refuses an unknown name, a value that is not a positive number, and a depth the stack "
    "cannot hold") {
    // No structured binding: clang 14 cannot capture one in CAPTURE.
    for (const auto& c : std::vector<std::pair<std::string, std::string>>{
             {"lines=5", "no limit is named \"lines\""},
             {"line-bytes", "expected NAME=VALUE"},
             {"line-bytes=0", "must be a positive whole number"},
             {"line-bytes=-5", "must be a positive whole number"},
             {"line-bytes=5X", "must be a positive whole number"},
             {"condition-depth=100000", "can be at most 256"},
             {"line-bytes=99999999999999999999", "must be a positive whole number"}}) {
        const std::string& arg = c.first;
        const std::string& expected = c.second;
        CAPTURE(arg);
        const auto r = run_embargo({"--limit", arg, "check", "--hs", "2701", "--exporter", "KP",
                                    "--importer", "CN", "--date", "2018"});
        CHECK(r.code == 2);
        CHECK(r.out.empty());
        CHECK_MESSAGE(r.err.find(expected) != std::string::npos, r.err);
    }
}

#endif  // EMBARGO_CLI
