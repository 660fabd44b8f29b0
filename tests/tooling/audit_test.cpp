// The audit's lints: each one found on a small rule set written to break it,
// at the right place, and silent where the rules are right (the shipped DPRK
// rules included).

#include "embargo/audit.hpp"

#include <algorithm>
#include <random>
#include <set>

#include <doctest/doctest.h>

#include "embargo/rule_tests.hpp"

#include "support/inline_rules.hpp"

using namespace embargo;

namespace {

// An instrument file; adopted 2017-08-05 unless the test says otherwise.
std::string instrument_file(const std::string& body, const std::string& symbol = "T/1",
                            const std::string& adopted = "2017-08-05") {
    return "instrument: " + symbol + "\nadopted: " + adopted + "\n" + body;
}

std::shared_ptr<const rule_set> load(
    const std::vector<std::pair<std::string, std::string>>& files) {
    const auto r = testing::load_inline(files);
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    return r.value();
}

std::string listing(const std::vector<diagnostic>& ds) {
    std::string out;
    for (const auto& d : ds) out += format(d) + "\n";
    return out;
}

std::vector<diagnostic> with_id(const std::vector<diagnostic>& ds, std::string_view id) {
    std::vector<diagnostic> out;
    std::copy_if(ds.begin(), ds.end(), std::back_inserter(out),
                 [&](const diagnostic& d) { return d.id == id; });
    return out;
}

// The findings of lint `id` on one instrument file `t/i.yaml`.
std::vector<diagnostic> lint(std::string_view id, const std::string& file) {
    const auto found = audit(*load({{"i.yaml", file}}));
    INFO("all findings:\n" << listing(found));
    return with_id(found, id);
}

void expect_at(const diagnostic& d, std::string_view file, int line, int column) {
    INFO(format(d));
    CHECK(d.where.file == file);
    CHECK(d.where.line == line);
    CHECK(d.where.column == column);
    const audit_check* check = find_audit_check(d.id);
    REQUIRE(check != nullptr);
    CHECK(d.severity == check->severity);
}

const std::string dprk_dir = EMBARGO_SOURCE_DIR "/rules/un/dprk";

}  // namespace

TEST_CASE("every audit check has a unique audit id, a summary and advice") {
    std::set<std::string_view> ids;
    for (const auto& c : audit_checks()) {
        INFO(c.id);
        CHECK(c.id.substr(0, 6) == "audit.");
        CHECK(ids.insert(c.id).second);
        CHECK_FALSE(c.summary.empty());
        CHECK_FALSE(c.help.empty());
        CHECK(find_audit_check(c.id) == &c);
    }
    CHECK(find_audit_check("audit.no-such-check") == nullptr);
}

TEST_CASE("an exemption whose goods miss the measure's is dead, at the exemption") {
    const auto found = lint("audit.dead-exemption", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709"}
exemptions:
  - id: a-x
    citation: T/1 OP1
    carves_out: [a]
    goods: "2710"
)"));
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/i.yaml", 6, 5);
    CHECK(found[0].message.find("\"a-x\" can never apply to measure \"a\"") != std::string::npos);
    CHECK(found[0].message.find("2710") != std::string::npos);
}

TEST_CASE("an exemption that holds only after its measure has ended is dead") {
    const auto found = lint("audit.dead-exemption", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709", until: 2018-01-01}
exemptions:
  - {id: a-x, citation: T/1 OP1, carves_out: [a], from: 2018-01-01}
)"));
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/i.yaml", 6, 5);
    CHECK(found[0].message.find("in force [2017-08-05, 2018-01-01)") != std::string::npos);
}

