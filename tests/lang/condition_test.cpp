// The condition language: every operator in all three truth values, the facts
// an unknown result names, the compiled form, and every error with its offset,
// including hostile input that must be refused before the parser recurses.

#include "embargo/condition.hpp"

#include <array>
#include <limits>
#include <random>
#include <string>

#include <doctest/doctest.h>

#include "lang/compiled_condition.hpp"
#include "lang/condition_eval.hpp"

using namespace embargo;
using boost::logic::indeterminate;
using boost::logic::tribool;
using detail::condition_op;

namespace {

// The compiled form of a condition that is not empty.
const detail::compiled_condition& form(const condition& c) {
    REQUIRE_FALSE(c.empty());
    return *c.compiled();
}

fact_declaration declare(std::string name, fact_type type, std::vector<std::string> values = {}) {
    fact_declaration d;
    d.name = std::move(name);
    d.type = type;
    d.meaning = "test fact";
    d.values = std::move(values);
    return d;
}

std::string show(tribool t) {
    if (indeterminate(t)) return "unknown";
    return t ? "true" : "false";
}

// A regime's facts and one record's values for them, all unknown at first.
struct world {
    fact_table table;
    std::array<detail::fact_view, max_facts> views{};

    world() {
        for (const auto& d :
             {declare("a", fact_type::boolean), declare("b", fact_type::boolean),
              declare("c", fact_type::boolean), declare("notified", fact_type::boolean),
              declare("origin_confirmed", fact_type::boolean),
              declare("designated_party", fact_type::boolean),
              declare("port", fact_type::text, {"Rajin", "Nampo"}),
              declare("purpose", fact_type::text), declare("contract_date", fact_type::date),
              declare("price", fact_type::number)}) {
            REQUIRE(table.add(d));
        }
    }

    fact_id id(std::string_view name) const {
        const auto i = table.find(name);
        REQUIRE_MESSAGE(i.has_value(), name);
        return *i;
    }
    std::uint64_t bit(std::string_view name) const { return std::uint64_t{1} << id(name); }

    detail::fact_view& known(std::string_view name) {
        auto& v = views[id(name)];
        v = {};
        v.known = true;
        return v;
    }
    world& set_bool(std::string_view name, bool b) {
        known(name).boolean = b;
        return *this;
    }
    // A truth value, where indeterminate means "the record lacks it".
    world& set_tri(std::string_view name, tribool t) {
        if (indeterminate(t)) return forget(name);
        return set_bool(name, static_cast<bool>(t));
    }
    world& set_number(std::string_view name, double n) {
        known(name).number = n;
        return *this;
    }
    world& set_date(std::string_view name, std::string_view text) {
        const auto d = parse_day(text);
        REQUIRE(d.ok());
        known(name).day = static_cast<std::int32_t>(d->time_since_epoch().count());
        return *this;
    }
    world& set_text(std::string_view name, std::string_view text) {  // text must outlive the world
        known(name).text = text;
        return *this;
    }
    world& forget(std::string_view name) {
        views[id(name)] = {};
        return *this;
    }

    condition compile(std::string_view text) const {
        auto c = condition::parse(text, table);
        REQUIRE_MESSAGE(c.ok(), text, ": ", c ? std::string() : c.error().message);
        return std::move(c).value();
    }

    // "true", "false" or "unknown".
    std::string eval(std::string_view text, std::uint64_t& missing) const {
        return show(detail::evaluate(compile(text), views.data(), missing));
    }
    std::string eval(std::string_view text) const {
        std::uint64_t missing = 0;
        return eval(text, missing);
    }
    std::uint64_t missing_of(std::string_view text) const {
        std::uint64_t missing = 0;
        eval(text, missing);
        return missing;
    }

    diagnostic error(std::string_view text, const condition_limits& limits = {}) const {
        auto c = condition::parse(text, table, limits);
        REQUIRE_FALSE_MESSAGE(c.ok(), text);
        return c.error();
    }
};

struct error_case {
    std::string_view text;
    std::string_view id;
    std::size_t offset;
};

void check_errors(const world& w, std::initializer_list<error_case> cases) {
    for (const auto& c : cases) {
        const auto e = w.error(c.text);
        CHECK_MESSAGE(e.id == c.id, c.text, " -> ", e.id, ": ", e.message);
        CHECK_MESSAGE(e.where.offset == c.offset, c.text, " -> ", e.where.offset, ": ", e.message);
        CHECK_MESSAGE(!e.message.empty(), c.text);
    }
}

const std::array<tribool, 3> truth_values{tribool(true), tribool(false), tribool(indeterminate)};

}  // namespace

// ---------------------------------------------------------------------------
// Evaluation.

TEST_CASE("the empty condition is true") {
    const world w;
    std::uint64_t missing = 0;
    CHECK(show(detail::evaluate(condition{}, w.views.data(), missing)) == "true");
    CHECK(condition{}.empty());
    CHECK(missing == 0);
}

TEST_CASE("true and false literals are constants") {
    const world w;
    CHECK(w.eval("true") == "true");
    CHECK(w.eval("false") == "false");
    CHECK(w.eval("not true") == "false");
    CHECK(w.eval("not false") == "true");
    CHECK(w.eval("(true)") == "true");
}

