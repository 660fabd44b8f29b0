// The cap ledger and the cap report: unit paths, cap periods, crossing and
// exhausted caps on the shipped DPRK quotas, order independence, uses that
// cannot be counted, opening balances, and a report checked against a hand
// calculation.

#include "embargo/ledger.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include <doctest/doctest.h>

#include "embargo/cap_report.hpp"
#include "embargo/engine.hpp"

#include "support/checked.hpp"
#include "support/inline_rules.hpp"
#include "support/shipped_rules.hpp"

using namespace embargo;

namespace {

std::shared_ptr<const engine> dprk() {
    return testing::shipped_engine();
}

day d(const char* text) {
    return parse_day(text).value();
}

struct delivery {
    std::string id;
    std::string hs;
    std::string from, to;
    std::string when;
    std::optional<double> amount;
    unit u = unit::bbl;
    std::optional<double> usd;
    std::vector<record_fact> facts;
    std::optional<std::string> origin;
};

trade_record make(const delivery& x) {
    trade_record r;
    r.id = x.id;
    r.code = hs_code::parse(x.hs).value();
    r.exporter = country_code::parse(x.from).value();
    r.importer = country_code::parse(x.to).value();
    r.period = period::parse(x.when).value();
    if (x.amount) r.quantity = quantity{*x.amount, x.u};
    if (x.usd) r.value = money::of_cents(static_cast<std::int64_t>(*x.usd * 100));
    r.facts = x.facts;
    if (x.origin) r.origin = country_code::parse(*x.origin).value();
    return r;
}

const std::vector<record_fact> livelihood_diesel{{"product", "diesel"},
                                                 {"notified", "true"},
                                                 {"purpose", "livelihood"},
                                                 {"designated_party", "false"}};

// Diesel to the DPRK for livelihood, notified, no designated party: 2397/OP5-cap.
delivery fuel(std::string id, std::string when, double amount, unit u) {
    return {std::move(id), "271019",          "CN", "KP", std::move(when), amount, u,
            std::nullopt,  livelihood_diesel, {}};
}

delivery crude(std::string id, std::string when, double amount, unit u) {
    return {std::move(id),          "270900", "CN", "KP", std::move(when), amount, u, std::nullopt,
            {{"product", "crude"}}, {}};
}

delivery coal(std::string id, std::string when, double tonnes, double usd) {
    return {std::move(id),
            "270111",
            "KP",
            "CN",
            std::move(when),
            tonnes,
            unit::t,
            usd,
            {{"purpose", "livelihood"}, {"designated_party", "false"}},
            "KP"};
}

// A batch judged by an engine and run through a cap_batch; rows by line.
struct screened {
    std::vector<cap_batch::row> rows;
    cap_ledger ledger;
    const cap_batch::row& by_id(const std::string& id) const {
        for (const auto& r : rows)
            if (r.record.id == id) return r;
        FAIL("no row for record " << id);
        return rows.front();
    }
};

screened screen(const std::shared_ptr<const engine>& e, const std::vector<delivery>& batch,
                cap_ledger ledger) {
    cap_batch b(std::move(ledger));
    for (std::size_t i = 0; i < batch.size(); ++i) {
        const auto r = make(batch[i]);
        b.add(i + 1, r, e->evaluate(embargo::testing::checked(e->rules(), r)));
    }
    auto rows = b.run();
    return {std::move(rows), b.ledger()};
}

screened screen(const std::shared_ptr<const engine>& e, const std::vector<delivery>& batch) {
    return screen(e, batch, cap_ledger(e));
}

// The note of a row for quota exemption `id`.
const ledger_note& note_for(const rule_set& rules, const cap_batch::row& row,
                            const std::string& id) {
    for (const auto& n : row.notes)
        if (rules.exemptions()[n.exemption].id == id) return n;
    FAIL("row " << row.line << " has no note for " << id);
    return row.notes.front();
}

status finding_status(const rule_set& rules, const verdict& v, const std::string& measure) {
    for (const auto& f : v.findings)
        if (rules.measures()[f.measure].id == measure) return f.status;
    FAIL("no finding for " << measure);
    return status::unrestricted;
}

}  // namespace

// -- units and periods --------------------------------------------------------

TEST_CASE(
    "quota units convert within a dimension and across it only by a declared factor, either way") {
    quota q;
    q.limits = {{500000, unit::bbl}};
    CHECK(quota_unit_path(q, unit::bbl, unit::bbl)->factor == 1);
    CHECK(quota_unit_path(q, unit::m3, unit::bbl)->factor == doctest::Approx(1000 / 158.987294928));
    CHECK(quota_unit_path(q, unit::kg, unit::t)->factor == doctest::Approx(0.001));
    CHECK_FALSE(quota_unit_path(q, unit::t, unit::bbl).has_value());
    CHECK_FALSE(quota_unit_path(q, unit::items, unit::bbl).has_value());

    q.conversions = {{unit::t, unit::bbl, 8.333333, "China: 500,000 bbl = 60,000 t"}};
    const auto t_bbl = quota_unit_path(q, unit::t, unit::bbl);
    REQUIRE(t_bbl);
    CHECK(t_bbl->factor == doctest::Approx(8.333333));
    CHECK(t_bbl->declared == &q.conversions[0]);
    CHECK_FALSE(t_bbl->inverted);
    // Chained with same-dimension steps, and inverted.
    CHECK(quota_unit_path(q, unit::kg, unit::bbl)->factor == doctest::Approx(0.008333333));
    CHECK(quota_unit_path(q, unit::t, unit::m3)->factor ==
          doctest::Approx(8.333333 * 0.158987294928));
    const auto bbl_t = quota_unit_path(q, unit::bbl, unit::t);
    REQUIRE(bbl_t);
    CHECK(bbl_t->inverted);
    CHECK(bbl_t->factor == doctest::Approx(1 / 8.333333));
    CHECK(quota_unit_path(q, unit::l, unit::kg)->factor ==
          doctest::Approx(1000 / 8.333333 / 158.987294928));
    // Energy and mass never meet without a factor.
    CHECK_FALSE(quota_unit_path(q, unit::mwh, unit::t).has_value());
}

