// Records: country codes, units and their conversions, free facts. Units are
// where customs data is least tidy, so the aliases and the refusal of the
// ambiguous `ton` are pinned here.

#include "embargo/record.hpp"

#include <limits>
#include <string>

#include <doctest/doctest.h>

#include "embargo/numbers.hpp"

using namespace embargo;

namespace {

double factor(unit from, unit to) {
    const auto f = same_dimension_factor(from, to);
    REQUIRE(f.has_value());
    return *f;
}

}  // namespace

TEST_CASE("a country code is two letters, upcased") {
    auto kp = country_code::parse("kp");
    REQUIRE(kp.ok());
    CHECK(kp->str() == "KP");
    CHECK(*kp == *country_code::parse("KP"));
    CHECK(country_code::parse("Cn")->str() == "CN");
    for (std::string_view bad : {"", "K", "PRK", "K1", "1P", "k ", "\xc3\xa9"}) {
        auto r = country_code::parse(bad);
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().id == "record.bad-country", bad);
    }
}

TEST_CASE("units print in their canonical spelling") {
    CHECK(to_string(unit::items) == "u");
    CHECK(to_string(unit::pairs) == "pa");
    CHECK(to_string(unit::g) == "g");
    CHECK(to_string(unit::kg) == "kg");
    CHECK(to_string(unit::t) == "t");
    CHECK(to_string(unit::l) == "l");
    CHECK(to_string(unit::m3) == "m3");
    CHECK(to_string(unit::bbl) == "bbl");
    CHECK(to_string(unit::kwh) == "kWh");
    CHECK(to_string(unit::mwh) == "MWh");
    CHECK(to_string(unit::m) == "m");
    CHECK(to_string(unit::m2) == "m2");
    CHECK(to_string(unit::usd) == "USD");
}

TEST_CASE("every unit reads back from its canonical spelling") {
    for (auto u : {unit::items, unit::pairs, unit::g, unit::kg, unit::t, unit::l, unit::m3,
                   unit::bbl, unit::kwh, unit::mwh, unit::m, unit::m2, unit::usd}) {
        auto r = parse_unit(to_string(u));
        REQUIRE_MESSAGE(r.ok(), to_string(u));
        CHECK(*r == u);
    }
}

TEST_CASE("units read case-insensitively with the usual customs aliases") {
    for (std::string_view s : {"u", "U", "items", "No", "no.", "NO.", "pcs", "PCS", "pieces"}) {
        CHECK_MESSAGE(parse_unit(s).value() == unit::items, s);
    }
    CHECK(parse_unit("pairs").value() == unit::pairs);
    CHECK(parse_unit("PA").value() == unit::pairs);
    CHECK(parse_unit("KG").value() == unit::kg);
    CHECK(parse_unit("tonne").value() == unit::t);
    CHECK(parse_unit("Tonnes").value() == unit::t);
    CHECK(parse_unit("barrels").value() == unit::bbl);
    CHECK(parse_unit("Barrel").value() == unit::bbl);
    CHECK(parse_unit("kwh").value() == unit::kwh);
    CHECK(parse_unit("MWH").value() == unit::mwh);
    CHECK(parse_unit("usd").value() == unit::usd);
}

TEST_CASE("ton is refused as ambiguous, pointing to t") {
    for (std::string_view s : {"ton", "tons", "TON"}) {
        auto r = parse_unit(s);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == "record.unknown-unit");
        CHECK(r.error().message.find("use t") != std::string::npos);
    }
}

TEST_CASE("an unknown unit is record.unknown-unit") {
    for (std::string_view s : {"", "lbs", "kgs", "gallon", " kg"}) {
        auto r = parse_unit(s);
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().id == "record.unknown-unit", s);
    }
}

TEST_CASE("units belong to their dimensions") {
    CHECK(dimension_of(unit::items) == dimension::count);
    CHECK(dimension_of(unit::pairs) == dimension::count);
    CHECK(dimension_of(unit::g) == dimension::mass);
    CHECK(dimension_of(unit::kg) == dimension::mass);
    CHECK(dimension_of(unit::t) == dimension::mass);
    CHECK(dimension_of(unit::l) == dimension::volume);
    CHECK(dimension_of(unit::m3) == dimension::volume);
    CHECK(dimension_of(unit::bbl) == dimension::volume);
    CHECK(dimension_of(unit::kwh) == dimension::energy);
    CHECK(dimension_of(unit::mwh) == dimension::energy);
    CHECK(dimension_of(unit::m) == dimension::length);
    CHECK(dimension_of(unit::m2) == dimension::area);
    CHECK(dimension_of(unit::usd) == dimension::money);
}

TEST_CASE("conversions within a dimension turn one unit into the other") {
    CHECK(factor(unit::t, unit::kg) == doctest::Approx(1000));
    CHECK(factor(unit::kg, unit::t) == doctest::Approx(0.001));
    CHECK(factor(unit::g, unit::t) == doctest::Approx(1e-6));
    CHECK(factor(unit::bbl, unit::l) == doctest::Approx(158.987294928));
    CHECK(factor(unit::m3, unit::bbl) == doctest::Approx(6.28981077).epsilon(1e-9));
    CHECK(factor(unit::m3, unit::l) == doctest::Approx(1000));
    CHECK(factor(unit::mwh, unit::kwh) == doctest::Approx(1000));
    CHECK(factor(unit::kwh, unit::mwh) == doctest::Approx(0.001));
}