TEST_CASE("a bare boolean fact is its value, and unknown when the record lacks it") {
    world w;
    CHECK(w.set_bool("notified", true).eval("notified") == "true");
    CHECK(w.set_bool("notified", false).eval("notified") == "false");
    w.forget("notified");
    std::uint64_t missing = 0;
    CHECK(w.eval("notified", missing) == "unknown");
    CHECK(missing == w.bit("notified"));
}

TEST_CASE("not is Kleene negation: unknown stays unknown and keeps its fact") {
    world w;
    CHECK(w.set_tri("a", true).eval("not a") == "false");
    CHECK(w.set_tri("a", false).eval("not a") == "true");
    w.set_tri("a", indeterminate);
    CHECK(w.eval("not a") == "unknown");
    CHECK(w.missing_of("not a") == w.bit("a"));
    CHECK(w.eval("not not a") == "unknown");
    CHECK(w.set_tri("a", true).eval("not not a") == "true");
}

TEST_CASE("and follows the Kleene truth table over true, false and unknown") {
    // Rows: a, b, a and b.
    const std::array<std::array<tribool, 3>, 9> table{{
        {true, true, true},
        {true, false, false},
        {true, indeterminate, indeterminate},
        {false, true, false},
        {false, false, false},
        {false, indeterminate, false},
        {indeterminate, true, indeterminate},
        {indeterminate, false, false},
        {indeterminate, indeterminate, indeterminate},
    }};
    world w;
    for (const auto& row : table) {
        w.set_tri("a", row[0]).set_tri("b", row[1]);
        CAPTURE(show(row[0]));
        CAPTURE(show(row[1]));
        CHECK(w.eval("a and b") == show(row[2]));
        CHECK(w.eval("b and a") == show(row[2]));  // commutes
    }
}

TEST_CASE("or follows the Kleene truth table over true, false and unknown") {
    const std::array<std::array<tribool, 3>, 9> table{{
        {true, true, true},
        {true, false, true},
        {true, indeterminate, true},
        {false, true, true},
        {false, false, false},
        {false, indeterminate, indeterminate},
        {indeterminate, true, true},
        {indeterminate, false, indeterminate},
        {indeterminate, indeterminate, indeterminate},
    }};
    world w;
    for (const auto& row : table) {
        w.set_tri("a", row[0]).set_tri("b", row[1]);
        CAPTURE(show(row[0]));
        CAPTURE(show(row[1]));
        CHECK(w.eval("a or b") == show(row[2]));
        CHECK(w.eval("b or a") == show(row[2]));
    }
}

TEST_CASE("long and/or chains agree with folding the two-place operators") {
    world w;
    for (auto x : truth_values) {
        for (auto y : truth_values) {
            for (auto z : truth_values) {
                w.set_tri("a", x).set_tri("b", y).set_tri("c", z);
                CAPTURE(show(x));
                CAPTURE(show(y));
                CAPTURE(show(z));
                CHECK(w.eval("a and b and c") == show((x && y) && z));
                CHECK(w.eval("a or b or c") == show((x || y) || z));
                CHECK(w.eval("a and (b or not c)") == show(x && (y || !z)));
                CHECK(w.eval("a or b and c") == show(x || (y && z)));  // and binds tighter
                CHECK(w.eval("not a and b") == show(!x && y));         // not binds tighter still
            }
        }
    }
}

TEST_CASE("an unknown result names the unknown facts it hinged on") {
    world w;
    w.set_tri("a", indeterminate).set_tri("b", true).set_tri("c", indeterminate);
    CHECK(w.missing_of("a and b") == w.bit("a"));
    CHECK(w.missing_of("a and c") == (w.bit("a") | w.bit("c")));
    CHECK(w.missing_of("a or c") == (w.bit("a") | w.bit("c")));
    CHECK(w.missing_of("b and (a or c)") == (w.bit("a") | w.bit("c")));
    CHECK(w.missing_of("not (a and b)") == w.bit("a"));
}

TEST_CASE("a fact that did not decide the result is not named") {
    world w;
    w.set_tri("a", indeterminate).set_tri("b", false).set_tri("c", indeterminate);
    std::uint64_t missing = 0;
    CHECK(w.eval("a and b", missing) == "false");  // b decided it
    CHECK(missing == 0);
    CHECK(w.eval("(a or c) and b", missing) == "false");
    CHECK(missing == 0);
    w.set_tri("b", true);
    CHECK(w.eval("a or b", missing) == "true");
    CHECK(missing == 0);
    // A determinate child contributes nothing to an unknown parent.
    w.set_tri("b", true);
    CHECK(w.missing_of("(a or c) and b") == (w.bit("a") | w.bit("c")));
    CHECK(w.missing_of("a and (b or c)") == w.bit("a"));
}

TEST_CASE("missing is or-ed into, not overwritten") {
    world w;
    w.set_tri("a", indeterminate);
    std::uint64_t missing = std::uint64_t{1} << 40;
    CHECK(w.eval("a", missing) == "unknown");
    CHECK(missing == ((std::uint64_t{1} << 40) | w.bit("a")));
    w.set_tri("a", true);
    missing = 5;
    CHECK(w.eval("a", missing) == "true");
    CHECK(missing == 5);
}

