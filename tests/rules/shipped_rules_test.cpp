// The shipped UN DPRK rule set: it loads cleanly, every rule test beside it
// passes, and every measure and exemption is covered by one.

#include <doctest/doctest.h>

#include "embargo/relations.hpp"
#include "embargo/rule_tests.hpp"
#include "support/inline_rules.hpp"

using namespace embargo;

namespace {

const std::string dprk_dir = EMBARGO_SOURCE_DIR "/rules/un/dprk";

std::shared_ptr<const rule_set> dprk() {
    static const auto loaded = load_rules(dprk_dir);
    REQUIRE_MESSAGE(loaded.ok(), testing::errors_of(loaded));
    return loaded.rules;
}

}  // namespace

TEST_CASE("the shipped DPRK rule set loads with no errors or warnings") {
    const auto loaded = load_rules(dprk_dir);
    CHECK_MESSAGE(loaded.ok(), testing::errors_of(loaded));
    CHECK_MESSAGE(loaded.diagnostics.empty(), testing::errors_of(loaded));
}

TEST_CASE("every rule test of the DPRK rule set passes and covers every measure and exemption") {
    const auto rules = dprk();
    const auto suite = load_rule_tests(*rules, dprk_dir);
    std::string errors;
    for (const auto& d : suite.diagnostics) errors += format(d) + "\n";
    REQUIRE_MESSAGE(suite.diagnostics.empty(), errors);
    CHECK(suite.tests.size() > 200);
    const auto engine = engine::compile(rules);
    const auto report = run_rule_tests(*engine, suite);
    for (const auto& r : report.results) {
        if (r.passed()) continue;
        std::string why;
        for (const auto& f : r.failures) why += "\n  " + f;
        ADD_FAIL_CHECK_AT(r.test->where.file.c_str(), r.test->where.line, r.test->name << why);
    }
    std::string uncovered;
    for (const auto& m : report.uncovered_measures) uncovered += " measure " + m;
    for (const auto& e : report.uncovered_exemptions) uncovered += " exemption " + e;
    CHECK_MESSAGE(uncovered.empty(), "not covered by any passing rule test:" << uncovered);
}

TEST_CASE("the DPRK relation graph has no cycle and loads instruments in adoption order") {
    const auto rules = dprk();
    std::vector<std::string> order;
    for (auto i : rules->load_order()) order.push_back(rules->instruments()[i].symbol);
    REQUIRE(order.size() == 10);
    CHECK(order.front() == "S/RES/1718(2006)");
    CHECK(order.back() == "S/RES/2397(2017)");
    const auto dot = relation_graph_dot(*rules);
    CHECK(dot.find("digraph") != std::string::npos);
    CHECK(dot.find("replaces") != std::string::npos);
}

TEST_CASE("a superseded DPRK measure ends on its successor's first day") {
    const auto rules = dprk();
    const auto* old = rules->find_measure("2321/OP26");
    REQUIRE(old != nullptr);
    CHECK(old->superseded_by == "2371/OP8");
    CHECK(old->in_force.until == parse_day("2017-08-05").value());
}
