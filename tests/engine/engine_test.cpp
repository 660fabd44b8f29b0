// Verdict semantics on small hand-written rule sets: each status, partial
// goods and period overlap, wind-down windows, defaults, disputed scopes,
// quotas, supersession, and the reasons that name what is missing.

#include "embargo/engine.hpp"

#include <doctest/doctest.h>

#include "engine/engine_access.hpp"
#include "support/allocation_counter.hpp"
#include "support/checked.hpp"
#include "support/inline_rules.hpp"

using namespace embargo;
using testing::load_inline;

namespace {

const char* const coal_rules = R"(instrument: T/1
adopted: 2017-08-05
measures:
  - id: coal
    citation: T/1 OP8
    direction: from-target
    goods: "2701, 2702, 2601, 7201, 7203-7206"
    disputed:
      - {goods: "7202", note: N1}
    summary: coal, iron and iron ore
    wind_down:
      last_day: 2017-09-04
      when: contract_date < 2017-08-05 and notified
      goods: "2601, 7201, 7203-7206"
      disputed:
        - {goods: "2701, 2702", note: N7}
  - id: jewels
    citation: T/1 OP9
    direction: to-target
    goods: "7113"
    when: unit_value > 100
  - id: fuel
    citation: T/1 OP10
    direction: to-target
    goods: "2710"
    from: 2018-01-01
  - id: crude
    citation: T/1 OP11
    direction: to-target
    goods: "2709"
    when: product == "crude"
exemptions:
  - id: coal-rajin
    carves_out: [coal]
    goods: "2701, 2702"
    when: origin != "KP" and port == "Rajin" and notified
    summary: foreign coal through Rajin
  - id: fuel-cap
    carves_out: [fuel]
    when: purpose == "livelihood"
    quota: {limits: [{amount: 500000, unit: bbl}], period: calendar-year, start: 2018-01-01}
  - id: committee
    carves_out: [jewels]
    when: committee_approval
)";

struct fixture {
    std::shared_ptr<const engine> e;
    fixture() {
        auto r = load_inline({{"t1.yaml", coal_rules}});
        REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
        e = engine::compile(r.value());
    }
    // A record as the tests write one; judge() checks and evaluates it.
    static trade_record record(const std::string& hs, const std::string& from,
                               const std::string& to, const std::string& when,
                               std::vector<record_fact> facts = {},
                               std::optional<std::string> origin = std::nullopt) {
        trade_record r;
        r.code = hs_code::parse(hs).value();
        r.exporter = country_code::parse(from).value();
        r.importer = country_code::parse(to).value();
        r.period = period::parse(when).value();
        r.facts = std::move(facts);
        if (origin) r.origin = country_code::parse(*origin).value();
        return r;
    }
    verdict judge(const std::string& hs, const std::string& from, const std::string& to,
                  const std::string& when, std::vector<record_fact> facts = {},
                  std::optional<std::string> origin = std::nullopt) const {
        return e->evaluate(embargo::testing::checked(
            e->rules(), record(hs, from, to, when, std::move(facts), origin)));
    }
    const measure& measure_of(const finding& f) const { return e->rules().measures()[f.measure]; }
    std::string exemption_of(const finding& f) const {
        return f.exemption == no_exemption ? "" : e->rules().exemptions()[f.exemption].id;
    }
};

}  // namespace

TEST_CASE_FIXTURE(fixture, "a flow the target is not party to is unrestricted with no findings") {
    const auto v = judge("270111", "CN", "RU", "2018-03");
    CHECK(v.status == status::unrestricted);
    CHECK(v.findings.empty());
}

TEST_CASE_FIXTURE(fixture,
                  "coal from the target after adoption is prohibited with no exemption holding") {
    const auto v = judge("270111", "KP", "CN", "2018-03", {{"port", "Nampo"}}, "KP");
    REQUIRE(v.findings.size() == 1);
    CHECK(v.status == status::prohibited);
    CHECK(measure_of(v.findings[0]).id == "coal");
    CHECK(v.findings[0].exemption == no_exemption);
}

TEST_CASE_FIXTURE(fixture, "a flow in the other direction is not touched by a one-way measure") {
    CHECK(judge("270111", "CN", "KP", "2018-03").status == status::unrestricted);
}

TEST_CASE_FIXTURE(fixture,
                  "the day before adoption is unrestricted and the adoption day is covered") {
    CHECK(judge("260111", "KP", "CN", "2017-08-04").status == status::unrestricted);
    CHECK(judge("260111", "KP", "CN", "2017-08-05").status != status::unrestricted);
}

