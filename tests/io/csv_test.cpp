#include "io/csv.hpp"

#include <cstdint>
#include <iterator>
#include <sstream>
#include <string>
#include <vector>

#include <doctest/doctest.h>

#include "support/allocation_counter.hpp"

using embargo::detail::csv_options;
using embargo::detail::csv_reader;
using embargo::detail::csv_status;
using embargo::detail::csv_stream_reader;

namespace {

// Everything a reader produced, in a form tests can compare.
struct outcome {
    std::vector<std::vector<std::string>> records;
    std::vector<int> lines;
    std::vector<std::string> errors;  // "id@line:col"

    friend bool operator==(const outcome&, const outcome&) = default;
};

template <class Reader>
outcome drain(Reader& reader) {
    outcome out;
    for (int guard = 0; guard < 100'000; ++guard) {
        const csv_status st = reader.next();
        if (st == csv_status::end) return out;
        if (st == csv_status::error) {
            const auto& e = reader.error();
            out.errors.push_back(e.id + "@" + std::to_string(e.where.line) + ":" +
                                 std::to_string(e.where.column));
            continue;
        }
        REQUIRE(st == csv_status::record);
        out.records.emplace_back(reader.record().begin(), reader.record().end());
        out.lines.push_back(reader.record().line());
    }
    FAIL("reader did not end");
    return out;
}

outcome read_all(std::string_view text, csv_options options = {}) {
    csv_reader reader(text, options);
    return drain(reader);
}

outcome read_stream(const std::string& text, std::size_t chunk, csv_options options = {}) {
    std::istringstream in(text);
    csv_stream_reader reader(in, options, chunk);
    return drain(reader);
}

using rows = std::vector<std::vector<std::string>>;

}  // namespace

TEST_CASE("plain records split on commas and end at LF, CRLF or the end of the input") {
    const outcome o = read_all("a,b,c\r\n1,2,3\nx,y,z");
    CHECK(o.records == rows{{"a", "b", "c"}, {"1", "2", "3"}, {"x", "y", "z"}});
    CHECK(o.lines == std::vector<int>{1, 2, 3});
    CHECK(o.errors.empty());
}

TEST_CASE("empty fields are kept, including one after a trailing comma") {
    CHECK(read_all(",a,,\n").records == rows{{"", "a", "", ""}});
    CHECK(read_all("a,").records == rows{{"a", ""}});
    CHECK(read_all("\"\"\n").records == rows{{""}});
    CHECK(read_all("\"a\",").records == rows{{"a", ""}});
}

TEST_CASE("a quoted field holds commas, newlines and doubled quotes") {
    const outcome o =
        read_all("1,\"Horses, asses\",\"5\"\" pipes\"\n2,\"two\nlines\",x\n3,z,\"\"\"\"\n");
    CHECK(o.records ==
          rows{{"1", "Horses, asses", "5\" pipes"}, {"2", "two\nlines", "x"}, {"3", "z", "\""}});
    CHECK(o.lines ==
          std::vector<int>{1, 2, 4});  // the record after a two-line field starts on line 4
}

TEST_CASE("several escaped fields in one record each keep their own text") {
    const outcome o = read_all("\"a\"\"b\",\"c\"\"d\"\"e\",plain,\"f\"\"\"\n");
    CHECK(o.records == rows{{"a\"b", "c\"d\"e", "plain", "f\""}});
}

TEST_CASE("a quote inside an unquoted field and a lone CR are ordinary characters") {
    CHECK(read_all("5\" pipes,a\"b\n").records == rows{{"5\" pipes", "a\"b"}});
    CHECK(read_all("a\rb,c\n").records == rows{{"a\rb", "c"}});
    CHECK(read_all("a,b\r").records == rows{{"a", "b\r"}});
}