TEST_CASE("every comparison on numbers holds, fails and is unknown") {
    struct row {
        std::string_view op;
        bool below, equal, above;  // price 99, 100, 101 against 100
    };
    world w;
    for (const auto& r : {row{"==", false, true, false}, row{"!=", true, false, true},
                          row{"<", true, false, false}, row{"<=", true, true, false},
                          row{">", false, false, true}, row{">=", false, true, true}}) {
        const std::string text = "price " + std::string(r.op) + " 100";
        CAPTURE(text);
        CHECK(w.set_number("price", 99).eval(text) == show(r.below));
        CHECK(w.set_number("price", 100).eval(text) == show(r.equal));
        CHECK(w.set_number("price", 101).eval(text) == show(r.above));
        w.forget("price");
        std::uint64_t missing = 0;
        CHECK(w.eval(text, missing) == "unknown");
        CHECK(missing == w.bit("price"));
    }
}

TEST_CASE("numbers compare as doubles, with decimals, exponents and negatives") {
    world w;
    w.set_number("price", 100.5);
    CHECK(w.eval("price > 100.25") == "true");
    CHECK(w.eval("price == 1.005e2") == "true");
    CHECK(w.eval("price > -1") == "true");
    w.set_number("price", -0.5);
    CHECK(w.eval("price < 0") == "true");
    CHECK(w.eval("-1 < price") == "true");  // the literal may stand on the left
}

TEST_CASE("every comparison on dates holds, fails and is unknown") {
    struct row {
        std::string_view op;
        bool before, same, after;  // contract_date 2017-09-10, -11, -12 against 2017-09-11
    };
    world w;
    for (const auto& r : {row{"==", false, true, false}, row{"!=", true, false, true},
                          row{"<", true, false, false}, row{"<=", true, true, false},
                          row{">", false, false, true}, row{">=", false, true, true}}) {
        const std::string text = "contract_date " + std::string(r.op) + " 2017-09-11";
        CAPTURE(text);
        CHECK(w.set_date("contract_date", "2017-09-10").eval(text) == show(r.before));
        CHECK(w.set_date("contract_date", "2017-09-11").eval(text) == show(r.same));
        CHECK(w.set_date("contract_date", "2017-09-12").eval(text) == show(r.after));
        w.forget("contract_date");
        CHECK(w.eval(text) == "unknown");
        CHECK(w.missing_of(text) == w.bit("contract_date"));
    }
    w.set_date("contract_date", "2016-12-31");
    CHECK(w.eval("contract_date < 2017-01-01") == "true");  // across a year boundary
}

TEST_CASE("text compares by exact string, and is unknown when absent") {
    world w;
    w.set_text("port", "Rajin");
    CHECK(w.eval(R"(port == "Rajin")") == "true");
    CHECK(w.eval(R"(port != "Rajin")") == "false");
    CHECK(w.eval(R"("Rajin" == port)") == "true");
    w.set_text("port", "rajin");  // case matters: the record must say what the rule says
    CHECK(w.eval(R"(port == "Rajin")") == "false");
    w.set_text("purpose", "livelihood");
    CHECK(w.eval(R"(purpose == "livelihood")") == "true");
    CHECK(w.eval(R"(purpose == "livelihood ")") == "false");
    CHECK(w.eval(R"(purpose != "military")") == "true");
    w.forget("port");
    CHECK(w.eval(R"(port == "Rajin")") == "unknown");
    CHECK(w.eval(R"(port != "Rajin")") == "unknown");
    CHECK(w.missing_of(R"(port != "Rajin")") == w.bit("port"));
}