TEST_CASE_FIXTURE(fixture, "a month that straddles the adoption day is indeterminate and says so") {
    const auto v = judge("260111", "KP", "CN", "2017-08", {{"contract_date", "2017-09-01"}});
    REQUIRE(v.findings.size() == 1);
    CHECK(v.status == status::indeterminate);
    CHECK((v.findings[0].reasons & reason_period_partial) != 0);
    const auto why = describe(v.findings[0], e->rules(), trade_record{});
    CHECK(why.find("straddles the start 2017-08-05") != std::string::npos);
}

TEST_CASE_FIXTURE(fixture,
                  "a chapter-level code only partly covered by the goods is indeterminate") {
    const auto v = judge("27", "KP", "CN", "2019-02", {}, "KP");
    REQUIRE(v.findings.size() == 1);
    CHECK(v.status == status::indeterminate);
    CHECK((v.findings[0].reasons & reason_goods_partial) != 0);
}

TEST_CASE_FIXTURE(fixture, "a code in the disputed scope is indeterminate and names the note") {
    trade_record r;
    r.code = hs_code::parse("720221").value();
    r.exporter = country_code::parse("KP").value();
    r.importer = country_code::parse("CN").value();
    r.period = period::parse("2019-04").value();
    const auto v = e->evaluate(embargo::testing::checked(e->rules(), r));
    REQUIRE(v.findings.size() == 1);
    CHECK(v.status == status::indeterminate);
    CHECK((v.findings[0].reasons & reason_goods_disputed) != 0);
    const auto why = describe(v.findings[0], e->rules(), r);
    CHECK(why.find("N1") != std::string::npos);
    CHECK(why.find("ferro-alloys") != std::string::npos);
}

TEST_CASE_FIXTURE(fixture,
                  "the wind-down holds on its first day and its last day, and not the day after") {
    const std::vector<record_fact> contract{{"contract_date", "2017-07-10"}, {"notified", "true"}};
    for (const char* d : {"2017-08-05", "2017-09-04"}) {
        INFO(d);
        const auto v = judge("260111", "KP", "CN", d, contract);
        CHECK(v.status == status::carved_out);
        CHECK(exemption_of(v.findings.at(0)) == "coal/wind-down");
    }
    CHECK(judge("260111", "KP", "CN", "2017-09-05", contract).status == status::prohibited);
}

TEST_CASE_FIXTURE(fixture,
                  "a contract signed on the adoption day does not qualify for the wind-down") {
    CHECK(judge("260111", "KP", "CN", "2017-08-20",
                {{"contract_date", "2017-08-05"}, {"notified", "true"}})
              .status == status::prohibited);
}

TEST_CASE_FIXTURE(
    fixture, "a month straddling the wind-down's last day is indeterminate for the exemption") {
    const auto v = judge("260111", "KP", "CN", "2017-09",
                         {{"contract_date", "2017-07-10"}, {"notified", "true"}});
    REQUIRE(v.findings.size() == 1);
    CHECK(v.status == status::indeterminate);
    CHECK((v.findings[0].reasons & reason_exemption_period_partial) != 0);
    CHECK(exemption_of(v.findings[0]) == "coal/wind-down");
}

TEST_CASE_FIXTURE(
    fixture,
    "a wind-down whose reach is disputed leaves the verdict indeterminate, not carved out") {
    const auto v = judge("270111", "KP", "CN", "2017-08-20",
                         {{"contract_date", "2017-07-10"}, {"notified", "true"}}, "KP");
    REQUIRE(v.findings.size() == 1);
    CHECK(v.status == status::indeterminate);
    CHECK((v.findings[0].reasons & reason_exemption_disputed) != 0);
}

TEST_CASE_FIXTURE(fixture,
                  "a missing fact without default leaves the exemption unknown and is named") {
    const auto v = judge("270111", "KP", "CN", "2018-03", {}, "RU");
    REQUIRE(v.findings.size() == 1);
    CHECK(v.status == status::indeterminate);
    const auto& facts = e->rules().facts();
    CHECK((v.findings[0].missing & (std::uint64_t{1} << *facts.find("port"))) != 0);
    CHECK((v.findings[0].missing & (std::uint64_t{1} << *facts.find("notified"))) != 0);
    const auto why = describe(v.findings[0], e->rules(), trade_record{});
    CHECK(why.find("port") != std::string::npos);
}

