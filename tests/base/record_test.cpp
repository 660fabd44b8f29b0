// Records: country codes, units and their conversions, free facts. Units are
// where customs data is least tidy, so the aliases and the refusal of the
// ambiguous `ton` are pinned here.

#include "embargo/record.hpp"

#include <doctest/doctest.h>

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
