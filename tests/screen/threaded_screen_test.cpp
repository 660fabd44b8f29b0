// The threaded screen (screen_options::threads): for every number of threads
// and every chunk size, the rows, diagnostics, summary, cap report, HTML report
// and status are the bytes one thread gives. Chunks of a few bytes put a chunk
// boundary inside every kind of row: quoted cells with line breaks, CRLF,
// unreadable rows, rows under a quota. scripts/test runs this file under
// ThreadSanitizer as well.

#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/cap_report.hpp"
#include "embargo/screen.hpp"
#include "embargo/screen_report.hpp"
#include "embargo/writers.hpp"

#include "support/shipped_rules.hpp"

namespace {

const std::string source_dir = EMBARGO_SOURCE_DIR;

struct run_config {
    unsigned threads = 1;
    std::size_t chunk_size = std::size_t{1} << 18U;
    embargo::output_format format = embargo::output_format::csv;
    std::size_t max_line_length = std::size_t{1} << 20U;
    std::uint64_t max_capped_rows = embargo::default_max_capped_rows;
};

// Everything a run shows its user.
struct screened {
    std::string rows;
    std::string diagnostics;  // and progress calls, in the order they came
    std::string summary;
    std::string caps;
    std::string report;  // the HTML report, from the breakdown
    embargo::screen_status status = embargo::screen_status::done;
    int first_held_line = 0;
    std::string problem;

