// Loader errors: each id, at its file:line:col, and all of them in one run.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <doctest/doctest.h>

#include "support/inline_rules.hpp"

using namespace embargo;
using testing::load_inline;

namespace {

// The diagnostic with `id`, or a failed check listing what was reported.
const diagnostic* find_error(const rules_result& r, std::string_view id) {
    const auto it = std::find_if(r.diagnostics().begin(), r.diagnostics().end(),
                                 [&](const diagnostic& d) { return d.id == id; });
    return it == r.diagnostics().end() ? nullptr : &*it;
}

void expect_error(const rules_result& r, std::string_view id, std::string_view file, int line,
                  int column) {
    INFO("reported:\n" << testing::errors_of(r));
    CHECK_FALSE(r.ok());
    const diagnostic* d = find_error(r, id);
    REQUIRE(d != nullptr);
    CHECK(d->severity == severity::error);
    CHECK(d->where.file == file);
    CHECK(d->where.line == line);
    CHECK(d->where.column == column);
    CHECK_FALSE(d->message.empty());
}

rules_result load_instrument(const std::string& text) {
    return load_inline({{"i.yaml", text}});
}

const char* const head = "instrument: T/1\nadopted: 2017-08-05\n";

}  // namespace

TEST_CASE("a well-formed inline rule set loads with no diagnostics") {
    const auto r = load_instrument(std::string(head) +
                                   "measures:\n  - {id: a, direction: both, goods: \"27\"}\n");
    CHECK_MESSAGE(r.ok(), testing::errors_of(r));
    CHECK(r.diagnostics().empty());
}

TEST_CASE("an unknown key is an error at the key, listing the allowed keys") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - id: a\n    direction: both\n    goods: \"27\"\n    untill: 2018-01-01\n");
    expect_error(r, "rules.unknown-key", "t/i.yaml", 7, 5);
    CHECK(find_error(r, "rules.unknown-key")->message.find("until") != std::string::npos);
}

TEST_CASE("a duplicate key is an error even though YAML parsers accept it") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - id: a\n    direction: both\n    goods: \"27\"\n    goods: \"28\"\n");
    expect_error(r, "yaml.duplicate-key", "t/i.yaml", 7, 5);
}

TEST_CASE("a missing required key is an error at its map") {
    expect_error(load_instrument(std::string(head) + "measures:\n  - {id: a, goods: \"27\"}\n"),
                 "rules.missing-key", "t/i.yaml", 4, 5);
}

TEST_CASE("a list where a value is expected is a wrong type") {
    expect_error(load_instrument(std::string(head) +
                                 "measures:\n  - {id: a, direction: [both], goods: \"27\"}\n"),
                 "rules.wrong-type", "t/i.yaml", 4, 24);
}

TEST_CASE("a value outside its enumeration is a bad value") {
    expect_error(load_instrument(std::string(head) +
                                 "measures:\n  - {id: a, direction: inbound, goods: \"27\"}\n"),
                 "rules.bad-value", "t/i.yaml", 4, 24);
}

TEST_CASE("a bad date names the day that does not exist") {
    const auto r = load_instrument("instrument: T/1\nadopted: 2017-02-30\n");
    expect_error(r, "date.invalid", "t/i.yaml", 2, 18);  // at the day that does not exist
}

TEST_CASE("a misspelt HS code is caught with its position inside the selector") {
    const auto r = load_instrument(
        std::string(head) + "measures:\n  - {id: a, direction: both, goods: \"2701, 27x1\"}\n");
    expect_error(r, "hs.bad-character", "t/i.yaml", 4, 46);
}

TEST_CASE("a code that does not exist in the regime's HS edition is an error") {
    const auto r = load_instrument(
        std::string(head) + "measures:\n  - {id: a, direction: both, goods: \"2701, 2799\"}\n");
    expect_error(r, "hs.unknown-code", "t/i.yaml", 4, 44);
}

TEST_CASE("a selector syntax error is reported at the spot") {
    const auto r = load_instrument(
        std::string(head) + "measures:\n  - {id: a, direction: both, goods: \"2701 2702\"}\n");
    CHECK_FALSE(r.ok());
    REQUIRE(find_error(r, "selector.syntax") != nullptr);
    CHECK(find_error(r, "selector.syntax")->where.line == 4);
}