TEST_CASE_FIXTURE(fixture, "an exemption whose condition holds carves the record out") {
    const auto v =
        judge("270112", "KP", "CN", "2018-03", {{"port", "Rajin"}, {"notified", "true"}}, "RU");
    CHECK(v.status == status::carved_out);
    CHECK(exemption_of(v.findings.at(0)) == "coal-rajin");
}

TEST_CASE_FIXTURE(fixture, "a fact default applies when the record lacks the fact") {
    trade_record r;
    r.code = hs_code::parse("711319").value();
    r.exporter = country_code::parse("CN").value();
    r.importer = country_code::parse("KP").value();
    r.period = period::parse("2018-05").value();
    r.quantity = quantity{2, unit::items};
    r.value = money::of_cents(100'000);
    // committee_approval defaults to false: no approval is presumed.
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), r)).status == status::prohibited);
    r.set_fact("committee_approval", "true");
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), r)).status == status::carved_out);
}

TEST_CASE_FIXTURE(fixture, "a per-item threshold needs a count of items") {
    trade_record r;
    r.code = hs_code::parse("711319").value();
    r.exporter = country_code::parse("CN").value();
    r.importer = country_code::parse("KP").value();
    r.period = period::parse("2018-05").value();
    r.value = money::of_cents(100'000);
    r.quantity = quantity{20, unit::items};  // 50 per item: under the threshold
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), r)).status == status::unrestricted);
    r.quantity = quantity{2, unit::kg};  // per kilogram says nothing per item
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), r)).status == status::indeterminate);
}

TEST_CASE_FIXTURE(fixture, "a quota exemption that holds gives capped") {
    const auto v = judge("271019", "CN", "KP", "2018-04", {{"purpose", "livelihood"}});
    CHECK(v.status == status::capped);
    CHECK(exemption_of(v.findings.at(0)) == "fuel-cap");
    const auto why = describe(v.findings[0], e->rules(), trade_record{});
    CHECK(why.find("500,000 bbl per calendar year") != std::string::npos);
}

TEST_CASE_FIXTURE(fixture, "a condition on the measure that is unknown makes it indeterminate") {
    const auto v = judge("270900", "CN", "KP", "2018-03");
    CHECK(v.status == status::indeterminate);
    CHECK((v.findings.at(0).reasons & reason_condition_unknown) != 0);
    CHECK(judge("270900", "CN", "KP", "2018-03", {{"product", "condensate"}}).status ==
          status::unrestricted);
}

TEST_CASE_FIXTURE(fixture,
                  "a fact given in a form its type does not admit is an error, and unknown "
                  "(never false) to the engine's unchecked path") {
    const trade_record r =
        record("270112", "KP", "CN", "2018-03", {{"port", "Rajin"}, {"notified", "maybe"}}, "RU");
    const auto refused = e->rules().check(r);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().id == "record.bad-fact");
    // The ledger's and the fuzzers' path: what a checked record cannot carry
    // still leaves the verdict indeterminate.
    const verdict v = detail::engine_access::evaluate(*e, r);
    CHECK(v.status == status::indeterminate);
    CHECK((v.findings.at(0).reasons & reason_bad_fact) != 0);
}

TEST_CASE_FIXTURE(fixture,
                  "only a record the rule set checked is judged: a misspelt fact, a missing "
                  "code or party, or another rule set's record is refused") {
    trade_record r = record("270112", "KP", "CN", "2018-03",
                            {{"prot", "Rajin"}});  // misspelt: would read as a missing port
    const auto misspelt = e->rules().check(r);
    REQUIRE_FALSE(misspelt);
    CHECK(misspelt.error().id == "record.unknown-fact");
    CHECK_THROWS_AS((void)misspelt.value(), bad_result_access);

    trade_record no_code = r;
    no_code.facts.clear();
    no_code.code = hs_code{};  // would span every code
    no_code.importer = country_code{};
    const auto missing = e->rules().check(no_code);
    REQUIRE_FALSE(missing);
    REQUIRE(missing.diagnostics().size() == 1);  // the code first: nothing else can be read
    CHECK(missing.error().id == "record.missing-field");
    no_code.code = r.code;
    const auto no_importer = e->rules().check(no_code);
    REQUIRE_FALSE(no_importer);
    CHECK(no_importer.error().message == "the record has no importer");

    r.facts = {{"port", "Rajin"}};
    const auto ok = e->rules().check(r);
    REQUIRE(ok);
    CHECK(&ok->rules() == &e->rules());
    CHECK(ok->record().code == r.code);

    // The same rules loaded twice are two rule sets: fact ids are not shared.
    auto again = load_inline({{"t1.yaml", coal_rules}});
    REQUIRE(again.ok());
    const auto other = engine::compile(again.value());
    CHECK_THROWS_AS((void)other->evaluate(*ok), std::invalid_argument);
    CHECK_THROWS_AS((void)other->applies(*ok, 0), std::invalid_argument);
}

