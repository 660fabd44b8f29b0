// Several regimes loaded together: one rule set from a directory of regimes,
// the shared files they use (facts, notes, named goods, exemption
// templates), a measure's own target, renewal horizons, disputed standing,
// and the errors each of these can give.

#include <algorithm>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"

#include "support/checked.hpp"
#include "support/inline_rules.hpp"

using namespace embargo;

namespace {

// A shared file, two regimes that use it, and the HS tables, under `set/`.
const char* const library = R"(library: test/arms
title: shared
facts:
  end_user: {type: text, values: [government_forces, armed_group], meaning: who receives them}
  committee_approval: {type: boolean, default: false, meaning: approved in advance}
notes:
  A1: Arms by their own heading.
goods:
  arms: "9301, 9302"
exemptions:
  government:
    summary: for the government's forces
    when: end_user == "government_forces"
    notes: [A1]
  approval:
    summary: approved in advance
    when: committee_approval
)";

const char* const north = R"(regime: test/north
title: north
target: KP
hs_edition: HS2017
nomenclature: ../hs
uses: [../common/arms.yaml]
verified: 2020-06-30
notes:
  N1: The north's own note.
)";

const char* const south = R"(regime: test/south
title: south
target: SO
hs_edition: HS2017
nomenclature: ../hs
uses: [../common/arms.yaml]
verified: 2020-06-30
facts:
  committee_approval: {type: boolean, default: false, meaning: the south's committee approved}
notes:
  N1: The south's own note, under the same id.
)";

const char* const north_acts = R"(instrument: R/1
adopted: 2010-01-01
measures:
  - id: 1/arms
    citation: R/1 OP1
    direction: to-target
    goods: "@arms except 9302"
exemptions:
  - id: 1/arms-approval
    template: approval
    carves_out: [1/arms]
    citation: R/1 OP2
)";

const char* const south_acts = R"(instrument: R/2
adopted: 2012-01-01
measures:
  - id: 2/arms
    citation: R/2 OP1
    direction: to-target
    goods: "@arms"
    expires: 2019-12-31
  - id: 2/charcoal
    citation: R/2 OP2
    direction: from-target
    goods: "4402"
  - id: 2/north-coal
    citation: R/2 OP3
    direction: from-target
    target: KP
    goods: "2701"
    disputed: [{goods: "2702", note: N1}]
exemptions:
  - id: 2/arms-government
    template: government
    carves_out: [2/arms]
    citation: R/2 OP4
  - id: 2/arms-government-narrow
    template: government
    goods: "9302"
    summary: pistols only, for the government
    carves_out: [2/arms]
    citation: R/2 OP5
)";

const char* const disputed_act = R"(instrument: R/3
adopted: 2015-01-01
standing:
  disputed: N1
measures:
  - id: 3/arms
    citation: R/3 OP1
    direction: to-target
    goods: "9301"
)";

std::vector<rule_source> set_sources(std::vector<std::pair<std::string, std::string>> extra = {}) {
    std::vector<rule_source> s = testing::hs_sources();
    for (auto& f : s) f.path = "set/" + f.path;
    s.push_back({"set/common/arms.yaml", library});
    s.push_back({"set/north/regime.yaml", north});
    s.push_back({"set/north/r1.yaml", north_acts});
    s.push_back({"set/south/regime.yaml", south});
    s.push_back({"set/south/r2.yaml", south_acts});
    s.push_back({"set/south/r3.yaml", disputed_act});
    for (const auto& file : extra) {
        // (A plain pair: clang 14 cannot capture a structured binding.)
        const auto it =
            std::find_if(s.begin(), s.end(), [&](const auto& x) { return x.path == file.first; });
        if (it != s.end())
            it->text = file.second;
        else
            s.push_back({file.first, file.second});
    }
    return s;
}

rules_result load_set(std::vector<std::pair<std::string, std::string>> extra = {},
                      const load_options& options = {}) {
    return load_rules(set_sources(std::move(extra)), "set", {}, options);
}

trade_record record(const std::string& hs, const std::string& from, const std::string& to,
                    const std::string& when, std::vector<record_fact> facts = {}) {
    trade_record r;
    r.code = hs_code::parse(hs).value();
    r.exporter = country_code::parse(from).value();
    r.importer = country_code::parse(to).value();
    r.period = period::parse(when).value();
    r.facts = std::move(facts);
    return r;
}

