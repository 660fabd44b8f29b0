// Report formats: the text is what CI logs link from; JSON, JUnit and SARIF
// are read back here with real parsers (nlohmann::json, Boost.PropertyTree's
// XML parser) and checked for the structure their consumers need, SARIF
// against the required properties of the SARIF 2.1.0 specification.

#include <map>
#include <set>
#include <sstream>
#include <utility>

#include <boost/property_tree/ptree.hpp>
#include <boost/property_tree/xml_parser.hpp>
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include "embargo/audit.hpp"
#include "embargo/report.hpp"
#include "embargo/rule_tests.hpp"

#include "support/inline_rules.hpp"

using namespace embargo;
using nlohmann::json;
namespace pt = boost::property_tree;

namespace {

// Built field by field: GCC 12 at -O2 warns falsely (-Wmaybe-uninitialized)
// about a nested source_location in a braced diagnostic.
diagnostic make(std::string id, severity level, std::string file, int line, int column,
                std::string message) {
    diagnostic d;
    d.id = std::move(id);
    d.severity = level;
    d.where.file = std::move(file);
    d.where.line = line;
    d.where.column = column;
    d.message = std::move(message);
    return d;
}

const std::vector<diagnostic> findings{
    make("rules.superseded-twice", severity::warning, "rules/x/a.yaml", 3, 5,
         "\"a\" is superseded twice"),
    make("audit.dead-exemption", severity::error, "rules/x/a.yaml", 12, 5,
         "exemption \"a-x\" can never apply"),
    make("audit.unused-fact", severity::warning, "rules/x/regime.yaml", 9, 3,
         "fact \"port\" is declared but unused"),
    make("audit.no-citation", severity::error, "/abs/dir with space/b.yaml", 4, 0,
         "measure \"b\" has no citation"),
};

report_info info_with(severity fail_on = severity::error) {
    report_info info;
    info.tool_version = "1.2.3";
    info.rules = "rules/x";
    info.fail_on = fail_on;
    return info;
}

std::string audit_report(const std::vector<diagnostic>& ds, report_format f,
                         const report_info& info = info_with()) {
    std::ostringstream out;
    write_audit_report(out, ds, f, info);
    return out.str();
}

pt::ptree parse_xml(const std::string& text) {
    std::istringstream in(text);
    pt::ptree tree;
    pt::read_xml(in, tree);  // throws on malformed XML
    return tree;
}

std::string attribute(const pt::ptree& node, const std::string& name) {
    return node.get<std::string>("<xmlattr>." + name);
}

// The <testsuite> children of <testsuites>, by name.
std::map<std::string, pt::ptree> suites_of(const pt::ptree& doc) {
    std::map<std::string, pt::ptree> out;
    for (const auto& [key, child] : doc.get_child("testsuites"))
        if (key == "testsuite") out.emplace(attribute(child, "name"), child);
    return out;
}

std::vector<pt::ptree> cases_of(const pt::ptree& suite) {
    std::vector<pt::ptree> out;
    for (const auto& [key, child] : suite)
        if (key == "testcase") out.push_back(child);
    return out;
}

// The properties SARIF 2.1.0 requires of a log with one run, and those
// GitHub code scanning needs to place a result on a line.
void check_sarif(const json& log) {
    REQUIRE(log.is_object());
    CHECK(log.at("version") == "2.1.0");
    CHECK(log.at("$schema").get<std::string>().find("sarif-schema-2.1.0.json") !=
          std::string::npos);
    REQUIRE(log.at("runs").is_array());
    REQUIRE(log.at("runs").size() == 1);
    const json& run = log.at("runs")[0];
    const json& driver = run.at("tool").at("driver");
    CHECK(driver.at("name") == "embargo");
    CHECK(driver.at("version") == "1.2.3");
    REQUIRE(driver.at("rules").is_array());
    std::vector<std::string> ids;
    for (const auto& rule : driver.at("rules")) {
        const auto id = rule.at("id").get<std::string>();
        CHECK_FALSE(id.empty());
        CHECK(std::find(ids.begin(), ids.end(), id) == ids.end());
        ids.push_back(id);
        CHECK_FALSE(rule.at("shortDescription").at("text").get<std::string>().empty());
        const auto level = rule.at("defaultConfiguration").at("level").get<std::string>();
        CHECK((level == "error" || level == "warning" || level == "note"));
    }
    for (const auto& c : audit_checks())
        CHECK(std::find(ids.begin(), ids.end(), std::string(c.id)) != ids.end());
    REQUIRE(run.at("results").is_array());
    for (const auto& result : run.at("results")) {
        const auto id = result.at("ruleId").get<std::string>();
        const auto index = result.at("ruleIndex").get<std::size_t>();
        REQUIRE(index < ids.size());
        CHECK(ids[index] == id);
        const auto level = result.at("level").get<std::string>();
        CHECK((level == "error" || level == "warning" || level == "note"));
        CHECK_FALSE(result.at("message").at("text").get<std::string>().empty());
        REQUIRE(result.at("locations").size() == 1);
        const json& physical = result.at("locations")[0].at("physicalLocation");
        CHECK_FALSE(physical.at("artifactLocation").at("uri").get<std::string>().empty());
        const json& region = physical.at("region");
        CHECK(region.at("startLine").get<int>() >= 1);
        if (region.contains("startColumn")) CHECK(region.at("startColumn").get<int>() >= 1);
    }
}

}  // namespace