TEST_CASE("an exemption that reaches a measure only through disputed goods is not dead") {
    const auto found = lint("audit.dead-exemption", instrument_file(R"(measures:
  - id: a
    citation: T/1 OP1
    direction: to-target
    goods: "2709"
    disputed: [{goods: "2710", note: N1}]
exemptions:
  - {id: a-x, citation: T/1 OP1, carves_out: [a], goods: "2710.12"}
  - {id: a-y, citation: T/1 OP1, carves_out: [a], goods: "2711", disputed: [{goods: "2709.00", note: N1}]}
)"));
    CHECK(found.empty());
}

TEST_CASE("a wind-down whose goods miss its measure's is dead, at the wind-down") {
    const auto found = lint("audit.dead-exemption", instrument_file(R"(measures:
  - id: a
    citation: T/1 OP1
    direction: from-target
    goods: "2701"
    wind_down: {last_day: 2017-09-04, when: notified, goods: "2601"}
)"));
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/i.yaml", 8, 16);
    CHECK(found[0].message.find("wind-down \"a/wind-down\"") != std::string::npos);
}

TEST_CASE(
    "a measure or exemption without a citation is reported, a wind-down inherits its measure's") {
    const auto found = lint("audit.no-citation", instrument_file(R"(measures:
  - {id: a, direction: to-target, goods: "2709"}
  - id: b
    citation: T/1 OP2
    direction: to-target
    goods: "2710"
    wind_down: {last_day: 2017-09-04, when: notified}
exemptions:
  - {id: a-x, carves_out: [a], goods: "2709"}
  - {id: b-x, carves_out: [b], citation: "  "}
)"));
    REQUIRE(found.size() == 3);
    expect_at(found[0], "t/i.yaml", 4, 5);
    CHECK(found[0].message.find("measure \"a\"") != std::string::npos);
    expect_at(found[1], "t/i.yaml", 11, 5);
    expect_at(found[2], "t/i.yaml", 12, 5);
    CHECK(found[2].message.find("exemption \"b-x\"") != std::string::npos);
}

TEST_CASE("a measure that starts before its instrument was adopted has contradictory dates") {
    const auto found = lint("audit.contradictory-dates", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709", from: 2017-08-04}
)"));
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/i.yaml", 4, 5);
    CHECK(found[0].message.find("before T/1 was adopted on 2017-08-05") != std::string::npos);
}

TEST_CASE("a successor that starts after its predecessor ended contradicts the supersession") {
    const auto rules = load({{"a.yaml", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709", until: 2017-12-01}
)")},
                             {"b.yaml", instrument_file(R"(measures:
  - {id: b, citation: T/2 OP1, direction: to-target, goods: "2709", supersedes: [a]}
)",
                                                        "T/2", "2018-01-01")}});
    const auto found = with_id(audit(*rules), "audit.contradictory-dates");
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/b.yaml", 4, 5);
    CHECK(found[0].message.find("ended on 2017-12-01") != std::string::npos);
}

TEST_CASE("a successor that starts when its predecessor ends is consistent") {
    const auto rules = load({{"a.yaml", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709", until: 2018-01-01}
)")},
                             {"b.yaml", instrument_file(R"(measures:
  - {id: b, citation: T/2 OP1, direction: to-target, goods: "2709", supersedes: [a]}
)",
                                                        "T/2", "2018-01-01")}});
    CHECK(with_id(audit(*rules), "audit.contradictory-dates").empty());
}

TEST_CASE("a quota that starts after its exemption ends has contradictory dates") {
    const auto found = lint("audit.contradictory-dates", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2710"}
exemptions:
  - id: a-cap
    citation: T/1 OP1
    carves_out: [a]
    until: 2018-01-01
    quota: {limits: [{amount: 10, unit: t}], period: once, start: 2018-01-01}
)"));
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/i.yaml", 6, 5);
    CHECK(found[0].message.find("quota of exemption \"a-cap\"") != std::string::npos);
}

TEST_CASE("two measures citing one paragraph for the same goods with different dates contradict") {
    const auto found = lint("audit.contradictory-dates", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709"}
  - {id: b, citation: T/1 OP1, direction: both, goods: "27", from: 2017-09-01}
  - {id: c, citation: T/1 OP1, direction: from-target, goods: "2709", from: 2017-09-01}
  - {id: d, citation: T/1 OP1, direction: to-target, goods: "2601", from: 2017-09-01}
)"));
    // a-b overlap in goods and direction; a-c differ in direction, a-d in
    // goods; b-c share their dates.
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/i.yaml", 5, 5);
    CHECK(found[0].message.find("\"a\" and \"b\" both cite T/1 OP1") != std::string::npos);
}

TEST_CASE("an exemption of a later resolution without a from carves out retroactively") {
    const std::string earlier = instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709"}
)");
    const auto found = with_id(audit(*load({{"a.yaml", earlier},
                                            {"b.yaml", instrument_file(R"(exemptions:
  - {id: b-x, citation: T/2 OP1, carves_out: [a], when: committee_approval}
)",
                                                                       "T/2", "2017-12-22")}})),
                               "audit.retroactive-exemption");
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/b.yaml", 4, 5);
    CHECK(found[0].message.find("from the start of time") != std::string::npos);
    CHECK(found[0].message.find("`from: 2017-12-22`") != std::string::npos);

    const auto fixed = audit(*load({{"a.yaml", earlier},
                                    {"b.yaml", instrument_file(R"(exemptions:
  - {id: b-x, citation: T/2 OP1, carves_out: [a], when: committee_approval, from: 2017-12-22}
)",
                                                               "T/2", "2017-12-22")}}));
    CHECK(with_id(fixed, "audit.retroactive-exemption").empty());
}

