// The strict YAML front end: what a rule file reads as, and every way it is
// refused, each with the position a maintainer would be sent to.

#include "rules/yaml_document.hpp"

#include <string>
#include <string_view>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/diagnostic.hpp"

using embargo::diagnostic;
using embargo::detail::parse_yaml;
using embargo::detail::yaml_limits;
using embargo::detail::yaml_node;

namespace {

struct parsed {
    std::optional<yaml_node> root;
    std::vector<diagnostic> diagnostics;
};

parsed parse(std::string_view text, const yaml_limits& limits = {}) {
    parsed p;
    p.root = parse_yaml(text, "rules/un/dprk/test.yaml", limits, p.diagnostics);
    return p;
}

// The only diagnostic must be `id` at line:col; returns it for more checks.
diagnostic only_error(const parsed& p, std::string_view id, int line, int column) {
    REQUIRE_MESSAGE(p.diagnostics.size() == 1,
                    (p.diagnostics.empty() ? std::string("no diagnostic")
                                           : embargo::format(p.diagnostics.front())));
    const diagnostic& d = p.diagnostics.front();
    INFO(embargo::format(d));
    CHECK(d.id == id);
    CHECK(d.severity == embargo::severity::error);
    CHECK(d.where.file == "rules/un/dprk/test.yaml");
    CHECK(d.where.line == line);
    CHECK(d.where.column == column);
    CHECK_FALSE(d.message.empty());
    return d;
}

const yaml_node& at(const yaml_node& map, std::string_view key) {
    const yaml_node* v = map.find(key);
    REQUIRE_MESSAGE(v != nullptr, "missing key " << std::string(key));
    return *v;
}

std::string repeat(std::string_view s, std::size_t n) {
    std::string out;
    out.reserve(s.size() * n);
    for (std::size_t i = 0; i < n; ++i) out += s;
    return out;
}

constexpr std::string_view rule_file = R"yaml(# S/RES/2375(2017)
instrument: S/RES/2375(2017)
adopted: 2017-09-11
amends: [S/RES/2371(2017), "S/RES/2321(2016)"]
measures:
  - id: 2375/OP16
    kind: prohibition
    direction: from-target
    goods: section XI
    wind_down: {until: 2017-12-10, when: contract_date < 2017-09-11 and notified}
    summary: >-
      textiles, including fabrics
      and apparel
  - id: 2375/OP14
    goods: "0307.43"
    note: |
      line one
      line two
    cap: 'it''s capped'
    empty:
    tilde: ~
    word: null
    quoted_null: "null"
exemptions: []
)yaml";

}  // namespace

TEST_CASE("a rule file reads as maps, lists and scalars, with codes and dates kept as written") {
    const auto p = parse(rule_file);
    REQUIRE(p.diagnostics.empty());
    REQUIRE(p.root);
    const yaml_node& doc = *p.root;
    REQUIRE(doc.is_map());
    REQUIRE(doc.entries.size() == 5);
    CHECK(doc.entries[0].first.value == "instrument");  // file order
    CHECK(doc.entries[4].first.value == "exemptions");

    CHECK(at(doc, "instrument").value == "S/RES/2375(2017)");
    CHECK(at(doc, "adopted").value == "2017-09-11");
    CHECK_FALSE(at(doc, "adopted").quoted);

    const yaml_node& amends = at(doc, "amends");
    REQUIRE(amends.is_sequence());
    REQUIRE(amends.items.size() == 2);
    CHECK(amends.items[0].value == "S/RES/2371(2017)");
    CHECK_FALSE(amends.items[0].quoted);
    CHECK(amends.items[1].value == "S/RES/2321(2016)");
    CHECK(amends.items[1].quoted);

    const yaml_node& measures = at(doc, "measures");
    REQUIRE(measures.is_sequence());
    REQUIRE(measures.items.size() == 2);
    const yaml_node& op16 = measures.items[0];
    REQUIRE(op16.is_map());
    CHECK(at(op16, "goods").value == "section XI");
    const yaml_node& wind_down = at(op16, "wind_down");
    REQUIRE(wind_down.is_map());
    CHECK(at(wind_down, "until").value == "2017-12-10");
    CHECK(at(wind_down, "when").value == "contract_date < 2017-09-11 and notified");
    CHECK(at(op16, "summary").value == "textiles, including fabrics and apparel");
    CHECK(at(op16, "summary").quoted);

    const yaml_node& op14 = measures.items[1];
    CHECK(at(op14, "goods").value == "0307.43");
    CHECK(at(op14, "goods").quoted);
    CHECK(at(op14, "note").value == "line one\nline two\n");
    CHECK(at(op14, "note").quoted);
    CHECK(at(op14, "cap").value == "it's capped");
    CHECK(at(op14, "empty").is_null());
    CHECK(at(op14, "tilde").is_null());
    CHECK(at(op14, "word").is_null());
    CHECK(at(op14, "quoted_null").is_scalar());
    CHECK(at(op14, "quoted_null").value == "null");

    CHECK(at(doc, "exemptions").is_sequence());
    CHECK(at(doc, "exemptions").items.empty());
}