TEST_CASE("report formats are named text, json, junit and sarif") {
    for (auto f :
         {report_format::text, report_format::json, report_format::junit, report_format::sarif})
        CHECK(parse_report_format(to_string(f)) == f);
    CHECK_FALSE(parse_report_format("xml"));
    CHECK_FALSE(parse_report_format("SARIF"));
}

TEST_CASE("the audit text is one compiler-style line per finding and a summary") {
    const auto text = audit_report(findings, report_format::text);
    CHECK(text ==
          "rules/x/a.yaml:3:5: warning: \"a\" is superseded twice [rules.superseded-twice]\n"
          "rules/x/a.yaml:12:5: error: exemption \"a-x\" can never apply [audit.dead-exemption]\n"
          "rules/x/regime.yaml:9:3: warning: fact \"port\" is declared but unused "
          "[audit.unused-fact]\n"
          "/abs/dir with space/b.yaml:4: error: measure \"b\" has no citation [audit.no-citation]\n"
          "audit of rules/x: 2 errors, 2 warnings\n");
    CHECK(audit_report({}, report_format::text) == "audit of rules/x: no findings\n");
}

TEST_CASE("the audit text prints paths through the caller's display_path") {
    auto info = info_with();
    info.display_path = [](std::string_view f) { return "shown/" + std::string(f); };
    CHECK(audit_report({findings[1]}, report_format::text, info)
              .rfind("shown/rules/x/a.yaml:12:5: error:", 0) == 0);
}

TEST_CASE("the audit JSON parses and carries every finding with its place and the verdict") {
    const json j = json::parse(audit_report(findings, report_format::json));
    CHECK(j.at("tool").at("name") == "embargo");
    CHECK(j.at("rules") == "rules/x");
    CHECK(j.at("rules_loaded") == true);
    CHECK(j.at("summary").at("errors") == 2);
    CHECK(j.at("summary").at("warnings") == 2);
    CHECK(j.at("summary").at("failed") == true);
    REQUIRE(j.at("findings").size() == findings.size());
    const json& f = j.at("findings")[1];
    CHECK(f.at("id") == "audit.dead-exemption");
    CHECK(f.at("severity") == "error");
    CHECK(f.at("file") == "rules/x/a.yaml");
    CHECK(f.at("line") == 12);
    CHECK(f.at("column") == 5);
    CHECK(f.at("message") == "exemption \"a-x\" can never apply");

    const json warnings_only = json::parse(audit_report({findings[0]}, report_format::json));
    CHECK(warnings_only.at("summary").at("failed") == false);
    const json strict =
        json::parse(audit_report({findings[0]}, report_format::json, info_with(severity::warning)));
    CHECK(strict.at("summary").at("failed") == true);
}

