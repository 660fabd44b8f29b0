// The screen report (embargo/screen_report.hpp) and the counts it draws
// from (screen_breakdown): rows and value by year and verdict, flagged rows
// by heading and measure, carved-out rows by exemption, the unreadable rows
// listed; every input cell escaped; the same bytes on any number of threads.

#include "embargo/screen_report.hpp"

#include <fstream>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"
#include "embargo/rules.hpp"
#include "embargo/screen.hpp"

namespace {

const std::string source_dir = EMBARGO_SOURCE_DIR;

// tests/cli/data/report-rules: R1/OP1 bans 2601 and 2701 from 2016-03-02,
// R2/OP2 bans 50 and 2716 from 2017-09-11 unless `hydro` (R2/OP2-hydro).
const std::shared_ptr<const embargo::engine>& report_engine() {
    static const auto judge = [] {
        auto loaded = embargo::load_rules(source_dir + "/tests/cli/data/report-rules");
        REQUIRE(loaded.ok());
        return embargo::engine::compile(*loaded);
    }();
    return judge;
}

const embargo::rule_set& report_rules() {
    return report_engine()->rules();
}

struct reported {
    embargo::screen_result result;
    embargo::report_context context;
    std::string html;
};

reported screen_report(const std::string& table, unsigned threads = 1, bool breakdown = true) {
    reported r;
    std::istringstream in(table);
    embargo::screen_options options;
    options.reader.file = "table.csv";
    options.reader.chunk_size = 64;
    options.threads = threads;
    options.breakdown = breakdown;
    options.on_diagnostic = [&](const embargo::diagnostic& d) { r.context.note(d); };
    r.result = embargo::screen(in, report_engine(), nullptr, options);
    r.context.input = "table.csv";
    r.context.version = "0.0.0-test";
    r.context.rules_origin = "tests/cli/data/report-rules";
    r.html = embargo::format_html(r.result.stats, report_rules(), r.context);
    return r;
}

const std::string header = "id,hs_code,exporter,importer,origin,date,value_usd,hydro\n";

std::uint32_t measure_index(std::string_view id) {
    const embargo::measure* m = report_rules().find_measure(id);
    REQUIRE(m != nullptr);
    return static_cast<std::uint32_t>(m - report_rules().measures().data());
}

std::uint32_t exemption_index(std::string_view id) {
    const embargo::exemption* e = report_rules().find_exemption(id);
    REQUIRE(e != nullptr);
    return static_cast<std::uint32_t>(e - report_rules().exemptions().data());
}

embargo::hs_code code(std::string_view text) {
    return embargo::hs_code::parse(text).value();
}

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    REQUIRE(f);
    return {std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>()};
}

}  // namespace

TEST_CASE("a row is reported under its heading, or its chapter when it gives only that") {
    CHECK(embargo::report_heading(code("2701.12")) == code("2701"));
    CHECK(embargo::report_heading(code("8803.30.00.10")) == code("8803"));
    CHECK(embargo::report_heading(code("2716")) == code("2716"));
    CHECK(embargo::report_heading(code("27")) == code("27"));
}

TEST_CASE("the breakdown is kept only when the screen is asked for it") {
    const std::string table = header + "A,2601,KP,CN,KP,2018,100,\n";
    CHECK_FALSE(screen_report(table, 1, false).result.stats.breakdown.has_value());
    CHECK(screen_report(table, 1, true).result.stats.breakdown.has_value());
}