TEST_CASE("every node carries the 1-based line and column where it starts") {
    const auto p = parse(rule_file);
    REQUIRE(p.root);
    const yaml_node& doc = *p.root;
    CHECK(doc.line == 2);
    CHECK(doc.column == 1);
    CHECK(doc.entries[0].first.line == 2);  // the key `instrument`
    CHECK(doc.entries[0].first.column == 1);
    CHECK(at(doc, "instrument").line == 2);
    CHECK(at(doc, "instrument").column == 13);
    const yaml_node& amends = at(doc, "amends");
    CHECK(amends.line == 4);
    CHECK(amends.column == 9);
    CHECK(amends.items[1].line == 4);
    CHECK(amends.items[1].column == 28);
    const yaml_node& op16 = at(doc, "measures").items[0];
    CHECK(op16.line == 6);
    CHECK(op16.column == 5);
    const yaml_node& when = at(at(op16, "wind_down"), "when");
    CHECK(when.line == 10);
    CHECK(when.column == 42);
    const yaml_node& summary = at(op16, "summary");
    CHECK(summary.line == 11);
    CHECK(summary.column == 14);
    const yaml_node& op14 = at(doc, "measures").items[1];
    CHECK(at(op14, "goods").line == 15);
    CHECK(at(op14, "goods").column == 12);
}

TEST_CASE("an empty value is a null placed at its key, not at the next line") {
    const auto p = parse("a:\nb: ~\nc: {d: }\n");
    REQUIRE(p.diagnostics.empty());
    REQUIRE(p.root);
    const yaml_node& a = at(*p.root, "a");
    CHECK(a.is_null());
    CHECK(a.line == 1);
    CHECK(a.column == 1);
    const yaml_node& b = at(*p.root, "b");
    CHECK(b.is_null());
    CHECK(b.line == 2);
    CHECK(b.column == 4);  // an explicit null keeps its own place
    const yaml_node& d = at(at(*p.root, "c"), "d");
    CHECK(d.is_null());
    CHECK(d.line == 3);
    CHECK(d.column == 5);
}

TEST_CASE("plain null spellings are null nodes, other spellings and quoted ones are text") {
    const auto p = parse("- ~\n- null\n- Null\n- NULL\n- nULL\n- 'null'\n- \"~\"\n- ''\n");
    REQUIRE(p.diagnostics.empty());
    REQUIRE(p.root);
    const auto& items = p.root->items;
    REQUIRE(items.size() == 8);
    for (int i = 0; i < 4; ++i) CHECK(items[static_cast<std::size_t>(i)].is_null());
    CHECK(items[4].is_scalar());
    CHECK(items[4].value == "nULL");
    CHECK(items[5].value == "null");
    CHECK(items[5].quoted);
    CHECK(items[6].value == "~");
    CHECK(items[7].is_scalar());
    CHECK(items[7].value.empty());
}

TEST_CASE("an empty file, or one with only comments, is a single null node") {
    for (const std::string_view text : {"", "# nothing yet\n", "\n\n", "---\n"}) {
        CAPTURE(text);
        const auto p = parse(text);
        CHECK(p.diagnostics.empty());
        REQUIRE(p.root);
        CHECK(p.root->is_null());
    }
}

TEST_CASE("a leading UTF-8 byte order mark is skipped and columns count from after it") {
    const auto p = parse(
        "\xEF\xBB\xBF"
        "a: b\n");
    REQUIRE(p.diagnostics.empty());
    REQUIRE(p.root);
    CHECK(p.root->entries[0].first.value == "a");
    CHECK(at(*p.root, "a").column == 4);
}