TEST_CASE("a condition on an undeclared fact is an error naming the fact") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - {id: a, direction: both, goods: \"27\", when: 'prot == \"Rajin\"'}\n");
    expect_error(r, "condition.unknown-fact", "t/i.yaml", 4, 50);
    CHECK(find_error(r, "condition.unknown-fact")->message.find("prot") != std::string::npos);
}

TEST_CASE("a condition comparing a date with a number is a type error") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - {id: a, direction: both, goods: \"27\", when: 'contract_date < 12'}\n");
    CHECK_FALSE(r.ok());
    CHECK(find_error(r, "condition.type-mismatch") != nullptr);
}

TEST_CASE("a condition naming a value a closed fact cannot take is an error") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - {id: a, direction: both, goods: \"27\", when: 'port == \"Rajn\"'}\n");
    CHECK_FALSE(r.ok());
    CHECK(find_error(r, "condition.unknown-value") != nullptr);
}

TEST_CASE("a duplicate measure id is an error naming the first definition") {
    const auto r = load_instrument(std::string(head) +
                                   "measures:\n  - {id: a, direction: both, goods: \"27\"}\n  - "
                                   "{id: a, direction: both, goods: \"28\"}\n");
    expect_error(r, "rules.duplicate-id", "t/i.yaml", 5, 5);
    CHECK(find_error(r, "rules.duplicate-id")->message.find("t/i.yaml:4") != std::string::npos);
}

TEST_CASE("an exemption carving out of an unknown measure is an error at the reference") {
    const auto r = load_instrument(std::string(head) +
                                   "measures:\n  - {id: a, direction: both, goods: "
                                   "\"27\"}\nexemptions:\n  - {id: e, carves_out: [b]}\n");
    expect_error(r, "rules.unknown-id", "t/i.yaml", 6, 26);
}

TEST_CASE("amending an unknown instrument is an error") {
    expect_error(load_instrument(std::string(head) + "amends: [T/0]\n"), "rules.unknown-instrument",
                 "t/i.yaml", 3, 10);
}

TEST_CASE("citing an undefined interpretation note is an error") {
    expect_error(
        load_instrument(std::string(head) +
                        "measures:\n  - {id: a, direction: both, goods: \"27\", notes: [N99]}\n"),
        "rules.unknown-note", "t/i.yaml", 4, 51);
}

TEST_CASE("a validity that ends before it starts is an error") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - {id: a, direction: both, goods: \"27\", until: 2017-01-01}\n");
    expect_error(r, "rules.bad-validity", "t/i.yaml", 4, 5);
}

TEST_CASE("a wind-down that ends before its measure starts is an error") {
    const auto r = load_instrument(std::string(head) +
                                   "measures:\n  - id: a\n    direction: both\n    goods: \"27\"\n "
                                   "   wind_down: {last_day: 2017-08-01, when: notified}\n");
    expect_error(r, "rules.bad-validity", "t/i.yaml", 7, 27);
}

TEST_CASE("a negative quota amount and a conversion within one dimension are errors") {
    const auto r = load_instrument(std::string(head) + R"(measures:
  - {id: a, direction: both, goods: "27"}
exemptions:
  - id: e
    carves_out: [a]
    quota:
      limits: [{amount: -5, unit: t}]
      period: calendar-year
      start: 2018-01-01
      conversions: [{from: t, to: kg, factor: 1000, source: arithmetic}]
)");
    expect_error(r, "rules.bad-number", "t/i.yaml", 9, 25);
    expect_error(r, "rules.bad-quota", "t/i.yaml", 12, 21);
}

TEST_CASE("a cycle of relations is an error that names the cycle") {
    const auto r = load_instrument(std::string(head) + R"(measures:
  - {id: a, direction: both, goods: "27", from: 2017-08-05, replaces: [b]}
  - {id: b, direction: both, goods: "27", from: 2017-09-05, replaces: [a]}
)");
    CHECK_FALSE(r.ok());
    const auto* d = find_error(r, "rules.cycle");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("a -> b -> a") != std::string::npos);
}