TEST_CASE("the audit JUnit parses as XML with one suite per check and failures at the threshold") {
    for (const auto fail_on : {severity::error, severity::warning}) {
        CAPTURE(to_string(fail_on));
        const auto doc =
            parse_xml(audit_report(findings, report_format::junit, info_with(fail_on)));
        const auto suites = suites_of(doc);
        // Every check, and the load id that was found.
        CHECK(suites.size() == audit_checks().size() + 1);
        const auto& top = doc.get_child("testsuites");
        const std::size_t failing = fail_on == severity::warning ? 4 : 2;
        CHECK(attribute(top, "failures") == std::to_string(failing));
        CHECK(attribute(top, "tests") == std::to_string(audit_checks().size() - 3 + 4));

        const auto dead = cases_of(suites.at("audit.dead-exemption"));
        REQUIRE(dead.size() == 1);
        CHECK(attribute(dead[0], "name") == "rules/x/a.yaml:12:5");
        CHECK(attribute(dead[0], "classname") == "audit.dead-exemption");
        CHECK(attribute(dead[0], "file") == "rules/x/a.yaml");
        CHECK(attribute(dead[0], "line") == "12");
        CHECK(dead[0].get<std::string>("failure.<xmlattr>.message") ==
              "exemption \"a-x\" can never apply");

        const auto unused = cases_of(suites.at("audit.unused-fact"));
        REQUIRE(unused.size() == 1);
        CHECK(unused[0].count("failure") == (fail_on == severity::warning ? 1U : 0U));
        if (fail_on == severity::error)
            CHECK(unused[0].get<std::string>("system-out").find("[audit.unused-fact]") !=
                  std::string::npos);

        const auto quiet = cases_of(suites.at("audit.edition-drift"));
        REQUIRE(quiet.size() == 1);
        CHECK(attribute(quiet[0], "name") == "no findings");
        CHECK(quiet[0].count("failure") == 0);
    }
}

TEST_CASE("JUnit escapes markup and replaces what XML cannot carry") {
    const std::string hostile = "a < b & \"c\" 'd' \x01 \xff\nnext";
    const diagnostic d = make("audit.no-citation", severity::error, "a&b.yaml", 1, 1, hostile);
    const auto doc = parse_xml(audit_report({d}, report_format::junit));
    const auto cases = cases_of(suites_of(doc).at("audit.no-citation"));
    REQUIRE(cases.size() == 1);
    CHECK(attribute(cases[0], "file") == "a&b.yaml");
    CHECK(cases[0].get<std::string>("failure.<xmlattr>.message") ==
          "a < b & \"c\" 'd' \xEF\xBF\xBD \xEF\xBF\xBD\nnext");
}

TEST_CASE("the audit SARIF parses and has the structure SARIF 2.1.0 requires") {
    const json log = json::parse(audit_report(findings, report_format::sarif));
    check_sarif(log);
    const json& results = log.at("runs")[0].at("results");
    REQUIRE(results.size() == findings.size());
    const json& dead = results[1];
    CHECK(dead.at("ruleId") == "audit.dead-exemption");
    CHECK(dead.at("level") == "error");
    CHECK(dead.at("message").at("text") == "exemption \"a-x\" can never apply");
    const json& location = dead.at("locations")[0].at("physicalLocation");
    CHECK(location.at("artifactLocation").at("uri") == "rules/x/a.yaml");
    CHECK(location.at("region").at("startLine") == 12);
    CHECK(location.at("region").at("startColumn") == 5);
    // A load id has a rule of its own, with the severity it was found with.
    const json& rules = log.at("runs")[0].at("tool").at("driver").at("rules");
    const json& load = rules[results[0].at("ruleIndex").get<std::size_t>()];
    CHECK(load.at("id") == "rules.superseded-twice");
    CHECK(load.at("defaultConfiguration").at("level") == "warning");
}

TEST_CASE(
    "SARIF artifact locations are URIs: relative stays relative, absolute becomes file, odd bytes "
    "escaped") {
    const json log = json::parse(audit_report(findings, report_format::sarif));
    const json& results = log.at("runs")[0].at("results");
    const json& absolute = results[3].at("locations")[0].at("physicalLocation");
    CHECK(absolute.at("artifactLocation").at("uri") == "file:///abs/dir%20with%20space/b.yaml");
    CHECK(absolute.at("region").at("startLine") == 4);
    CHECK_FALSE(absolute.at("region").contains("startColumn"));  // column unknown
}