TEST_CASE("unquoted and unescaped fields are views into the input") {
    const std::string text = "abc,\"de,f\",\"g\"\"h\"\n";
    csv_reader reader(text);
    REQUIRE(reader.next() == csv_status::record);
    const auto& r = reader.record();
    CHECK(r[0].data() == text.data());
    CHECK(r[1].data() == text.data() + 5);
    CHECK(r[2] == "g\"h");  // unescaped into the reader's buffer
    CHECK((r[2].data() < text.data() || r[2].data() >= text.data() + text.size()));
}

TEST_CASE(
    "a record's text is its bytes as the input has them, quotes kept and terminator dropped") {
    const std::string text =
        "\xEF\xBB\xBF"
        "a,\"b,\"\"c\"\"\"\r\n\"multi\nline\",x\nlast";
    csv_reader reader(text);
    REQUIRE(reader.next() == csv_status::record);
    CHECK(reader.record().text() == "a,\"b,\"\"c\"\"\"");
    REQUIRE(reader.next() == csv_status::record);
    CHECK(reader.record().text() == "\"multi\nline\",x");
    REQUIRE(reader.next() == csv_status::record);
    CHECK(reader.record().text() == "last");
    CHECK(reader.next() == csv_status::end);
}

TEST_CASE(
    "fields of every length up to several blocks of 64 bytes end exactly at their delimiter") {
    // The reader marks field ends 64 bytes at a time; every length and
    // every start offset within a block must split the same way.
    std::string text;
    rows expected;
    for (std::size_t first = 0; first < 70; ++first) {
        for (std::size_t second : {std::size_t{0}, std::size_t{1}, std::size_t{63}, std::size_t{64},
                                   std::size_t{65}, std::size_t{130}}) {
            const std::string a(first, 'a');
            const std::string b(second, 'b');
            text += a + "," + b + (second % 2 == 0 ? "\n" : "\r\n");
            expected.push_back({a, b});
        }
    }
    const outcome whole = read_all(text);
    CHECK(whole.records == expected);
    CHECK(read_stream(text, 61) == whole);
}

TEST_CASE("a UTF-8 BOM at the start is skipped, and only there") {
    const outcome o = read_all("\xEF\xBB\xBFsection,name\nI,x\xEF\xBB\xBF\n");
    CHECK(o.records == rows{{"section", "name"}, {"I", "x\xEF\xBB\xBF"}});

    csv_reader reader(
        "\xEF\xBB\xBF"
        "a,b");
    REQUIRE(reader.next() == csv_status::record);
    CHECK(reader.record().position(0).column == 1);  // columns count after the BOM
    CHECK(reader.record().position(1).column == 3);
}

TEST_CASE("blank lines are skipped but counted, unless asked to keep them") {
    const outcome o = read_all("\n\r\na\n\n\nb\n\n");
    CHECK(o.records == rows{{"a"}, {"b"}});
    CHECK(o.lines == std::vector<int>{3, 6});

    csv_options keep;
    keep.skip_blank_lines = false;
    const outcome k = read_all("a\n\nb\n", keep);
    CHECK(k.records == rows{{"a"}, {""}, {"b"}});
    CHECK(k.lines == std::vector<int>{1, 2, 3});
}

TEST_CASE("an empty input has no records") {
    CHECK(read_all("").records.empty());
    CHECK(read_all("\xEF\xBB\xBF").records.empty());
    CHECK(read_all("\n\n").records.empty());
}

TEST_CASE("each field knows the line and column where it starts") {
    csv_reader reader("h\nab,\"c\nd\",e\n");
    REQUIRE(reader.next() == csv_status::record);
    REQUIRE(reader.next() == csv_status::record);
    const auto& r = reader.record();
    CHECK(r.line() == 2);
    CHECK(r.position(0).line == 2);
    CHECK(r.position(0).column == 1);
    CHECK(r.position(1).line == 2);
    CHECK(r.position(1).column == 4);
    CHECK(r.position(2).line == 3);  // after the newline inside the quoted field
    CHECK(r.position(2).column == 4);
}