TEST_CASE("a directory without regime.yaml is reported as such") {
    const auto r = load_rules(std::vector<rule_source>{{"t/x.yaml", "instrument: T\n"}}, "t");
    CHECK_FALSE(r.ok());
    CHECK(find_error(r, "rules.no-regime") != nullptr);
}

TEST_CASE("a rules directory that does not exist is an I/O error, not a crash") {
    const auto r = load_rules(std::filesystem::path("/nonexistent/embargo/rules"));
    CHECK_FALSE(r.ok());
    CHECK(find_error(r, "rules.io") != nullptr);
}

TEST_CASE("a regime whose nomenclature cannot be found is reported") {
    std::string regime = testing::standard_regime;
    regime.replace(regime.find("../hs"), 5, "../nowhere");
    const auto r = load_inline({}, regime);
    CHECK_FALSE(r.ok());
    CHECK(find_error(r, "rules.nomenclature") != nullptr);
}

TEST_CASE("an HS edition the nomenclature lacks is reported with the editions it has") {
    std::string regime = testing::standard_regime;
    regime.replace(regime.find("HS2017"), 6, "HS2007");
    const auto r = load_inline({}, regime);
    const auto* d = find_error(r, "rules.unknown-edition");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("HS2022") != std::string::npos);
}

TEST_CASE("declaring a built-in fact or the same fact twice is an error") {
    std::string regime = testing::standard_regime;
    regime.replace(regime.find("notes:"), 6, "  origin: {type: country, meaning: again}\nnotes:");
    expect_error(load_inline({}, regime), "rules.duplicate-id", "t/regime.yaml", 13, 3);
}

TEST_CASE("more facts than the engine's fact mask holds is an error") {
    std::string regime = testing::standard_regime;
    std::string many;
    for (int i = 0; i < 60; ++i)
        many += "  f" + std::to_string(i) + ": {type: boolean, meaning: m}\n";
    regime.replace(regime.find("notes:"), 6, many + "notes:");
    CHECK(find_error(load_inline({}, regime), "rules.too-many-facts") != nullptr);
}

TEST_CASE("loading reports every error it finds, not just the first") {
    const auto r = load_inline(
        {{"a.yaml",
          std::string(head) + "measures:\n  - {id: a, direction: sideways, goods: \"27x\"}\n"},
         {"b.yaml", "instrument: T/2\nadopted: 2017-13-01\n"}});
    CHECK_FALSE(r.ok());
    CHECK(find_error(r, "rules.bad-value") != nullptr);
    CHECK(find_error(r, "hs.bad-character") != nullptr);
    CHECK(find_error(r, "date.invalid") != nullptr);
    CHECK(r.diagnostics().size() >= 3);
}

TEST_CASE("a rule set with any error returns no rules at all") {
    const auto r = load_instrument(std::string(head) +
                                   "measures:\n  - {id: a, direction: both, goods: \"27\"}\n  - "
                                   "{id: b, direction: both, goods: \"2799\"}\n");
    CHECK_FALSE(r.ok());
    CHECK_THROWS_AS((void)r.value(), bad_result_access);
}

TEST_CASE("wind-downs become exemptions named after their measure") {
    const auto r = load_instrument(std::string(head) +
                                   "measures:\n  - id: a\n    direction: both\n    goods: \"27\"\n "
                                   "   wind_down: {last_day: 2017-09-04, when: notified}\n");
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const auto* e = r.value()->find_exemption("a/wind-down");
    REQUIRE(e != nullptr);
    CHECK(e->wind_down);
    CHECK(e->valid.from == parse_day("2017-08-05").value());
    CHECK(e->valid.until == parse_day("2017-09-05").value());
}

TEST_CASE("the revision is stable for the same files and changes with any byte") {
    const std::string text =
        std::string(head) + "measures:\n  - {id: a, direction: both, goods: \"27\"}\n";
    const auto a = load_instrument(text), b = load_instrument(text),
               c = load_instrument(text + "# comment\n");
    REQUIRE(a.ok());
    CHECK(a.value()->revision() == b.value()->revision());
    CHECK(a.value()->revision() != c.value()->revision());
    CHECK(a.value()->revision().size() == 16);
}