TEST_CASE("where declared factors disagree the larger use is counted") {
    quota q;
    q.limits = {{500000, unit::bbl}};
    q.conversions = {{unit::t, unit::bbl, 7.0, "a"},
                     {unit::bbl, unit::t, 0.125, "b (8 bbl per t)"}};
    const auto p = quota_unit_path(q, unit::t, unit::bbl);
    REQUIRE(p);
    CHECK(p->factor == doctest::Approx(8.0));
    CHECK(p->inverted);
    CHECK(p->declared->source == "b (8 bbl per t)");
    // From barrels to tonnes the larger tonnage comes from the 7 bbl/t factor.
    CHECK(quota_unit_path(q, unit::bbl, unit::t)->factor == doctest::Approx(1 / 7.0));
}

TEST_CASE("cap periods are calendar years, 12-month periods from the start, or one period") {
    const auto& rules = dprk()->rules();
    const exemption& op5 = *rules.find_exemption("2397/OP5-cap");
    CHECK(cap_period(op5, d("2018-07-04")) == validity{d("2018-01-01"), d("2019-01-01")});
    CHECK(cap_period(op5, d("2019-12-31")) == validity{d("2019-01-01"), d("2020-01-01")});
    CHECK_FALSE(cap_period(op5, d("2017-12-31")).has_value());

    const exemption& op4 = *rules.find_exemption("2397/OP4-cap");
    CHECK(cap_period(op4, d("2017-12-22")) == validity{d("2017-12-22"), d("2018-12-22")});
    CHECK(cap_period(op4, d("2018-12-21")) == validity{d("2017-12-22"), d("2018-12-22")});
    CHECK(cap_period(op4, d("2018-12-22")) == validity{d("2018-12-22"), d("2019-12-22")});
    CHECK_FALSE(cap_period(op4, d("2017-12-21")).has_value());

    const exemption& q4 = *rules.find_exemption("2375/OP14-cap");
    CHECK(cap_period(q4, d("2017-11-15")) == validity{d("2017-10-01"), d("2018-01-01")});
    CHECK_FALSE(cap_period(q4, d("2018-01-01")).has_value());

    // A calendar-year quota that starts mid-year: the first period is short.
    exemption e;
    e.quota = quota{{{1, unit::t}}, quota_period::calendar_year, d("2016-11-30"), {}};
    CHECK(cap_period(e, d("2016-12-05")) == validity{d("2016-11-30"), d("2017-01-01")});
    CHECK(period_label(*cap_period(e, d("2016-12-05"))) == "2016-11-30 to 2016-12-31");
    CHECK(period_label(*cap_period(e, d("2017-12-05"))) == "2017");
    // Twelve months from 29 February step to 1 March in common years.
    e.quota->period = quota_period::twelve_months;
    e.quota->start = d("2016-02-29");
    CHECK(cap_period(e, d("2017-02-28")) == validity{d("2016-02-29"), d("2017-03-01")});
    CHECK(cap_period(e, d("2017-03-01")) == validity{d("2017-03-01"), d("2018-03-01")});
    CHECK(cap_period(e, d("2020-02-29")) == validity{d("2020-02-29"), d("2021-03-01")});
    CHECK(period_label(validity{d("2017-12-22"), d("2018-12-22")}) == "2017-12-22 to 2018-12-21");
    CHECK(period_label(validity{d("2016-11-30"), day_max}) == "from 2016-11-30");
}

// -- acceptance: the shipped quotas -------------------------------------------

TEST_CASE("a year of refined petroleum in mixed units crosses 500,000 bbl on a known record") {
    const auto e = dprk();
    const auto& rules = e->rules();
    const std::vector<delivery> batch{
        fuel("jan", "2018-01", 120000, unit::bbl),        // 120,000
        fuel("feb", "2018-02-15", 6000, unit::t),         // 49,999.998 (China's factor)
        fuel("mar", "2018-03", 15898.7294928, unit::m3),  // 100,000
        fuel("apr", "2018-04-10", 3000000, unit::kg),     // 24,999.999
        fuel("may", "2018-05", 15898729.4928, unit::l),   // 100,000: 394,999.997
        fuel("jun", "2018-06", 90000, unit::bbl),         // 484,999.997
        fuel("jul", "2018-07-20", 3000, unit::t),         // 24,999.999: 509,999.996, crosses
        fuel("aug", "2018-08", 10000, unit::bbl),         // would fit without July: exhausted
        fuel("next", "2019-01", 10000, unit::bbl),        // a new year
    };
    const auto s = screen(e, batch);
    REQUIRE(s.rows.size() == batch.size());
    for (const char* id : {"jan", "feb", "mar", "apr", "may", "jun", "next"}) {
        CAPTURE(id);
        CHECK(s.by_id(id).verdict.status == status::capped);
    }
    const auto& jul = s.by_id("jul");
    CHECK(jul.verdict.status == status::prohibited);
    CHECK(finding_status(rules, jul.verdict, "2397/OP5") == status::prohibited);
    const auto& n = note_for(rules, jul, "2397/OP5-cap");
    CHECK(n.outcome == cap_outcome::crossed);
    CHECK(n.limits[0].before == doctest::Approx(484999.997));
    CHECK(n.limits[0].after() == doctest::Approx(509999.996));
    CHECK(n.limits[0].path->declared != nullptr);
    CHECK(describe(n, rules, jul.record) ==
          "cap 2397/OP5-cap exhausted: 510,000 of 500,000 bbl used in 2018");
    for (const auto& f : jul.verdict.findings) {
        if (rules.measures()[f.measure].id != "2397/OP5") continue;
        CHECK((f.reasons & reason_cap_exhausted) != 0);
        CHECK(describe(f, rules, jul.record) ==
              "the cap of 2397/OP5-cap (500,000 bbl per calendar year from 2018-01-01) "
              "is exhausted in this period");
    }

    const auto& aug = s.by_id("aug");
    CHECK(aug.verdict.status == status::prohibited);
    CHECK(note_for(rules, aug, "2397/OP5-cap").outcome == cap_outcome::exhausted);
    CHECK(describe(note_for(rules, aug, "2397/OP5-cap"), rules, aug.record) ==
          "cap 2397/OP5-cap exhausted earlier in 2018: 510,000 of 500,000 bbl used before this "
          "record");
    CHECK(describe(note_for(rules, s.by_id("feb"), "2397/OP5-cap"), rules, s.by_id("feb").record) ==
          "2397/OP5-cap: 170,000 of 500,000 bbl (34.0 %) used in 2018");

    const auto b2018 = s.ledger.balance("2397/OP5-cap", d("2018-06-01"));
    REQUIRE(b2018);
    REQUIRE(b2018->limits.size() == 1);
    const auto& l = b2018->limits[0];
    CHECK(l.used == doctest::Approx(519999.996));
    CHECK(l.upper == doctest::Approx(519999.996));
    CHECK(b2018->counted == 8);
    CHECK(b2018->exhausted());
    REQUIRE(l.reached[0]);
    CHECK(*l.reached[0]->on == d("2018-05-31"));  // 75 %: 375,000 within May
    CHECK(l.reached[0]->record == "may");
    CHECK(*l.reached[1]->on == d("2018-06-30"));  // 90 %
    CHECK(*l.reached[2]->on == d("2018-06-30"));  // 95 %
    CHECK(*l.exceeded->on == d("2018-07-20"));
    CHECK(l.exceeded->line == 7);
    const auto b2019 = s.ledger.balance("2397/OP5-cap", d("2019-01-01"));
    REQUIRE(b2019);
    CHECK(b2019->limits[0].used == doctest::Approx(10000));
    CHECK_FALSE(b2019->exhausted());
}