TEST_CASE("columns count bytes, so text after a multi-byte character is further right") {
    const auto p = parse("\"\xC3\xA9t\xC3\xA9\": x\n");  // "été": x
    REQUIRE(p.diagnostics.empty());
    REQUIRE(p.root);
    const yaml_node* v = p.root->find("\xC3\xA9t\xC3\xA9");
    REQUIRE(v != nullptr);
    CHECK(v->column == 10);
}

TEST_CASE("CRLF line ends are read like LF") {
    const auto p = parse("a: 1\r\nb:\r\n  - x\r\n");
    REQUIRE(p.diagnostics.empty());
    REQUIRE(p.root);
    CHECK(at(*p.root, "a").value == "1");
    CHECK(at(*p.root, "b").items[0].line == 3);
}

TEST_CASE("find returns the value of a key, or nullptr for a missing key or a non-map") {
    const auto p = parse("a: 1\nb: [x]\n");
    REQUIRE(p.root);
    REQUIRE(p.root->find("a") != nullptr);
    CHECK(p.root->find("a")->value == "1");
    CHECK(p.root->find("c") == nullptr);
    CHECK(p.root->find("") == nullptr);
    CHECK(p.root->find("b")->find("x") == nullptr);
}

// --- duplicate keys -------------------------------------------------------

TEST_CASE("a duplicate top-level key is reported at the later key, naming the first") {
    const auto p = parse("id: first\nkind: prohibition\nid: second\n");
    const auto d = only_error(p, "yaml.duplicate-key", 3, 1);
    CHECK(d.message.find("`id`") != std::string::npos);
    CHECK(d.message.find("1:1") != std::string::npos);
    REQUIRE(p.root);  // a duplicate alone still gives the tree, first key kept
    CHECK(p.root->entries.size() == 2);
    CHECK(at(*p.root, "id").value == "first");
}

TEST_CASE("a duplicate key in a nested map is reported and parsing goes on") {
    const auto p = parse("measures:\n  - id: a\n    goods: '27'\n    goods: '28'\n  - id: b\n");
    const auto d = only_error(p, "yaml.duplicate-key", 4, 5);
    CHECK(d.message.find("2:5") == std::string::npos);
    CHECK(d.message.find("3:5") != std::string::npos);
    REQUIRE(p.root);
    const yaml_node& measures = at(*p.root, "measures");
    REQUIRE(measures.items.size() == 2);
    CHECK(at(measures.items[0], "goods").value == "27");
    CHECK(at(measures.items[1], "id").value == "b");
}

TEST_CASE("a duplicate key in a flow map is reported at the later key") {
    const auto p = parse("wind_down: {until: 2017-12-10, until: 2018-01-01}\n");
    only_error(p, "yaml.duplicate-key", 1, 32);
    REQUIRE(p.root);
    CHECK(at(at(*p.root, "wind_down"), "until").value == "2017-12-10");
}

TEST_CASE("a quoted key and a plain key with the same text are duplicates") {
    const auto p = parse("goods: '27'\n\"goods\": '28'\n");
    only_error(p, "yaml.duplicate-key", 2, 1);
}

TEST_CASE("every duplicate is reported, not just the first") {
    const auto p = parse("a: 1\na: 2\nb: 1\nb: 2\n");
    REQUIRE(p.diagnostics.size() == 2);
    CHECK(p.diagnostics[0].where.line == 2);
    CHECK(p.diagnostics[1].where.line == 4);
}

// --- anchors, aliases, tags -----------------------------------------------

TEST_CASE("an anchor is refused where it is written") {
    const auto p = parse("base: &goods [2701, 2704]\nother: x\n");
    const auto d = only_error(p, "yaml.alias", 1, 7);
    CHECK(d.message.find("&goods") != std::string::npos);
    CHECK_FALSE(p.root);
}

TEST_CASE("an alias is refused even when no anchor precedes it") {
    const auto p = parse("a: 1\nb: *goods\n");
    only_error(p, "yaml.alias", 2, 4);
    CHECK_FALSE(p.root);
}