TEST_CASE("string escapes reach the compared text") {
    world w;
    w.set_text("purpose", R"(say "hi" \o/)");
    CHECK(w.eval(R"(purpose == "say \"hi\" \\o/")") == "true");
}

TEST_CASE("countries compare with two capital letters, and with each other") {
    world w;
    w.set_text("origin", "KP").set_text("exporter", "CN").set_text("importer", "CN");
    CHECK(w.eval(R"(origin == "KP")") == "true");
    CHECK(w.eval(R"(origin != "KP")") == "false");
    CHECK(w.eval(R"(exporter == "KP")") == "false");
    CHECK(w.eval("exporter == importer") == "true");
    CHECK(w.eval("origin != exporter") == "true");
    w.forget("origin");
    CHECK(w.eval(R"(origin != "KP")") == "unknown");
    CHECK(w.missing_of(R"(origin != "KP")") == w.bit("origin"));
    w.forget("importer");
    CHECK(w.missing_of("origin == importer") == (w.bit("origin") | w.bit("importer")));
}

TEST_CASE("booleans compare for equality with literals and facts") {
    world w;
    w.set_bool("notified", true).set_bool("a", false);
    CHECK(w.eval("notified == true") == "true");
    CHECK(w.eval("notified != true") == "false");
    CHECK(w.eval("notified == a") == "false");
    CHECK(w.eval("notified != a") == "true");
    CHECK(w.eval("true == false") == "false");
    w.forget("notified");
    CHECK(w.eval("notified == true") == "unknown");
}

TEST_CASE("in holds when the fact equals a listed literal, and is unknown when absent") {
    world w;
    w.set_text("purpose", "jet_fuel");
    CHECK(w.eval(R"(purpose in ["jet_fuel", "aviation_gasoline"])") == "true");
    w.set_text("purpose", "diesel");
    CHECK(w.eval(R"(purpose in ["jet_fuel", "aviation_gasoline"])") == "false");
    CHECK(w.eval(R"(not purpose in ["jet_fuel"])") == "true");
    w.forget("purpose");
    std::uint64_t missing = 0;
    CHECK(w.eval(R"(purpose in ["jet_fuel"])", missing) == "unknown");
    CHECK(missing == w.bit("purpose"));

    w.set_text("origin", "CN");
    CHECK(w.eval(R"(origin in ["CN", "RU"])") == "true");
    CHECK(w.eval(R"(origin in ["KP"])") == "false");
    w.set_number("price", 2);
    CHECK(w.eval("price in [1, 2, 3]") == "true");
    CHECK(w.eval("price in [1.5]") == "false");
    w.set_date("contract_date", "2017-08-05");
    CHECK(w.eval("contract_date in [2017-08-05, 2017-09-11]") == "true");
    CHECK(w.eval("contract_date in [2017-09-11]") == "false");
    w.set_bool("a", true);
    CHECK(w.eval("a in [false]") == "false");
}

TEST_CASE("NaN in a record differs from every number") {
    world w;
    w.set_number("price", std::numeric_limits<double>::quiet_NaN());
    CHECK(w.eval("price == 1") == "false");
    CHECK(w.eval("price != 1") == "true");
    CHECK(w.eval("price < 1") == "false");
    CHECK(w.eval("price >= 1") == "false");
}

TEST_CASE("the Rajin coal exemption evaluates as the law reads") {
    world w;
    const char* rajin = R"(origin != "KP" and origin_confirmed and port == "Rajin" and notified)";
    w.set_text("origin", "RU")
        .set_bool("origin_confirmed", true)
        .set_text("port", "Rajin")
        .set_bool("notified", true);
    CHECK(w.eval(rajin) == "true");
    w.set_text("origin", "KP");
    CHECK(w.eval(rajin) == "false");
    std::uint64_t missing = 0;
    CHECK(w.eval(rajin, missing) == "false");
    CHECK(missing == 0);
    w.set_text("origin", "RU").forget("notified").forget("origin_confirmed");
    CHECK(w.eval(rajin, missing) == "unknown");
    CHECK(missing == (w.bit("notified") | w.bit("origin_confirmed")));
}

// ---------------------------------------------------------------------------
// Compiled form.

TEST_CASE("the compiled form is post-order with the root last") {
    const world w;
    const auto c = w.compile("a and (b or not c) and price > 5");
    REQUIRE_FALSE(c.empty());
    const detail::compiled_condition& compiled = *c.compiled();
    const auto& nodes = compiled.nodes;
    CHECK(compiled.root() == nodes.size() - 1);
    CHECK(nodes[compiled.root()].op == condition_op::and_);
    CHECK(nodes[compiled.root()].count == 3);
    for (std::size_t i = 0; i < nodes.size(); ++i) {
        const auto& n = nodes[i];
        if (n.op == condition_op::and_ || n.op == condition_op::or_ || n.op == condition_op::not_) {
            for (std::size_t k = 0; k < n.count; ++k) CHECK(compiled.children[n.first + k] < i);
        }
    }
    CHECK(c.text() == "a and (b or not c) and price > 5");
    CHECK(c.facts_read() == (w.bit("a") | w.bit("b") | w.bit("c") | w.bit("price")));
}

TEST_CASE("a long and chain compiles to one node with every term as a child") {
    world w;
    std::string text = "a";
    for (int i = 0; i < 999; ++i) text += " and a";
    condition_limits roomy;
    roomy.max_length = 1 << 20;
    auto c = condition::parse(text, w.table, roomy);
    REQUIRE(c.ok());
    const detail::compiled_condition& compiled = *c->compiled();
    CHECK(compiled.nodes.size() == 1001);
    CHECK(compiled.nodes[compiled.root()].op == condition_op::and_);
    CHECK(compiled.nodes[compiled.root()].count == 1000);
    w.set_bool("a", true);
    std::uint64_t missing = 0;
    CHECK(show(detail::evaluate(*c, w.views.data(), missing)) == "true");
}

TEST_CASE("in keeps its literals in the literals array, typed as the fact") {
    const world w;
    const auto c = w.compile(R"(origin in ["CN", "RU"])");
    const detail::compiled_condition& compiled = *c.compiled();
    REQUIRE(compiled.nodes.size() == 1);
    const auto& n = compiled.nodes[0];
    CHECK(n.op == condition_op::in);
    CHECK(n.lhs.is_fact);
    CHECK(n.lhs.index == static_cast<fact_id>(builtin_fact::origin));
    REQUIRE(n.count == 2);
    CHECK(form(c).literals[n.first] == fact_value::of_text("CN", fact_type::country));
    CHECK(form(c).literals[n.first + 1] == fact_value::of_text("RU", fact_type::country));
    CHECK(n.type == fact_type::country);
}

TEST_CASE("a comparison node holds its operator, operands and type") {
    const world w;
    const auto c = w.compile("contract_date < 2017-09-11");
    const detail::compiled_condition& compiled = *c.compiled();
    REQUIRE(compiled.nodes.size() == 1);
    const auto& n = compiled.nodes[0];
    CHECK(n.op == condition_op::lt);
    CHECK(n.type == fact_type::date);
    CHECK(n.lhs.is_fact);
    CHECK(n.lhs.index == w.id("contract_date"));
    CHECK_FALSE(n.rhs.is_fact);
    CHECK(form(c).literals[n.rhs.index].str() == "2017-09-11");
    CHECK(form(w.compile("notified")).nodes[0].op == condition_op::truth);
    CHECK(form(w.compile("true")).nodes[0].op == condition_op::constant);
    CHECK(w.compile("true").facts_read() == 0);
}

TEST_CASE("keywords are whole words, so facts may begin with one") {
    world w;
    fact_table& t = w.table;
    REQUIRE(t.add(declare("android", fact_type::boolean)));
    REQUIRE(t.add(declare("order", fact_type::boolean)));
    REQUIRE(t.add(declare("inland", fact_type::boolean)));
    REQUIRE(t.add(declare("true_value", fact_type::boolean)));
    w.set_bool("notified", true)
        .set_bool("android", true)
        .set_bool("order", false)
        .set_bool("inland", true);
    CHECK(w.eval("notified") == "true");  // not `not ified`
    CHECK(w.eval("android and order") == "false");
    CHECK(w.eval("inland or order") == "true");
    CHECK(form(w.compile("true_value")).nodes[0].op == condition_op::truth);
    CHECK(w.eval("not(notified)") == "false");
    CHECK(w.eval("notified and(android)") == "true");
}

TEST_CASE("whitespace between tokens is free, including newlines from YAML blocks") {
    world w;
    w.set_number("price", 5).set_bool("a", true);
    CHECK(w.eval("  price>=5\n and\ta\r\n") == "true");
    CHECK(w.eval("price in[5,6]") == "true");
}

TEST_CASE("condition operators have stable names") {
    CHECK(to_string(condition_op::constant) == "constant");
    CHECK(to_string(condition_op::truth) == "truth");
    CHECK(to_string(condition_op::not_) == "not");
    CHECK(to_string(condition_op::and_) == "and");
    CHECK(to_string(condition_op::or_) == "or");
    CHECK(to_string(condition_op::eq) == "==");
    CHECK(to_string(condition_op::ne) == "!=");
    CHECK(to_string(condition_op::lt) == "<");
    CHECK(to_string(condition_op::le) == "<=");
    CHECK(to_string(condition_op::gt) == ">");
    CHECK(to_string(condition_op::ge) == ">=");
    CHECK(to_string(condition_op::in) == "in");
}

// ---------------------------------------------------------------------------
// Errors.

TEST_CASE("a syntax error points at where the parse stopped") {
    const world w;
    check_errors(w, {
                        {"", "condition.syntax", 0},
                        {"   ", "condition.syntax", 3},
                        {"notified and", "condition.syntax", 12},
                        {"notified and and a", "condition.syntax", 13},
                        {"price ==", "condition.syntax", 8},
                        {"price = 5", "condition.syntax", 6},
                        {"price => 5", "condition.syntax", 6},
                        {"notified port", "condition.syntax", 9},
                        {"(notified", "condition.syntax", 9},
                        {"notified)", "condition.syntax", 8},
                        {"()", "condition.syntax", 1},
                        {"Notified", "condition.syntax", 0},
                        {"in == 1", "condition.syntax", 0},
                        {"price > 5kg", "condition.syntax", 8},
                        {"price > 1.", "condition.syntax", 8},
                        {"price > +5", "condition.syntax", 8},
                        {"notified && a", "condition.syntax", 9},
                    });
}

TEST_CASE("a syntax error says what was expected and what was found") {
    const world w;
    auto e = w.error("notified port");
    CHECK(e.message.find("a comparison operator") != std::string::npos);
    CHECK(e.message.find("'and'") != std::string::npos);
    CHECK(e.message.find("'or'") != std::string::npos);
    CHECK(e.message.find("the end of the condition") != std::string::npos);
    CHECK(e.message.find("found \"port\"") != std::string::npos);
    e = w.error("price ==");
    CHECK(e.message.find("a fact name, a literal or '('") != std::string::npos);
    CHECK(e.message.find("found the end of the condition") != std::string::npos);
    e = w.error("(notified");
    CHECK(e.message.find("')'") != std::string::npos);
    e = w.error(R"(purpose in "jet_fuel")");
    CHECK(e.message.find("expected '['; found \"jet_fuel\"") != std::string::npos);
}

TEST_CASE("string literals must close and may escape only quote and backslash") {
    const world w;
    check_errors(w, {
                        {R"(purpose == "jet)", "condition.syntax", 15},
                        {R"(purpose == "a\nb")", "condition.syntax", 14},
                        {R"(purpose == "a\)", "condition.syntax", 14},
                    });
    CHECK(w.error(R"(purpose == "jet)").message.find("closing") != std::string::npos);
    CHECK(w.error(R"(purpose == "a\nb")").message.find("backslash") != std::string::npos);
}

TEST_CASE("lists need brackets, commas and at least one literal") {
    const world w;
    check_errors(w, {
                        {R"(purpose in "a")", "condition.syntax", 11},
                        {R"(purpose in [])", "condition.syntax", 12},
                        {R"(purpose in ["a" "b"])", "condition.syntax", 16},
                        {R"(purpose in ["a",])", "condition.syntax", 16},
                        {R"(purpose in ["a")", "condition.syntax", 15},
                        {"purpose in [port]", "condition.syntax", 12},
                    });
}

TEST_CASE("a malformed number or date literal is refused where it starts") {
    const world w;
    check_errors(w, {
                        {"price > 1e999", "condition.syntax", 8},
                        {"contract_date < 2017-9-11", "date.syntax", 22},
                        {"contract_date < 2017-09", "date.syntax", 23},
                        {"contract_date < 2017-02-30", "date.invalid", 24},
                        {"contract_date < 2300-01-01", "date.out-of-range", 16},
                        {"contract_date < 2017-09-11x", "condition.syntax", 16},
                    });
}

TEST_CASE("an unknown fact is named, with near names when there are some") {
    const world w;
    check_errors(w, {
                        {R"(prot == "Rajin")", "condition.unknown-fact", 0},
                        {"notified and notfied", "condition.unknown-fact", 13},
                        {"xyzzy", "condition.unknown-fact", 0},
                        {"price in [1] or qantity > 2", "condition.unknown-fact", 16},
                    });
    const auto near = w.error(R"(prot == "Rajin")");
    CHECK(near.message.find("\"prot\"") != std::string::npos);
    CHECK(near.message.find("did you mean \"port\"") != std::string::npos);
    CHECK(w.error("notified and notfied").message.find("\"notified\"") != std::string::npos);
    CHECK(w.error("xyzzy").message.find("did you mean") == std::string::npos);
}

TEST_CASE("comparisons must compare like with like") {
    const world w;
    check_errors(w, {
                        {R"(price > "5")", "condition.type-mismatch", 8},
                        {"price == 2017-09-11", "condition.type-mismatch", 9},
                        {"contract_date < 5", "condition.type-mismatch", 16},
                        {R"(contract_date == "2017-09-11")", "condition.type-mismatch", 17},
                        {"purpose == 5", "condition.type-mismatch", 11},
                        {"notified == 1", "condition.type-mismatch", 12},
                        {"origin == port", "condition.type-mismatch", 10},
                        {"price == contract_date", "condition.type-mismatch", 9},
                        {R"(5 == "5")", "condition.type-mismatch", 5},
                        {R"("x" == price)", "condition.type-mismatch", 0},
                    });
}

TEST_CASE("a country compares only with two capital letters") {
    const world w;
    check_errors(w, {
                        {R"(origin == "kp")", "condition.type-mismatch", 10},
                        {R"(origin == "PRK")", "condition.type-mismatch", 10},
                        {R"(origin in ["CN", "North Korea"])", "condition.type-mismatch", 17},
                        {"origin == 1", "condition.type-mismatch", 10},
                    });
    CHECK(w.error(R"(origin == "kp")").message.find("two capital letters") != std::string::npos);
}

TEST_CASE("ordering compares only numbers and dates") {
    const world w;
    check_errors(w, {
                        {R"(purpose < "z")", "condition.type-mismatch", 8},
                        {R"(origin >= "KP")", "condition.type-mismatch", 7},
                        {"notified > false", "condition.type-mismatch", 9},
                        {"true <= true", "condition.type-mismatch", 5},
                    });
}

TEST_CASE("a truth value must be boolean") {
    const world w;
    check_errors(w, {
                        {"purpose", "condition.type-mismatch", 0},
                        {"price", "condition.type-mismatch", 0},
                        {"5", "condition.type-mismatch", 0},
                        {R"("yes")", "condition.type-mismatch", 0},
                        {"2017-09-11", "condition.type-mismatch", 0},
                        {"not origin", "condition.type-mismatch", 4},
                        {"notified and (price)", "condition.type-mismatch", 14},
                        {"notified or contract_date", "condition.type-mismatch", 12},
                    });
}

TEST_CASE("comparisons and in take facts and literals, not expressions") {
    const world w;
    check_errors(w, {
                        {"(a and b) == true", "condition.type-mismatch", 1},
                        {"a == (b or c)", "condition.type-mismatch", 6},
                        {"(price > 1) in [true]", "condition.type-mismatch", 7},
                    });
    // A parenthesised single operand is just that operand.
    world v;
    v.set_number("price", 3);
    CHECK(v.eval("(price) == (3)") == "true");
}

TEST_CASE("in lists must match the type of the fact") {
    const world w;
    check_errors(w, {
                        {R"(price in [1, "2"])", "condition.type-mismatch", 13},
                        {"purpose in [1]", "condition.type-mismatch", 12},
                        {"contract_date in [2017-01-01, 5]", "condition.type-mismatch", 30},
                    });
}

TEST_CASE("a string outside a text fact's declared values is an unknown value") {
    const world w;
    check_errors(w, {
                        {R"(port == "Rajn")", "condition.unknown-value", 8},
                        {R"("Chongjin" != port)", "condition.unknown-value", 0},
                        {R"(port in ["Rajin", "rajin"])", "condition.unknown-value", 18},
                        {R"(unit == "kwh")", "condition.unknown-value", 8},
                    });
    const auto e = w.error(R"(port == "Rajn")");
    CHECK(e.message.find("\"Rajn\"") != std::string::npos);
    CHECK(e.message.find("did you mean \"Rajin\"") != std::string::npos);
    CHECK(w.error(R"(unit == "KG")").message.find("did you mean \"kg\"") != std::string::npos);
    CHECK(form(w.compile(R"(port in ["Rajin", "Nampo"])")).nodes.size() == 1);
    CHECK(form(w.compile(R"(purpose == "anything at all")")).nodes.size() ==
          1);  // no declared values
    CHECK(form(w.compile(R"(unit == "kWh")")).nodes.size() == 1);
}

// ---------------------------------------------------------------------------
// Limits and hostile input.

TEST_CASE("a condition longer than the limit is refused before parsing") {
    const world w;
    condition_limits limits;
    limits.max_length = 16;
    CHECK(condition::parse("notified and a", w.table, limits).ok());
    const std::string long_text = "notified and abc";  // 16 bytes: at the limit
    CHECK(condition::parse(long_text, w.table, limits).error().id != "condition.too-long");
    const auto e = condition::parse(long_text + " ", w.table, limits);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "condition.too-long");
    CHECK(e.error().where.offset == 16);
    const std::string huge(10000, 'a');
    CHECK(w.error(huge).id == "condition.too-long");
}

TEST_CASE("nesting up to the depth limit parses and one more is too deep") {
    const world w;
    condition_limits limits;
    limits.max_depth = 4;
    const auto nested = [](int parens) {
        return std::string(static_cast<std::size_t>(parens), '(') + "a" +
               std::string(static_cast<std::size_t>(parens), ')');
    };
    CHECK(condition::parse(nested(4), w.table, limits).ok());
    auto e = condition::parse(nested(5), w.table, limits);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "condition.too-deep");
    CHECK(e.error().where.offset == 4);

    CHECK(condition::parse("not not not not a", w.table, limits).ok());
    e = condition::parse("not not not not not a", w.table, limits);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "condition.too-deep");
    CHECK(e.error().where.offset == 16);

    e = condition::parse("not (not (not a))", w.table, limits);  // 3 nots + 2 parens
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "condition.too-deep");
    CHECK(condition::parse("not (not a)", w.table, limits).ok());
}