TEST_CASE(
    "the crude cap runs over 12-month periods from 2017-12-22 and a straddling month is "
    "indeterminate") {
    const auto e = dprk();
    const auto& rules = e->rules();
    const double f = 7.619048;  // the factor 2397 OP4 declares: 4,000,000 bbl = 525,000 t
    const std::vector<delivery> batch{
        crude("adoption-day", "2017-12-22", 100000, unit::t),
        crude("mar", "2018-03", 1500000, unit::bbl),
        crude("jul", "2018-07", 200000, unit::t),
        crude("last-day", "2018-12-21", 25000, unit::t),
        crude("dec", "2018-12", 10000, unit::bbl),
        crude("new-period", "2018-12-22", 50000, unit::bbl),
        crude("before", "2017-12-21", 1000, unit::bbl),
    };
    const auto s = screen(e, batch);
    CHECK(s.by_id("adoption-day").verdict.status == status::capped);
    CHECK(s.by_id("mar").verdict.status == status::capped);
    CHECK(s.by_id("jul").verdict.status == status::capped);
    CHECK(s.by_id("new-period").verdict.status == status::capped);

    // 100,000 + 196,875 + 200,000 + 25,000 t = 521,875 t; 3,976,190.4 bbl.
    // Both limits hold: the last day of the first period fits.
    const auto& last = s.by_id("last-day");
    CHECK(last.verdict.status == status::capped);
    const auto& n = note_for(rules, last, "2397/OP4-cap");
    REQUIRE(n.limits.size() == 2);
    CHECK(n.limits[0].after() == doctest::Approx(100000 * f + 1500000 + 200000 * f + 25000 * f));
    CHECK(n.limits[1].after() == doctest::Approx(100000 + 1500000 / f + 200000 + 25000));
    CHECK_FALSE(n.limits[1].path->inverted);  // tonnes count as they are
    CHECK(note_for(rules, s.by_id("mar"), "2397/OP4-cap")
              .limits[1]
              .path->inverted);  // barrels by 1 / 7.619048
    CHECK(n.period == validity{d("2017-12-22"), d("2018-12-22")});
    // The December month straddles 2018-12-21 | 2018-12-22: the month may
    // have pushed the last day over, so the last day is only capped because
    // 10,000 bbl more would still fit.
    CHECK(n.limits[0].before_max == doctest::Approx(n.limits[0].before + 10000));

    const auto& dec = s.by_id("dec");
    CHECK(dec.verdict.status == status::indeterminate);
    const auto& dn = note_for(rules, dec, "2397/OP4-cap");
    CHECK(dn.outcome == cap_outcome::straddles);
    CHECK(describe(dn, rules, dec.record) ==
          "the record's period 2018-12 straddles periods of cap 2397/OP4-cap (2017-12-22 to "
          "2018-12-21, "
          "2018-12-22 to 2019-12-21); a shorter period would settle it");

    // Before adoption the engine has no 2397 OP4 (2375 OP15 judges it); the
    // ledger leaves that row alone.
    CHECK_FALSE(std::any_of(s.rows.begin(), s.rows.end(),
                            [](const auto& r) { return r.record.id == "before"; }));

    const auto first = s.ledger.balance("2397/OP4-cap", d("2018-01-01"));
    REQUIRE(first);
    CHECK(first->counted == 4);
    CHECK(first->uncertain == 1);
    CHECK(first->limits[1].used == doctest::Approx(521875).epsilon(1e-6));
    CHECK(first->limits[1].upper == doctest::Approx(521875 + 10000 / f).epsilon(1e-6));
    const auto second = s.ledger.balance("2397/OP4-cap", d("2019-06-01"));
    REQUIRE(second);
    CHECK(second->limits[0].used == doctest::Approx(50000));

    // 5,000 t more on the last day crosses both limits.
    auto more = batch;
    more.push_back(crude("over", "2018-12-21", 5000, unit::t));
    const auto s2 = screen(e, more);
    CHECK(s2.by_id("last-day").verdict.status ==
          status::indeterminate);  // same day as "over": unordered
    CHECK(s2.by_id("over").verdict.status == status::indeterminate);
    const auto both = s2.ledger.balance("2397/OP4-cap", d("2018-12-21"));
    CHECK(both->limits[0].exceeded.has_value());
    CHECK(both->limits[1].exceeded.has_value());
    CHECK(*both->limits[1].exceeded->on == d("2018-12-21"));
}

