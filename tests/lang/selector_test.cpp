#include "embargo/selector.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/nomenclature.hpp"

#include "support/allocation_counter.hpp"
#include "support/hs_editions.hpp"

using embargo::coverage;
using embargo::goods_selector;
using embargo::hs_code;
using embargo::hs_interval;
using embargo::hs_key;
using embargo::hs_key_end;

namespace {

hs_code code(std::string_view text) {
    auto r = hs_code::parse(text);
    REQUIRE_MESSAGE(r.ok(), text);
    return *r;
}

goods_selector sel(std::string_view text, const embargo::hs_edition* edition = nullptr) {
    auto r = goods_selector::parse(text, edition);
    REQUIRE_MESSAGE(r.ok(), text << ": " << (r.ok() ? "" : r.error().id + " " + r.error().message));
    return std::move(r).value();
}

// The interval of a code, or of a range of codes "a-b".
hs_interval iv(std::string_view a, std::string_view b = {}) {
    return {code(a).interval().first, code(b.empty() ? a : b).interval().last};
}

using intervals = std::vector<hs_interval>;

const embargo::hs_edition* hs2017() {
    return &embargo::testing::shipped_edition("HS2017");
}

struct failure {
    std::string id;
    std::size_t offset = 0;
    std::string message;
};

failure fail(std::string_view text, const embargo::hs_edition* edition = nullptr) {
    auto r = goods_selector::parse(text, edition);
    REQUIRE_MESSAGE(!r.ok(), text << " parsed");
    return {r.error().id, r.error().where.offset, r.error().message};
}

}  // namespace

TEST_CASE("a code selects every code that starts with it, with or without dots") {
    CHECK(sel("2709").intervals() == intervals{iv("2709")});
    CHECK(sel("2710.12").intervals() == intervals{iv("271012")});
    CHECK(sel("271012").intervals() == sel("2710.12").intervals());
    CHECK(sel("8803.30.00").intervals() == intervals{iv("88033000")});
    CHECK(sel("  2709\t").intervals() == intervals{iv("2709")});
    CHECK(sel("2709").text() == "2709");
}

TEST_CASE("a range runs from the first key of its first code to the last key of its second") {
    CHECK(sel("7201-7206").intervals() == intervals{{7'201'000'000, 7'207'000'000}});
    CHECK(sel("84-89").intervals() == intervals{{8'400'000'000, 9'000'000'000}});
    CHECK(sel("84 - 89").intervals() == sel("84-89").intervals());
    CHECK(sel("2710.12-2710.19").intervals() == intervals{iv("271012", "271019")});
}

TEST_CASE("a range may join codes of different lengths") {
    CHECK(sel("7201-73").intervals() == intervals{{7'201'000'000, 7'400'000'000}});
    CHECK(sel("27-2710").intervals() == intervals{{2'700'000'000, 2'711'000'000}});
    CHECK(sel("2710-27").intervals() == intervals{{2'710'000'000, 2'800'000'000}});
    CHECK(sel("2709-2710.12").intervals() == intervals{{2'709'000'000, 2'710'130'000}});
}

TEST_CASE("a union merges overlapping and adjacent codes into disjoint intervals") {
    CHECK(sel("2701, 2702").intervals() == intervals{iv("2701", "2702")});
    CHECK(sel("2702,2701").intervals() == intervals{iv("2701", "2702")});
    CHECK(sel("27, 2709, 2710.12").intervals() == intervals{iv("27")});
    CHECK(sel("2701, 2704, 72-83").intervals() ==
          intervals{iv("2701"), iv("2704"), iv("72", "83")});
}

TEST_CASE("except takes a union on its right and removes it from the left") {
    CHECK(sel("84-85 except 8471").intervals() ==
          intervals{{8'400'000'000, 8'471'000'000}, {8'472'000'000, 8'600'000'000}});
    CHECK(sel("84 except 8471, 8473").intervals() ==
          intervals{iv("8400", "8470"), iv("8472"), iv("8474", "8499")});
    // The left side is a union too: `,` binds tighter than `except`.
    CHECK(sel("84, 85 except 8501").intervals() == intervals{iv("84", "8500"), iv("8502", "85")});
    CHECK(sel("2709 except 27").empty());
}