TEST_CASE("default limits allow 32 levels of nesting") {
    const world w;
    CHECK(form(w.compile(std::string(32, '(') + "a" + std::string(32, ')'))).nodes.size() == 1);
    CHECK(w.error(std::string(33, '(') + "a" + std::string(33, ')')).id == "condition.too-deep");
}

TEST_CASE("a `not` ends at and/or, so side-by-side nots do not add up") {
    const world w;
    condition_limits limits;
    limits.max_depth = 2;
    std::string text = "not a";
    for (int i = 0; i < 50; ++i) text += " and not b or not (c)";
    CHECK(condition::parse(text, w.table, limits).ok());
}

TEST_CASE("parentheses and keywords inside strings do not count as nesting") {
    const world w;
    condition_limits limits;
    limits.max_depth = 1;
    CHECK(condition::parse(R"x(purpose == "((((not not not))))" and (a))x", w.table, limits).ok());
    CHECK(condition::parse(R"(purpose == "\"(((")", w.table, limits).ok());
}

TEST_CASE("100,000 levels of nesting are refused without recursing") {
    const world w;
    condition_limits roomy;
    roomy.max_length = 1'000'000;
    const std::size_t n = 100'000;
    const auto parens = std::string(n, '(') + "a" + std::string(n, ')');
    auto e = condition::parse(parens, w.table, roomy);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "condition.too-deep");
    CHECK(e.error().where.offset == 32);

    std::string nots;
    for (std::size_t i = 0; i < n; ++i) nots += "not ";
    e = condition::parse(nots + "a", w.table, roomy);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "condition.too-deep");

    std::string mixed;
    for (std::size_t i = 0; i < n; ++i) mixed += "not (";
    e = condition::parse(mixed, w.table, roomy);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "condition.too-deep");

    // Unbalanced closers neither nest nor crash.
    e = condition::parse(std::string(n, ')'), w.table, roomy);
    REQUIRE_FALSE(e.ok());
    CHECK(e.error().id == "condition.syntax");
}