TEST_CASE("the 2321 coal cap binds on value before tonnage") {
    const auto e = dprk();
    const auto& rules = e->rules();
    std::vector<delivery> batch;
    // 1,000,000 t a month at USD 60 a tonne: USD 420,000,000 by July, when
    // the tonnage is 7,000,000 of 7,500,000.
    for (int m = 1; m <= 7; ++m) {
        const std::string month = "2017-0" + std::to_string(m);
        batch.push_back(
            coal(std::string("m").append(std::to_string(m)), month.c_str(), 1000000, 60000000));
    }
    const auto s = screen(e, batch);
    for (int m = 1; m <= 6; ++m)
        CHECK(s.by_id(std::string("m").append(std::to_string(m))).verdict.status == status::capped);
    const auto& jul = s.by_id("m7");
    CHECK(jul.verdict.status == status::prohibited);
    const auto& n = note_for(rules, jul, "2321/OP26-cap");
    CHECK(n.outcome == cap_outcome::crossed);
    REQUIRE(n.limits.size() == 2);
    CHECK(n.limits[0].after() == doctest::Approx(420000000));
    CHECK(n.limits[0].after() > n.limits[0].cap);
    CHECK(n.limits[1].after() == doctest::Approx(7000000));
    CHECK(n.limits[1].after() < n.limits[1].cap);
    CHECK(describe(n, rules, jul.record) ==
          "cap 2321/OP26-cap exhausted: USD 420,000,000 of 400,870,018 used in 2017 (7,000,000 of "
          "7,500,000 t)");
    const auto b = s.ledger.balance("2321/OP26-cap", d("2017-03-01"));
    REQUIRE(b);
    CHECK(b->limits[0].exceeded.has_value());
    CHECK_FALSE(b->limits[1].exceeded.has_value());
    CHECK(*b->limits[1].reached[1]->on == d("2017-07-31"));  // 90 % of the tonnage: 6,750,000 t
    CHECK_FALSE(b->limits[1].reached[2].has_value());

    // August 2017 straddles the measure's end (2371 OP8 replaces it on
    // 2017-08-05): the quota holds, the measure only may apply.
    auto august = batch;
    august.push_back(coal("aug", "2017-08", 1, 1));
    const auto sa = screen(e, august);
    CHECK(note_for(rules, sa.by_id("aug"), "2321/OP26-cap").outcome == cap_outcome::uncertain);
    CHECK(finding_status(rules, sa.by_id("aug").verdict, "2321/OP26") == status::indeterminate);

    // A coal record with no value cannot be counted against the value limit.
    auto no_value = batch;
    no_value.insert(no_value.begin(), coal("novalue", "2017-01-15", 10, 0));
    no_value.front().usd.reset();
    const auto s2 = screen(e, no_value);
    const auto& nv = s2.by_id("novalue");
    CHECK(nv.verdict.status == status::indeterminate);
    CHECK(note_for(rules, nv, "2321/OP26-cap").limits[0].gap == use_gap::no_value);
    CHECK(describe(note_for(rules, nv, "2321/OP26-cap"), rules, nv.record)
              .find("the record gives no value, and the cap counts USD") != std::string::npos);
    // Later months are unsure up to the value crossing, which stays certain.
    CHECK(s2.by_id("m2").verdict.status == status::indeterminate);
    CHECK(s2.by_id("m7").verdict.status == status::prohibited);
}

TEST_CASE("the 2375 quota for the last quarter of 2017 is one period") {
    const auto e = dprk();
    const std::vector<delivery> batch{fuel("oct", "2017-10", 300000, unit::bbl),
                                      fuel("nov", "2017-11", 30000, unit::t),
                                      fuel("dec", "2017-12-31", 1, unit::bbl)};
    const auto s = screen(e, batch);
    CHECK(s.by_id("oct").verdict.status == status::capped);
    CHECK(s.by_id("nov").verdict.status == status::prohibited);  // 249,999.99 bbl more
    CHECK(s.by_id("dec").verdict.status == status::prohibited);
    const auto b = s.ledger.balance("2375/OP14-cap", d("2017-12-01"));
    REQUIRE(b);
    CHECK(b->period == validity{d("2017-10-01"), d("2018-01-01")});
}

TEST_CASE("the same deliveries shuffled give the same verdicts") {
    const auto e = dprk();
    std::vector<delivery> batch{
        fuel("a", "2018-01", 100000, unit::bbl), fuel("b", "2018-02", 10000, unit::t),
        fuel("c", "2018-03", 100000, unit::bbl), fuel("d", "2018-04-02", 5000, unit::m3),
        fuel("e", "2018-04", 60000, unit::bbl),  fuel("f", "2018-04", 8000, unit::bbl),
        fuel("g", "2018-05", 70000, unit::bbl),  fuel("h", "2018-05", 70000, unit::bbl),
        fuel("i", "2018-05-31", 10, unit::t),    fuel("j", "2018-06", 5, unit::bbl),
        fuel("k", "2018", 1, unit::bbl),         fuel("l", "2019-02", 1, unit::bbl),
    };
    batch.push_back(fuel("m", "2018-07", 0, unit::bbl));
    batch.back().amount.reset();  // no quantity
    const auto reference = screen(e, batch);
    std::map<std::string, std::vector<status>> expected;
    for (const auto& r : reference.rows) {
        std::vector<status> sts{r.verdict.status};
        for (const auto& f : r.verdict.findings) sts.push_back(f.status);
        expected[r.record.id] = sts;
    }
    // The batch is not trivial: it has every kind of outcome.
    CHECK(expected["a"][0] == status::capped);
    CHECK(expected["g"][0] == status::indeterminate);  // 2018-05 ties decide it
    CHECK(expected["j"][0] == status::prohibited);
    CHECK(expected["k"][0] == status::indeterminate);  // the year overlaps the crossing
    CHECK(expected["m"][0] == status::prohibited);     // after the cap, even uncounted
    CHECK(expected["l"][0] == status::capped);

    std::mt19937 rng(20180101);
    for (int round = 0; round < 25; ++round) {
        auto shuffled = batch;
        std::shuffle(shuffled.begin(), shuffled.end(), rng);
        const auto s = screen(e, shuffled);
        for (const auto& r : s.rows) {
            std::vector<status> sts{r.verdict.status};
            for (const auto& f : r.verdict.findings) sts.push_back(f.status);
            CAPTURE(round);
            CAPTURE(r.record.id);
            CHECK(sts == expected[r.record.id]);
        }
        const auto b = s.ledger.balance("2397/OP5-cap", d("2018-01-01"));
        CHECK(b->limits[0].used ==
              doctest::Approx(
                  reference.ledger.balance("2397/OP5-cap", d("2018-01-01"))->limits[0].used));
        CHECK(*b->limits[0].exceeded->on == d("2018-05-31"));
    }
}