TEST_CASE("the breakdown counts rows and value by year, heading, measure and exemption") {
    using embargo::status;
    const std::string table = header +
                              "A,2601,KP,CN,KP,2015,100,\n"        // before the ban: unrestricted
                              "B,2601.11,KP,CN,KP,2018,200.50,\n"  // prohibited under 2601
                              "C,2601,KP,CN,KP,2018-03,,\n"        // prohibited, no value
                              "D,2716,KP,CN,KP,2018,300,true\n"    // carved out
                              "E,2716,KP,CN,KP,2019,400,true\n"    // carved out
                              "F,2716,KP,CN,KP,2019,,true\n"       // carved out, no value
                              "G,27,KP,CN,KP,2019,50,\n"           // two measures, indeterminate
                              "H,27x1,KP,CN,KP,2019,1,\n"          // unreadable
                              "I,2716,KP,CN,KP,2020-13,1,true\n";  // unreadable
    const reported r = screen_report(table);
    const embargo::screen_stats& s = r.result.stats;
    REQUIRE(s.breakdown.has_value());
    const embargo::screen_breakdown& b = *s.breakdown;
    CHECK(s.judged == 7);
    CHECK(s.errors == 2);

    // By year: 2015, 2018 and 2019 (no unreadable row counts).
    REQUIRE(b.by_year.size() == 3);
    const auto year = [&](int y, status v) { return b.by_year.at(y)[static_cast<std::size_t>(v)]; };
    CHECK(year(2015, status::unrestricted) == embargo::screen_tally{1, 0, 10000});
    CHECK(year(2018, status::prohibited) == embargo::screen_tally{2, 1, 20050});
    CHECK(year(2018, status::carved_out) == embargo::screen_tally{1, 0, 30000});
    CHECK(year(2019, status::carved_out) == embargo::screen_tally{2, 1, 40000});
    CHECK(year(2019, status::indeterminate) == embargo::screen_tally{1, 0, 5000});

    // Flagged: 2601 prohibited by R1/OP1; chapter 27 indeterminate by both.
    CHECK(b.flagged.size() == 2);
    CHECK(b.flagged.at({code("2601"), status::prohibited}) == embargo::screen_tally{2, 1, 20050});
    CHECK(b.flagged.at({code("27"), status::indeterminate}) == embargo::screen_tally{1, 0, 5000});
    const std::uint32_t r1 = measure_index("R1/OP1");
    const std::uint32_t r2 = measure_index("R2/OP2");
    CHECK(b.flagged_by_measure.size() == 3);
    CHECK(b.flagged_by_measure.at({code("2601"), r1, status::prohibited}).rows == 2);
    CHECK(b.flagged_by_measure.at({code("27"), r1, status::indeterminate}).rows == 1);
    CHECK(b.flagged_by_measure.at({code("27"), r2, status::indeterminate}).rows == 1);

    // Carved out by R2/OP2-hydro, by heading and year.
    const std::uint32_t hydro = exemption_index("R2/OP2-hydro");
    CHECK(b.exempted.size() == 2);
    CHECK(b.exempted.at({hydro, code("2716"), 2018, status::carved_out}) ==
          embargo::screen_tally{1, 0, 30000});
    CHECK(b.exempted.at({hydro, code("2716"), 2019, status::carved_out}) ==
          embargo::screen_tally{2, 1, 40000});

    // The report says so in its text.
    CHECK(r.html.find("R2/OP2-hydro</code> S/R2 OP2(a)") != std::string::npos);
    CHECK(r.html.find("<code>R1/OP1</code> S/R1 OP1") != std::string::npos);
    CHECK(r.html.find("1 row without a USD value") != std::string::npos);
    CHECK(r.html.find("2 rows could not be read") != std::string::npos);
    CHECK(r.html.find("<code>hs.bad-character</code>") != std::string::npos);
    CHECK(r.html.find("<code>date.invalid</code>") != std::string::npos);
    CHECK(r.html.find("unrestricted is not clearance") != std::string::npos);
    CHECK(r.html.find(report_rules().revision()) != std::string::npos);
}

TEST_CASE("the report lists the first 200 errors and counts the rest") {
    std::string table = header;
    for (int i = 0; i < 250; ++i) table += "X" + std::to_string(i) + ",27x1,KP,CN,KP,2019,1,\n";
    const reported r = screen_report(table);
    CHECK(r.result.stats.errors == 250);
    CHECK(r.context.error_count == 250);
    CHECK(r.context.errors.size() == embargo::report_context::max_listed_errors);
    CHECK(r.html.find("250 rows could not be read") != std::string::npos);
    CHECK(r.html.find("And 50 more.") != std::string::npos);
    // The last one listed is line 201, the 200th row.
    CHECK(r.html.find("<td class=\"num\">201</td>") != std::string::npos);
    CHECK(r.html.find("<td class=\"num\">202</td>") == std::string::npos);
}

TEST_CASE("the report escapes what the input says, in cells, messages and its own name") {
    const std::string table = header + "A,<script>alert(1)</script>,KP,CN,KP,2019,1,\n" +
                              "B,2601,KP,CN,KP,2019,5,\"x\"\n" +
                              "C,\"2601\x01\",KP,CN,KP,2019,1,\n";
    reported r = screen_report(table);
    r.context.input = "<img src=x onerror=alert(1)>&.csv";
    const std::string html = embargo::format_html(r.result.stats, report_rules(), r.context);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("&lt;script&gt;") != std::string::npos);
    CHECK(html.find("&lt;img src=x onerror=alert(1)&gt;&amp;.csv") != std::string::npos);
    // The rules' own text is escaped too (the fixture's not_screened has <no>).
    CHECK(html.find("&lt;no&gt;") != std::string::npos);
    CHECK(html.find('\x01') == std::string::npos);
}

TEST_CASE("the report is the same bytes from run to run and on any number of threads") {
    const std::string table = read_file(source_dir + "/tests/cli/data/report-years.csv");
    const std::string one = screen_report(table).html;
    CHECK(screen_report(table).html == one);
    for (const unsigned threads : {2U, 3U, 8U}) {
        CAPTURE(threads);
        CHECK(screen_report(table, threads).html == one);
    }
}
