#include "embargo/nomenclature.hpp"

#include <algorithm>
#include <array>
#include <string>

#include <doctest/doctest.h>

#include "support/hs_editions.hpp"

using embargo::diagnostic;
using embargo::hs_catalogue;
using embargo::hs_code;
using embargo::hs_edition;
using embargo::testing::shipped_edition;

namespace {

hs_code code(std::string_view text) {
    return *hs_code::parse(text);
}

struct level_counts {
    std::size_t chapters = 0, headings = 0, subheadings = 0;
};

level_counts count_levels(const hs_edition& e) {
    level_counts n;
    for (const auto& [c, description] : e.codes()) {
        (c.digits() == 2 ? n.chapters : c.digits() == 4 ? n.headings : n.subheadings) += 1;
    }
    return n;
}

const std::string sections_csv = "section,name\nI,Animals\nII,Vegetables\n";

// Reads a small nomenclature against `sections_csv`; returns the diagnostics.
std::vector<diagnostic> read_broken(const std::string& csv,
                                    std::optional<hs_edition>* out = nullptr,
                                    const std::string& sections = sections_csv) {
    auto e = hs_edition::read("HSTEST", csv, "test.csv", sections, "sections.csv");
    const std::vector<diagnostic> ds = e.diagnostics();
    CHECK(e.ok() == !embargo::has_errors(ds));
    if (out != nullptr) {
        if (e)
            *out = std::move(e).value();
        else
            out->reset();
    }
    return ds;
}

const std::string header = "section,hscode,description,parent,level\n";
const std::string good_rows =
    "I,01,Animals; live,TOTAL,2\n"
    "I,0101,\"Horses, asses\",01,4\n"
    "I,010121,Horses; pure-bred,0101,6\n"
    "II,06,Trees,TOTAL,2\n";

}  // namespace

TEST_CASE(
    "HS2017 has 96 chapters, 1,222 headings and 5,387 subheadings once chapter 99 is left out") {
    const hs_edition& e = shipped_edition("HS2017");
    const level_counts n = count_levels(e);
    CHECK(n.chapters == 96);
    CHECK(n.headings == 1222);
    CHECK(n.subheadings == 5387);
    CHECK(e.size() == 96 + 1222 + 5387);
    CHECK(e.name() == "HS2017");
}

TEST_CASE("HS2012 and HS2022 have the counts of the data README less the chapter 99 rows") {
    const level_counts h12 = count_levels(shipped_edition("HS2012"));
    CHECK(h12.chapters == 96);
    CHECK(h12.headings == 1224);
    CHECK(h12.subheadings == 5205);
    const level_counts h22 = count_levels(shipped_edition("HS2022"));
    CHECK(h22.chapters == 96);
    CHECK(h22.headings == 1228);
    CHECK(h22.subheadings == 5612);
}

TEST_CASE("Comtrade's chapter 99 and the TOTAL row are not codes of any edition") {
    for (const char* name : {"HS2012", "HS2017", "HS2022"}) {
        const hs_edition& e = shipped_edition(name);
        CAPTURE(name);
        CHECK_FALSE(e.contains(code("99")));
        CHECK_FALSE(e.contains(code("9999")));
        CHECK_FALSE(e.contains(code("999999")));
        CHECK_FALSE(e.accepts(code("99")));
        CHECK_FALSE(e.accepts(code("99999999")));
        CHECK_FALSE(e.description(code("999999")).has_value());
        CHECK_FALSE(e.contains(code("77")));  // reserved by the HS
    }
}

TEST_CASE("descriptions are found for a code or its longest existing prefix") {
    const hs_edition& e = shipped_edition("HS2017");
    CHECK(e.description(code("5002")) == "Raw silk (not thrown)");
    CHECK(e.description(code("500200")) == "Silk; raw silk (not thrown)");
    CHECK(e.description(code("5002.00.10")) == "Silk; raw silk (not thrown)");
    CHECK(e.description(code("500299")) == "Raw silk (not thrown)");  // no such subheading
    CHECK(e.description(code("50")) == "Silk");
    CHECK(e.description(code("2710.12"))
              ->starts_with(
                  "Petroleum oils and oils from bituminous minerals, not containing biodiesel"));
    CHECK_FALSE(e.description(code("77")).has_value());
}

TEST_CASE("codes that changed between editions are in the editions that have them") {
    const hs_edition& h12 = shipped_edition("HS2012");
    const hs_edition& h17 = shipped_edition("HS2017");
    const hs_edition& h22 = shipped_edition("HS2022");
    CHECK_FALSE(h12.contains(code("030743")));
    CHECK(h17.contains(code("030743")));
    CHECK(h22.contains(code("030743")));

    CHECK_FALSE(h12.contains(code("8807")));
    CHECK_FALSE(h17.contains(code("8807")));
    CHECK(h22.contains(code("8807")));
    CHECK(h22.accepts(code("8807.30.00.10")));
    CHECK_FALSE(h17.accepts(code("8807.30.00.10")));
}