TEST_CASE(
    "records of the same period are unordered: prohibited only if they cross in every order") {
    const auto e = dprk();
    const auto& rules = e->rules();
    cap_ledger ledger(e);
    REQUIRE(ledger.open("2397/OP5-cap", d("2018-01-01"), {480000}).ok());
    const std::vector<delivery> batch{
        fuel("early", "2018-06-30", 1000, unit::bbl),  // before July for certain: 481,000
        fuel("a", "2018-07", 15000, unit::bbl),        // 496,000 alone, 536,000 after b and c
        fuel("b", "2018-07-10", 15000,
             unit::bbl),                         // the day is inside the month: unordered with it
        fuel("c", "2018-07", 25000, unit::bbl),  // 506,000 even first: crosses in every order
        fuel("later", "2018-08-01", 1, unit::bbl),  // 536,001: exhausted
    };
    const auto s = screen(e, batch, ledger);
    CHECK(s.by_id("early").verdict.status == status::capped);
    CHECK(s.by_id("a").verdict.status == status::indeterminate);
    CHECK(s.by_id("b").verdict.status == status::indeterminate);
    CHECK(s.by_id("c").verdict.status == status::prohibited);
    CHECK(s.by_id("later").verdict.status == status::prohibited);
    const auto& na = note_for(rules, s.by_id("a"), "2397/OP5-cap");
    CHECK(na.outcome == cap_outcome::uncertain);
    CHECK(na.limits[0].before == doctest::Approx(481000));
    CHECK(na.limits[0].before_max == doctest::Approx(521000));
    CHECK(describe(na, rules, s.by_id("a").record) ==
          "cap 2397/OP5-cap may be exhausted in 2018: 481,000 of 500,000 bbl used for certain "
          "before this record, "
          "which adds 15,000 bbl, and up to 40,000 bbl more may come before it");
    CHECK(note_for(rules, s.by_id("later"), "2397/OP5-cap").outcome == cap_outcome::exhausted);
    const auto b = s.ledger.balance("2397/OP5-cap", d("2018-01-01"));
    CHECK(b->opened);
    CHECK(b->limits[0].opening == 480000);
    CHECK(b->limits[0].used == doctest::Approx(536001));
    // The opening balance (96 %) reached every threshold; July exceeded the cap.
    CHECK(b->limits[0].reached[0].has_value());
    CHECK_FALSE(b->limits[0].reached[0]->on.has_value());
    CHECK_FALSE(b->limits[0].reached[2]->on.has_value());
    CHECK(*b->limits[0].exceeded->on == d("2018-07-31"));
}