TEST_CASE_FIXTURE(fixture, "a verdict resolves its findings to measure and exemption") {
    const verdict v =
        judge("270112", "KP", "CN", "2018-03", {{"port", "Rajin"}, {"notified", "true"}}, "RU");
    REQUIRE(v.rules == &e->rules());
    REQUIRE(!v.findings.empty());
    const finding& f = v.findings.front();
    CHECK(&v.measure_of(f) == &e->rules().measures()[f.measure]);
    if (f.exemption == no_exemption)
        CHECK(v.exemption_of(f) == nullptr);
    else
        CHECK(v.exemption_of(f) == &e->rules().exemptions()[f.exemption]);
    finding stray = f;
    stray.measure = 1U << 30;
    CHECK_THROWS_AS((void)v.measure_of(stray), std::logic_error);
    CHECK_THROWS_AS((void)verdict{}.measure_of(f), std::logic_error);
}

TEST_CASE("a superseded measure stops applying on its successor's first day") {
    auto r = load_inline({{"a.yaml", R"(instrument: T/A
adopted: 2016-03-02
measures:
  - {id: old, citation: A OP29, direction: from-target, goods: "2701"}
)"},
                          {"b.yaml", R"(instrument: T/B
adopted: 2016-11-30
amends: [T/A]
measures:
  - {id: new, citation: B OP26, direction: from-target, goods: "2701", replaces: [old]}
)"}});
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const auto e = engine::compile(r.value());
    trade_record rec = fixture::record("270111", "KP", "CN", "2016-11-29");
    auto v = e->evaluate(embargo::testing::checked(e->rules(), rec));
    REQUIRE(v.findings.size() == 1);
    CHECK(e->rules().measures()[v.findings[0].measure].id == "old");
    rec.period = period::parse("2016-11-30").value();
    v = e->evaluate(embargo::testing::checked(e->rules(), rec));
    REQUIRE(v.findings.size() == 1);
    CHECK(e->rules().measures()[v.findings[0].measure].id == "new");
    CHECK(e->rules().find_measure("old")->superseded_by == "new");
    CHECK(e->rules().find_measure("old")->in_force.until ==
          period::parse("2016-11-30").value().first);
}

TEST_CASE("the verdict is the most severe status over all findings") {
    auto r = load_inline({{"a.yaml", R"(instrument: T/A
adopted: 2018-01-01
measures:
  - {id: a, direction: to-target, goods: "84"}
  - {id: b, direction: to-target, goods: "8429", when: notified}
exemptions:
  - {id: a-spares, carves_out: [a], goods: "8407.10"}
)"}});
    REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
    const auto e = engine::compile(r.value());
    trade_record rec = fixture::record("842952", "CN", "KP", "2018-06");
    const auto v = e->evaluate(embargo::testing::checked(e->rules(), rec));
    REQUIRE(v.findings.size() == 2);
    CHECK(v.findings[0].status == status::prohibited);
    CHECK(v.findings[1].status == status::indeterminate);
    CHECK(v.status == status::prohibited);
    rec.code = hs_code::parse("840710").value();
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), rec)).status == status::carved_out);
}

TEST_CASE("evaluating into a reused verdict does not allocate once it has room") {
    auto r = load_inline({{"a.yaml", coal_rules}});
    REQUIRE(r.ok());
    const auto e = engine::compile(r.value());
    trade_record rec = fixture::record(
        "270111", "KP", "CN", "2018-03",
        {{"port", "Rajin"}, {"notified", "true"}, {"contract_date", "2017-07-01"}}, "RU");
    const auto detailed = testing::checked(e->rules(), rec);
    rec.code = hs_code::parse("27").value();  // a coarse code: several segments
    const auto coarse = testing::checked(e->rules(), rec);
    verdict v;
    e->evaluate(detailed, v);
    REQUIRE(v.status == status::carved_out);
    const std::size_t before = testing::allocations();
    for (int i = 0; i < 100; ++i) e->evaluate(detailed, v);
    for (int i = 0; i < 100; ++i) e->evaluate(coarse, v);
    CHECK(testing::allocations() == before);
}