TEST_CASE("an exemption of the measure's own resolution is not retroactive") {
    CHECK(lint("audit.retroactive-exemption", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709", from: 2017-09-01}
exemptions:
  - {id: a-x, citation: T/1 OP1, carves_out: [a], when: committee_approval}
)"))
              .empty());
}

TEST_CASE("a supersession that drops goods, a direction or records is narrowing") {
    const auto rules = load({{"a.yaml", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: both, goods: "2709, 2710"}
  - {id: b, citation: T/1 OP2, direction: to-target, goods: "2711"}
)")},
                             {"b.yaml", instrument_file(R"(measures:
  - {id: a2, citation: T/2 OP1, direction: to-target, goods: "2709", when: notified, supersedes: [a]}
  - {id: b2, citation: T/2 OP2, direction: both, goods: "27", replaces: [b]}
)",
                                                        "T/2", "2018-01-01")}});
    const auto found = with_id(audit(*rules), "audit.narrowing-supersession");
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/b.yaml", 4, 5);
    const auto& m = found[0].message;
    CHECK(m.find("\"a2\" supersedes \"a\"") != std::string::npos);
    CHECK(m.find("goods 2710") != std::string::npos);
    CHECK(m.find("the from-target flows") != std::string::npos);
    CHECK(m.find("records outside `notified`") != std::string::npos);
}

TEST_CASE("an open-ended measure that a later one restates without a relation is reported") {
    const std::string first = instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709", disputed: [{goods: "2710", note: N1}]}
)");
    const auto found = with_id(audit(*load({{"a.yaml", first},
                                            {"b.yaml", instrument_file(R"(measures:
  - {id: b, citation: T/2 OP1, direction: both, goods: "2709, 2710"}
)",
                                                                       "T/2", "2018-01-01")}})),
                               "audit.open-ended-superseded");
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/a.yaml", 4, 5);
    CHECK(found[0].message.find("\"b\" restates it from 2018-01-01") != std::string::npos);

    SUBCASE("silent when the later one supersedes or extends it") {
        for (const char* relation : {"supersedes", "extends"}) {
            const auto related = audit(
                *load({{"a.yaml", first},
                       {"b.yaml",
                        instrument_file(
                            std::string(
                                "measures:\n  - {id: b, citation: T/2 OP1, direction: both, goods: "
                                "\"2709, 2710\", ") +
                                relation + ": [a]}\n",
                            "T/2", "2018-01-01")}}));
            CHECK(with_id(related, "audit.open-ended-superseded").empty());
        }
    }
    SUBCASE("silent when the later one only widens it, as later sanctions do") {
        const auto wider = audit(*load({{"a.yaml", first},
                                        {"b.yaml", instrument_file(R"(measures:
  - {id: b, citation: T/2 OP1, direction: to-target, goods: "27"}
)",
                                                                   "T/2", "2018-01-01")}}));
        CHECK(with_id(wider, "audit.open-ended-superseded").empty());
    }
    SUBCASE("silent when the later one has another condition") {
        const auto narrower = audit(*load({{"a.yaml", first},
                                           {"b.yaml", instrument_file(R"(measures:
  - {id: b, citation: T/2 OP1, direction: to-target, goods: "2709, 2710", when: notified}
)",
                                                                      "T/2", "2018-01-01")}}));
        CHECK(with_id(narrower, "audit.open-ended-superseded").empty());
    }
}