TEST_CASE("a finding with no file has no SARIF location and no line in the text") {
    const diagnostic d = make("audit.uncovered-measure", severity::error, "", 0, 0,
                              "measure \"a\" is covered by no test");
    const json log = json::parse(audit_report({d}, report_format::sarif));
    CHECK_FALSE(log.at("runs")[0].at("results")[0].contains("locations"));
    CHECK(audit_report({d}, report_format::text).rfind("error: measure \"a\"", 0) == 0);
}

TEST_CASE("an audit of rules that do not load lists their errors and no lint as passed") {
    const diagnostic load_error =
        make("rules.unknown-key", severity::error, "r/a.yaml", 2, 1, "unknown key \"x\"");
    auto info = info_with();
    info.rules_loaded = false;
    CHECK(audit_report({load_error}, report_format::text, info) ==
          "r/a.yaml:2:1: error: unknown key \"x\" [rules.unknown-key]\n"
          "audit of rules/x: the rules do not load (1 error)\n");
    const auto suites =
        suites_of(parse_xml(audit_report({load_error}, report_format::junit, info)));
    REQUIRE(suites.size() == 1);
    CHECK(suites.begin()->first == "rules.unknown-key");
    const json log = json::parse(audit_report({load_error}, report_format::sarif, info));
    const json& driver = log.at("runs")[0].at("tool").at("driver");
    CHECK(driver.at("rules").back().at("id") == "rules.unknown-key");
    CHECK(log.at("runs")[0].at("results")[0].at("ruleIndex") == audit_checks().size());
}

TEST_CASE("an audit of the shipped DPRK rules writes valid SARIF with its rules and no results") {
    const auto loaded = load_rules(std::string(EMBARGO_SOURCE_DIR "/rules/un/dprk"));
    REQUIRE(loaded.ok());
    const auto found = audit(*loaded.value());
    CHECK(found.empty());
    const auto doc = json::parse(audit_report(found, report_format::sarif));
    check_sarif(doc);
    CHECK(doc["runs"][0]["results"].empty());
    CHECK_FALSE(doc["runs"][0]["tool"]["driver"]["rules"].empty());
}

