// Facts: values print as a condition would write them, a record's text reads
// strictly as the declared type, and the table keeps built-ins first, names
// unique and ids within a 64-bit mask.

#include "embargo/fact.hpp"

#include <doctest/doctest.h>

using namespace embargo;

namespace {

fact_declaration declare(std::string name, fact_type type) {
    fact_declaration d;
    d.name = std::move(name);
    d.type = type;
    d.meaning = "test fact";
    return d;
}

}  // namespace

TEST_CASE("fact types have stable names") {
    CHECK(to_string(fact_type::boolean) == "boolean");
    CHECK(to_string(fact_type::number) == "number");
    CHECK(to_string(fact_type::text) == "text");
    CHECK(to_string(fact_type::date) == "date");
    CHECK(to_string(fact_type::country) == "country");
}

TEST_CASE("a fact value prints as it would be written in a condition") {
    CHECK(fact_value::of_bool(true).str() == "true");
    CHECK(fact_value::of_bool(false).str() == "false");
    CHECK(fact_value::of_number(12.5).str() == "12.5");
    CHECK(fact_value::of_number(100).str() == "100");
    CHECK(fact_value::of_number(-3).str() == "-3");
    CHECK(fact_value::of_number(0.1).str() == "0.1");  // shortest form, not 0.10000000000000001
    auto date = parse_day("2017-09-11");
    REQUIRE(date.ok());
    CHECK(fact_value::of_date(*date).str() == "2017-09-11");
    CHECK(fact_value::of_text("Rajin").str() == "\"Rajin\"");
    CHECK(fact_value::of_text("KP", fact_type::country).str() == "\"KP\"");
    CHECK(fact_value::of_text(R"(say "hi" \o/)").str() == R"("say \"hi\" \\o/")");
}

TEST_CASE("factories set the type and equal values compare equal") {
    CHECK(fact_value::of_number(1).type == fact_type::number);
    CHECK(fact_value::of_text("x").type == fact_type::text);
    CHECK(fact_value::of_text("KP", fact_type::country).type == fact_type::country);
    CHECK(fact_value::of_number(2.5) == fact_value::of_number(2.5));
    CHECK_FALSE(fact_value::of_text("KP") == fact_value::of_text("KP", fact_type::country));
}

TEST_CASE("a boolean reads only as true or false, in any case") {
    CHECK(parse_fact_value("true", fact_type::boolean)->boolean);
    CHECK(parse_fact_value("TRUE", fact_type::boolean)->boolean);
    CHECK_FALSE(parse_fact_value("False", fact_type::boolean)->boolean);
    CHECK(parse_fact_value("False", fact_type::boolean)->type == fact_type::boolean);
    for (std::string_view bad : {"yes", "1", "0", "", "truee", " true", "t"}) {
        auto r = parse_fact_value(bad, fact_type::boolean);
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().id == "fact.bad-boolean", bad);
    }
}

TEST_CASE("a number reads as a finite decimal and nothing else") {
    CHECK(parse_fact_value("12.5", fact_type::number)->number == 12.5);
    CHECK(parse_fact_value("-4", fact_type::number)->number == -4);
    CHECK(parse_fact_value("1e3", fact_type::number)->number == 1000);
    CHECK(parse_fact_value("500000", fact_type::number)->type == fact_type::number);
    for (std::string_view bad :
         {"nan", "NaN", "inf", "-infinity", "1e999", "", "abc", " 5", "+5", "5 ", "1,000"}) {
        auto r = parse_fact_value(bad, fact_type::number);
        REQUIRE_FALSE_MESSAGE(r.ok(), bad);
        CHECK_MESSAGE(r.error().id == "fact.bad-number", bad);
    }
    CHECK(parse_fact_value("12kg", fact_type::number).error().where.offset == 2);
}

TEST_CASE("a country reads as two letters and is upcased") {
    auto r = parse_fact_value("kp", fact_type::country);
    REQUIRE(r.ok());
    CHECK(r->text == "KP");
    CHECK(r->type == fact_type::country);
    CHECK(parse_fact_value("CN", fact_type::country)->text == "CN");
    for (std::string_view bad : {"K", "PRK", "K1", "", "k p", "\xc3\xa9x"}) {
        auto e = parse_fact_value(bad, fact_type::country);
        REQUIRE_FALSE(e.ok());
        CHECK_MESSAGE(e.error().id == "fact.bad-country", bad);
    }
}