// A nomenclature without the correlation tables: records in other editions
// cannot be translated, which is what edition drift is about.
std::vector<diagnostic> lint_without_correlations(std::string_view id, const std::string& file) {
    auto sources = testing::inline_sources({{"i.yaml", file}});
    std::erase_if(sources, [](const rule_source& s) {
        return s.path.find("_correlation.csv") != std::string::npos;
    });
    const auto r = load_rules(sources, "t");
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    return with_id(audit(*r.value()), id);
}

TEST_CASE(
    "with the correlation tables, a code another edition lacks is no drift: its records are "
    "translated") {
    CHECK(lint("audit.edition-drift", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "8803, 8802"}
)"))
              .empty());
}

TEST_CASE(
    "a code that an edition in force with the rule lacks is edition drift when no table links "
    "them") {
    const auto found =
        lint_without_correlations("audit.edition-drift", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "8803, 8802"}
  - {id: b, citation: T/1 OP2, direction: from-target, goods: "0307.43", from: 2016-03-02, until: 2017-06-01}
  - {id: c, citation: T/1 OP3, direction: from-target, goods: "8803", until: 2021-06-01}
exemptions:
  - {id: a-x, citation: T/1 OP1, carves_out: [a], disputed: [{goods: "8803.30", note: N1}]}
)",
                                                                         "T/1", "2016-03-02"));
    // 8803 is gone from HS2022 (a, and a-x's 8803.30), 0307.43 is new in
    // HS2017 (b, in force under HS2012); c ends before HS2022.
    REQUIRE(found.size() == 3);
    expect_at(found[0], "t/i.yaml", 4, 5);
    CHECK(found[0].message.find(
              "8803, named in the goods of measure \"a\", does not exist in HS2022") !=
          std::string::npos);
    expect_at(found[1], "t/i.yaml", 5, 5);
    CHECK(found[1].message.find("0307.43") != std::string::npos);
    CHECK(found[1].message.find("HS2012, which is in force from 2012-01-01") != std::string::npos);
    expect_at(found[2], "t/i.yaml", 8, 62);
    CHECK(found[2].message.find("8803.30, named in the disputed goods of exemption \"a-x\"") !=
          std::string::npos);
}