TEST_CASE("an unclosed quote is an error at the opening quote") {
    const outcome o = read_all("a,b\nc,\"open\nmore\n");
    CHECK(o.records == rows{{"a", "b"}});
    CHECK(o.errors == std::vector<std::string>{"csv.unbalanced-quote@2:3"});

    csv_reader reader("\"x");
    REQUIRE(reader.next() == csv_status::error);
    CHECK(reader.error().message.find("expected a '\"' before the end of the input") !=
          std::string::npos);
    CHECK(reader.error().severity == embargo::severity::error);
    CHECK(reader.next() == csv_status::end);
}

TEST_CASE(
    "text after a closing quote is an error at that text, and reading resumes on the next line") {
    const outcome o = read_all("a,b\n\"x\"y,z\n\"q\" ,r\nlast,1\n");
    CHECK(o.records == rows{{"a", "b"}, {"last", "1"}});
    CHECK(o.lines == std::vector<int>{1, 4});
    CHECK(o.errors == std::vector<std::string>{"csv.bad-quote@2:4", "csv.bad-quote@3:4"});

    csv_reader reader("\"x\"y");
    REQUIRE(reader.next() == csv_status::error);
    CHECK(reader.error().message ==
          "'y' after the closing quote of a field; expected ',' or the end of the line");
}

TEST_CASE("a bad quote after a multi-line field reports the line it is on") {
    const outcome o = read_all("\"a\nb\nc\"x\nok\n");
    CHECK(o.errors == std::vector<std::string>{"csv.bad-quote@3:3"});
    CHECK(o.records == rows{{"ok"}});
    CHECK(o.lines == std::vector<int>{4});
}

TEST_CASE("a record longer than the limit is an error, and the next line is read") {
    csv_options small;
    small.max_line_length = 8;
    const outcome o = read_all("12345678\n123456789\nabc\n\"1234\n5678\"\nok\n", small);
    CHECK(o.records == rows{{"12345678"}, {"abc"}, {"ok"}});
    CHECK(o.lines == std::vector<int>{1, 3, 6});
    // The quoted record spans two lines and 11 bytes: one error, at its start.
    CHECK(o.errors == std::vector<std::string>{"csv.line-too-long@2:1", "csv.line-too-long@4:1"});

    // Exactly at the limit with a CRLF is fine.
    CHECK(read_all("12345678\r\n", small).records == rows{{"12345678"}});
}