TEST_CASE("parentheses group, and nest") {
    CHECK(sel("(84 except 8471), 90").intervals() ==
          intervals{iv("8400", "8470"), iv("8472", "84"), iv("90")});
    CHECK(sel("((27))").intervals() == intervals{iv("27")});
    CHECK(sel("(84, 85) except (8471 except 847130)").intervals() ==
          intervals{iv("84", "8470"), iv("847130"), iv("8472", "85")});
    CHECK(sel("84 except (8471)").intervals() == sel("84 except 8471").intervals());
}

TEST_CASE("all selects every key, and keywords are case-insensitive") {
    CHECK(sel("all").all());
    CHECK(sel("ALL").all());
    CHECK(sel("All").intervals() == intervals{{0, hs_key_end}});
    CHECK(sel("all EXCEPT 27").intervals() ==
          intervals{{0, 2'700'000'000}, {2'800'000'000, hs_key_end}});
    CHECK_FALSE(sel("84").all());
    CHECK_FALSE(goods_selector().all());
}

TEST_CASE("a section is the chapters the edition puts in it") {
    const goods_selector xi = sel("section XI", hs2017());
    CHECK(xi.intervals() == intervals{iv("50", "63")});
    CHECK(sel("Section xi", hs2017()).intervals() == xi.intervals());
    CHECK(sel("SECTION  XI", hs2017()).intervals() == xi.intervals());
    CHECK(sel("section V", hs2017()).intervals() == intervals{iv("25", "27")});
    CHECK(sel("section XXI", hs2017()).intervals() == intervals{iv("97")});
    // Chapter 77 is reserved: section XV is 72-76 and 78-83.
    CHECK(sel("section XV", hs2017()).intervals() == intervals{iv("72", "76"), iv("78", "83")});
    CHECK(sel("section XI except 5002", hs2017()).covers(code("500200")) == coverage::none);
    CHECK(sel("all except section XI", hs2017()).covers(code("6302")) == coverage::none);
    CHECK(sel("all except section XI", hs2017()).covers(code("64")) == coverage::full);
}

TEST_CASE("a record coded coarser than the selector is only partly covered") {
    const goods_selector crude = sel("2709");
    CHECK(crude.covers(code("27")) == coverage::partial);
    CHECK(crude.covers(code("270900")) == coverage::full);
    CHECK(crude.covers(code("2709")) == coverage::full);
    CHECK(crude.covers(code("2710")) == coverage::none);
    CHECK(crude.covers(code("2709.00.10.00")) == coverage::full);  // a national code under 270900
    CHECK(crude.covers(code("2708")) == coverage::none);
    CHECK(crude.covers(code("26")) == coverage::none);
}

TEST_CASE("coverage follows the holes an exception leaves") {
    const goods_selector s = sel("84-85 except 8471");
    CHECK(s.covers(code("8471")) == coverage::none);
    CHECK(s.covers(code("847130")) == coverage::none);
    CHECK(s.covers(code("84")) == coverage::partial);
    CHECK(s.covers(code("8470")) == coverage::full);
    CHECK(s.covers(code("8472")) == coverage::full);
    CHECK(s.covers(code("85")) == coverage::full);
    CHECK(s.covers(code("86")) == coverage::none);
    // A range reaching over two separate intervals is never full.
    CHECK(s.covers(hs_interval{8'470'000'000, 8'473'000'000}) == coverage::partial);
    CHECK(s.covers(hs_interval{5, 5}) == coverage::none);  // empty
}

TEST_CASE(
    "a chapter-level code is only partly covered by a heading ban, and a range by its end points") {
    const goods_selector s = sel("7201-7206");
    CHECK(s.covers(code("72")) == coverage::partial);
    CHECK(s.covers(code("7206")) == coverage::full);
    CHECK(s.covers(code("720610")) == coverage::full);
    CHECK(s.covers(code("7207")) == coverage::none);
    CHECK(s.covers(code("7200")) == coverage::none);
}