TEST_CASE("a declared fact that no condition reads is unused, at its declaration") {
    const auto found = lint("audit.unused-fact", instrument_file(R"(measures:
  - id: a
    citation: T/1 OP1
    direction: to-target
    goods: "2709"
    when: product == "crude"
    wind_down: {last_day: 2017-09-04, when: contract_date < 2017-08-05 and notified}
exemptions:
  - {id: a-x, citation: T/1 OP1, carves_out: [a], when: committee_approval and port == "Rajin"}
)"));
    // Read: product, contract_date, notified, committee_approval, port.
    REQUIRE(found.size() == 1);
    expect_at(found[0], "t/regime.yaml", 11, 3);
    CHECK(found[0].message.find("fact \"purpose\"") != std::string::npos);
}

TEST_CASE("measures and exemptions no passing rule test covers are reported only with coverage") {
    const auto rules = load({{"i.yaml", instrument_file(R"(measures:
  - {id: a, citation: T/1 OP1, direction: to-target, goods: "2709"}
exemptions:
  - {id: a-x, citation: T/1 OP1, carves_out: [a], when: committee_approval}
)")}});
    CHECK(with_id(audit(*rules), "audit.uncovered-measure").empty());
    rule_test_report coverage;
    coverage.uncovered_measures = {"a"};
    coverage.uncovered_exemptions = {"a-x"};
    const auto found = audit(*rules, {&coverage});
    const auto measures = with_id(found, "audit.uncovered-measure");
    const auto exemptions = with_id(found, "audit.uncovered-exemption");
    REQUIRE(measures.size() == 1);
    expect_at(measures[0], "t/i.yaml", 4, 5);
    REQUIRE(exemptions.size() == 1);
    expect_at(exemptions[0], "t/i.yaml", 6, 5);
}

TEST_CASE("audit findings come sorted by file, line and column") {
    const auto found = audit(*load({{"i.yaml", instrument_file(R"(measures:
  - {id: b, direction: to-target, goods: "8803"}
  - {id: a, direction: to-target, goods: "2709", from: 2017-01-01}
)")}}));
    REQUIRE(found.size() > 3);
    CHECK(std::is_sorted(found.begin(), found.end(), [](const diagnostic& x, const diagnostic& y) {
        return std::tie(x.where.file, x.where.line, x.where.column) <
               std::tie(y.where.file, y.where.line, y.where.column);
    }));
}

TEST_CASE("the shipped DPRK rules pass every lint") {
    const auto loaded = load_rules(dprk_dir);
    REQUIRE_MESSAGE(loaded.ok(), testing::errors_of(loaded));
    const auto engine = engine::compile(loaded.value());
    const auto suite = load_rule_tests(*loaded.value(), dprk_dir);
    const auto coverage = run_rule_tests(*engine, suite);
    const auto found = audit(*loaded.value(), {&coverage});
    // Codes HS2022 dropped (8803, 8903.10/.91/.92, N18) are read through the
    // HS2022-HS2017 correlation table, so they are no drift.
    CHECK_MESSAGE(found.empty(), "findings:\n" << listing(found));
}

TEST_CASE("on generated rule sets every finding has a catalogued id, its severity and a place") {
    std::mt19937_64 rng(20260);
    int audited = 0;
    for (int i = 0; i < 60; ++i) {
        const auto sources = testing::generate_rule_set(rng);
        const auto loaded = load_rules(sources, "gen");
        if (!loaded.ok()) continue;
        ++audited;
        for (const auto& d : audit(*loaded.value())) {
            INFO(format(d));
            const audit_check* check = find_audit_check(d.id);
            REQUIRE(check != nullptr);
            CHECK(d.severity == check->severity);
            CHECK(d.where.file.rfind("gen/", 0) == 0);
            CHECK(d.where.line > 0);
            CHECK_FALSE(d.message.empty());
        }
    }
    CHECK(audited > 30);
}

TEST_CASE(
    "a measure or exemption without sources is reported, and one with sources or a wind-down is "
    "not") {
    const auto found = lint("audit.no-source", instrument_file(R"(measures:
  - id: a
    citation: T/1 OP1
    direction: to-target
    goods: "2709"
    wind_down: {last_day: 2017-09-04, when: notified}
  - id: b
    citation: T/1 OP2
    direction: to-target
    goods: "2710"
    sources: [{ref: T/1 OP2, read: verbatim}]
exemptions:
  - id: a-x
    citation: T/1 OP1
    carves_out: [a]
    when: committee_approval
)"));
    REQUIRE(found.size() == 2);
    expect_at(found[0], "t/i.yaml", 4, 5);
    CHECK(found[0].message.find("measure \"a\"") != std::string::npos);
    expect_at(found[1], "t/i.yaml", 15, 5);
    CHECK(found[1].message.find("exemption \"a-x\"") != std::string::npos);
    CHECK(found[0].severity == severity::warning);
}