    bool operator==(const screened&) const = default;
};

screened screen_text(const std::string& input, const run_config& c) {
    std::istringstream in(input);
    std::ostringstream rows, warnings;
    screened s;
    embargo::screen_options options;
    options.reader.file = "table.csv";
    options.reader.chunk_size = c.chunk_size;
    options.reader.max_line_length = c.max_line_length;
    options.threads = c.threads;
    options.max_capped_rows = c.max_capped_rows;
    options.breakdown = true;
    embargo::report_context report;
    options.on_diagnostic = [&](const embargo::diagnostic& d) {
        warnings << embargo::format(d) << '\n';
        report.note(d);
    };
    embargo::screener screening(embargo::testing::shipped_engine(), options);
    {
        embargo::ostream_output out(rows);
        const auto writer =
            embargo::make_writer(c.format, embargo::input_format::csv, out, warnings);
        const auto r = screening.run(in, writer.get());
        s.status = r.status;
        s.first_held_line = r.first_held_line;
        if (r.problem) s.problem = embargo::format(*r.problem);
        if (r.status == embargo::screen_status::done) {
            s.summary = embargo::format_text(r.stats, embargo::testing::shipped_rules());
            s.caps = embargo::format_text(embargo::make_cap_report(screening.ledger()));
            s.report = embargo::format_html(r.stats, embargo::testing::shipped_rules(), report);
        }
    }
    s.rows = rows.str();
    s.diagnostics = warnings.str();
    return s;
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

// Checks that every thread count and chunk size gives what one thread with
// the default chunks gives.
void check_same_output(const std::string& input, run_config base = {},
                       const std::vector<std::size_t>& chunks = {1, 7, 64, 4096, 1U << 18U}) {
    base.threads = 1;
    const screened expected = screen_text(input, base);
    for (const unsigned threads : {1U, 2U, 3U, 8U}) {
        for (const std::size_t chunk : chunks) {
            run_config c = base;
            c.threads = threads;
            c.chunk_size = chunk;
            CAPTURE(threads);
            CAPTURE(chunk);
            const screened got = screen_text(input, c);
            CHECK(got.rows == expected.rows);
            CHECK(got.diagnostics == expected.diagnostics);
            CHECK(got.summary == expected.summary);
            CHECK(got.caps == expected.caps);
            CHECK(got.report == expected.report);
            CHECK(got.status == expected.status);
            CHECK(got.first_held_line == expected.first_held_line);
            CHECK(got.problem == expected.problem);
        }
    }
}

const std::string header =
    "id,hs_code,exporter,importer,origin,date,quantity,unit,value_usd,notified,purpose,"
    "designated_party,product\n";

// A table of deliveries under the refined-petroleum cap spread over the
// years and through the file, with coal, rice, unreadable rows and awkward
// CSV among them.
std::string generated_table(std::size_t rows, unsigned seed) {
    std::mt19937 random(seed);
    const auto pick = [&](std::size_t n) {
        return static_cast<std::size_t>(random() % static_cast<unsigned>(n));
    };
    std::string t = header;
    for (std::size_t i = 0; i < rows; ++i) {
        const std::string month = std::to_string(2017 + pick(3)) + "-" +
                                  (pick(2) == 0 ? "0" : "1") + std::to_string(pick(2) + 1);
        const std::string id = "G" + std::to_string(i);
        switch (pick(12)) {
            case 0:
            case 1:
            case 2:
            case 3:
                t += id + ",271019,CN,KP,CN," + month + "," + std::to_string(1000 + pick(90000)) +
                     ",bbl," + std::to_string(80000 + pick(5000000)) + ",true," +
                     (pick(4) == 0 ? "" : "livelihood") + ",false,diesel\n";
                break;
            case 4:
                t += id + ",270111,KP,CN,KP," + month + ",100,t,5000,,,,\n";
                break;
            case 5:  // a quoted id with a line break, an escaped quote and CRLF
                t += "\"" + id + "\nsecond \"\"line\"\"\",100630,CN,KP,CN," + month +
                     ",2000,t,900000,,,,rice\r\n";
                break;
            case 6: {  // unreadable: a bad code, a bad date, a missing cell, an open quote
                const std::size_t k = pick(4);
                if (k == 0) t += id + ",27x1,KP,CN,KP," + month + ",100,t,5000,,,,\n";
                if (k == 1) t += id + ",270111,KP,CN,KP,2018-13,100,t,5000,,,,\n";
                if (k == 2) t += id + ",270111,KP,CN,KP," + month + ",100,t\n";
                if (k == 3) t += id + ",270111,KP,CN,\"KP," + month + ",100,t,5000,,,,\n";
                break;
            }
            case 7:
                t += "\n";  // a blank line
                break;
            default:
                t += id + ",100630,CN,KP,CN," + month + ",2000,t,900000,,,,\n";
        }
    }
    t += "LAST,271019,CN,KP,CN,2018-12,1000,bbl,80000,true,livelihood,false,diesel";  // no newline
    return t;
}

}  // namespace

TEST_CASE("threaded screen gives one thread's output on the golden inputs") {
    for (const char* file :
         {"/examples/worked-examples.csv", "/examples/china-imports-from-dprk-2022.csv",
          "/tests/cli/data/shipments.csv", "/tests/cli/data/bad-rows.csv",
          "/tests/cli/data/refined-2018.csv", "/tests/cli/data/refined-2018-shuffled.csv",
          "/tests/cli/data/refined-2018-bad-rows.csv", "/tests/cli/data/reporter-partner.csv"}) {
        CAPTURE(file);
        const std::string input = read_file(source_dir + file);
        for (const auto format : {embargo::output_format::csv, embargo::output_format::jsonl,
                                  embargo::output_format::json}) {
            CAPTURE(embargo::to_string(format));
            run_config c;
            c.format = format;
            check_same_output(input, c);
        }
    }
}

TEST_CASE("threaded screen gives one thread's output on a generated table with caps") {
    const std::string table = generated_table(3000, 20261202);
    const screened one = screen_text(table, {});
    // The table exercises what it is meant to: the ledger, unreadable rows.
    REQUIRE(one.summary.find("cap ledger:") != std::string::npos);
    REQUIRE(one.diagnostics.find("[csv.") != std::string::npos);
    REQUIRE(one.diagnostics.find("[date.") != std::string::npos);
    check_same_output(table, {}, {13, 1000, 65536});
    SUBCASE("and where it stops at too many capped rows") {
        run_config c;
        c.max_capped_rows = 40;
        const screened stopped = screen_text(table, c);
        REQUIRE(stopped.status == embargo::screen_status::too_many_capped_rows);
        check_same_output(table, c, {13, 1000, 65536});
    }
}

TEST_CASE("threaded screen gives one thread's output on hostile inputs") {
    const std::string row = "P01,271019,CN,KP,CN,2018-01,40000,bbl,3200000,true,livelihood,false,d";
    const std::vector<std::string> inputs{
        "",                                                           // empty
        "\n\n\n",                                                     // blank lines only
        header,                                                       // no rows
        header.substr(0, header.size() - 1),                          // no rows, no line break
        "\xEF\xBB\xBF" + header + row + "\n",                         // a byte-order mark
        header + row,                                                 // no final line break
        header + row + "\r\n" + row + "\r\n",                         // CRLF
        header + row + "\n\"open,quote\n" + row + "\n" + row + "\n",  // never closed
        header + row + "\n" + row + ",\"x\"y\n" + row + "\n",         // a bad quote mid-row
        header +
            "\"P\n\n\n\n\n\n\n\n\n\n02\",271019,CN,KP,CN,2018-02,1,t,1,true,livelihood,false,"
            "\"long\nproduct\nname\"\n" +
            row + "\n",
        "id,hs_code\n1,2701\n",  // unreadable as a whole: columns missing
        "\"id,hs_code\n",        // the header never closes its quote
    };
    for (const auto& input : inputs) {
        CAPTURE(input);
        check_same_output(input, {}, {1, 2, 3, 5, 8, 64, 4096});
    }
    SUBCASE("rows longer than the longest allowed, wherever the chunks are cut") {
        run_config c;
        c.max_line_length = 100;
        const std::string longer = row + ",,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,";
        check_same_output(
            header + row + "\n" + longer + "\n" + row + "\n\"" + longer + "\n" + row + "\n", c,
            {1, 7, 50, 99, 100, 101, 102, 103, 4096});
    }
}

TEST_CASE("threaded screen counts what it judged as one thread does, without a writer") {
    const std::string table = generated_table(500, 7);
    embargo::screen_options options;
    options.breakdown = true;
    const auto count = [&](unsigned threads) {
        options.threads = threads;
        options.reader.chunk_size = 97;
        std::istringstream in(table);
        const auto r = embargo::screen(in, embargo::testing::shipped_engine(), nullptr, options);
        REQUIRE(r.stats.breakdown.has_value());
        return embargo::format_text(r.stats, embargo::testing::shipped_rules()) +
               embargo::format_html(r.stats, embargo::testing::shipped_rules(), {});
    };
    const std::string one = count(1);
    CHECK(one.find("cap ledger:") != std::string::npos);
    for (const unsigned threads : {2U, 3U, 8U}) CHECK(count(threads) == one);
}