verdict judge(const engine& e, trade_record r) {
    return e.evaluate(testing::checked(e.rules(), std::move(r)));
}

const diagnostic* find(const rules_result& r, std::string_view id) {
    const auto it = std::find_if(r.diagnostics().begin(), r.diagnostics().end(),
                                 [&](const diagnostic& d) { return d.id == id; });
    return it == r.diagnostics().end() ? nullptr : &*it;
}

std::string status_of(const verdict& v, const rule_set& rules, std::string_view measure) {
    for (const auto& f : v.findings)
        if (rules.measures()[f.measure].id == measure) return std::string(to_string(f.status));
    return "absent";
}

}  // namespace

TEST_CASE("a directory of regimes loads as one rule set, each measure naming its regime") {
    const auto r = load_set();
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const rule_set& rules = *r.value();
    REQUIRE(rules.regimes().size() == 2);
    CHECK(rules.name() == "test/north, test/south");
    CHECK(rules.regime_of(*rules.find_measure("1/arms")).name == "test/north");
    CHECK(rules.regime_of(*rules.find_measure("2/arms")).name == "test/south");
    CHECK(rules.regimes()[0].dir == "set/north");
    // Notes are each regime's own; the shared file's join both.
    CHECK(*rules.note(0, "N1") == "The north's own note.");
    CHECK(*rules.note(1, "N1") == "The south's own note, under the same id.");
    CHECK(rules.note(0, "A1") != nullptr);
    CHECK(rules.note(1, "A1") != nullptr);
    // One fact table: the library's facts once, the south's identical
    // redeclaration shared.
    CHECK(rules.facts().find("end_user").has_value());
    CHECK(std::count(rules.regimes()[1].facts.begin(), rules.regimes()[1].facts.end(),
                     "committee_approval") == 1);
}

TEST_CASE("a record's verdict is the most severe over every regime, each regime at its target") {
    const auto r = load_set();
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const auto e = engine::compile(r.value());
    const rule_set& rules = e->rules();
    // Pistols to the south in 2015: under the south's embargo only.
    auto v = judge(*e, record("930200", "FR", "SO", "2015-03"));
    CHECK(v.status == status::indeterminate);  // the government exemption may hold
    CHECK(status_of(v, rules, "2/arms") == "indeterminate");
    CHECK(status_of(v, rules, "1/arms") == "absent");
    // A measure with its own target: the south's measure on coal from KP.
    v = judge(*e, record("270112", "KP", "CN", "2015-03"));
    CHECK(v.status == status::prohibited);
    CHECK(status_of(v, rules, "2/north-coal") == "prohibited");
    // Its disputed goods cite the south's note, not the north's.
    v = judge(*e, record("270210", "KP", "CN", "2015-03"));
    REQUIRE(v.findings.size() == 1);
    CHECK(describe(v, v.findings[0], record("270210", "KP", "CN", "2015-03"))
              .find("The south's own note") != std::string::npos);
    // Military weapons to the north: named goods minus 9302; 9302 is not covered.
    CHECK(judge(*e, record("930190", "FR", "KP", "2015-03")).status == status::prohibited);
    CHECK(judge(*e, record("930200", "FR", "KP", "2015-03")).status == status::unrestricted);
    // A record neither target is party to.
    v = judge(*e, record("930190", "FR", "US", "2015-03"));
    CHECK(v.status == status::unrestricted);
    CHECK(v.findings.empty());
}

TEST_CASE("an exemption takes what it does not write from its template") {
    const auto r = load_set();
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const rule_set& rules = *r.value();
    const exemption& plain = *rules.find_exemption("2/arms-government");
    CHECK(plain.template_name == "government");
    CHECK(plain.when.text() == "end_user == \"government_forces\"");
    CHECK(plain.summary == "for the government's forces");
    CHECK(plain.notes == std::vector<std::string>{"A1"});
    CHECK(plain.citation == "R/2 OP4");
    const exemption& narrow = *rules.find_exemption("2/arms-government-narrow");
    CHECK(narrow.summary == "pistols only, for the government");
    REQUIRE(narrow.goods.has_value());
    CHECK(narrow.goods->text() == "9302");
    CHECK(narrow.when.text() == plain.when.text());
}