TEST_CASE("the loader's limits are those of load_limits, each with its own id") {
    const std::string instrument =
        std::string(head) +
        "measures:\n  - {id: M1, direction: to-target, goods: \"(2701), 2702\", "
        "when: \"(not notified) or notified\"}\n";
    CHECK(load_instrument(instrument).ok());
    const auto with = [&](auto change) {
        load_limits limits;
        change(limits);
        return load_rules(testing::inline_sources({{"i.yaml", instrument}}), "t", limits);
    };
    // (The regime file reaches the YAML limits too.)
    CHECK(find_error(with([](load_limits& l) { l.max_file_bytes = 100; }), "yaml.too-large") !=
          nullptr);
    CHECK(find_error(with([](load_limits& l) { l.max_depth = 2; }), "yaml.too-deep") != nullptr);
    CHECK(find_error(with([](load_limits& l) { l.max_nodes = 10; }), "yaml.too-many-nodes") !=
          nullptr);
    CHECK(find_error(with([](load_limits& l) { l.condition.max_length = 10; }),
                     "condition.too-long") != nullptr);
    CHECK(find_error(with([](load_limits& l) { l.condition.max_depth = 1; }),
                     "condition.too-deep") != nullptr);
    CHECK(find_error(with([](load_limits& l) { l.selector.max_length = 5; }),
                     "selector.too-long") != nullptr);
    CHECK(find_error(with([](load_limits& l) { l.selector.max_depth = 0; }), "selector.too-deep") !=
          nullptr);
    const auto big = with([](load_limits& l) { l.max_nomenclature_bytes = 1000; });
    INFO(testing::errors_of(big));
    CHECK(find_error(big, "rules.nomenclature-too-large") != nullptr);
    CHECK(find_error(big, "rules.nomenclature") == nullptr);
}

TEST_CASE("an absolute nomenclature path is read as it is, not below the regime directory") {
    const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                      ("embargo-loader-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);
    std::string regime = testing::standard_regime;
    regime.replace(regime.find("../hs"), 5, std::string(EMBARGO_SOURCE_DIR) + "/rules/hs");
    std::ofstream(dir / "regime.yaml") << regime;
    const auto r = load_rules(dir);
    std::filesystem::remove_all(dir);
    INFO(testing::errors_of(r));
    CHECK(r.ok());
}

TEST_CASE("an exemption whose id a measure already uses is a duplicate, not a crash") {
    // Found by tests/fuzz/rules_fuzz: the exemption's carves_out was resolved
    // although the exemption itself had been left out, and map::at threw.
    const auto r =
        load_instrument(std::string(head) +
                        "measures:\n  - {id: M1, direction: to-target, goods: \"2701\"}\n"
                        "  - {id: E1, direction: to-target, goods: \"2702\"}\n"
                        "exemptions:\n  - {id: E1, carves_out: [M1]}\n");
    CHECK_FALSE(r.ok());
    CHECK(find_error(r, "rules.duplicate-id") != nullptr);
}

TEST_CASE("an empty id is an error, not a measure silently left out") {
    const auto r =
        load_instrument(std::string(head) +
                        "measures:\n  - {id: \"\", direction: to-target, goods: \"2701\"}\n"
                        "exemptions:\n  - {id: '', carves_out: [M9]}\n");
    INFO(testing::errors_of(r));
    CHECK_FALSE(r.ok());
    CHECK(std::count_if(r.diagnostics().begin(), r.diagnostics().end(), [](const diagnostic& d) {
              return d.id == "rules.bad-value" && d.message == "an id must not be empty";
          }) == 2);
}

TEST_CASE("a measure's sources are read with how much of each was read") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - id: a\n    direction: both\n    goods: \"27\"\n    sources:\n"
        "      - {ref: S/RES/1/OP1, read: verbatim}\n"
        "      - {ref: \"https://example.org/summary\", read: summary, note: a press summary}\n"
        "      - {ref: recalled, read: unverified, note: read the S/RES text}\n");
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const auto& sources = r.value()->find_measure("a")->sources;
    REQUIRE(sources.size() == 3);
    CHECK(sources[0].ref == "S/RES/1/OP1");
    CHECK(sources[0].read == source_reading::verbatim);
    CHECK(sources[1].read == source_reading::summary);
    CHECK(sources[1].note == "a press summary");
    CHECK(sources[2].read == source_reading::unverified);
    CHECK(sources[2].where.line == 10);
}