TEST_CASE("nothing is covered by an empty selector, everything fully by all") {
    CHECK(goods_selector().covers(code("27")) == coverage::none);
    CHECK(goods_selector().empty());
    CHECK(sel("all").covers(code("01")) == coverage::full);
    CHECK(sel("all").covers(code("9706.00.00.00")) == coverage::full);
    CHECK(sel("all").covers(hs_code{}) == coverage::full);
    CHECK(sel("27").covers(hs_code{}) == coverage::partial);  // a record with no code fails closed
}

TEST_CASE("coverage questions do not allocate") {
    const goods_selector s = sel("2701, 2702, 2601, 7201, 7203-7206, 84-85 except 8471");
    const hs_code probes[] = {code("27"), code("270112"), code("8471"), code("85"), code("7202")};
    const std::size_t before = embargo::testing::allocations();
    int counts[3] = {};
    for (int i = 0; i < 1000; ++i) {
        for (const hs_code& c : probes) ++counts[static_cast<int>(s.covers(c))];
    }
    CHECK(embargo::testing::allocations() == before);
    CHECK(counts[static_cast<int>(coverage::none)] == 2000);
    CHECK(counts[static_cast<int>(coverage::partial)] == 1000);
    CHECK(counts[static_cast<int>(coverage::full)] == 2000);
}

TEST_CASE("coverage has names") {
    CHECK(embargo::to_string(coverage::none) == "none");
    CHECK(embargo::to_string(coverage::partial) == "partial");
    CHECK(embargo::to_string(coverage::full) == "full");
}

TEST_CASE("named codes keep their byte offsets in the text") {
    const goods_selector s = sel("2701,  7203-7206 except (8471)");
    const auto& n = s.named_codes();
    REQUIRE(n.size() == 4);
    CHECK(n[0].code == code("2701"));
    CHECK(n[0].offset == 0);
    CHECK(n[1].code == code("7203"));
    CHECK(n[1].offset == 7);
    CHECK(n[2].code == code("7206"));
    CHECK(n[2].offset == 12);
    CHECK(n[3].code == code("8471"));
    CHECK(n[3].offset == 25);
    CHECK(sel("all").named_codes().empty());
}

TEST_CASE("with an edition every named code must exist in it") {
    const failure f = fail("8807", hs2017());
    CHECK(f.id == "hs.unknown-code");
    CHECK(f.offset == 0);
    CHECK(f.message.find("\"8807\"") != std::string::npos);
    CHECK(f.message.find("HS2017") != std::string::npos);
    CHECK(fail("84, 99", hs2017()).offset == 4);
    CHECK(fail("8801-8807", hs2017()).offset == 5);
    CHECK(fail("2710.00.00", hs2017()).message.find("2710.00") != std::string::npos);
    CHECK(sel("8807").intervals() == intervals{iv("8807")});  // no edition, no check
    CHECK(sel("8807", &embargo::testing::shipped_edition("HS2022")).named_codes().size() == 1);
    CHECK(sel("2710.12.10", hs2017()).covers(code("27101210")) == coverage::full);
}

TEST_CASE("a bad code in a selector is reported at its own offset") {
    failure f = fail("84, 271");
    CHECK(f.id == "hs.bad-length");
    CHECK(f.offset == 4);
    f = fail("84, 27x");
    CHECK(f.id == "hs.bad-character");
    CHECK(f.offset == 6);
    CHECK(f.message == "\"27x\" is not an HS code: 'x' at position 3; expected digits and dots");
    f = fail("2-89");
    CHECK(f.id == "hs.bad-length");
    CHECK(f.offset == 0);
    f = fail("84-8");
    CHECK(f.id == "hs.bad-length");
    CHECK(f.offset == 3);
}

TEST_CASE("an empty or reversed range is an error at its start") {
    failure f = fail("89-84");
    CHECK(f.id == "selector.empty-range");
    CHECK(f.offset == 0);
    CHECK(f.message.find("89-84") != std::string::npos);
    CHECK(fail("84, 2710-2709").offset == 4);
    CHECK(fail("27-2610").id == "selector.empty-range");
    CHECK(sel("2709-2709").intervals() == intervals{iv("2709")});
}

TEST_CASE("sections need an edition and a numeral it knows") {
    failure f = fail("84, section XI");
    CHECK(f.id == "selector.no-nomenclature");
    CHECK(f.offset == 4);
    f = fail("section XXII", hs2017());
    CHECK(f.id == "selector.unknown-section");
    CHECK(f.offset == 8);
    CHECK(f.message.find("I to XXI") != std::string::npos);
    CHECK(fail("section foo", hs2017()).id == "selector.unknown-section");
}