TEST_CASE("an unclosed quote in a large input stops at the line limit, not at the end") {
    csv_options small;
    small.max_line_length = 100;
    std::string text = "\"" + std::string(10'000, 'x');
    const outcome o = read_all(text, small);
    CHECK(o.errors == std::vector<std::string>{"csv.line-too-long@1:1"});
}

TEST_CASE("more fields than the limit is an error at the first field too many") {
    csv_options small;
    small.max_fields = 3;
    const outcome o = read_all("a,b,c\na,b,c,d\na,b,\n", small);
    CHECK(o.records == rows{{"a", "b", "c"}, {"a", "b", ""}});
    CHECK(o.errors == std::vector<std::string>{"csv.too-many-fields@2:7"});
}

TEST_CASE("the default limits are 1 MiB per record and 4096 fields") {
    const csv_options defaults;
    CHECK(defaults.max_line_length == 1024 * 1024);
    CHECK(defaults.max_fields == 4096);
    std::string wide;
    for (int i = 0; i < 4097; ++i) wide += i == 0 ? "x" : ",x";
    CHECK(read_all(wide).errors == std::vector<std::string>{"csv.too-many-fields@1:8193"});
    CHECK(read_all(std::string(1024 * 1024, 'y')).errors.empty());
    CHECK(read_all(std::string(1024 * 1024 + 1, 'y')).errors.size() == 1);
}

TEST_CASE("another delimiter can be configured") {
    csv_options semicolon;
    semicolon.delimiter = ';';
    CHECK(read_all("a;b,c;\"d;e\"\n", semicolon).records == rows{{"a", "b,c", "d;e"}});
}

TEST_CASE("a stream read in chunks of any size gives the same records and errors as one buffer") {
    const std::vector<std::string> inputs = {
        "a,b,c\r\n1,2,3\nx,y,z",
        "\xEF\xBB\xBFh1,h2\r\n\"q\"\"uote\",\"multi\r\nline\"\r\n\r\nlast,\r",
        "a,b\n\"x\"y,z\n\"q\" ,r\nlast,1\n",
        "1,\"Horses, asses\",\"5\"\" pipes\"\n2,\"two\nlines\",x\n3,z,\"\"\"\"\n",
        "ok\n\"never closed\nmore,text\n",
        "12345678\n123456789\nabc\n\"1234\n5678\"\nok\n",
        "a\rb,c\r\r\n\n",
        "\xEF\xBB",
    };
    csv_options small;
    small.max_line_length = 8;
    for (const std::string& text : inputs) {
        for (const csv_options& options : {csv_options{}, small}) {
            const outcome whole = read_all(text, options);
            for (std::size_t chunk : {1, 2, 3, 5, 7, 16, 4096}) {
                CAPTURE(text);
                CAPTURE(chunk);
                CHECK(read_stream(text, chunk, options) == whole);
            }
        }
    }
}

TEST_CASE(
    "a stream reader keeps less than a record and a chunk in memory, so a huge line is refused") {
    csv_options small;
    small.max_line_length = 1000;
    const std::string text = "ok\n" + std::string(1'000'000, 'z') + "\nafter\n";
    const outcome o = read_stream(text, 256, small);
    CHECK(o.records == rows{{"ok"}, {"after"}});
    CHECK(o.errors == std::vector<std::string>{"csv.line-too-long@2:1"});
    CHECK(o.lines == std::vector<int>{1, 3});
}

TEST_CASE("reading records does not allocate once the buffers are warm") {
    std::string text;
    for (int i = 0; i < 1000; ++i) {
        text += "KP,CN," + std::to_string(2700 + i % 50) + ",\"coal, \"\"anthracite\"\"\"," +
                std::to_string(i) + "\n";
    }
    csv_reader reader(text);
    for (int i = 0; i < 10; ++i) REQUIRE(reader.next() == csv_status::record);
    const std::size_t before = embargo::testing::allocations();
    int n = 0;
    while (reader.next() == csv_status::record) ++n;
    CHECK(n == 990);
    CHECK(embargo::testing::allocations() == before);
    const std::vector<int> probe(8);  // the counter does count
    CHECK(embargo::testing::allocations() == before + 1);
    CHECK(reader.record()[3] == "coal, \"anthracite\"");
}

TEST_CASE("random inputs read the same from a buffer and from a stream in random chunks") {
    // Inputs made of the bytes that matter to the grammar, so that every
    // state (quotes, escapes, CR, LF, BOM, limits) is reached often.
    const std::string alphabet[] = {"a",  "b",  ",",    "\"",           "\"\"",
                                    "\n", "\r", "\r\n", "\xEF\xBB\xBF", " "};
    std::uint32_t state = 12345;
    const auto random = [&](std::uint32_t n) {
        state = state * 1'103'515'245U + 12'345U;
        return (state >> 8U) % n;
    };
    csv_options small;
    small.max_line_length = 12;
    small.max_fields = 4;
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        const std::uint32_t pieces = random(40);
        for (std::uint32_t i = 0; i < pieces; ++i) text += alphabet[random(std::size(alphabet))];
        const csv_options& options = round % 2 == 0 ? small : csv_options{};
        const outcome whole = read_all(text, options);
        const std::size_t chunk = 1 + random(9);
        CAPTURE(text);
        CAPTURE(chunk);
        CHECK(read_stream(text, chunk, options) == whole);
        for (const auto& record : whole.records)
            CHECK(record.size() <= (round % 2 == 0 ? 4U : 4096U));
    }
}