TEST_CASE(
    "a national code is accepted when its subheading exists, and contains only knows HS levels") {
    const hs_edition& e = shipped_edition("HS2017");
    CHECK(e.accepts(code("27101210")));
    CHECK(e.accepts(code("2710121010")));
    CHECK_FALSE(e.accepts(code("27100000")));  // 271000 is not a subheading
    CHECK_FALSE(e.contains(code("27101210")));
    CHECK(e.contains(code("2710")));
    CHECK(e.accepts(code("2710")));
    CHECK_FALSE(e.accepts(code("2799")));
    CHECK_FALSE(e.accepts(hs_code{}));
}

TEST_CASE(
    "the subheadings under a chapter, heading or subheading are the edition's, in key order") {
    const hs_edition& e = shipped_edition("HS2017");
    // Heading 2701: coal (anthracite, bituminous, other), briquettes.
    const std::vector<embargo::hs_key> coal = e.subheadings_under(code("2701"));
    CHECK(coal == std::vector<embargo::hs_key>{code("270111").key(), code("270112").key(),
                                               code("270119").key(), code("270120").key()});
    CHECK(e.subheadings_under(code("270112")) ==
          std::vector<embargo::hs_key>{code("270112").key()});
    const auto chapter = e.subheadings_under(code("27"));
    CHECK(std::is_sorted(chapter.begin(), chapter.end()));
    CHECK(chapter.size() > coal.size());
    CHECK(std::includes(chapter.begin(), chapter.end(), coal.begin(), coal.end()));
    CHECK(e.subheadings_under(code("2799")).empty());
}

TEST_CASE("section XI is chapters 50 to 63, and every chapter is in exactly one section") {
    const hs_edition& e = shipped_edition("HS2017");
    REQUIRE(e.sections().size() == 21);
    const embargo::hs_section* xi = e.section("XI");
    REQUIRE(xi != nullptr);
    CHECK(xi->name == "Textiles and textile articles");
    std::vector<int> expected(14);
    for (int i = 0; i < 14; ++i) expected[static_cast<std::size_t>(i)] = 50 + i;
    CHECK(xi->chapters == expected);
    CHECK(e.section("xi") == xi);
    CHECK(e.section("XXII") == nullptr);
    CHECK(e.section("I")->chapters == std::vector<int>{1, 2, 3, 4, 5});
    CHECK(e.section("XXI")->chapters == std::vector<int>{97});

    std::array<int, 100> seen{};
    for (const auto& s : e.sections()) {
        CHECK(std::is_sorted(s.chapters.begin(), s.chapters.end()));
        for (int c : s.chapters) seen[static_cast<std::size_t>(c)] += 1;
    }
    for (int c = 1; c < 100; ++c) {
        CAPTURE(c);
        CHECK(seen[static_cast<std::size_t>(c)] ==
              (c == 77 || c > 97 ? 0 : 1));  // 98: national use
    }
}

TEST_CASE("the sections are the same in all three editions") {
    for (const char* name : {"HS2012", "HS2022"}) {
        const auto& a = shipped_edition("HS2017").sections();
        const auto& b = shipped_edition(name).sections();
        REQUIRE(a.size() == b.size());
        for (std::size_t i = 0; i < a.size(); ++i) {
            CHECK(a[i].numeral == b[i].numeral);
            CHECK(a[i].chapters == b[i].chapters);
        }
    }
}

TEST_CASE("a catalogue finds editions by name and accepts a code any of them has") {
    hs_catalogue cat;
    cat.add(shipped_edition("HS2012"));
    cat.add(shipped_edition("HS2017"));
    CHECK_FALSE(cat.accepts(code("8807")));
    cat.add(shipped_edition("HS2022"));
    CHECK(cat.editions().size() == 3);
    CHECK(cat.accepts(code("8807")));
    CHECK(cat.accepts(code("030743")));
    CHECK_FALSE(cat.accepts(code("99")));
    REQUIRE(cat.find("HS2017") != nullptr);
    CHECK(cat.find("HS2017")->name() == "HS2017");
    CHECK(cat.find("hs2022") == &cat.editions()[2]);
    CHECK(cat.find("HS1996") == nullptr);
    cat.add(shipped_edition("HS2017"));  // the same name replaces
    CHECK(cat.editions().size() == 3);
}

TEST_CASE("a small well-formed nomenclature reads, with its TOTAL and chapter 99 rows left out") {
    std::optional<hs_edition> e;
    const auto ds = read_broken(header + good_rows +
                                    "TOTAL,99,Commodities not specified according to kind,TOTAL,2\n"
                                    "TOTAL,9999,Commodities not specified according to kind,99,4\n"
                                    "TOTAL,TOTAL,All Commodities,TOTAL,5\n",
                                &e);
    CHECK(ds.empty());
    REQUIRE(e.has_value());
    CHECK(e->size() == 4);
    CHECK(e->description(code("0101")) == "Horses, asses");
    CHECK(e->section("II")->chapters == std::vector<int>{6});
}

