// Correlation between HS editions: which edition a date implies, and which
// subheadings of one edition correspond to a code of another.

#include <algorithm>

#include <doctest/doctest.h>

#include "embargo/rules.hpp"

#include "support/inline_rules.hpp"

using namespace embargo;

namespace {

const hs_catalogue& catalogue() {
    static const auto loaded = testing::load_inline({});
    REQUIRE_MESSAGE(loaded.ok(), testing::errors_of(loaded));
    return loaded.value()->catalogue();
}

std::vector<std::string> codes(const std::vector<hs_code>& v) {
    std::vector<std::string> out;
    for (const auto& c : v) out.push_back(c.str());
    return out;
}

hs_code code(const char* text) {
    return hs_code::parse(text).value();
}

}  // namespace

TEST_CASE("the shipped nomenclature links all three editions") {
    CHECK(catalogue().correlations().size() == 3);
    for (const auto& t : catalogue().correlations()) CHECK(t.links().size() > 5000);
}

TEST_CASE("the edition in force follows the date, and the earliest serves days before all") {
    const auto on = [](const char* d) {
        return catalogue().edition_on(parse_day(d).value())->name();
    };
    CHECK(on("2016-12-31") == "HS2012");
    CHECK(on("2017-01-01") == "HS2017");
    CHECK(on("2021-12-31") == "HS2017");
    CHECK(on("2022-01-01") == "HS2022");
    CHECK(on("2030-06-01") == "HS2022");
    CHECK(on("2008-03-01") == "HS2012");
}

TEST_CASE("aircraft parts coded 8807.30 in HS2022 correspond to 8803.30 in HS2017") {
    CHECK(codes(catalogue().correspondents(code("880730"), "HS2022", "HS2017")) ==
          std::vector<std::string>{"880330"});
    // A national extension is read at its subheading.
    CHECK(codes(catalogue().correspondents(code("8807300010"), "HS2022", "HS2017")) ==
          std::vector<std::string>{"880330"});
}

TEST_CASE("a heading that moved corresponds to every subheading its own subheadings came from") {
    const auto v = codes(catalogue().correspondents(code("8807"), "HS2022", "HS2017"));
    CHECK(std::find(v.begin(), v.end(), "880310") != v.end());
    CHECK(std::find(v.begin(), v.end(), "880330") != v.end());
}

TEST_CASE("a split subheading corresponds to each of its parts, read backwards through the table") {
    // HS2012 0307.49 (cuttle fish and squid, other) was split in HS2017.
    const auto v = codes(catalogue().correspondents(code("030749"), "HS2012", "HS2017"));
    CHECK(v.size() >= 2);
    CHECK(std::find(v.begin(), v.end(), "030743") != v.end());
}

TEST_CASE("a code unknown in its edition has no correspondents") {
    CHECK(catalogue().correspondents(code("880330"), "HS2022", "HS2017").empty());
    CHECK(catalogue().correspondents(code("2701"), "HS1996", "HS2017").empty());
}

TEST_CASE("within one edition a code corresponds to its own subheadings") {
    CHECK(codes(catalogue().correspondents(code("2701"), "HS2017", "HS2017")) ==
          std::vector<std::string>{"270111", "270112", "270119", "270120"});
}
