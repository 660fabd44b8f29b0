// A record coded in another HS edition is judged by the engine and explained
// by its finding's reason through one translation (hs/edition_translation.hpp):
// the goods the reason names are the goods the engine matched.

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"
#include "embargo/verdict.hpp"

#include "base/day_number.hpp"
#include "hs/edition_translation.hpp"
#include "support/checked.hpp"
#include "support/inline_rules.hpp"

using namespace embargo;

namespace {

const char* const aircraft_rules = R"(instrument: T/1
adopted: 2016-03-02
measures:
  - id: aircraft-parts
    citation: T/1 OP7
    direction: to-target
    goods: "880330"
  - id: squid
    citation: T/1 OP9
    direction: to-target
    goods: "030743"
)";

struct fixture {
    std::shared_ptr<const engine> e;
    fixture() {
        auto r = testing::load_inline({{"t1.yaml", aircraft_rules}});
        REQUIRE_MESSAGE(r.ok(), testing::errors_of(r));
        e = engine::compile(r.value());
    }
    const rule_set& rules() const { return e->rules(); }
    static trade_record record(const char* hs, const char* when) {
        trade_record r;
        r.code = hs_code::parse(hs).value();
        r.exporter = country_code::parse("CN").value();
        r.importer = country_code::parse("KP").value();
        r.period = period::parse(when).value();
        return r;
    }
};

std::vector<std::string> dotted(const std::vector<hs_code>& codes) {
    std::vector<std::string> out;
    for (const auto& c : codes) out.push_back(c.dotted());
    return out;
}

// The 6-digit subheadings that merged intervals of keys hold.
std::vector<hs_key> subheadings_in(const std::vector<hs_interval>& pool, detail::span32 goods) {
    constexpr hs_key step = 10'000;
    std::vector<hs_key> out;
    for (std::uint32_t i = goods.begin; i < goods.end; ++i)
        for (hs_key k = pool[i].first; k < pool[i].last; k += step) out.push_back(k);
    return out;
}

}  // namespace

TEST_CASE_FIXTURE(fixture,
                  "a moved code is prohibited by the rules' code, and the reason names that code") {
    // HS2022 8807.30 (aircraft parts) was HS2017 8803.30, the code the rule names.
    const trade_record r = record("880730", "2022-03");
    const verdict v = e->evaluate(embargo::testing::checked(e->rules(), r));
    CHECK(v.status == status::prohibited);
    REQUIRE(v.findings.size() == 1);
    const finding& f = v.findings.front();
    CHECK(rules().measures()[f.measure].id == "aircraft-parts");
    CHECK((f.reasons & reason_translated) != 0);

    const record_goods goods = rules().goods_of(r);
    CHECK(goods.translated);
    CHECK(goods.edition == "HS2022");
    CHECK(dotted(goods.codes) == std::vector<std::string>{"8803.30"});
    CHECK(describe(f, rules(), r)
              .rfind("HS 8807.30 (HS2022, read as HS2017 8803.30) is within `880330`", 0) == 0);

    // Read at face value, in the rules' edition, the code is outside the rule.
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), record("880730", "2021-03"))).status ==
          status::unrestricted);
}

TEST_CASE_FIXTURE(
    fixture, "a split code is partly covered, and the reason names every part the engine weighed") {
    // HS2012 0307.49 became several HS2017 subheadings; the rule names one.
    const trade_record r = record("030749", "2016-05");
    const verdict v = e->evaluate(embargo::testing::checked(e->rules(), r));
    CHECK(v.status == status::indeterminate);
    REQUIRE(v.findings.size() == 1);
    const finding& f = v.findings.front();
    CHECK(rules().measures()[f.measure].id == "squid");
    CHECK((f.reasons & reason_translated) != 0);
    CHECK((f.reasons & reason_goods_partial) != 0);

    const record_goods goods = rules().goods_of(r);
    REQUIRE(goods.codes.size() >= 2);
    REQUIRE(goods.codes.size() <= 4);  // the reason lists up to four
    std::string read_as = "(HS2012, read as HS2017";
    for (std::size_t i = 0; i < goods.codes.size(); ++i)
        read_as += (i == 0 ? " " : ", ") + goods.codes[i].dotted();
    read_as += ") is only partly within `030743`";
    CHECK(describe(f, rules(), r).find(read_as) != std::string::npos);
}