TEST_CASE("malformed nomenclature data is reported with its id, file, line and column") {
    struct broken_case {
        std::string row;  // line 6, after the header and four good rows
        std::string id;
        int column;
    };
    const std::vector<broken_case> cases = {
        {"I,01,Animals,TOTAL\n", "hs.data-fields", 1},
        {"I,27x1,Something,01,4\n", "hs.data-code", 3},
        {"I,271,Something,27,3\n", "hs.data-code", 3},
        {"I,01.01,Dotted,01,4\n", "hs.data-code", 3},
        {"I,0102,Bovines,01,6\n", "hs.data-level", 19},
        {"I,0201,Meat,02,4\n", "hs.data-parent", 13},
        {"I,010190,Other,0102,6\n", "hs.data-parent", 16},
        {"I,02,Meat,01,2\n", "hs.data-parent", 11},
        {"IX,02,Meat,TOTAL,2\n", "hs.data-section", 1},
        {"TOTAL,02,Meat,TOTAL,2\n", "hs.data-section", 1},
        {"II,0102,Bovines,01,4\n", "hs.data-section", 1},
        {"I,0101,Again,01,4\n", "hs.data-duplicate", 3},
        {"I,0102,,01,4\n", "hs.data-description", 8},
        {"I,0102,\"Bovines\"x,01,4\n", "hs.data-csv", 17},
        {"I,0102,\"Bovines,01,4\n", "hs.data-csv", 8},
    };
    for (const broken_case& c : cases) {
        CAPTURE(c.row);
        const auto ds = read_broken(header + good_rows + c.row);
        REQUIRE(ds.size() == 1);
        const diagnostic& d = ds.front();
        CHECK(d.id == c.id);
        CHECK(d.severity == embargo::severity::error);
        CHECK(d.where.file == "test.csv");
        CHECK(d.where.line == 6);
        CHECK(d.where.column == c.column);
    }
}

TEST_CASE("a nomenclature diagnostic reads like a compiler's, with what was expected") {
    const auto ds = read_broken(header + good_rows + "I,0102,Bovines,01,6\n");
    REQUIRE(ds.size() == 1);
    CHECK(embargo::format(ds[0]) ==
          "test.csv:6:19: error: level \"6\" for 0102; expected 4, its number of digits "
          "[hs.data-level]");
}

TEST_CASE("a nomenclature without its columns, or without codes, is refused") {
    auto ds = read_broken("section,code,description,parent,level\n" + good_rows);
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].id == "hs.data-header");
    CHECK(ds[0].message.find("no column `hscode`") != std::string::npos);

    ds = read_broken("");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].id == "hs.data-header");

    ds = read_broken(header);
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].id == "hs.data-empty");

    // Columns may come in another order.
    std::optional<hs_edition> e;
    ds = read_broken(
        "hscode,level,parent,section,description\n01,2,TOTAL,I,Animals\n06,2,TOTAL,II,Trees\n", &e);
    CHECK(ds.empty());
    REQUIRE(e.has_value());
    CHECK(e->description(code("01")) == "Animals");
}

TEST_CASE("malformed section data is reported against the sections file") {
    auto ds = read_broken(header + good_rows, nullptr,
                          "section,name\nI,Animals\nII,Vegetables\nIII,Fats\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].id == "hs.data-section");  // III has no chapters
    CHECK(ds[0].where.file == "sections.csv");
    CHECK(ds[0].where.line == 4);

    ds = read_broken(header + good_rows, nullptr,
                     "section,name\nI,Animals\nI,Again\nII,Vegetables\n");
    REQUIRE(ds.size() == 1);
    CHECK(ds[0].id == "hs.data-duplicate");
    CHECK(ds[0].where.line == 3);

    ds = read_broken(header + good_rows, nullptr, "section,name\nI,Animals\nii,Vegetables\n");
    REQUIRE(ds.size() >= 1);
    CHECK(ds[0].id == "hs.data-section");
    CHECK(ds[0].where.file == "sections.csv");

    ds = read_broken(header + good_rows, nullptr, "numeral,name\nI,Animals\n");
    REQUIRE(ds.size() >= 1);
    CHECK(ds[0].id == "hs.data-header");
}

TEST_CASE("a file that is not a nomenclature stops after fifty errors") {
    std::string rows;
    for (int i = 0; i < 1000; ++i) rows += "I,x" + std::to_string(i) + ",Bad,01,4\n";
    const auto ds = read_broken(header + good_rows + rows);
    CHECK(ds.size() == 51);
    CHECK(ds.back().id == "hs.data-too-many-errors");
    CHECK(ds.back().severity == embargo::severity::note);
}