TEST_CASE("a source read neither verbatim, in summary nor unverified is a bad value at the value") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - id: a\n    direction: both\n    goods: \"27\"\n    sources:\n"
        "      - ref: S/RES/1/OP1\n        read: skimmed\n");
    expect_error(r, "rules.bad-value", "t/i.yaml", 9, 15);
}

TEST_CASE("an unverified source must say what would verify it") {
    const auto r = load_instrument(
        std::string(head) +
        "measures:\n  - id: a\n    direction: both\n    goods: \"27\"\n    sources:\n"
        "      - {ref: recalled, read: unverified}\n");
    expect_error(r, "rules.missing-key", "t/i.yaml", 8, 9);
}

TEST_CASE("a source with an unknown key or without ref is an error") {
    const auto r = load_instrument(std::string(head) +
                                   "exemptions:\n  - id: e\n    carves_out: [a]\n    sources:\n"
                                   "      - {read: summary, url: x}\n"
                                   "measures:\n  - {id: a, direction: both, goods: \"27\"}\n");
    expect_error(r, "rules.unknown-key", "t/i.yaml", 7, 25);
    CHECK(find_error(r, "rules.missing-key") != nullptr);
}

TEST_CASE(
    "an exemption carving out of an instrument reaches its measures in force while the exemption "
    "holds") {
    const auto r =
        load_inline({{"a.yaml",
                      "instrument: T/A\nadopted: 2010-01-01\nmeasures:\n"
                      "  - {id: old, direction: both, goods: \"27\", until: 2012-01-01}\n"
                      "  - {id: coal, direction: both, goods: \"2701\"}\n"
                      "  - {id: iron, direction: both, goods: \"2601\"}\n"},
                     {"b.yaml",
                      "instrument: T/B\nadopted: 2016-11-30\namends: [T/A]\nmeasures:\n"
                      "  - {id: zinc, direction: both, goods: \"7901\"}\n"
                      "exemptions:\n"
                      "  - {id: committee, carves_out: [T/A, T/B, iron], from: 2016-11-30, when: "
                      "committee_approval}\n"}});
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const auto* e = r.value()->find_exemption("committee");
    REQUIRE(e != nullptr);
    std::vector<std::string> ids = e->carves_out;
    std::sort(ids.begin(), ids.end());
    // `old` ended before the exemption began; `iron`, named twice, once.
    CHECK(ids == std::vector<std::string>{"coal", "iron", "zinc"});
    CHECK(e->measures.size() == 3);
    std::size_t edges = 0;
    for (const auto& rel : r.value()->relations())
        if (rel.from == "committee" && rel.kind == relation_kind::carves_out) ++edges;
    CHECK(edges == 3);
}

TEST_CASE("an exemption carving out of an unknown instrument is an unknown id at the reference") {
    const auto r = load_instrument(std::string(head) +
                                   "measures:\n  - {id: a, direction: both, goods: \"27\"}\n"
                                   "exemptions:\n  - {id: e, carves_out: [S/RES/9999(2030)]}\n");
    expect_error(r, "rules.unknown-id", "t/i.yaml", 6, 26);
    CHECK(find_error(r, "rules.unknown-id")->message.find("instrument") != std::string::npos);
}

TEST_CASE("a regime lists what its rules do not screen for") {
    std::string regime = testing::standard_regime;
    regime += "not_screened:\n  - items on the WMD lists\n  - designated parties\n";
    const auto r = load_inline({{"i.yaml", std::string(head) + "measures: []\n"}}, regime);
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    CHECK(r.value()->not_screened() ==
          std::vector<std::string>{"items on the WMD lists", "designated parties"});
}