TEST_CASE("syntax errors say where parsing stopped and what was expected there") {
    struct syntax_case {
        std::string text;
        std::size_t offset;
        std::string message;
    };
    const std::vector<syntax_case> cases = {
        {"", 0,
         "expected an HS code, a range, 'section', 'all', '@name' or '('; found the end of the "
         "selector"},
        {"   ", 3,
         "expected an HS code, a range, 'section', 'all', '@name' or '('; found the end of the "
         "selector"},
        {"84 89", 3, "expected ',', 'except' or the end of the selector; found \"89\""},
        {"84,", 3,
         "expected an HS code, a range, 'section', 'all', '@name' or '('; found the end of the "
         "selector"},
        {"84, ,85", 4,
         "expected an HS code, a range, 'section', 'all', '@name' or '('; found \",\""},
        {"84-", 3, "expected an HS code after '-'; found the end of the selector"},
        {"84-all", 3, "expected an HS code after '-'; found \"all\""},
        {"(84", 3, "expected ',', 'except' or ')'; found the end of the selector"},
        {"(84 except 85 86)", 14, "expected ',' or ')'; found \"86\""},
        {"84 except 85 except 86", 13, "expected ',' or the end of the selector; found \"except\""},
        {"84 except", 9,
         "expected an HS code, a range, 'section', 'all', '@name' or '('; found the end of the "
         "selector"},
        {"84)", 2, "expected ',', 'except' or the end of the selector; found \")\""},
        {"()", 1, "expected an HS code, a range, 'section', 'all', '@name' or '('; found \")\""},
        {"section", 7, "expected a section numeral such as XI; found the end of the selector"},
        {"section 11", 8, "expected a section numeral such as XI; found \"11\""},
        {"allx", 0,
         "expected an HS code, a range, 'section', 'all', '@name' or '('; found \"allx\""},
        {"sectionXI", 0,
         "expected an HS code, a range, 'section', 'all', '@name' or '('; found \"sectionXI\""},
        {"except 84", 0,
         "expected an HS code, a range, 'section', 'all', '@name' or '('; found \"except\""},
        {"84;85", 2, "expected ',', 'except' or the end of the selector; found \";\""},
        {"84 exceptional", 3,
         "expected ',', 'except' or the end of the selector; found \"exceptional\""},
    };
    for (const syntax_case& c : cases) {
        CAPTURE(c.text);
        const failure f = fail(c.text);
        CHECK(f.id == "selector.syntax");
        CHECK(f.offset == c.offset);
        CHECK(f.message == c.message);
    }
}

TEST_CASE("non-ASCII and control bytes in a selector are syntax errors, not crashes") {
    failure f = fail("27\xC3\xA9");  // "27é"
    CHECK(f.id == "selector.syntax");
    CHECK(f.offset == 2);
    CHECK(f.message.find("found \"\xC3\xA9\"") != std::string::npos);
    f = fail("\xFF\xFE");
    CHECK(f.offset == 0);
    CHECK(f.message.find("\\xFF") != std::string::npos);
    CHECK(fail(std::string("84,\0", 4)).offset == 3);
    CHECK(fail("section \xC3\x89", hs2017()).offset == 8);
}