namespace {

struct test_run {
    std::shared_ptr<const rule_set> rules;
    rule_test_suite suite;
    rule_test_report report;
};

// Measures a (2709) and b (2710), one passing test of a, one failing one,
// and a test file with a load error: b is uncovered.
const test_run& small_run() {
    static const test_run run = [] {
        auto sources = testing::inline_sources({{"i.yaml", R"(instrument: T/1
adopted: 2017-08-05
measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709"}
  - {id: b, citation: T/1 OP2, direction: to-target, goods: "2710"}
)"}});
        sources.push_back({"t/tests/a.yaml", R"(tests:
  - name: crude to the target is prohibited
    record: {hs: "270900", exporter: CN, importer: KP, date: 2018-01}
    expect: {verdict: prohibited, measures: [a]}
  - name: crude to the target is <fine> & well
    record: {hs: "270900", exporter: CN, importer: KP, date: 2018-01}
    expect: {verdict: unrestricted}
)"});
        sources.push_back(
            {"t/tests/b.yaml",
             "tests:\n  - {name: broken, record: {hs: \"2709\"}, expect: {verdict: maybe}}\n"});
        test_run r;
        const auto loaded = load_rules(sources, "t");
        REQUIRE_MESSAGE(loaded.ok(), testing::errors_of(loaded));
        r.rules = loaded.value();
        r.suite = load_rule_tests(*r.rules, sources, "t");
        r.report = run_rule_tests(*engine::compile(r.rules), r.suite);
        return r;
    }();
    return run;
}

std::string test_report(report_format f, bool verbose = false) {
    const auto& run = small_run();
    std::ostringstream out;
    write_test_report(out, *run.rules, run.report, run.suite.diagnostics, f, info_with(), verbose);
    return out.str();
}

}  // namespace

TEST_CASE("the test text names each failing test at its line, the uncovered, and the coverage") {
    REQUIRE(small_run().suite.diagnostics.size() >= 1);
    const auto text = test_report(report_format::text);
    INFO(text);
    CHECK(
        text.find(
            "t/tests/a.yaml:5:5: error: rule test \"crude to the target is <fine> & well\" failed: "
            "expected unrestricted, got prohibited (got prohibited; a prohibited") !=
        std::string::npos);
    CHECK(text.find("[test.failed]\n") != std::string::npos);
    CHECK(text.find("t/i.yaml:5:5: error: measure \"b\" is covered by no passing rule test "
                    "[test.uncovered-measure]\n") != std::string::npos);
    CHECK(text.find("t/tests/b.yaml:2:") != std::string::npos);
    CHECK(text.find("2 rule tests: 1 passed, 1 failed; ") != std::string::npos);
    CHECK(text.find("measures covered: 1/2, exemptions covered: 0/0\n") != std::string::npos);
    CHECK(text.find("pass:") == std::string::npos);
    CHECK(
        test_report(report_format::text, true)
            .find("t/tests/a.yaml:2:5: pass: rule test \"crude to the target is prohibited\"\n") !=
        std::string::npos);
}

TEST_CASE(
    "the test JUnit parses as XML with a testcase per rule test and per measure and exemption") {
    const auto doc = parse_xml(test_report(report_format::junit));
    const auto suites = suites_of(doc);
    REQUIRE(suites.count("t/tests/a.yaml") == 1);
    REQUIRE(suites.count("t/tests/b.yaml") == 1);
    REQUIRE(suites.count("coverage") == 1);
    const auto tests = cases_of(suites.at("t/tests/a.yaml"));
    REQUIRE(tests.size() == 2);
    CHECK(attribute(tests[0], "name") == "crude to the target is prohibited");
    CHECK(tests[0].count("failure") == 0);
    CHECK(attribute(tests[1], "name") == "crude to the target is <fine> & well");
    CHECK(attribute(tests[1], "line") == "5");
    CHECK(tests[1].get<std::string>("failure.<xmlattr>.type") == "test.failed");
    CHECK(tests[1]
              .get<std::string>("failure.<xmlattr>.message")
              .rfind("expected unrestricted, got prohibited", 0) == 0);
    const auto broken = cases_of(suites.at("t/tests/b.yaml"));
    REQUIRE_FALSE(broken.empty());
    CHECK(broken[0].count("error") == 1);
    const auto coverage = cases_of(suites.at("coverage"));
    REQUIRE(coverage.size() == 2);
    CHECK(attribute(coverage[0], "name") == "measure a");
    CHECK(coverage[0].count("failure") == 0);
    CHECK(attribute(coverage[1], "name") == "measure b");
    CHECK(coverage[1].get<std::string>("failure.<xmlattr>.type") == "test.uncovered-measure");
    const auto& top = doc.get_child("testsuites");
    CHECK(attribute(top, "failures") == "2");
    CHECK(attribute(top, "errors") == std::to_string(broken.size()));
    CHECK(attribute(top, "tests") == std::to_string(2 + broken.size() + 2));
}

TEST_CASE("the test report of rules that do not load lists their errors and runs no coverage") {
    const std::vector<diagnostic> errors{
        make("rules.unknown-key", severity::error, "r/a.yaml", 2, 1, "unknown key \"x\"")};
    std::ostringstream text;
    write_test_report(text, errors, report_format::text, info_with());
    CHECK(text.str() ==
          "r/a.yaml:2:1: error: unknown key \"x\" [rules.unknown-key]\n"
          "embargo: the rules in rules/x cannot be loaded (1 error); no rule test was run\n");
    std::ostringstream junit;
    write_test_report(junit, errors, report_format::junit, info_with());
    const auto doc = parse_xml(junit.str());
    const auto suites = suites_of(doc);
    REQUIRE(suites.size() == 1);
    CHECK(suites.count("coverage") == 0);
    const auto cases = cases_of(suites.at("r/a.yaml"));
    REQUIRE(cases.size() == 1);
    CHECK(cases[0].get<std::string>("error.<xmlattr>.type") == "rules.unknown-key");
    CHECK(attribute(doc.get_child("testsuites"), "errors") == "1");
}