TEST_CASE("the billion laughs text is refused at its first anchor, before any expansion") {
    std::string text =
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    const std::string letters = "abcdefghi";
    for (std::size_t i = 1; i < letters.size(); ++i) {
        const std::string prev(1, letters[i - 1]);
        text += std::string(1, letters[i]) + ": &" + letters[i] + " [";
        for (int k = 0; k < 9; ++k) text += (k ? ",*" : "*") + prev;
        text += "]\n";
    }
    const auto p = parse(text);
    only_error(p, "yaml.alias", 1, 4);
    CHECK_FALSE(p.root);
}

TEST_CASE("an explicit tag is refused, including the non-specific tag '!'") {
    only_error(parse("goods: !!str 2710\n"), "yaml.tag", 1, 8);
    only_error(parse("goods: !hs 2710\n"), "yaml.tag", 1, 8);
    only_error(parse("goods: ! 2710\n"), "yaml.tag", 1, 8);
    only_error(parse("goods: !!seq [2710]\n"), "yaml.tag", 1, 8);
    only_error(parse("goods: !!null\nx: 1\n"), "yaml.tag", 1, 8);
}

// --- limits ---------------------------------------------------------------

TEST_CASE("100,000 nested flow sequences give yaml.too-deep, not a stack overflow") {
    const auto p = parse(repeat("[", 100'000) + repeat("]", 100'000));
    const auto d = only_error(p, "yaml.too-deep", 1, 65);
    CHECK(d.message.find("64") != std::string::npos);
    CHECK_FALSE(p.root);
}