TEST_CASE("a measure past its renewal horizon is indeterminate, and in force up to its expiry") {
    const auto r = load_set();
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const auto e = engine::compile(r.value());
    const rule_set& rules = e->rules();
    const std::vector<record_fact> rebels{{"end_user", "armed_group"}};
    // expires 2019-12-31, verified 2020-06-30: in force to the expiry ...
    CHECK(status_of(judge(*e, record("930200", "FR", "SO", "2019-12-31", rebels)), rules,
                    "2/arms") == "prohibited");
    // ... checked and not renewed until the verified day ...
    CHECK(status_of(judge(*e, record("930200", "FR", "SO", "2020-01-01", rebels)), rules,
                    "2/arms") == "absent");
    CHECK(status_of(judge(*e, record("930200", "FR", "SO", "2020-06-30", rebels)), rules,
                    "2/arms") == "absent");
    // ... and unknown after it: renewal not verified.
    const auto after = record("930200", "FR", "SO", "2020-07-01", rebels);
    const auto v = judge(*e, after);
    REQUIRE(v.findings.size() == 1);
    CHECK(v.findings[0].status == status::indeterminate);
    CHECK((v.findings[0].reasons & reason_renewal_unverified) != 0);
    CHECK(describe(v, v.findings[0], after).find("renewal not verified") != std::string::npos);
    CHECK(rules.renewal_horizon(*rules.find_measure("2/arms")) == parse_day("2020-07-01").value());
    CHECK_FALSE(rules.renewal_horizon(*rules.find_measure("2/charcoal")).has_value());
}

