#include <string>

#include <doctest/doctest.h>

#include "embargo/hs.hpp"

using embargo::hs_code;
using embargo::hs_interval;

namespace {

hs_code code(std::string_view text) {
    auto r = hs_code::parse(text);
    REQUIRE_MESSAGE(r.ok(), text << ": " << (r.ok() ? "" : r.error().message));
    return *r;
}

}  // namespace

TEST_CASE("a code of n digits stands for every ten-digit key that starts with it") {
    CHECK(code("27").interval() == hs_interval{2'700'000'000, 2'800'000'000});
    CHECK(code("2710").interval() == hs_interval{2'710'000'000, 2'711'000'000});
    CHECK(code("271012").interval() == hs_interval{2'710'120'000, 2'710'130'000});
    CHECK(code("2710121").interval() == hs_interval{2'710'121'000, 2'710'122'000});
    CHECK(code("8803300010").interval() == hs_interval{8'803'300'010, 8'803'300'011});
    CHECK(code("99").interval().last == 10'000'000'000ULL);
    CHECK(code("0101").interval() == hs_interval{101'000'000, 102'000'000});
}

TEST_CASE("dots are cosmetic and surrounding whitespace is ignored") {
    CHECK(code("8803.30.00") == code("88033000"));
    CHECK(code("2710.12") == code("271012"));
    CHECK(code(" \t2710\r\n") == code("2710"));
    CHECK(code("27.10.") == code("2710"));
    CHECK(code("8803.30.00").digits() == 8);
}

TEST_CASE("every HS level and national length from 7 to 10 digits is accepted") {
    for (std::string text :
         {"27", "2710", "271012", "2710121", "27101210", "271012101", "2710121010"}) {
        CAPTURE(text);
        auto r = hs_code::parse(text);
        REQUIRE(r.ok());
        CHECK(r->digits() == static_cast<int>(text.size()));
        CHECK(r->str() == text);
    }
}

TEST_CASE("three-, five- and more-than-ten-digit codes are refused with what was expected") {
    for (std::string text :
         {"2", "271", "27101", "27101210101", "123456789012345678901234567890"}) {
        CAPTURE(text);
        auto r = hs_code::parse(text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == "hs.bad-length");
        CHECK(r.error().where.offset == 0);
        CHECK(r.error().message.find(std::to_string(text.size()) + " digit") != std::string::npos);
        CHECK(r.error().message.find(
                  "expected 2 (chapter), 4 (heading), 6 (subheading) or 7 to 10") !=
              std::string::npos);
    }
}

TEST_CASE("a bad character is reported at its offset, with what was found and expected") {
    auto r = hs_code::parse("27x");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "hs.bad-character");
    CHECK(r.error().where.offset == 2);
    CHECK(r.error().message ==
          "\"27x\" is not an HS code: 'x' at position 3; expected digits and dots");

    auto spaced = hs_code::parse("  2710 12");
    REQUIRE_FALSE(spaced.ok());
    CHECK(spaced.error().id == "hs.bad-character");
    CHECK(spaced.error().where.offset == 6);  // in the text as given, leading spaces included
    CHECK(spaced.error().message.find("a space at position 5") != std::string::npos);

    auto dash = hs_code::parse("2710-12");
    REQUIRE_FALSE(dash.ok());
    CHECK(dash.error().where.offset == 4);
    CHECK(dash.error().message.find("'-'") != std::string::npos);
}

TEST_CASE("control bytes and non-ASCII text in a code are quoted safely in the message") {
    auto tab = hs_code::parse("27\a10");
    REQUIRE_FALSE(tab.ok());
    CHECK(tab.error().where.offset == 2);
    CHECK(tab.error().message.find("byte 0x07") != std::string::npos);
    CHECK(tab.error().message.find("\"27\\x0710\"") != std::string::npos);

    auto utf8 = hs_code::parse("27\xC3\xA9");  // "27é"
    REQUIRE_FALSE(utf8.ok());
    CHECK(utf8.error().where.offset == 2);
    CHECK(utf8.error().message.find("'\xC3\xA9'") != std::string::npos);

    auto broken = hs_code::parse("27\xC3");
    REQUIRE_FALSE(broken.ok());
    CHECK(broken.error().message.find("byte 0xC3") != std::string::npos);
}

TEST_CASE("an empty code, or one of dots only, is refused as empty") {
    for (std::string text : {"", "   ", "\t\n", ".", " .. "}) {
        CAPTURE(text);
        auto r = hs_code::parse(text);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().id == "hs.empty");
        CHECK(r.error().message.find("expected 2, 4, 6 or 7 to 10 digits") != std::string::npos);
    }
}

TEST_CASE("a huge code does not overflow the key") {
    const std::string text(100'000, '9');
    auto r = hs_code::parse(text);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "hs.bad-length");
    CHECK(r.error().message.size() < 200);  // the text is cut in the message
}

TEST_CASE("codes print as digits and in the dotted form tariffs use") {
    CHECK(code("27").dotted() == "27");
    CHECK(code("2710").dotted() == "2710");
    CHECK(code("271012").dotted() == "2710.12");
    CHECK(code("2710121").dotted() == "2710.12.1");
    CHECK(code("88033000").dotted() == "8803.30.00");
    CHECK(code("8803300010").dotted() == "8803.30.00.10");
    CHECK(code("0101.21").str() == "010121");
    CHECK(code("0101.21").dotted() == "0101.21");
}

TEST_CASE("a code is cut to its chapter, heading or subheading by prefix") {
    const hs_code c = code("8803300010");
    CHECK(c.prefix(2) == code("88"));
    CHECK(c.prefix(4) == code("8803"));
    CHECK(c.prefix(6) == code("880330"));
    CHECK(c.prefix(8).str() == "88033000");
    CHECK(c.prefix(12) == c);  // never longer than the code
    CHECK(c.chapter() == 88);
    CHECK(code("0101").chapter() == 1);
}

TEST_CASE("from_key drops the digits past the length asked for") {
    const hs_code c = hs_code::from_key(2'710'129'999, 6);
    CHECK(c.str() == "271012");
    CHECK(c.key() == 2'710'120'000);
    CHECK(c == code("271012"));
    CHECK(hs_code::from_key(2'710'129'999, 10).str() == "2710129999");
}

TEST_CASE("codes order by key, a shorter code before the longer codes under it") {
    CHECK(code("27") < code("2701"));
    CHECK(code("2701") < code("270111"));
    CHECK(code("2709") < code("2710"));
    CHECK(code("270900") < code("2710"));
    CHECK(code("27") != code("2700"));  // same key, different length
}

TEST_CASE("a default code has no digits and spans every key") {
    const hs_code c;
    CHECK(c.digits() == 0);
    CHECK(c.interval() == hs_interval{0, embargo::hs_key_end});
    CHECK(c.str().empty());
}