TEST_CASE("parentheses nested deeper than 32 are refused before parsing") {
    const auto nested = [](std::size_t depth) {
        return std::string(depth, '(') + "84" + std::string(depth, ')');
    };
    CHECK(sel(nested(32)).intervals() == intervals{iv("84")});
    failure f = fail(nested(33));
    CHECK(f.id == "selector.too-deep");
    CHECK(f.offset == 32);
    f = fail(std::string(100'000 / 2, '('));  // within the length limit: depth is what stops it
    CHECK(f.id == "selector.too-deep");
    CHECK(f.offset == 32);
    // Many shallow groups are fine.
    std::string flat;
    for (int i = 0; i < 1000; ++i) flat += i == 0 ? "(84)" : ", (84)";
    CHECK(sel(flat).intervals() == intervals{iv("84")});
}

TEST_CASE("the length and depth limits are the caller's to set") {
    const std::string nested = "((84)), 85";
    const auto with = [&](embargo::selector_limits limits) {
        return goods_selector::parse(nested, nullptr, limits);
    };
    CHECK(with({10, 2}).ok());
    CHECK(with({9, 2}).error().id == "selector.too-long");
    CHECK(with({10, 1}).error().id == "selector.too-deep");
    CHECK(with({10, 1}).error().where.offset == 1);
    const std::string deep = std::string(100, '(') + "84" + std::string(100, ')');
    CHECK(goods_selector::parse(deep, nullptr, {1024, 100}).value().intervals() ==
          intervals{iv("84")});
}

TEST_CASE("a selector longer than 64 KiB is refused before parsing") {
    failure f = fail(std::string(100'000, '('));
    CHECK(f.id == "selector.too-long");
    f = fail(std::string(70'000, ' ') + "84");
    CHECK(f.id == "selector.too-long");
    CHECK(f.message.find("70002 bytes") != std::string::npos);
    // Exactly at the limit it parses.
    CHECK(sel("84" + std::string(64 * 1024 - 2, ' ')).intervals() == intervals{iv("84")});
    // A long but legal list of codes parses.
    std::string list;
    for (int i = 0; i < 9000; ++i) {
        if (i > 0) list += ',';
        list += std::to_string(1000 + i);
    }
    REQUIRE(list.size() < 64 * 1024);
    CHECK(sel(list).intervals() == intervals{iv("1000", "9999")});
}

TEST_CASE("includes and intersects compare selectors as sets") {
    const goods_selector machines = sel("84-85");
    const goods_selector computers = sel("8471");
    const goods_selector optics = sel("90");
    CHECK(machines.includes(computers));
    CHECK_FALSE(computers.includes(machines));
    CHECK(machines.intersects(computers));
    CHECK(computers.intersects(machines));
    CHECK_FALSE(machines.intersects(optics));
    CHECK_FALSE(machines.includes(sel("84-85, 90")));
    CHECK(machines.includes(goods_selector()));
    CHECK_FALSE(machines.intersects(goods_selector()));
    CHECK_FALSE(sel("84").intersects(sel("85")));  // adjacent is not overlapping
    CHECK(sel("all").includes(sel("section XI", hs2017())));
    CHECK_FALSE(sel("84 except 8471").includes(sel("847130")));
}

TEST_CASE(
    "union and difference of selectors compute the sets and keep a text that reads the same") {
    const goods_selector a = sel("84-85");
    const goods_selector b = sel("8471");
    const goods_selector d = a - b;
    CHECK(d.intervals() == sel("84-85 except 8471").intervals());
    CHECK(d.text() == "84-85 except 8471");
    CHECK(sel(d.text()).intervals() == d.intervals());

    const goods_selector u = d | sel("90");
    CHECK(u.text() == "(84-85 except 8471), 90");
    CHECK(sel(u.text()).intervals() == u.intervals());
    REQUIRE(u.named_codes().size() == 4);
    for (const auto& n : u.named_codes()) {
        CAPTURE(n.offset);
        CHECK(u.text().substr(n.offset, n.code.str().size()) == n.code.str());
    }

    const goods_selector nested = a - sel("85 except 8501");
    CHECK(nested.text() == "84-85 except (85 except 8501)");
    CHECK(nested.intervals() == intervals{iv("84"), iv("8501")});
    CHECK(sel(nested.text()).intervals() == nested.intervals());

    CHECK((a | goods_selector()).text() == "84-85");
    CHECK((a - goods_selector()).intervals() == a.intervals());
    CHECK((goods_selector() - a).empty());
}

TEST_CASE("from_intervals normalises its input and writes a text that parses back to it") {
    const goods_selector s = goods_selector::from_intervals({iv("2702"),
                                                             iv("2701"),
                                                             {5, 5},
                                                             iv("8471", "8473"),
                                                             iv("8472"),
                                                             {9'999'999'990, 20'000'000'000}});
    CHECK(s.intervals() ==
          intervals{iv("2701", "2702"), iv("8471", "8473"), {9'999'999'990, hs_key_end}});
    CHECK(s.text() == "2701-2702, 8471-8473, 9999.99.99.9");
    CHECK(sel(s.text()).intervals() == s.intervals());

    for (const char* text : {"all", "27", "84-85 except 8471", "2710.12, 2710.19.1-2710.19.3",
                             "0101", "all except 0000000005-9999999990"}) {
        CAPTURE(text);
        const goods_selector round = goods_selector::from_intervals(sel(text).intervals());
        CHECK(round.intervals() == sel(text).intervals());
        CHECK(sel(round.text()).intervals() == round.intervals());
    }
    CHECK(goods_selector::from_intervals({{0, hs_key_end}}).text() == "all");
    CHECK(goods_selector::from_intervals({}).empty());
}

TEST_CASE("the text of a parsed selector is kept as written") {
    CHECK(sel(" 84-85  except 8471 ").text() == " 84-85  except 8471 ");
}

TEST_CASE("coverage agrees with a naive count of overlapping keys on random ranges") {
    // The reference: sum the overlap with every interval; full if it is the
    // whole range, partial if some of it.
    const auto naive = [](const goods_selector& s, hs_interval r) {
        hs_key overlap = 0;
        for (const hs_interval& i : s.intervals()) {
            const hs_key lo = std::max(i.first, r.first);
            const hs_key hi = std::min(i.last, r.last);
            if (lo < hi) overlap += hi - lo;
        }
        if (r.empty() || overlap == 0) return coverage::none;
        return overlap == r.last - r.first ? coverage::full : coverage::partial;
    };
    const goods_selector s =
        sel("2701, 2702, 2601, 7201, 7203-7206, 84-85 except 8471, 8473.30, 9999");
    std::uint64_t state = 42;
    const auto random = [&](std::uint64_t n) {
        state = state * 6'364'136'223'846'793'005ULL + 1'442'695'040'888'963'407ULL;
        return (state >> 20U) % n;
    };
    const int lengths[] = {2, 4, 6, 8, 10};
    for (int i = 0; i < 20'000; ++i) {
        // Codes near the selector's boundaries, at every length.
        const hs_interval& near = s.intervals()[random(s.intervals().size())];
        const hs_key base = random(2) == 0 ? near.first : near.last;
        const hs_key key = std::min<hs_key>(base + random(3'000'000) - 1'500'000, hs_key_end - 1);
        const hs_code c = hs_code::from_key(key, lengths[random(5)]);
        CAPTURE(c.str());
        CHECK(s.covers(c) == naive(s, c.interval()));
        const hs_interval r{key, std::min<hs_key>(key + random(200'000'000), hs_key_end)};
        CHECK(s.covers(r) == naive(s, r));
    }
}

TEST_CASE("random token soup never crashes the parser and errors point inside the text") {
    const std::string tokens[] = {"84", "2709",     "27.10",  "-",   ",",       " ",
                                  "(",  ")",        "except", "all", "section", "XI",
                                  "x",  "\xC3\xA9", "99",     "7",   "EXCEPT",  "\t"};
    std::uint32_t state = 7;
    const auto random = [&](std::uint32_t n) {
        state = state * 1'103'515'245U + 12'345U;
        return (state >> 8U) % n;
    };
    int parsed = 0;
    for (int round = 0; round < 5000; ++round) {
        std::string text;
        const std::uint32_t n = random(12);
        for (std::uint32_t i = 0; i < n; ++i) text += tokens[random(std::size(tokens))];
        CAPTURE(text);
        auto r = goods_selector::parse(text, round % 2 == 0 ? hs2017() : nullptr);
        if (r.ok()) {
            ++parsed;
            const auto& ivs = r->intervals();
            for (std::size_t i = 0; i < ivs.size(); ++i) {
                CHECK(ivs[i].first < ivs[i].last);
                if (i > 0) CHECK(ivs[i - 1].last < ivs[i].first);  // disjoint, not adjacent
            }
            if (!ivs.empty())
                CHECK(sel(goods_selector::from_intervals(ivs).text()).intervals() == ivs);
        } else {
            CHECK(r.error().where.offset <= text.size());
            CHECK_FALSE(r.error().id.empty());
        }
    }
    CHECK(parsed > 100);  // the soup is not all errors
}