TEST_CASE("100,000 unclosed flow sequences give yaml.too-deep") {
    // At the end of the text yaml-cpp reads each pending '[' as the key of an
    // implicit map, so two levels per bracket: the 65th opens at the 33rd '['.
    only_error(parse(repeat("[", 100'000)), "yaml.too-deep", 1, 33);
}

TEST_CASE("100,000 nested flow maps give yaml.too-deep") {
    only_error(parse(repeat("{a: ", 100'000) + repeat("}", 100'000)), "yaml.too-deep", 1,
               4 * 64 + 1);
    // Unclosed, yaml-cpp adds one implicit map around the whole text.
    only_error(parse(repeat("{a: ", 100'000)), "yaml.too-deep", 1, 4 * 63 + 1);
}

TEST_CASE("100,000 nested block sequences give yaml.too-deep") {
    only_error(parse(repeat("- ", 100'000) + "x\n"), "yaml.too-deep", 1, 2 * 64 + 1);
}

TEST_CASE("block maps indented 2,000 levels deep give yaml.too-deep") {
    // One space per level: the deepest block nesting that fits the size limit.
    std::string text;
    for (std::size_t i = 0; i < 2000; ++i) text += std::string(i, ' ') + "k:\n";
    text += std::string(2000, ' ') + "x\n";
    only_error(parse(text), "yaml.too-deep", 65, 65);
}

TEST_CASE("the depth limit is configurable and counts nested collections") {
    yaml_limits limits;
    limits.max_depth = 3;
    CHECK(parse("a: {b: [c]}\n", limits).diagnostics.empty());
    only_error(parse("a: {b: [[c]]}\n", limits), "yaml.too-deep", 1, 9);
}

TEST_CASE("yaml-cpp's own recursion guard is reported as yaml.too-deep when our limit is higher") {
    yaml_limits limits;
    limits.max_depth = 1'000'000;
    const auto p = parse(repeat("[", 100'000) + repeat("]", 100'000), limits);
    REQUIRE(p.diagnostics.size() == 1);
    CHECK(p.diagnostics[0].id == "yaml.too-deep");
    // At the innermost open '[' (yaml-cpp's guard is 500 in Debian's 0.7,
    // 2000 upstream), not at the end of the text where its scanner stopped.
    CHECK(p.diagnostics[0].where.line == 1);
    CHECK(p.diagnostics[0].where.column > 64);
    CHECK(p.diagnostics[0].where.column <= 2000);
    CHECK_FALSE(p.root);
}

TEST_CASE(
    "a document with more nodes than the limit gives yaml.too-many-nodes at the first extra node") {
    yaml_limits limits;
    limits.max_nodes = 7;  // the sequence and six items
    CHECK(parse("- a\n- b\n- c\n- d\n- e\n- f\n", limits).diagnostics.empty());
    const auto p = parse("- a\n- b\n- c\n- d\n- e\n- f\n- g\n", limits);
    only_error(p, "yaml.too-many-nodes", 7, 3);
    CHECK_FALSE(p.root);
}

TEST_CASE("a flat flow list over the node limit is refused before yaml-cpp buffers it") {
    yaml_limits limits;
    limits.max_nodes = 100;
    std::string list = "[";  // built up, not "[" + ...: GCC 12 warns falsely (bug 105329)
    list += repeat("a,", 200);
    list += "a]";
    const auto p = parse(list, limits);
    // The 101st flow indicator is the 100th comma, at byte 200.
    only_error(p, "yaml.too-many-nodes", 1, 201);
}

TEST_CASE("a file over the size limit gives yaml.too-large before parsing") {
    yaml_limits limits;
    limits.max_bytes = 16;
    CHECK(parse("a: 0123456789ab\n", limits).diagnostics.empty());  // exactly 16 bytes
    const auto p = parse("a: 0123456789abc\n", limits);
    const auto d = only_error(p, "yaml.too-large", 1, 1);
    CHECK(d.message.find("17") != std::string::npos);
    CHECK_FALSE(p.root);
}

// --- encoding -------------------------------------------------------------

TEST_CASE("a NUL byte is refused as yaml.encoding at its position") {
    using namespace std::string_view_literals;
    only_error(parse("a: 1\nb: x\0y\n"sv), "yaml.encoding", 2, 5);
}

TEST_CASE("an overlong UTF-8 encoding is refused") {
    only_error(parse("a: 1\nb: \xC0\xAF\n"), "yaml.encoding", 2, 4);    // '/' in two bytes
    only_error(parse("a: \xE0\x80\xAF\n"), "yaml.encoding", 1, 4);      // '/' in three bytes
    only_error(parse("a: \xF0\x80\x80\xAF\n"), "yaml.encoding", 1, 4);  // '/' in four bytes
}

TEST_CASE("a truncated UTF-8 sequence is refused at its lead byte") {
    only_error(parse("a: \xE2\x82\n"), "yaml.encoding", 1, 4);  // € without its last byte
    only_error(parse("a: x\xE2\x82"), "yaml.encoding", 1, 5);   // cut by the end of the file
}

TEST_CASE("a lone continuation byte is refused") {
    only_error(parse("a: 1\n  # note \x80\n"), "yaml.encoding", 2, 10);
}

TEST_CASE(
    "surrogates, code points above U+10FFFF and bytes that never occur in UTF-8 are refused") {
    only_error(parse("a: \xED\xA0\x80\n"), "yaml.encoding", 1, 4);
    only_error(parse("a: \xF4\x90\x80\x80\n"), "yaml.encoding", 1, 4);
    only_error(parse("a: \xFF\n"), "yaml.encoding", 1, 4);
}

TEST_CASE("a UTF-16 file is refused with a message that says so") {
    using namespace std::string_view_literals;
    const auto d = only_error(parse("\xFF\xFE"
                                    "a\0:\0"sv),
                              "yaml.encoding", 1, 1);
    CHECK(d.message.find("UTF-16") != std::string::npos);
}

TEST_CASE("control characters and a lone carriage return are refused") {
    only_error(parse("a: \x1B[31mred\n"), "yaml.encoding", 1, 4);
    only_error(parse("a: x\x7F\n"), "yaml.encoding", 1, 5);
    only_error(parse("a: \xC2\x9B\n"), "yaml.encoding", 1, 4);  // U+009B, a C1 control
    // yaml-cpp would read `x\ry` as "xy": a lone CR is refused instead.
    only_error(parse("a: x\ry\n"), "yaml.encoding", 1, 5);
}

TEST_CASE("valid multi-byte UTF-8 text is accepted") {
    const auto p = parse("name: \"\xEC\xA1\xB0\xEC\x84\xA0\" # \xF0\x9F\x9A\xA2 \xE2\x82\xAC\n");
    CHECK(p.diagnostics.empty());
    REQUIRE(p.root);
    CHECK(at(*p.root, "name").value == "\xEC\xA1\xB0\xEC\x84\xA0");
}

// --- syntax ---------------------------------------------------------------

TEST_CASE("a tab used for indentation is reported at the tab") {
    const auto d = only_error(parse("measures:\n\tid: x\n"), "yaml.syntax", 2, 1);
    CHECK(d.message.find("tab") != std::string::npos);
    only_error(parse("a: 1\n  \tb: 2\n"), "yaml.syntax", 2, 3);
    only_error(parse("a:\n  b: 1\n\tc: 2\n"), "yaml.syntax", 3, 1);
}

TEST_CASE("a truncated flow sequence is reported at the end of the text, naming its open bracket") {
    const auto p = parse("key: [1, 2\n");
    const auto d = only_error(p, "yaml.syntax", 1, 11);
    CHECK(d.message.find("'['") != std::string::npos);
    CHECK(d.message.find("1:6") != std::string::npos);
    CHECK_FALSE(p.root);
    only_error(parse("key: [1, 2"), "yaml.syntax", 1, 11);  // no final newline
}

TEST_CASE("a truncated flow map is reported at the end of the text, naming its open brace") {
    const auto d = only_error(parse("a: 1\nkey: {a: 1\n\n"), "yaml.syntax", 2, 11);
    CHECK(d.message.find("2:6") != std::string::npos);
}

TEST_CASE("an unterminated quoted string at the end of the file is a syntax error") {
    // yaml-cpp 0.7 alone accepts both as the text "abc ".
    only_error(parse("a: 1\nb: \"abc\n"), "yaml.syntax", 2, 4);
    only_error(parse("a: 'it''s\n"), "yaml.syntax", 1, 4);
    only_error(parse("a: \"abc"), "yaml.syntax", 1, 8);  // yaml-cpp's own error, at the end
    CHECK(parse("a: \"x\\\"y\"\nb: 'it''s'\n").diagnostics.empty());
}

TEST_CASE("yaml-cpp's syntax errors keep their position and get a readable message") {
    const auto d = only_error(parse("summary: a: b\n"), "yaml.syntax", 1, 11);
    CHECK(d.message.find("found ':'") != std::string::npos);
    only_error(parse("a: ]\n"), "yaml.syntax", 1, 4);
    only_error(parse("a:\n  b: 1\n c: 2\n"), "yaml.syntax", 3, 2);
    const auto e = only_error(parse("a: \"\\q\"\n"), "yaml.syntax", 1, 7);
    CHECK(e.message.find("\\q") != std::string::npos);
}

TEST_CASE("two documents are refused at the start of the second") {
    const auto p = parse("a: 1\n---\nb: 2\n");
    only_error(p, "yaml.multiple-documents", 2, 1);
    CHECK_FALSE(p.root);
    only_error(parse("a: 1\n---\n"), "yaml.multiple-documents", 2, 1);
}

TEST_CASE("text after the top-level node is a second document, not silently a new one") {
    // yaml-cpp reads this as two documents; YAML calls it an error.
    only_error(parse("- a\nb: 1\n"), "yaml.multiple-documents", 2, 1);
}

TEST_CASE("a document end marker alone does not make a second document") {
    const auto p = parse("a: 1\n...\n");
    CHECK(p.diagnostics.empty());
    REQUIRE(p.root);
}

TEST_CASE("a map key that is a collection is refused and its entry dropped") {
    const auto p = parse("? [a, b]\n: 1\nc: 2\n");
    only_error(p, "yaml.complex-key", 1, 3);
    REQUIRE(p.root);
    CHECK(p.root->entries.size() == 1);
    CHECK(at(*p.root, "c").value == "2");

    only_error(parse("{[a]: 1}\n"), "yaml.complex-key", 1, 2);
    only_error(parse("{a: 1, {b: 2}: 3}\n"), "yaml.complex-key", 1, 8);
}

TEST_CASE("a null map key is refused as yaml.complex-key") {
    only_error(parse("~: 1\n"), "yaml.complex-key", 1, 1);
    only_error(parse("{a: 1, : 2}\n"), "yaml.complex-key", 1, 8);
}

TEST_CASE("a diagnostic formats as file:line:col, the message and the id") {
    const auto p = parse("a: 1\na: 2\n");
    REQUIRE(p.diagnostics.size() == 1);
    const std::string text = embargo::format(p.diagnostics[0]);
    CHECK(text.starts_with("rules/un/dprk/test.yaml:2:1: error: "));
    CHECK(text.ends_with("[yaml.duplicate-key]"));
}
