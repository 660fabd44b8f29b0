// The shipped UN DPRK rule set: it loads cleanly, every rule test beside it
// passes, and every measure and exemption is covered by one.

#include "support/shipped_rules.hpp"

#include <algorithm>

#include <doctest/doctest.h>

#include "embargo/relations.hpp"
#include "embargo/rule_tests.hpp"

#include "support/checked.hpp"
#include "support/inline_rules.hpp"

using namespace embargo;

namespace {

const std::string& dprk_dir = testing::shipped_rules_dir();

std::shared_ptr<const rule_set> dprk() {
    return testing::shipped_engine()->shared_rules();
}

}  // namespace

TEST_CASE("the shipped DPRK rule set loads with no errors or warnings") {
    const auto loaded = load_rules(dprk_dir);
    CHECK_MESSAGE(loaded.ok(), testing::errors_of(loaded));
    CHECK_MESSAGE(loaded.diagnostics().empty(), testing::errors_of(loaded));
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

// One or more HS2017 subheadings for each of the 22 categories of the EU's
// and UK's luxury list (UK S.I. 2006/3327 Schedule 4, read verbatim; EU
// Regulation 329/2007 Annex III), chosen here apart from the rules' mapping:
// supplied to the DPRK on any day from 2006-10-14, none may come out
// unrestricted (issue: luxury goods are not limited to the annexes).
TEST_CASE(
    "no good of the national luxury lists supplied to the DPRK from 2006-10-14 is unrestricted") {
    const auto rules = dprk();
    const auto e = engine::compile(rules);
    const std::vector<std::pair<int, std::vector<const char*>>> categories{
        {1, {"010121"}},                       // pure-bred horses
        {2, {"160431", "160432"}},             // caviar and substitutes
        {3, {"070959", "200390"}},             // truffles and preparations
        {4, {"220421", "220410", "220830"}},   // wines, sparkling wines, spirits
        {5, {"240210"}},                       // cigars and cigarillos
        {6, {"330300", "330499"}},             // perfumes, cosmetics
        {7, {"420221", "420100"}},             // handbags, saddlery
        {8, {"620412", "430310", "640399"}},   // garments, furs, shoes
        {9, {"570110", "580500"}},             // carpets, tapestries
        {10, {"710239", "711311", "711411"}},  // stones, jewellery, silversmiths' wares
        {11, {"711810"}},                      // coins not legal tender
        {12, {"821591"}},                      // cutlery plated with precious metal
        {13, {"691110", "691200"}},            // tableware
        {14, {"701322"}},                      // lead crystal glassware
        {15, {"851660", "845011"}},            // domestic electronics
        {16, {"852872", "900691"}},            // sound and image apparatus
        {17, {"870323", "890392", "880230"}},  // vehicles, yachts, aircraft
        {18, {"910111", "910221"}},            // watches
        {19, {"920120"}},                      // musical instruments
        {20, {"970110", "970600"}},            // art and antiques
        {21, {"950611", "950631"}},            // skiing, golf
        {22, {"950420", "950430"}},            // billiards, coin-operated games
    };
    for (const char* day : {"2006-10-14", "2011-06-30", "2015-01-10", "2018-07-01", "2023-02-01"}) {
        // Not a structured binding: clang 14 cannot capture one in INFO's lambda.
        for (const auto& entry : categories) {
            const int category = entry.first;
            for (const char* code : entry.second) {
                trade_record r;
                r.code = hs_code::parse(code).value();
                r.exporter = country_code::parse("CN").value();
                r.importer = country_code::parse("KP").value();
                r.period = period::parse(day).value();
                const auto v = e->evaluate(testing::checked(e->rules(), r));
                INFO("category " << category << ", HS " << code << ", " << day);
                CHECK(v.status != status::unrestricted);
            }
        }
    }
}

TEST_CASE("an unrestricted verdict of the DPRK rules comes with what they do not screen for") {
    const auto unscreened = dprk()->not_screened();
    REQUIRE(unscreened.size() >= 4);
    const auto mentions = [&](std::string_view what) {
        return std::any_of(unscreened.begin(), unscreened.end(),
                           [&](const std::string& s) { return s.find(what) != std::string::npos; });
    };
    CHECK(mentions("OP8(a)(ii)"));  // the WMD item lists
    CHECK(mentions("catch-all"));
    CHECK(mentions("designated"));
}

TEST_CASE(
    "every measure and exemption of the DPRK rules records a source, and unverified ones say how "
    "to verify") {
    const auto rules = dprk();
    for (const auto& m : rules->measures()) {
        INFO(m.id);
        CHECK_FALSE(m.sources.empty());
    }
    for (const auto& x : rules->exemptions()) {
        INFO(x.id);
        CHECK_FALSE(x.sources.empty());
        for (const auto& s : x.sources)
            if (s.read == source_reading::unverified) CHECK_FALSE(s.note.empty());
    }
}
