// The screen pipeline through the library (embargo/screen.hpp): a program
// that links embargo::embargo writes, row for row and byte for byte, what
// `embargo screen` writes, with and without the cap ledger, in every output
// format, and its summary is the command's.

#include "embargo/screen.hpp"

#include <fstream>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"
#include "embargo/numbers.hpp"
#include "embargo/rules.hpp"
#include "embargo/writers.hpp"

#include "support/process.hpp"
#include "support/shipped_rules.hpp"

namespace {

const std::string source_dir = EMBARGO_SOURCE_DIR;

using embargo::testing::shipped_engine;

struct screened {
    std::string rows;
    std::string diagnostics;
    embargo::screen_result result;
};

screened screen_file(const std::string& path, embargo::input_format in,
                     embargo::output_format out_format) {
    std::ifstream file(path, std::ios::binary);
    REQUIRE(file);
    screened s;
    // Diagnostics and writer warnings share one stream, as on the command's
    // standard error.
    std::ostringstream rows, warnings;
    {
        embargo::ostream_output out(rows);
        const auto writer = embargo::make_writer(out_format, in, out, warnings);
        embargo::screen_options options;
        options.reader.format = in;
        options.reader.file = path;
        options.on_diagnostic = [&](const embargo::diagnostic& d) {
            warnings << embargo::format(d) << '\n';
        };
        s.result = embargo::screen(file, shipped_engine(), writer.get(), options);
    }
    s.rows = rows.str();
    s.diagnostics = warnings.str();
    return s;
}

}  // namespace

TEST_CASE("the shipped rules have quotas, so screening them runs the cap ledger") {
    CHECK(embargo::has_quotas(shipped_engine()->rules()));
}

TEST_CASE("screen through the library counts rows, errors and verdicts as it reads them") {
    const auto s = screen_file(source_dir + "/tests/cli/data/bad-rows.csv",
                               embargo::input_format::csv, embargo::output_format::csv);
    CHECK(s.result.status == embargo::screen_status::done);
    CHECK(s.result.stats.rows == s.result.stats.judged + s.result.stats.errors);
    CHECK(s.result.stats.errors > 0);
    CHECK_FALSE(s.diagnostics.empty());
}

TEST_CASE("a table without the columns a record needs is unreadable and nothing is judged") {
    const auto s = screen_file(source_dir + "/tests/cli/data/missing-columns.csv",
                               embargo::input_format::csv, embargo::output_format::csv);
    CHECK(s.result.status == embargo::screen_status::unreadable);
    CHECK(s.result.stats.judged == 0);
}

#ifdef EMBARGO_CLI

namespace {
const std::string& rules_dir = embargo::testing::shipped_rules_dir();
}

TEST_CASE("screen through the library writes byte for byte what embargo screen writes") {
    struct input {
        std::string file;
        embargo::input_format format;
    };
    const std::vector<input> inputs{
        {"/examples/worked-examples.csv", embargo::input_format::csv},
        {"/tests/cli/data/shipments.csv", embargo::input_format::csv},
        {"/tests/cli/data/bad-rows.csv", embargo::input_format::csv},
        {"/tests/cli/data/refined-2018.csv",
         embargo::input_format::csv},  // the cap ledger holds rows
        {"/tests/cli/data/refined-2018-shuffled.csv", embargo::input_format::csv},
        {"/tests/cli/data/shipments.jsonl", embargo::input_format::jsonl},
        {"/tests/cli/data/bad-rows.jsonl", embargo::input_format::jsonl},
    };
    for (const auto& in : inputs) {
        for (const auto out : {embargo::output_format::csv, embargo::output_format::jsonl,
                               embargo::output_format::json}) {
            const std::string path = source_dir + in.file;
            CAPTURE(path);
            CAPTURE(embargo::to_string(out));
            const auto lib = screen_file(path, in.format, out);
            const auto cli = embargo::testing::run_process(
                EMBARGO_CLI,
                {"--rules", rules_dir, "screen", path, "--no-summary", "--no-progress", "--fail-on",
                 "none", "--input-format", std::string(embargo::to_string(in.format)), "--format",
                 std::string(embargo::to_string(out))});
            CHECK(lib.rows == cli.out);
            // The command's standard error is the reader's diagnostics (and
            // writer warnings), then its own closing line on unreadable rows.
            CHECK(cli.err.starts_with(lib.diagnostics));
        }
    }
}

TEST_CASE("the library's summary of a screen is the one embargo screen prints") {
    for (const char* file : {"/examples/worked-examples.csv", "/tests/cli/data/refined-2018.csv"}) {
        const std::string path = source_dir + file;
        CAPTURE(path);
        const auto lib = screen_file(path, embargo::input_format::csv, embargo::output_format::csv);
        const auto cli = embargo::testing::run_process(
            EMBARGO_CLI, {"--rules", rules_dir, "screen", path, "--summary", "--no-progress",
                          "--fail-on", "none"});
        CHECK(embargo::format_text(lib.result.stats, shipped_engine()->rules()) == cli.out);
    }
}

#endif

TEST_CASE("value totals are exact cents, the same in any order of counting") {
    const std::int64_t big = embargo::money::max_cents;  // 10^15 USD
    embargo::screen_stats forward;
    embargo::screen_stats backward;
    forward.count_value(embargo::status::prohibited, big);
    for (int i = 0; i < 10; ++i) forward.count_value(embargo::status::prohibited, 1);
    for (int i = 0; i < 10; ++i) backward.count_value(embargo::status::prohibited, 1);
    backward.count_value(embargo::status::prohibited, big);
    // In doubles, 10^15 + 0.01 is 10^15: the cents would vanish one way only.
    const auto p = static_cast<std::size_t>(embargo::status::prohibited);
    CHECK(forward.usd_cents_by_status[p] == big + 10);
    CHECK(backward.usd_cents_by_status[p] == forward.usd_cents_by_status[p]);
    CHECK(embargo::cents_text(forward.usd_cents_by_status[p]) == "1,000,000,000,000,000.1");

    embargo::screen_stats none;
    none.count_value(embargo::status::unrestricted, std::nullopt);
    CHECK(none.unvalued_by_status[0] == 1);
    CHECK(none.usd_cents_by_status[0] == 0);
}

TEST_CASE("a value total stops at the largest count of cents rather than wrap") {
    embargo::screen_stats s;
    for (int i = 0; i < 100; ++i)
        s.count_value(embargo::status::carved_out, embargo::money::max_cents);
    CHECK(s.usd_cents_by_status[static_cast<std::size_t>(embargo::status::carved_out)] ==
          std::numeric_limits<std::int64_t>::max());
}