TEST_CASE("a measure that a successor supersedes has no renewal horizon") {
    const auto r = load_set({{"set/south/r4.yaml", R"(instrument: R/4
adopted: 2018-01-01
measures:
  - id: 4/arms
    citation: R/4 OP1
    direction: to-target
    goods: "@arms"
    supersedes: [2/arms]
)"}});
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const rule_set& rules = *r.value();
    CHECK_FALSE(rules.renewal_horizon(*rules.find_measure("2/arms")).has_value());
    const auto e = engine::compile(r.value());
    const auto v =
        judge(*e, record("930190", "FR", "SO", "2021-01-01", {{"end_user", "armed_group"}}));
    CHECK(status_of(v, rules, "2/arms") == "absent");
    CHECK(status_of(v, rules, "4/arms") == "prohibited");
}

TEST_CASE("an instrument of disputed standing is indeterminate unless a reading is chosen") {
    const auto tanks = record("930190", "FR", "SO", "2016-03", {{"end_user", "armed_group"}});
    {
        const auto r = load_set();
        REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
        const auto e = engine::compile(r.value());
        CHECK(e->rules().standing_of(*e->rules().find_measure("3/arms")) == standing::disputed);
        const auto v = judge(*e, tanks);
        CHECK(status_of(v, e->rules(), "3/arms") == "indeterminate");
        for (const auto& f : v.findings)
            if (e->rules().measures()[f.measure].id == "3/arms") {
                CHECK((f.reasons & reason_standing_disputed) != 0);
                CHECK(describe(v, f, tanks).find("--standing R/3=in-force") != std::string::npos);
            }
    }
    for (const auto& [reading, expected] :
         {std::pair{standing::in_force, "prohibited"}, std::pair{standing::void_, "absent"}}) {
        load_options options;
        options.standing["R/3"] = reading;
        const auto r = load_set({}, options);
        REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
        const auto e = engine::compile(r.value());
        CHECK(status_of(judge(*e, tanks), e->rules(), "3/arms") == expected);
    }
    load_options wrong;
    wrong.standing["R/2"] = standing::void_;  // an instrument, but not a disputed one
    CHECK(find(load_set({}, wrong), "rules.unknown-instrument") != nullptr);
}

TEST_CASE("--regime keeps the regimes named and refuses one the rules do not hold") {
    load_options only;
    only.regimes = {"test/north"};
    const auto r = load_set({}, only);
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    REQUIRE(r.value()->regimes().size() == 1);
    CHECK(r.value()->regimes()[0].name == "test/north");
    CHECK(r.value()->find_measure("2/arms") == nullptr);
    load_options none;
    none.regimes = {"test/west"};
    const auto bad = load_set({}, none);
    const diagnostic* d = find(bad, "rules.unknown-regime");
    REQUIRE(d != nullptr);
    CHECK(d->message.find("test/north, test/south") != std::string::npos);
}

TEST_CASE("regimes loaded together must agree on shared facts, editions and ids") {
    SUBCASE("a fact declared twice with another default") {
        std::string changed = south;
        changed.replace(changed.find("default: false"), 14, "default: true");
        const auto r = load_set({{"set/south/regime.yaml", changed}});
        const diagnostic* d = find(r, "rules.fact-conflict");
        REQUIRE(d != nullptr);
        CHECK(d->where.file == "set/south/regime.yaml");
        CHECK(d->where.line == 9);
        CHECK(d->message.find("set/common/arms.yaml:5") != std::string::npos);
    }
    SUBCASE("another HS edition") {
        std::string changed = south;
        changed.replace(changed.find("HS2017"), 6, "HS2022");
        const auto r = load_set({{"set/south/regime.yaml", changed}});
        const diagnostic* d = find(r, "rules.edition-mismatch");
        REQUIRE(d != nullptr);
        CHECK(d->where.line == 4);
    }
    SUBCASE("one id in two regimes") {
        std::string changed = south_acts;
        changed.replace(changed.find("2/charcoal"), 10, "1/arms");
        CHECK(find(load_set({{"set/south/r2.yaml", changed}}), "rules.duplicate-id") != nullptr);
    }
    SUBCASE("a note id both the regime and its shared file define") {
        std::string changed = north;
        changed += "  A1: again\n";
        CHECK(find(load_set({{"set/north/regime.yaml", changed}}), "rules.duplicate-id") !=
              nullptr);
    }
}

TEST_CASE("named goods, templates, expiries and lifts are checked where they are written") {
    SUBCASE("an unknown name, at its column") {
        std::string changed = north_acts;
        changed.replace(changed.find("@arms except"), 5, "@army");
        const auto r = load_set({{"set/north/r1.yaml", changed}});
        const diagnostic* d = find(r, "selector.unknown-name");
        REQUIRE(d != nullptr);
        CHECK(d->where.file == "set/north/r1.yaml");
        CHECK(d->where.line == 7);
        CHECK(d->where.column == 13);
        CHECK(d->message.find("@arms") != std::string::npos);
    }
    SUBCASE("an unknown template") {
        std::string changed = north_acts;
        changed.replace(changed.find("template: approval"), 18, "template: aproval");
        const auto r = load_set({{"set/north/r1.yaml", changed}});
        const diagnostic* d = find(r, "rules.unknown-id");
        REQUIRE(d != nullptr);
        CHECK(d->message.find("approval, government") != std::string::npos);
    }
    SUBCASE("expires without the regime's verified day") {
        std::string changed = south;
        changed.erase(changed.find("verified: 2020-06-30\n"), 21);
        CHECK(find(load_set({{"set/south/regime.yaml", changed}}), "rules.missing-key") != nullptr);
    }
    SUBCASE("expires beside until") {
        std::string changed = south_acts;
        changed.replace(changed.find("    expires: 2019-12-31\n"), 0, "    until: 2019-01-01\n");
        CHECK(find(load_set({{"set/south/r2.yaml", changed}}), "rules.bad-validity") != nullptr);
    }
    SUBCASE("lifts without a supersession") {
        std::string changed = south_acts;
        changed.replace(changed.find("    expires: 2019-12-31\n"), 0, "    lifts: nothing\n");
        CHECK(find(load_set({{"set/south/r2.yaml", changed}}), "rules.bad-value") != nullptr);
    }
    SUBCASE("a shared file that does not exist") {
        std::string changed = north;
        changed.replace(changed.find("../common/arms.yaml"), 19, "../common/army.yaml");
        const auto r = load_set({{"set/north/regime.yaml", changed}});
        const diagnostic* d = find(r, "rules.io");
        REQUIRE(d != nullptr);
        CHECK(d->where.file == "set/north/regime.yaml");
    }
}

TEST_CASE("the shipped UN regimes load together, and the Somalia charcoal ban is among them") {
    const auto r = load_rules(std::filesystem::path(EMBARGO_SOURCE_DIR "/rules/un"));
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const auto e = engine::compile(r.value());
    CHECK(e->rules().regimes().size() >= 12);
    const auto v = judge(*e, record("440290", "SO", "AE", "2015-06"));
    CHECK(v.status == status::prohibited);
    REQUIRE(v.findings.size() == 1);
    CHECK(e->rules().measures()[v.findings[0].measure].id == "2036/OP22");
    CHECK(e->rules().regime_of(e->rules().measures()[v.findings[0].measure]).name == "un/somalia");
}