TEST_CASE("a date fact reads as a day and keeps the date error ids") {
    auto r = parse_fact_value("2017-08-01", fact_type::date);
    REQUIRE(r.ok());
    CHECK(r->type == fact_type::date);
    CHECK(r->str() == "2017-08-01");
    CHECK(parse_fact_value("2017-02-30", fact_type::date).error().id == "date.invalid");
    CHECK(parse_fact_value("yesterday", fact_type::date).error().id == "date.syntax");
}

TEST_CASE("a text fact reads any text as is") {
    auto r = parse_fact_value(" Rajin ", fact_type::text);
    REQUIRE(r.ok());
    CHECK(r->text == " Rajin ");
    CHECK(r->type == fact_type::text);
}

TEST_CASE("a new fact table holds the built-ins first, in builtin_fact order") {
    const fact_table table;
    REQUIRE(table.size() == builtin_fact_count);
    struct expected {
        builtin_fact id;
        std::string_view name;
        fact_type type;
    };
    for (const auto& e : {expected{builtin_fact::origin, "origin", fact_type::country},
                          expected{builtin_fact::exporter, "exporter", fact_type::country},
                          expected{builtin_fact::importer, "importer", fact_type::country},
                          expected{builtin_fact::quantity, "quantity", fact_type::number},
                          expected{builtin_fact::unit, "unit", fact_type::text},
                          expected{builtin_fact::value_usd, "value_usd", fact_type::number},
                          expected{builtin_fact::unit_value, "unit_value", fact_type::number}}) {
        const auto id = static_cast<fact_id>(e.id);
        CHECK(table.at(id).name == e.name);
        CHECK(table.at(id).type == e.type);
        CHECK(table.at(id).builtin);
        CHECK_FALSE(table.at(id).meaning.empty());
        CHECK(table.at(id).meaning.find('\n') == std::string::npos);
        CHECK(table.find(e.name) == id);
    }
}

TEST_CASE("adding a fact gives it the next id and a taken name is refused") {
    fact_table table;
    REQUIRE(table.add(declare("port", fact_type::text)));
    CHECK(table.find("port") == static_cast<fact_id>(builtin_fact_count));
    CHECK_FALSE(table.at(*table.find("port")).builtin);
    CHECK_FALSE(table.add(declare("port", fact_type::boolean)));
    CHECK_FALSE(table.add(declare("origin", fact_type::text)));
    CHECK(table.size() == builtin_fact_count + 1);
    CHECK(table.at(*table.find("port")).type == fact_type::text);
    CHECK_FALSE(table.find("harbour").has_value());
}

TEST_CASE("a fact table refuses the fact after max_facts") {
    fact_table table;
    std::size_t added = 0;
    while (table.add(declare("fact_" + std::to_string(added), fact_type::boolean))) ++added;
    CHECK(added == max_facts - builtin_fact_count);
    CHECK(table.size() == max_facts);
    CHECK(table.find("fact_0").has_value());
    CHECK_FALSE(table.find("fact_" + std::to_string(added)).has_value());
}

TEST_CASE("fact_names lists the facts of a mask in id order") {
    fact_table table;
    REQUIRE(table.add(declare("port", fact_type::text)));
    REQUIRE(table.add(declare("origin_confirmed", fact_type::boolean)));
    const auto port = *table.find("port");
    const auto confirmed = *table.find("origin_confirmed");
    CHECK(fact_names(table, 0) == "");
    CHECK(fact_names(table, std::uint64_t{1} << port) == "port");
    CHECK(fact_names(table, (std::uint64_t{1} << confirmed) | (std::uint64_t{1} << port)) ==
          "port, origin_confirmed");
    CHECK(fact_names(table, 1) == "origin");
    CHECK(fact_names(table, std::uint64_t{1} << 63) == "");  // beyond the table: ignored
}
