// Days, periods and validity: the calendar is <chrono>'s, so these tests pin
// the edges where a hand-written parser would go wrong (leap years, month
// lengths, shapes) and the boundaries of the half-open validity interval.

#include "embargo/calendar.hpp"

#include <doctest/doctest.h>

using namespace embargo;
namespace chr = std::chrono;

namespace {

embargo::day d(int y, unsigned m, unsigned dd) {
    return chr::sys_days{chr::year{y} / chr::month{m} / chr::day{dd}};
}

embargo::day must_day(std::string_view text) {
    auto r = parse_day(text);
    REQUIRE_MESSAGE(r.ok(), text);
    return *r;
}

period must_period(std::string_view text) {
    auto r = period::parse(text);
    REQUIRE_MESSAGE(r.ok(), text);
    return *r;
}

}  // namespace

TEST_CASE("a well-formed day parses to that day and prints back the same") {
    CHECK(must_day("2017-09-11") == d(2017, 9, 11));
    CHECK(to_string(must_day("2017-09-11")) == "2017-09-11");
    CHECK(to_string(must_day("1900-01-01")) == "1900-01-01");
    CHECK(to_string(must_day("2199-12-31")) == "2199-12-31");
}

TEST_CASE("February 29 exists only in leap years, by the Gregorian rules") {
    CHECK(parse_day("2016-02-29").ok());
    CHECK(parse_day("2000-02-29").ok());        // divisible by 400
    CHECK_FALSE(parse_day("1900-02-29").ok());  // divisible by 100, not 400
    CHECK_FALSE(parse_day("2017-02-29").ok());
    CHECK(parse_day("2017-02-29").error().id == "date.invalid");
}

TEST_CASE("a day past the end of its month is date.invalid at the day") {
    auto r = parse_day("2017-02-30");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "date.invalid");
    CHECK(r.error().where.offset == 8);
    CHECK(r.error().message.find("28 days") != std::string::npos);
    CHECK(parse_day("2017-04-31").error().id == "date.invalid");
    CHECK(parse_day("2017-01-00").error().id == "date.invalid");
}

TEST_CASE("a month outside 01..12 is date.invalid at the month") {
    auto r = parse_day("2017-13-01");
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().id == "date.invalid");
    CHECK(r.error().where.offset == 5);
    CHECK(parse_day("2017-00-10").error().id == "date.invalid");
}

TEST_CASE("a day of the wrong shape is date.syntax at the first wrong byte") {
    struct bad_case {
        std::string_view text;
        std::size_t offset;
    };
    for (const auto& c :
         {bad_case{"2017-9-11", 6}, bad_case{"17-09-11", 2}, bad_case{"2017/09/11", 4},
          bad_case{"2017-09-11 ", 10}, bad_case{" 2017-09-11", 0}, bad_case{"", 0},
          bad_case{"2017-09", 7}, bad_case{"+017-09-11", 0}, bad_case{"2017-09-1x", 9}}) {
        auto r = parse_day(c.text);
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().id == "date.syntax", c.text);
        CHECK_MESSAGE(r.error().where.offset == c.offset, c.text);
    }
}

TEST_CASE("a year outside 1900..2199 is date.out-of-range") {
    CHECK(parse_day("1899-12-31").error().id == "date.out-of-range");
    CHECK(parse_day("2200-01-01").error().id == "date.out-of-range");
    CHECK(parse_day("0000-01-01").error().id == "date.out-of-range");
    CHECK(period::parse("2200").error().id == "date.out-of-range");
    CHECK(period::parse("1899-06").error().id == "date.out-of-range");
}

TEST_CASE("a period is a day, a month or a year, from its first to its last day") {
    const auto one_day = must_period("2022-08-14");
    CHECK(one_day.kind == period_kind::day);
    CHECK(one_day.first == d(2022, 8, 14));
    CHECK(one_day.last == d(2022, 8, 14));
    CHECK(one_day == period::of_day(d(2022, 8, 14)));

    const auto month = must_period("2022-08");
    CHECK(month.kind == period_kind::month);
    CHECK(month.first == d(2022, 8, 1));
    CHECK(month.last == d(2022, 8, 31));

    const auto leap_february = must_period("2020-02");
    CHECK(leap_february.last == d(2020, 2, 29));
    CHECK(must_period("2021-02").last == d(2021, 2, 28));
    CHECK(must_period("2021-04").last == d(2021, 4, 30));

    const auto year = must_period("2017");
    CHECK(year.kind == period_kind::year);
    CHECK(year.first == d(2017, 1, 1));
    CHECK(year.last == d(2017, 12, 31));
}