TEST_CASE_FIXTURE(fixture, "a row reported in an edition is read in it, whatever its date") {
    // Comtrade reports a row of 2023 in HS2017 when the reporter still
    // used it: 8803.30 then is aircraft parts, not a code HS2022 lacks.
    trade_record r = record("880730", "2023-03");
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), r)).status == status::prohibited);
    r.hs_edition = 2017;
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), r)).status == status::unrestricted);
    CHECK_FALSE(rules().goods_of(r).translated);
    r.code = hs_code::parse("880330").value();
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), r)).status == status::prohibited);

    // A 2019 row in HS2012: 0307.49 is read through the HS2012 table.
    trade_record squid = record("030749", "2019-05");
    squid.hs_edition = 2012;
    const verdict v = e->evaluate(embargo::testing::checked(e->rules(), squid));
    CHECK(v.status == status::indeterminate);
    CHECK(rules().goods_of(squid).edition == "HS2012");
}

TEST_CASE_FIXTURE(
    fixture, "a subheading of an edition embargo has no nomenclature of is read as its heading") {
    // HS2007 is not shipped: 8803.30 is judged as heading 8803, which the
    // rule covers only in part, and the reason says so.
    trade_record r = record("880330", "2017-06");  // a reporter late to change editions
    r.hs_edition = 2007;
    const verdict v = e->evaluate(embargo::testing::checked(e->rules(), r));
    CHECK(v.status == status::indeterminate);
    REQUIRE(v.findings.size() == 1);
    const record_goods goods = rules().goods_of(r);
    CHECK(goods.heading_only);
    CHECK(goods.edition == "HS2007");
    CHECK(dotted(goods.codes) == std::vector<std::string>{"8803"});
    CHECK(describe(v.findings.front(), rules(), r)
              .find("HS 8803.30 (HS2007, an edition embargo has no nomenclature of: read as its "
                    "heading 8803) is only partly within `880330`") != std::string::npos);
    // A heading of that edition is read as the heading.
    r.code = hs_code::parse("0101").value();
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), r)).status == status::unrestricted);
    CHECK_FALSE(rules().goods_of(r).translated);
}

TEST_CASE("edition names as statistics give them") {
    CHECK(hs_edition_year("HS2017") == 2017);
    CHECK(hs_edition_year("hs2012") == 2012);
    CHECK(hs_edition_year("2022") == 2022);
    CHECK(hs_edition_year("H0") == 1992);
    CHECK(hs_edition_year("H6") == 2022);
    CHECK(hs_edition_year("HS92") == 1992);
    CHECK(hs_edition_year("HS17") == 2017);
    CHECK_FALSE(hs_edition_year("H7"));
    CHECK_FALSE(hs_edition_year("HS2018"));
    CHECK_FALSE(hs_edition_year("SITC3"));
    CHECK_FALSE(hs_edition_year(""));
}

TEST_CASE_FIXTURE(
    fixture,
    "the engine's compiled translation and goods_of agree on every code of every edition") {
    const hs_catalogue& catalogue = rules().catalogue();
    const auto map = detail::edition_map::build(catalogue, rules().edition_name());
    int translated = 0;
    for (const hs_edition& edition : catalogue.editions()) {
        const int year = detail::edition_year(edition.name());
        REQUIRE(year != 0);
        const std::string when = std::to_string(year) + "-06";
        for (const auto& entry : edition.codes()) {
            const trade_record r = record(entry.first.str().c_str(), when.c_str());
            const record_goods goods = rules().goods_of(r);
            const detail::span32 compiled =
                map.translate(r.code, detail::day_number(r.period.first));
            REQUIRE(goods.edition == edition.name());
            REQUIRE(goods.translated == !compiled.empty());
            if (!goods.translated) continue;
            ++translated;
            std::vector<hs_key> keys;
            for (const auto& c : goods.codes) keys.push_back(c.key());
            REQUIRE_MESSAGE(keys == subheadings_in(map.intervals, compiled),
                            edition.name() << " " << entry.first.str());
        }
    }
    CHECK(translated > 100);  // the editions do differ
}