TEST_CASE("random bytes give an error or a condition, never a crash") {
    world w;
    std::mt19937 rng(20170911);
    using namespace std::string_view_literals;
    const std::string_view alphabet = "abcnotrdi_() []\"\\,=!<>.-0123456789eE\t\n\x80\xff\x00KP"sv;
    std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
    std::uniform_int_distribution<std::size_t> length(0, 40);
    int parsed = 0;
    for (int i = 0; i < 3000; ++i) {
        std::string text;
        for (std::size_t k = length(rng); k > 0; --k) text += alphabet[pick(rng)];
        auto c = condition::parse(text, w.table);
        if (c.ok()) {
            ++parsed;
            std::uint64_t missing = 0;
            (void)detail::evaluate(*c, w.views.data(), missing);
            CHECK((missing & ~c->facts_read()) == 0);  // only facts it reads
        } else {
            CHECK(c.error().where.offset <= text.size());
            CHECK_FALSE(c.error().id.empty());
        }
    }
    CHECK(parsed > 0);  // the alphabet can make valid conditions (`a`, `b or c`, ...)
}

// ---------------------------------------------------------------------------
// Properties over random conditions.

namespace {

// A random condition over a, b, c, price and purpose, nested up to `depth`.
std::string random_condition(std::mt19937& rng, int depth) {
    static const std::array<std::string_view, 11> atoms{"a",
                                                        "b",
                                                        "c",
                                                        "not a",
                                                        "price > 5",
                                                        "price <= 5",
                                                        "price == 5",
                                                        R"(purpose == "x")",
                                                        R"(purpose in ["x", "z"])",
                                                        "true",
                                                        "false"};
    std::uniform_int_distribution<std::size_t> pick(0, 5);
    const auto choice = pick(rng);
    if (depth == 0 || choice < 2)
        return std::string(atoms[std::uniform_int_distribution<std::size_t>(0, 10)(rng)]);
    // Drawn in sequence: the order of operands of `+` is unspecified, and the
    // same seed should give the same conditions with every compiler.
    const std::string x = random_condition(rng, depth - 1);
    const std::string y = random_condition(rng, depth - 1);
    switch (choice) {
        case 2:
            return "(" + x + " and " + y + ")";
        case 3:
            return "(" + x + " or " + y + ")";
        case 4:
            return "not (" + x + ")";
        default:
            return x + " and " + y + " or " + random_condition(rng, depth - 1);
    }
}

// Every way to give values to the facts in `unknown`: booleans true/false,
// price 4/5/6, purpose "x"/"y".
template <class F>
void for_each_completion(world& w, std::vector<std::string_view> unknown, F&& f) {
    if (unknown.empty()) {
        f();
        return;
    }
    const auto name = unknown.back();
    unknown.pop_back();
    if (name == "price") {
        for (double p : {4.0, 5.0, 6.0}) {
            w.set_number(name, p);
            for_each_completion(w, unknown, f);
        }
    } else if (name == "purpose") {
        for (std::string_view s : {"x", "y"}) {
            w.set_text(name, s);
            for_each_completion(w, unknown, f);
        }
    } else {
        for (bool b : {true, false}) {
            w.set_bool(name, b);
            for_each_completion(w, unknown, f);
        }
    }
    w.forget(name);
}

}  // namespace