TEST_CASE("a record in tonnes with no declared factor is indeterminate, never counted as zero") {
    const auto loaded = testing::load_inline({{"fuel.yaml", R"(instrument: T/1
adopted: 2017-12-22
measures:
  - id: fuel
    citation: T/1 OP5
    direction: to-target
    goods: "2710"
    from: 2018-01-01
exemptions:
  - id: fuel-cap
    carves_out: [fuel]
    when: purpose == "livelihood"
    quota: {limits: [{amount: 500000, unit: bbl}], period: calendar-year, start: 2018-01-01}
)"}});
    REQUIRE_MESSAGE(loaded.ok(), testing::errors_of(loaded));
    const auto e = engine::compile(loaded.value());
    const auto& rules = e->rules();
    const auto item = [](std::string id, std::string when, std::optional<double> amount, unit u) {
        return delivery{std::move(id),
                        "271019",
                        "CN",
                        "KP",
                        std::move(when),
                        amount,
                        u,
                        std::nullopt,
                        {{"purpose", "livelihood"}},
                        {}};
    };
    const std::vector<delivery> batch{
        item("bbl", "2018-01", 100000, unit::bbl),     item("tonnes", "2018-02", 6000, unit::t),
        item("fits", "2018-03", 1000, unit::bbl),      item("over", "2018-04", 450000, unit::bbl),
        item("next-year", "2019-01", 1000, unit::bbl),
    };
    const auto s = screen(e, batch);
    CHECK(s.by_id("bbl").verdict.status == status::capped);
    const auto& t = s.by_id("tonnes");
    CHECK(t.verdict.status == status::indeterminate);
    REQUIRE(t.verdict.findings.size() == 1);
    CHECK((t.verdict.findings[0].reasons & reason_cap_unknown) != 0);
    const auto& n = note_for(rules, t, "fuel-cap");
    CHECK(n.outcome == cap_outcome::uncountable);
    CHECK(n.limits[0].gap == use_gap::no_conversion);
    CHECK_FALSE(n.limits[0].use.has_value());
    CHECK(describe(n, rules, t.record) ==
          "the use of this record against cap fuel-cap cannot be counted: 6,000 t cannot be "
          "converted to bbl: the "
          "quota declares no factor for it (100,000 of 500,000 bbl used before it in 2018)");
    CHECK(describe(t.verdict.findings[0], rules, t.record) ==
          "exemption fuel-cap holds, but whether its cap (500,000 bbl per calendar year from "
          "2018-01-01) has room for "
          "this record cannot be settled");
    // After it, a record that would fit is unsure: the tonnes are not zero.
    CHECK(s.by_id("fits").verdict.status == status::indeterminate);
    CHECK(note_for(rules, s.by_id("fits"), "fuel-cap").outcome == cap_outcome::uncertain);
    CHECK(describe(note_for(rules, s.by_id("fits"), "fuel-cap"), rules, s.by_id("fits").record)
              .find("which adds 1,000 bbl, and an unknown amount more may come before it") !=
          std::string::npos);
    // One that crosses on the known uses alone is prohibited.
    CHECK(s.by_id("over").verdict.status == status::prohibited);
    CHECK(s.by_id("next-year").verdict.status == status::capped);
    const auto b = s.ledger.balance("fuel-cap", d("2018-05-01"));
    CHECK(b->limits[0].unknown == 1);
    CHECK(std::isinf(b->limits[0].upper));
    CHECK(b->limits[0].used == doctest::Approx(551000));
}

TEST_CASE("an indeterminate record whose quota may hold may count against the cap") {
    const auto e = dprk();
    const auto& rules = e->rules();
    auto unsure = fuel("unsure", "2018-03", 30000, unit::bbl);
    unsure.facts = {{"product", "diesel"},
                    {"notified", "true"},
                    {"designated_party", "false"}};  // purpose unknown
    const std::vector<delivery> batch{fuel("jan", "2018-01", 460000, unit::bbl), unsure,
                                      fuel("apr", "2018-04", 20000, unit::bbl),
                                      fuel("may", "2018-05", 1, unit::bbl)};
    const auto s = screen(e, batch);
    const auto& u = s.by_id("unsure");
    CHECK(u.verdict.status == status::indeterminate);
    const auto& n = note_for(rules, u, "2397/OP5-cap");
    CHECK(n.outcome == cap_outcome::may_count);
    CHECK(n.before == status::indeterminate);
    CHECK(n.after == status::indeterminate);
    CHECK(describe(n, rules, u.record) ==
          "may count against cap 2397/OP5-cap in 2018 if the exemption holds: up to 30,000 bbl");
    // 480,000 for certain; 510,000 if the March record counts.
    CHECK(s.by_id("apr").verdict.status == status::indeterminate);
    CHECK(s.by_id("may").verdict.status == status::indeterminate);
    const auto b = s.ledger.balance("2397/OP5-cap", d("2018-01-01"));
    CHECK(b->limits[0].used == doctest::Approx(480001));
    CHECK(b->limits[0].upper == doctest::Approx(510001));
    CHECK(b->uncertain == 1);
    CHECK(b->counted == 3);
}

TEST_CASE(
    "a capped record whose measure may not reach it counts as a maybe and is never prohibited by "
    "the cap") {
    const auto e = dprk();
    const auto& rules = e->rules();
    // HS 27 may be refined petroleum or not: the engine says capped (the
    // quota holds for any goods), but the measure only may apply.
    auto chapter = fuel("chapter", "2018-02", 50000, unit::bbl);
    chapter.hs = "27";
    auto big = chapter;
    big.id = "big-chapter";
    big.when = "2018-04";
    big.amount = 60000;
    const std::vector<delivery> batch{fuel("jan", "2018-01", 420000, unit::bbl), chapter,
                                      fuel("mar", "2018-03", 20000, unit::bbl), big,
                                      fuel("may", "2018-05", 5000, unit::bbl)};
    const auto s = screen(e, batch);
    const auto& c = s.by_id("chapter");
    CHECK(finding_status(rules, c.verdict, "2397/OP5") ==
          status::capped);  // other measures of HS 27 are unsure
    CHECK(note_for(rules, c, "2397/OP5-cap").outcome == cap_outcome::may_count);
    CHECK(describe(note_for(rules, c, "2397/OP5-cap"), rules, c.record) ==
          "may count against cap 2397/OP5-cap in 2018 if the measure reaches this record: up to "
          "50,000 bbl");
    // 440,000 for certain, 490,000 if the chapter line is refined petroleum.
    CHECK(s.by_id("mar").verdict.status == status::capped);
    // 440,000 + 60,000 fits only without the February line: unsure, and not
    // prohibited even past the cap, since HS 27 may be outside the measure.
    const auto& b = s.by_id("big-chapter");
    CHECK(finding_status(rules, b.verdict, "2397/OP5") == status::indeterminate);
    CHECK(note_for(rules, b, "2397/OP5-cap").outcome == cap_outcome::uncertain);
    CHECK(s.by_id("may").verdict.status == status::indeterminate);
    const auto bal = s.ledger.balance("2397/OP5-cap", d("2018-01-01"));
    CHECK(bal->limits[0].used == doctest::Approx(445000));
    CHECK(bal->limits[0].upper == doctest::Approx(555000));
    CHECK(bal->counted == 3);
    CHECK(bal->uncertain == 2);
}

TEST_CASE(
    "a record with no quantity after the cap is exhausted is prohibited and before it "
    "indeterminate") {
    const auto e = dprk();
    cap_ledger ledger(e);
    auto none = make(fuel("none", "2018-03", 0, unit::bbl));
    none.quantity.reset();
    auto v = e->evaluate(embargo::testing::checked(e->rules(), none));
    auto notes = ledger.apply(none, v);
    CHECK(v.status == status::indeterminate);
    REQUIRE(notes.size() == 1);
    CHECK(notes[0].limits[0].gap == use_gap::no_quantity);

    cap_ledger full(e);
    REQUIRE(full.open("2397/OP5-cap", d("2018-01-01"), {500001}).ok());
    v = e->evaluate(embargo::testing::checked(e->rules(), none));
    notes = full.apply(none, v);
    CHECK(v.status == status::prohibited);
    CHECK(notes[0].outcome == cap_outcome::exhausted);
}

TEST_CASE("apply counts in call order while assess only looks") {
    const auto e = dprk();
    cap_ledger ledger(e);
    const auto big = make(fuel("big", "2018-09", 400000, unit::bbl));
    const auto small = make(fuel("small", "2018-01", 150000, unit::bbl));
    auto v = e->evaluate(embargo::testing::checked(e->rules(), big));
    ledger.apply(big, v);
    CHECK(v.status == status::capped);
    // A later call is a later delivery, whatever its date.
    v = e->evaluate(embargo::testing::checked(e->rules(), small));
    auto w = v;
    const auto look = ledger.assess(small, w);
    CHECK(w.status == status::prohibited);
    CHECK(look[0].outcome == cap_outcome::crossed);
    CHECK(ledger.balance("2397/OP5-cap", d("2018-01-01"))->limits[0].used ==
          doctest::Approx(400000));
    // A copy is a what-if that leaves the original alone.
    cap_ledger what_if = ledger;
    auto x = v;
    what_if.apply(small, x);
    CHECK(what_if.balance("2397/OP5-cap", d("2018-01-01"))->limits[0].used ==
          doctest::Approx(550000));
    CHECK(ledger.balance("2397/OP5-cap", d("2018-01-01"))->limits[0].used ==
          doctest::Approx(400000));
}

TEST_CASE("opening balances are checked") {
    const auto e = dprk();
    cap_ledger ledger(e);
    CHECK(ledger.open("2397/OP5-cap", d("2018-01-01"), {100}).ok());
    CHECK(ledger.open("2397/OP5-cap", d("2018-01-01"), {100}).error().id == "ledger.already-open");
    CHECK(ledger.open("2397/OP4-committee", d("2019-01-01"), {100}).error().id ==
          "ledger.not-a-quota");
    CHECK(ledger.open("nope", d("2019-01-01"), {100}).error().id == "ledger.unknown-exemption");
    CHECK(ledger.open("2397/OP5-cap", d("2019-02-01"), {100}).error().id == "ledger.bad-period");
    CHECK(ledger.open("2397/OP4-cap", d("2018-01-01"), {1, 1}).error().id == "ledger.bad-period");
    CHECK(ledger.open("2397/OP4-cap", d("2018-12-22"), {1}).error().id == "ledger.bad-balance");
    CHECK(ledger.open("2397/OP4-cap", d("2018-12-22"), {1, -1}).error().id == "ledger.bad-balance");
    CHECK(ledger.open("2397/OP4-cap", d("2018-12-22"), {1, std::nan("")}).error().id ==
          "ledger.bad-balance");
    const auto bad = ledger.open("2397/OP5-cap", d("2019-02-01"), {100});
    CHECK(bad.error().message ==
          "2019-02-01 is not the first day of a cap period of \"2397/OP5-cap\" (500,000 bbl per "
          "calendar "
          "year from 2018-01-01)");
    CHECK(ledger.open("2397/OP4-cap", d("2018-12-22"), {1, 1}).ok());
    CHECK(ledger.balances().size() == 2);
}

TEST_CASE("a batch keeps only the rows the ledger concerns") {
    const auto e = dprk();
    cap_batch batch(e);
    const auto capped = make(fuel("capped", "2018-01", 1, unit::bbl));
    auto banned = make(fuel("banned", "2018-01", 1, unit::bbl));
    banned.set_fact("purpose", "commercial");
    const auto coal_cn = make(coal("coal", "2018-01", 1, 1));  // 2371 OP8: prohibited, no quota
    CHECK(batch.add(10, capped, e->evaluate(embargo::testing::checked(e->rules(), capped))));
    CHECK_FALSE(batch.add(11, banned, e->evaluate(embargo::testing::checked(e->rules(), banned))));
    CHECK_FALSE(
        batch.add(12, coal_cn, e->evaluate(embargo::testing::checked(e->rules(), coal_cn))));
    // A chapter-level code may be refined petroleum: if the quota may hold,
    // the row may count; if every exemption is false, it cannot.
    auto chapter = make(fuel("chapter", "2018-02", 1, unit::bbl));
    chapter.code = hs_code::parse("27").value();
    CHECK(batch.add(13, chapter, e->evaluate(embargo::testing::checked(e->rules(), chapter))));
    chapter.set_fact("purpose", "commercial");
    CHECK(e->evaluate(embargo::testing::checked(e->rules(), chapter)).status ==
          status::indeterminate);
    CHECK_FALSE(
        batch.add(14, chapter, e->evaluate(embargo::testing::checked(e->rules(), chapter))));
    CHECK(batch.size() == 2);
    auto rows = batch.run();
    REQUIRE(rows.size() == 2);
    CHECK(rows[1].notes.at(0).outcome == cap_outcome::may_count);
    rows.pop_back();
    REQUIRE(rows.size() == 1);
    CHECK(rows[0].line == 10);
    CHECK(rows[0].notes.size() == 1);
    CHECK(rows[0].notes[0].entry == 0);
    CHECK(batch.run().empty());
}

// -- the cap report ------------------------------------------------------------

TEST_CASE("the cap report of a generated year matches a hand calculation") {
    const auto e = dprk();
    // 80 deliveries on days of 2018, in bbl, t, kg, m3 or l, from a fixed
    // seed. The hand calculation converts with the factors written out here.
    std::mt19937 rng(5002018);
    std::vector<delivery> batch;
    struct hand {
        int day_of_year;
        double bbl;
        std::string id;
    };
    std::vector<hand> by_hand;
    const unit units[] = {unit::bbl, unit::t, unit::kg, unit::m3, unit::l};
    const double to_bbl[] = {1, 8.333333, 0.008333333, 1000 / 158.987294928, 1 / 158.987294928};
    const double scale[] = {1, 0.12, 120, 0.159, 159};  // about one barrel's worth of each
    for (int i = 0; i < 80; ++i) {
        const int doy = static_cast<int>(rng() % 365);  // 0 = 1 January
        const std::size_t k = rng() % 5;
        const double bbl_size = 1000 + static_cast<double>(rng() % 14000);  // 1,000 to 15,000 bbl
        const double amount = std::round(bbl_size * scale[k]);
        const day when = d("2018-01-01") + std::chrono::days{doy};
        const std::string id = std::string("r").append(std::to_string(i));
        batch.push_back(fuel(id, to_string(when), amount, units[k]));
        by_hand.push_back({doy, amount * to_bbl[k], id});
    }
    const auto s = screen(e, batch);

    // By hand: the total, and the first day whose running total (all
    // deliveries of that day and before) reaches each share of the cap.
    std::vector<double> per_day(365, 0);
    for (const auto& h : by_hand) per_day[static_cast<std::size_t>(h.day_of_year)] += h.bbl;
    double total = 0;
    for (const double x : per_day) total += x;
    const auto first_day_at = [&](double share, bool strictly) -> std::optional<day> {
        double run = 0;
        for (int i = 0; i < 365; ++i) {
            run += per_day[static_cast<std::size_t>(i)];
            if (strictly ? run > 500000 * share * (1 + 1e-9) : run >= 500000 * share * (1 - 1e-9))
                return d("2018-01-01") + std::chrono::days{i};
        }
        return std::nullopt;
    };
    REQUIRE(total > 500000);  // the seed gives a year that crosses the cap

    const auto report = make_cap_report(s.ledger);
    REQUIRE(report.rows.size() == 1);
    const auto& row = report.rows[0];
    CHECK(row.exemption == "2397/OP5-cap");
    CHECK(row.period_label == "2018");
    CHECK(row.balance.counted == 80);
    const auto& l = row.balance.limits[0];
    CHECK(l.used == doctest::Approx(total).epsilon(1e-9));
    CHECK(l.percent() == doctest::Approx(total / 5000).epsilon(1e-9));
    CHECK(*l.reached[0]->on == *first_day_at(0.75, false));
    CHECK(*l.reached[1]->on == *first_day_at(0.90, false));
    CHECK(*l.reached[2]->on == *first_day_at(0.95, false));
    CHECK(*l.exceeded->on == *first_day_at(1.0, true));

    // And every verdict by hand: capped if the day's running total fits,
    // prohibited if the total before the day plus the record does not.
    std::vector<double> before_day(366, 0);
    for (int i = 0; i < 365; ++i)
        before_day[static_cast<std::size_t>(i) + 1] =
            before_day[static_cast<std::size_t>(i)] + per_day[static_cast<std::size_t>(i)];
    for (const auto& h : by_hand) {
        const auto doy = static_cast<std::size_t>(h.day_of_year);
        const status expected = before_day[doy + 1] <= 500000 * (1 + 1e-9) ? status::capped
                                : before_day[doy] + h.bbl > 500000 * (1 + 1e-9)
                                    ? status::prohibited
                                    : status::indeterminate;
        CAPTURE(h.id);
        CHECK(s.by_id(h.id).verdict.status == expected);
    }
}

namespace {

// The scenario docs/ledger.md shows: refined petroleum in 2018 in mixed
// units, one month of unknown purpose, and coal in 2017 past its value limit.
screened docs_scenario() {
    const auto e = dprk();
    auto unsure = fuel("2018-09-x", "2018-09", 4000, unit::t);
    unsure.facts = {{"product", "diesel"}, {"notified", "true"}, {"designated_party", "false"}};
    std::vector<delivery> batch{
        fuel("2018-01", "2018-01", 120000, unit::bbl),
        fuel("2018-02", "2018-02", 6000, unit::t),
        fuel("2018-03", "2018-03", 15898.7294928, unit::m3),
        fuel("2018-05", "2018-05", 100000, unit::bbl),
        fuel("2018-06", "2018-06", 90000, unit::bbl),
        fuel("2018-07", "2018-07", 6000, unit::t),
        unsure,
        coal("coal-2017-01", "2017-01", 2500000, 150000000),
        coal("coal-2017-02", "2017-02", 2500000, 150000000),
        coal("coal-2017-03", "2017-03", 1500000, 120000000),
    };
    return screen(e, batch);
}

}  // namespace

TEST_CASE("the cap report renders as text and as JSON") {
    const auto s = docs_scenario();
    const auto report = make_cap_report(s.ledger);
    const std::string text = format_text(report);
    MESSAGE(text);
    CHECK(text ==
          "quota          period             used              cap        %  75 %        90 %      "
          "  95 %        exceeded\n"
          "2321/OP26-cap  2017    USD 420,000,000  USD 400,870,018  104.8 %  2017-03-31  "
          "2017-03-31  2017-03-31  2017-03-31\n"
          "                           6,500,000 t      7,500,000 t   86.7 %  2017-03-31  -         "
          "  -           -\n"
          "2397/OP5-cap   2018        510,000 bbl      500,000 bbl  102.0 %  2018-06-30  "
          "2018-06-30  2018-07-31  2018-07-31\n"
          "note: 2397/OP5-cap 2018: up to 33,333.33 bbl more may count (1 record(s) may fall in "
          "this period or under "
          "this quota)\n");
    const std::string json = format_json(report);
    MESSAGE(json);
    // docs/ledger.md shows this row.
    CHECK(json.find(R"(      "exemption": "2397/OP5-cap",
      "citation": "S/RES/2397(2017) OP5",
      "quota": "500,000 bbl per calendar year from 2018-01-01",
      "period": {
        "from": "2018-01-01",
        "until": "2019-01-01",
        "label": "2018"
      },
      "opened": false,
      "exhausted": true,
      "records": {
        "counted": 6,
        "uncertain": 1
      },
      "limits": [
        {
          "unit": "bbl",
          "cap": 500000.0,
          "opening": 0.0,
          "used": 509999.996,
          "upper": 543333.328,
          "unknown": 0,
          "percent": 102.0,
          "thresholds": [
            {
              "percent": 75,
              "reached": true,
              "on": "2018-06-30",
              "record": "2018-06",
              "line": 5
            },
            {
              "percent": 90,
              "reached": true,
              "on": "2018-06-30",
              "record": "2018-06",
              "line": 5
            },
            {
              "percent": 95,
              "reached": true,
              "on": "2018-07-31",
              "record": "2018-07",
              "line": 6
            }
          ],
          "exceeded": {
            "on": "2018-07-31",
            "record": "2018-07",
            "line": 6
          }
        }
      ]
    }
  ]
}
)") != std::string::npos);
    CHECK(json.rfind("{\n  \"caps\": [\n    {\n      \"exemption\": \"2321/OP26-cap\",", 0) == 0);
    CHECK(format_text(cap_report{}) == "no quota was used\n");
}