TEST_CASE("a unit converts to itself by 1, even where the dimension has no other unit") {
    for (auto u : {unit::items, unit::pairs, unit::kg, unit::bbl, unit::m, unit::m2, unit::usd}) {
        CHECK(same_dimension_factor(u, u) == 1.0);
    }
}

TEST_CASE("no conversion crosses dimensions, nor turns items into pairs") {
    CHECK_FALSE(same_dimension_factor(unit::t, unit::bbl).has_value());
    CHECK_FALSE(same_dimension_factor(unit::kg, unit::items).has_value());
    CHECK_FALSE(same_dimension_factor(unit::m, unit::m2).has_value());
    CHECK_FALSE(same_dimension_factor(unit::usd, unit::kg).has_value());
    CHECK_FALSE(same_dimension_factor(unit::items, unit::pairs).has_value());
    CHECK_FALSE(same_dimension_factor(unit::pairs, unit::items).has_value());
}

TEST_CASE("a record's free facts are found by name and replaced when set again") {
    trade_record r;
    CHECK(r.fact("port") == nullptr);
    r.set_fact("port", "Rajin");
    r.set_fact("purpose", "livelihood");
    REQUIRE(r.fact("port") != nullptr);
    CHECK(*r.fact("port") == "Rajin");
    r.set_fact("port", "Nampo");
    CHECK(*r.fact("port") == "Nampo");
    CHECK(r.facts.size() == 2);
    CHECK(*r.fact("purpose") == "livelihood");
    CHECK(r.fact("Port") == nullptr);  // names are exact
}

// ---------------------------------------------------------------------------
// Money: exact cents.

namespace {

std::int64_t cents_of(std::string_view text) {
    const auto m = money::parse(text);
    REQUIRE_MESSAGE(m.ok(), text);
    return m->cents();
}

}  // namespace

TEST_CASE("money reads decimal text exactly to the cent") {
    CHECK(cents_of("1500") == 150'000);
    CHECK(cents_of("2.50") == 250);
    CHECK(cents_of("0.05") == 5);
    CHECK(cents_of("007.10") == 710);
    CHECK(cents_of(".5") == 50);
    CHECK(cents_of("5.") == 500);
    CHECK(cents_of("1.5e6") == 150'000'000);
    CHECK(cents_of("1E+3") == 100'000);
    CHECK(cents_of("25e-1") == 250);
    CHECK(cents_of("-3") == -300);
    CHECK(cents_of("0") == 0);
    CHECK(cents_of("0.000") == 0);
    CHECK(cents_of("1000000000000000") == money::max_cents);
}

TEST_CASE("money rounds a value given to more than cents half away from zero, from its digits") {
    // As a double, 2.675 is 2.67499999...: rounding the double gives 2.67.
    CHECK(cents_of("2.675") == 268);
    CHECK(cents_of("2.674999") == 267);
    CHECK(cents_of("0.005") == 1);
    CHECK(cents_of("0.0049") == 0);
    CHECK(cents_of("0.0005") == 0);
    CHECK(cents_of("-2.675") == -268);
    CHECK(cents_of("1.2345e2") == 12'345);
    CHECK(cents_of("99.995") == 10'000);
}

TEST_CASE("money refuses what is not a number, and amounts beyond 10^15") {
    for (std::string_view bad : {"", "-", ".", "e5", "1e", "1e+", "+5", "1,000", "5 ", " 5", "abc",
                                 "nan", "inf", "0x10", "1.2.3", "1e5x"}) {
        const auto m = money::parse(bad);
        REQUIRE_FALSE_MESSAGE(m.ok(), bad);
        CHECK(m.error().id == "record.bad-number");
        CHECK(m.error().message.find("is not a number") != std::string::npos);
    }
    for (std::string_view big :
         {"1000000000000000.01", "1e16", "1e999999999", "99999999999999999999"}) {
        const auto m = money::parse(big);
        REQUIRE_FALSE_MESSAGE(m.ok(), big);
        CHECK(m.error().id == "record.bad-number");
        CHECK(m.error().message.find("larger than 10^15") != std::string::npos);
    }
    // Many digits, none of them significant for the cents, are fine.
    CHECK(cents_of("0." + std::string(10'000, '0') + "1") == 0);
    CHECK(cents_of(std::string(10'000, '0') + "12") == 1'200);
}

TEST_CASE("cents print grouped by thousands without trailing zeros") {
    CHECK(cents_text(150'000) == "1,500");
    CHECK(cents_text(250) == "2.5");
    CHECK(cents_text(5) == "0.05");
    CHECK(cents_text(-123'456'789) == "-1,234,567.89");
    CHECK(cents_text(0) == "0");
    CHECK(cents_text(std::numeric_limits<std::int64_t>::min()) == "-92,233,720,368,547,758.08");
}