TEST_CASE("learning an unknown fact never changes a true or false result (Kleene monotonicity)") {
    world w;
    std::mt19937 rng(2397);
    const std::array<std::string_view, 5> names{"a", "b", "c", "price", "purpose"};
    for (int round = 0; round < 300; ++round) {
        const auto text = random_condition(rng, 4);
        const auto c = w.compile(text);
        std::vector<std::string_view> unknown;
        for (auto name : names) {
            const auto state = std::uniform_int_distribution<int>(0, 2)(rng);
            if (state == 2) {
                w.forget(name);
                unknown.push_back(name);
            } else if (name == "price") {
                w.set_number(name, state == 0 ? 5 : 6);
            } else if (name == "purpose") {
                w.set_text(name, state == 0 ? "x" : "y");
            } else {
                w.set_bool(name, state == 0);
            }
        }
        std::uint64_t missing = 0;
        const tribool before = detail::evaluate(c, w.views.data(), missing);
        if (indeterminate(before)) continue;
        CHECK(missing == 0);
        for_each_completion(w, unknown, [&] {
            std::uint64_t ignored = 0;
            CHECK_MESSAGE(show(detail::evaluate(c, w.views.data(), ignored)) == show(before), text);
        });
    }
}

TEST_CASE(
    "an unknown result stays unknown whatever the facts outside its missing set turn out to be") {
    world w;
    std::mt19937 rng(1718);
    const std::array<std::string_view, 5> names{"a", "b", "c", "price", "purpose"};
    int unknown_results = 0;
    for (int round = 0; round < 300; ++round) {
        const auto text = random_condition(rng, 4);
        const auto c = w.compile(text);
        std::vector<std::string_view> unknown;
        for (auto name : names) {
            if (std::uniform_int_distribution<int>(0, 1)(rng) == 0) {
                w.forget(name);
                unknown.push_back(name);
            } else if (name == "price") {
                w.set_number(name, 5);
            } else if (name == "purpose") {
                w.set_text(name, "y");
            } else {
                w.set_bool(name, true);
            }
        }
        std::uint64_t missing = 0;
        if (!indeterminate(detail::evaluate(c, w.views.data(), missing))) continue;
        ++unknown_results;
        CHECK_MESSAGE(missing != 0, text);
        CHECK((missing & ~c.facts_read()) == 0);
        std::vector<std::string_view> outside;
        for (auto name : unknown) {
            if ((missing & w.bit(name)) == 0) outside.push_back(name);
        }
        for_each_completion(w, outside, [&] {
            std::uint64_t ignored = 0;
            CHECK_MESSAGE(indeterminate(detail::evaluate(c, w.views.data(), ignored)), text);
        });
        for (auto name : unknown) w.forget(name);  // back to the drawn state for the next round
    }
    CHECK(unknown_results > 30);  // the generator does reach unknown results
}