TEST_CASE("the engine says whether a measure reaches a record before exemptions") {
    const auto e = dprk();
    const auto& rules = e->rules();
    const auto op5 =
        static_cast<std::uint32_t>(rules.find_measure("2397/OP5") - rules.measures().data());
    auto r = make(fuel("x", "2018-03", 1, unit::bbl));
    CHECK(e->applies(embargo::testing::checked(e->rules(), r), op5) == true);
    r.set_fact("purpose", "commercial");  // exemptions do not matter
    CHECK(e->applies(embargo::testing::checked(e->rules(), r), op5) == true);
    r.code = hs_code::parse("27").value();
    CHECK(e->applies(embargo::testing::checked(e->rules(), r), op5) ==
          std::nullopt);  // only partly refined petroleum
    r.code = hs_code::parse("2701").value();
    CHECK(e->applies(embargo::testing::checked(e->rules(), r), op5) == false);
    r = make(fuel("x", "2018", 1, unit::bbl));
    r.period = period::parse("2017").value();
    CHECK(e->applies(embargo::testing::checked(e->rules(), r), op5) == false);  // before 2018-01-01
    r = make(fuel("x", "2018-03", 1, unit::bbl));
    r.importer = country_code::parse("RU").value();
    CHECK(e->applies(embargo::testing::checked(e->rules(), r), op5) == false);
    CHECK(e->applies(embargo::testing::checked(e->rules(), r), 1u << 30) == false);
    // A condition on a missing fact leaves it open.
    const auto op4 =
        static_cast<std::uint32_t>(rules.find_measure("2397/OP4") - rules.measures().data());
    auto c = make(crude("c", "2018-03", 1, unit::bbl));
    CHECK(e->applies(embargo::testing::checked(e->rules(), c), op4) == true);
    c.facts.clear();
    CHECK(e->applies(embargo::testing::checked(e->rules(), c), op4) == std::nullopt);
}