TEST_CASE("a period prints in the form it was given") {
    CHECK(must_period("2022-08-14").str() == "2022-08-14");
    CHECK(must_period("2022-08").str() == "2022-08");
    CHECK(must_period("2022").str() == "2022");
}

TEST_CASE("a period of another shape is period.syntax, and a bad month or day keeps the date id") {
    for (std::string_view text :
         {"22", "2022-8", "2022-08-1", "2022/08", "August 2022", "", "2022-", "20222"}) {
        auto r = period::parse(text);
        REQUIRE_FALSE(r.ok());
        CHECK_MESSAGE(r.error().id == "period.syntax", text);
    }
    CHECK(period::parse("2022-13").error().id == "date.invalid");
    CHECK(period::parse("2022-02-30").error().id == "date.invalid");
}

TEST_CASE("validity prints as a half-open interval, or as `from` when open-ended") {
    validity v{d(2017, 9, 11), d(2018, 1, 1)};
    CHECK(v.str() == "[2017-09-11, 2018-01-01)");
    CHECK(validity{d(2017, 9, 11), day_max}.str() == "from 2017-09-11");
    CHECK(validity{d(2017, 9, 11), day_max}.open_ended());
    CHECK_FALSE(v.open_ended());
}

TEST_CASE("validity contains its first day but not its until day") {
    validity v{d(2017, 9, 11), d(2018, 1, 1)};
    CHECK(v.contains(d(2017, 9, 11)));
    CHECK(v.contains(d(2017, 12, 31)));
    CHECK_FALSE(v.contains(d(2017, 9, 10)));
    CHECK_FALSE(v.contains(d(2018, 1, 1)));
    CHECK(validity{d(2018, 1, 1), d(2018, 1, 1)}.empty());
    CHECK_FALSE(v.empty());
}

TEST_CASE("a period inside the validity overlaps fully, on both boundaries") {
    validity v{d(2017, 9, 11), d(2018, 1, 1)};
    CHECK(overlap_of(period::of_day(d(2017, 9, 11)), v) == overlap::full);  // first day
    CHECK(overlap_of(period::of_day(d(2017, 12, 31)), v) ==
          overlap::full);  // last day before until
    CHECK(overlap_of(must_period("2017-10"), v) == overlap::full);
    CHECK(overlap_of(must_period("2017-12"), v) == overlap::full);  // ends the day before until
    CHECK(overlap_of(must_period("2017"), validity{}) == overlap::full);
}

TEST_CASE("a period straddling a boundary of the validity overlaps partially") {
    validity v{d(2017, 9, 11), d(2018, 1, 1)};
    CHECK(overlap_of(must_period("2017-09"), v) == overlap::partial);  // adoption mid-month
    CHECK(overlap_of(must_period("2017"), v) == overlap::partial);
    CHECK(overlap_of(period{d(2017, 12, 31), d(2018, 1, 1), period_kind::day}, v) ==
          overlap::partial);
    CHECK(overlap_of(period{d(2017, 9, 10), d(2017, 9, 11), period_kind::day}, v) ==
          overlap::partial);
}

TEST_CASE("a period outside the validity does not overlap, including the until day itself") {
    validity v{d(2017, 9, 11), d(2018, 1, 1)};
    CHECK(overlap_of(period::of_day(d(2018, 1, 1)), v) == overlap::none);
    CHECK(overlap_of(period::of_day(d(2017, 9, 10)), v) == overlap::none);
    CHECK(overlap_of(must_period("2018-01"), v) == overlap::none);
    CHECK(overlap_of(must_period("2016"), v) == overlap::none);
}
