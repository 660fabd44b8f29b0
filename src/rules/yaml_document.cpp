// The strict YAML front end: yaml-cpp's parser events in, a yaml_node tree with
// positions and diagnostics out.
//
// Rule files are law encoded as data, so a file that yaml-cpp would read "more
// or less" must be refused with a position instead. The work is split in two:
// checks on the raw bytes run before yaml-cpp sees anything (size, encoding,
// and a bound on flow indicators, because yaml-cpp's scanner buffers a whole
// flow collection before the parser emits a single event), then a tree builder
// listens to the parser's events and stops it by throwing as soon as a limit is
// crossed or a refused feature (anchor, alias, tag) appears. Throwing from the
// handler is the only way to stop yaml-cpp's recursive descent; the exception
// type is ours and does not derive from std::exception, so nothing in yaml-cpp
// can swallow it. Several yaml-cpp 0.7 quirks are repaired here rather than
// passed on: an unterminated quoted string at the end of the file is accepted
// by yaml-cpp (we check the closing quote), a lone CR is silently dropped (we
// refuse it), an empty map value is positioned at the next token (we move it to
// its key), and a truncated flow collection is reported at 1:1 (we report the
// end of the text and name the opening bracket). Columns count bytes, as
// yaml-cpp's marks and GCC's diagnostics do.

#include "rules/yaml_document.hpp"

#include <algorithm>
#include <climits>
#include <cstdint>
#include <istream>
#include <new>
#include <streambuf>
#include <unordered_map>

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

namespace embargo::detail {

yaml_node::~yaml_node() = default;

const yaml_node* yaml_node::find(std::string_view key) const noexcept {
    for (const auto& [k, v] : entries) {
        if (k.is_scalar() && k.value == key) return &v;
    }
    return nullptr;
}

namespace {

struct position {
    int line = 1;
    int column = 1;
};

int clamp_int(std::size_t n) noexcept {
    return n > static_cast<std::size_t>(INT_MAX) ? INT_MAX : static_cast<int>(n);
}

std::string to_text(position p) {
    return std::to_string(p.line) + ':' + std::to_string(p.column);
}

// Line and column of a byte offset. Only '\n' ends a line: that is what
// yaml-cpp counts (CRLF ends in '\n'; a lone CR is refused before parsing).
position position_of(std::string_view text, std::size_t offset) {
    offset = std::min(offset, text.size());
    const std::string_view before = text.substr(0, offset);
    const auto lines = std::count(before.begin(), before.end(), '\n');
    const auto last_newline = before.rfind('\n');
    const std::size_t column =
        last_newline == std::string_view::npos ? offset + 1 : offset - last_newline;
    return {clamp_int(static_cast<std::size_t>(lines) + 1), clamp_int(column)};
}

// The position just after the last non-blank byte: where "end of file" errors
// point, rather than at the empty line after it.
position end_of_content(std::string_view text) {
    std::size_t end = text.size();
    while (end > 0 && (text[end - 1] == '\n' || text[end - 1] == '\r' || text[end - 1] == ' ' ||
                       text[end - 1] == '\t')) {
        --end;
    }
    return position_of(text, end);
}

// yaml-cpp's marks are 0-based. At the end of the input its byte offset is
// right but line and column fall back to 0:0 (or name the empty line after a
// final newline), so end-of-input marks are placed after the last text.
position mark_position(std::string_view text, const YAML::Mark& mark) {
    if (mark.is_null() || mark.pos < 0 || static_cast<std::size_t>(mark.pos) >= text.size()) {
        return end_of_content(text);
    }
    return {mark.line + 1, mark.column + 1};
}

std::string hex_byte(unsigned char b) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out = "0x";
    out += digits[b >> 4];
    out += digits[b & 0xF];
    return out;
}

std::string code_point_text(std::uint32_t cp) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (int shift = cp > 0xFFFF ? 20 : 12; shift >= 0; shift -= 4)
        out += digits[(cp >> shift) & 0xF];
    return "U+" + out;
}

// Keys and tags end up in messages; a megabyte-long key must not.
std::string shown(std::string_view s) {
    constexpr std::size_t max = 60;
    if (s.size() <= max) return '`' + std::string(s) + '`';
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // UTF-8 boundary
    return '`' + std::string(s.substr(0, cut)) + "...`";
}

struct byte_problem {
    std::size_t offset = 0;
    std::string message;
};

// YAML 1.2's c-printable set: what may appear in a YAML stream at all. Control
// characters are refused rather than passed on because they would end up,
// unescaped, in diagnostics printed to a terminal.
bool printable(std::uint32_t cp) noexcept {
    return cp == 0x9 || cp == 0xA || cp == 0xD || (cp >= 0x20 && cp <= 0x7E) || cp == 0x85 ||
           (cp >= 0xA0 && cp <= 0xD7FF) || (cp >= 0xE000 && cp <= 0xFFFD) ||
           (cp >= 0x10000 && cp <= 0x10FFFF);
}

// Strict UTF-8 (Unicode Table 3-7: no overlongs, no surrogates, nothing above
// U+10FFFF), printable characters only, and line ends LF or CRLF.
std::optional<byte_problem> check_encoding(std::string_view text) {
    const std::size_t n = text.size();
    std::size_t i = 0;
    while (i < n) {
        const auto b = static_cast<unsigned char>(text[i]);
        if (b < 0x80) {
            if (b == 0) {
                return byte_problem{i,
                                    "found a NUL byte; expected UTF-8 text (is this a binary or a "
                                    "UTF-16 file?)"};
            }
            if (b == '\r' && (i + 1 >= n || text[i + 1] != '\n')) {
                return byte_problem{i,
                                    "found a carriage return not followed by a line feed; expected "
                                    "LF or CRLF line endings"};
            }
            if (!printable(b)) {
                return byte_problem{i, "found the control character " + code_point_text(b) +
                                           "; expected printable text (tab, line feed and "
                                           "carriage return are the only controls allowed)"};
            }
            ++i;
            continue;
        }
        std::size_t length = 0;
        unsigned char low = 0x80;
        unsigned char high = 0xBF;
        if (b >= 0x80 && b <= 0xBF) {
            return byte_problem{i, "found the continuation byte " + hex_byte(b) +
                                       " with no lead byte before it; expected UTF-8 text"};
        } else if (b == 0xC0 || b == 0xC1) {
            return byte_problem{i, "found the byte " + hex_byte(b) +
                                       ", which starts an overlong encoding; expected UTF-8 text "
                                       "in its shortest form"};
        } else if (b <= 0xDF) {
            length = 2;
        } else if (b <= 0xEF) {
            length = 3;
            if (b == 0xE0) low = 0xA0;   // below: overlong
            if (b == 0xED) high = 0x9F;  // above: UTF-16 surrogates
        } else if (b <= 0xF4) {
            length = 4;
            if (b == 0xF0) low = 0x90;   // below: overlong
            if (b == 0xF4) high = 0x8F;  // above: beyond U+10FFFF
        } else {
            return byte_problem{i, "found the byte " + hex_byte(b) +
                                       ", which never occurs in UTF-8; expected UTF-8 text"};
        }
        std::uint32_t cp = b & (length == 2 ? 0x1Fu : length == 3 ? 0x0Fu : 0x07u);
        for (std::size_t k = 1; k < length; ++k) {
            if (i + k >= n) {
                return byte_problem{i,
                                    "found a UTF-8 sequence cut short by the end of the file: "
                                    "the lead byte " +
                                        hex_byte(b) + " expects " + std::to_string(length) +
                                        " bytes"};
            }
            const auto c = static_cast<unsigned char>(text[i + k]);
            const unsigned char lo = k == 1 ? low : 0x80;
            const unsigned char hi = k == 1 ? high : 0xBF;
            if (c < lo || c > hi) {
                if ((c & 0xC0) == 0x80) {
                    // A continuation byte, but out of range for this lead byte.
                    const char* what = b == 0xE0 || b == 0xF0 ? "an overlong encoding"
                                       : b == 0xED            ? "a UTF-16 surrogate"
                                                              : "a code point above U+10FFFF";
                    return byte_problem{i, "found " + std::string(what) + " (bytes " + hex_byte(b) +
                                               ' ' + hex_byte(c) + "); expected UTF-8 text"};
                }
                return byte_problem{i, "found a UTF-8 sequence cut short: the lead byte " +
                                           hex_byte(b) + " expects " + std::to_string(length) +
                                           " bytes, but byte " + std::to_string(k + 1) + " is " +
                                           hex_byte(c)};
            }
            cp = (cp << 6) | (c & 0x3Fu);
        }
        if (!printable(cp)) {
            return byte_problem{i, "found the character " + code_point_text(cp) +
                                       ", which YAML does not allow in a file; expected printable "
                                       "text"};
        }
        i += length;
    }
    return std::nullopt;
}

// yaml-cpp's scanner keeps every token of a flow collection in memory until
// the collection's first potential simple key is settled, which may be at its
// closing bracket: 4 MiB of '[' costs about 1 GB before the parser emits one
// event, so our depth and node limits would come too late. Each '[', '{' and
// ',' of a flow collection starts or ends a node, so a document with more of
// them than max_nodes is over the node limit anyway (barring prose full of
// commas); counting them bounds the scanner's buffer before it is built.
std::optional<std::size_t> flow_indicator_overflow(std::string_view text, std::size_t max_nodes) {
    std::size_t count = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((c == '[' || c == '{' || c == ',') && ++count > max_nodes) return i;
    }
    return std::nullopt;
}

// Reads a string_view without copying it; yaml-cpp only reads forward.
class view_buffer : public std::streambuf {
public:
    explicit view_buffer(std::string_view text) {
        char* begin = const_cast<char*>(text.data());  // get area is never written
        setg(begin, begin, begin + text.size());
    }
};

// Thrown from the handler to unwind yaml-cpp once a diagnostic is recorded.
// Not a std::exception, so that no catch inside yaml-cpp can take it.
struct stop_parsing {};

bool is_null_spelling_at(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return false;
    const std::string_view rest = text.substr(offset);
    for (const std::string_view word : {"~", "null", "Null", "NULL"}) {
        if (!rest.starts_with(word)) continue;
        if (rest.size() == word.size()) return true;
        const char next = rest[word.size()];
        if (next == ' ' || next == '\t' || next == '\r' || next == '\n' || next == ',' ||
            next == ']' || next == '}' || next == '#') {
            return true;
        }
    }
    return false;
}

class tree_builder final : public YAML::EventHandler {
public:
    tree_builder(std::string_view text, const std::string& file, const yaml_limits& limits,
                 std::vector<diagnostic>& diagnostics)
        : text_(text), file_(file), limits_(limits), diagnostics_(diagnostics) {}

    std::optional<yaml_node>& root() { return root_; }

    struct open_collection {
        yaml_node::kind type;
        bool flow;
        position where;
    };
    // The collections open when yaml-cpp stopped, innermost last: used to
    // name the bracket a truncated flow collection was opened with.
    std::vector<open_collection> open_collections() const {
        std::vector<open_collection> out;
        for (const auto& f : frames_)
            out.push_back({f.node.type, f.flow, {f.node.line, f.node.column}});
        return out;
    }

    void report(std::string id, position where, std::string message) {
        diagnostics_.push_back({std::move(id),
                                severity::error,
                                {file_, where.line, where.column},
                                std::move(message)});
    }

    [[noreturn]] void fail(std::string id, position where, std::string message) {
        report(std::move(id), where, std::move(message));
        throw stop_parsing{};
    }

    void OnDocumentStart(const YAML::Mark& mark) override {
        if (++documents_ > 1) {
            fail("yaml.multiple-documents", at(mark),
                 "found a second YAML document (after a '---' or '...' line, or text after the "
                 "end of the top-level node); expected one document per file");
        }
    }
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
        refuse_anchor(mark, anchor);
        count_node(mark);
        yaml_node node;
        const position p = at(mark);
        node.line = p.line;
        node.column = p.column;
        // yaml-cpp places an empty value at the token after it (often the next
        // key, a line below); a value that is not spelled out belongs to its key.
        implicit_null_ = !is_null_spelling_at(text_, offset(mark));
        complete(std::move(node));
        implicit_null_ = false;
    }

    void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override {
        fail("yaml.alias", at(mark),
             "found an alias ('*'); expected the value written out: anchors and aliases are "
             "not allowed, so that every rule reads on its own");
    }

    void OnAnchor(const YAML::Mark& mark, const std::string& name) override {
        fail("yaml.alias", at(mark),
             "found the anchor " + shown('&' + name) +
                 "; expected the value written out: anchors and aliases are not allowed, so that "
                 "every rule reads on its own");
    }

    void OnScalar(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                  const std::string& value) override {
        refuse_anchor(mark, anchor);
        refuse_tag(mark, tag, "?!");
        count_node(mark);
        check_closing_quote(mark);
        yaml_node node;
        node.type = yaml_node::kind::scalar;
        node.value = value;
        // yaml-cpp gives "!" to every non-plain scalar (quoted, `|`, `>`) and "?"
        // to plain ones; explicit tags were refused above.
        node.quoted = tag == "!";
        const position p = at(mark);
        node.line = p.line;
        node.column = p.column;
        complete(std::move(node));
    }

    void OnSequenceStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value style) override {
        open(mark, tag, anchor, style, yaml_node::kind::sequence);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value style) override {
        open(mark, tag, anchor, style, yaml_node::kind::map);
    }
    void OnMapEnd() override { close(); }

private:
    struct frame {
        yaml_node node;
        bool flow = false;
        std::optional<yaml_node> key;  // a map's key awaiting its value
        bool drop_value = false;       // the key was refused; the value is read and dropped
        std::unordered_map<std::string, position> seen;  // key text -> where it first appeared
    };

    std::size_t offset(const YAML::Mark& mark) const {
        return mark.pos < 0 ? text_.size()
                            : std::min(static_cast<std::size_t>(mark.pos), text_.size());
    }
    position at(const YAML::Mark& mark) const { return mark_position(text_, mark); }

    void refuse_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
        // OnAnchor comes first with the name; this is a backstop.
        if (anchor != YAML::NullAnchor) {
            fail("yaml.alias", at(mark),
                 "found an anchor ('&'); expected the value written out: anchors and aliases "
                 "are not allowed");
        }
    }

    // `untagged` lists the tags yaml-cpp uses for "no tag": "?" for plain
    // scalars and collections, "!" for quoted scalars. An explicit `!` is
    // told apart from quoting by the source text at the node's mark.
    void refuse_tag(const YAML::Mark& mark, const std::string& tag, std::string_view untagged) {
        const bool explicit_tag = tag.size() != 1 ||
                                  untagged.find(tag[0]) == std::string_view::npos ||
                                  (offset(mark) < text_.size() && text_[offset(mark)] == '!');
        if (explicit_tag) {
            fail("yaml.tag", at(mark),
                 "found the tag " + shown(tag) +
                     "; expected an untagged value: rule files give every value as text and the "
                     "schema says what it means");
        }
    }

    void count_node(const YAML::Mark& mark) {
        if (++nodes_ > limits_.max_nodes) {
            fail("yaml.too-many-nodes", at(mark),
                 "found more than " + std::to_string(limits_.max_nodes) +
                     " nodes; expected at most that many (split the file)");
        }
    }

    // yaml-cpp 0.7 accepts `a: "abc` at the end of the file as the string
    // "abc ", so the closing quote is checked in the source.
    void check_closing_quote(const YAML::Mark& mark) {
        const std::size_t start = offset(mark);
        if (start >= text_.size()) return;
        const char quote = text_[start];
        if (quote != '"' && quote != '\'') return;
        for (std::size_t i = start + 1; i < text_.size(); ++i) {
            const char c = text_[i];
            if (quote == '"' && c == '\\') {
                ++i;
            } else if (c == quote) {
                if (quote == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
                    ++i;  // '' is an escaped quote
                } else {
                    return;
                }
            }
        }
        fail("yaml.syntax", at(mark),
             std::string("found the end of the file inside the ") +
                 (quote == '"' ? "double" : "single") +
                 "-quoted string that starts here; "
                 "expected a closing " +
                 quote);
    }

    void open(const YAML::Mark& mark, const std::string& tag, YAML::anchor_t anchor,
              YAML::EmitterStyle::value style, yaml_node::kind type) {
        refuse_anchor(mark, anchor);
        refuse_tag(mark, tag, "?");
        count_node(mark);
        if (frames_.size() >= limits_.max_depth) {
            // Not named "map" or "sequence": in an unclosed flow collection
            // yaml-cpp turns pending `[` into keys of implicit maps, so the
            // kind it reports need not be the bracket the user wrote.
            fail("yaml.too-deep", at(mark),
                 "found collections nested " + std::to_string(frames_.size() + 1) +
                     " levels deep; expected at most " + std::to_string(limits_.max_depth));
        }
        frame f;
        f.node.type = type;
        const position p = at(mark);
        f.node.line = p.line;
        f.node.column = p.column;
        f.flow = style == YAML::EmitterStyle::Flow;
        frames_.push_back(std::move(f));
    }

    void close() {
        yaml_node done = std::move(frames_.back().node);
        frames_.pop_back();
        complete(std::move(done));
    }

    // A finished node goes to its parent: the document, a sequence, or a map
    // as a key or as the value of the pending key.
    void complete(yaml_node node) {
        if (frames_.empty()) {
            root_ = std::move(node);
            return;
        }
        frame& parent = frames_.back();
        if (parent.node.is_sequence()) {
            parent.node.items.push_back(std::move(node));
            return;
        }
        if (!parent.key && !parent.drop_value) {
            accept_key(parent, std::move(node));
            return;
        }
        if (parent.drop_value) {
            parent.drop_value = false;
            return;
        }
        if (node.is_null() && implicit_null_) {
            node.line = parent.key->line;
            node.column = parent.key->column;
        }
        parent.node.entries.emplace_back(std::move(*parent.key), std::move(node));
        parent.key.reset();
    }

    void accept_key(frame& parent, yaml_node key) {
        const position where{key.line, key.column};
        if (!key.is_scalar()) {
            const char* what = key.is_map() ? "a map"
                               : key.is_sequence()
                                   ? "a sequence"
                                   : "a null key (nothing, `~` or `null` before ':')";
            report("yaml.complex-key", where,
                   "found " + std::string(what) +
                       " as a map key; expected a plain or quoted scalar (the entry is ignored)");
            parent.drop_value = true;
            return;
        }
        const auto [first, inserted] = parent.seen.try_emplace(key.value, where);
        if (!inserted) {
            report("yaml.duplicate-key", where,
                   "found the key " + shown(key.value) + " again; it is already defined at " +
                       to_text(first->second) +
                       " and keys must be unique in a map (the first is kept, this one ignored)");
            parent.drop_value = true;
            return;
        }
        parent.key = std::move(key);
    }

    std::string_view text_;
    const std::string& file_;
    const yaml_limits& limits_;
    std::vector<diagnostic>& diagnostics_;
    std::vector<frame> frames_;
    std::optional<yaml_node> root_;
    std::size_t nodes_ = 0;
    int documents_ = 0;
    bool implicit_null_ = false;
};

// yaml-cpp's messages name the parser's state ("illegal map value"); ours say
// what was found and what was expected.
std::string readable_syntax_message(const std::string& msg) {
    namespace m = YAML::ErrorMsg;
    if (msg == m::MAP_VALUE) {
        return "found ':' where no map value can start; expected a key at the indentation of its "
               "map (a value that contains ': ' must be quoted)";
    }
    if (msg == m::BLOCK_ENTRY) {
        return "found a list item '- ' where none can start; expected it at the indentation of "
               "its list";
    }
    if (msg == m::END_OF_MAP) {
        return "found text that does not continue the map; expected another `key: value` at the "
               "map's indentation, or less indentation to end it";
    }
    if (msg == m::END_OF_SEQ) {
        return "found text that does not continue the list; expected another `- item` at the "
               "list's indentation, or less indentation to end it";
    }
    if (msg == m::END_OF_SEQ_FLOW) return "found no end to a flow sequence; expected ',' or ']'";
    if (msg == m::END_OF_MAP_FLOW) return "found no end to a flow map; expected ',' or '}'";
    if (msg == m::FLOW_END) {
        return "found a closing ']' or '}' with no opening bracket; expected a value";
    }
    if (msg == m::TAB_IN_INDENTATION) {
        return "found a tab in the indentation; expected spaces (YAML indents with spaces only)";
    }
    if (msg == m::MAP_KEY) return "found '?' where no map key can start";
    if (msg == m::UNKNOWN_TOKEN) return "found a character that cannot start any YAML token";
    if (msg == m::EOF_IN_SCALAR) {
        return "found the end of the file inside a quoted string; expected its closing quote";
    }
    if (msg == m::DOC_IN_SCALAR) {
        return "found a document marker ('---' or '...') inside a quoted string; expected its "
               "closing quote first";
    }
    if (msg == m::CHAR_IN_SCALAR) return "found a character not allowed in this scalar";
    if (msg == m::CHAR_IN_BLOCK) {
        return "found an unexpected character after a block scalar indicator ('|' or '>'); "
               "expected '+', '-', an indentation digit, a comment or the end of the line";
    }
    if (msg == m::ZERO_INDENT_IN_BLOCK) {
        return "found the indentation indicator 0 on a block scalar; expected 1 to 9";
    }
    const std::string_view s = msg;
    if (s.starts_with(m::INVALID_ESCAPE)) {
        return "found the unknown escape `\\" +
               msg.substr(std::string_view(m::INVALID_ESCAPE).size()) +
               "` in a double-quoted string; expected a YAML escape such as \\\\, \\\", \\n or "
               "\\t (or use single quotes, which have no escapes)";
    }
    if (s.starts_with(m::INVALID_UNICODE) || msg == m::INVALID_HEX) {
        return "found a bad \\x, \\u or \\U escape in a double-quoted string (" + msg +
               "); expected hex digits naming a Unicode code point";
    }
    return "found invalid YAML (" + msg + ")";
}

bool is_alias_message(const std::string& msg) {
    namespace m = YAML::ErrorMsg;
    return std::string_view(msg).starts_with(m::UNKNOWN_ANCHOR) || msg == m::ANCHOR_NOT_FOUND ||
           msg == m::ALIAS_NOT_FOUND || msg == m::CHAR_IN_ALIAS || msg == m::CHAR_IN_ANCHOR ||
           msg == m::MULTIPLE_ANCHORS || msg == m::MULTIPLE_ALIASES || msg == m::ALIAS_CONTENT;
}

bool is_tag_message(const std::string& msg) {
    namespace m = YAML::ErrorMsg;
    return msg == m::CHAR_IN_TAG_HANDLE || msg == m::TAG_WITH_NO_SUFFIX ||
           msg == m::END_OF_VERBATIM_TAG || msg == m::MULTIPLE_TAGS;
}

// If the line holding a syntax error is indented with a tab, that tab is
// almost always the cause; yaml-cpp often reports the symptom instead
// ("illegal map value").
std::optional<position> tab_in_indentation(std::string_view text, int line) {
    if (line < 1) return std::nullopt;
    std::size_t start = 0;
    for (int l = 1; l < line; ++l) {
        start = text.find('\n', start);
        if (start == std::string_view::npos) return std::nullopt;
        ++start;
    }
    for (std::size_t i = start; i < text.size() && (text[i] == ' ' || text[i] == '\t'); ++i) {
        if (text[i] == '\t') return position_of(text, i);
    }
    return std::nullopt;
}

void report_parser_exception(const YAML::ParserException& e, std::string_view text,
                             const std::vector<tree_builder::open_collection>& open,
                             tree_builder& builder) {
    namespace m = YAML::ErrorMsg;
    const position where = mark_position(text, e.mark);
    if (is_alias_message(e.msg)) {
        builder.report(
            "yaml.alias", where,
            "found an anchor or alias (" + e.msg +
                "); expected the value written out: anchors and aliases are not allowed");
        return;
    }
    if (is_tag_message(e.msg)) {
        builder.report("yaml.tag", where,
                       "found a tag (" + e.msg + "); expected an untagged value");
        return;
    }
    const bool seq_flow = e.msg == m::END_OF_SEQ_FLOW;
    const bool flow_end = seq_flow || e.msg == m::END_OF_MAP_FLOW;
    if (auto tab = flow_end ? std::nullopt : tab_in_indentation(text, where.line)) {
        builder.report("yaml.syntax", *tab,
                       "found a tab in the indentation; expected spaces (YAML indents with "
                       "spaces only)");
        return;
    }
    std::string message = readable_syntax_message(e.msg);
    if (flow_end) {
        const auto wanted = seq_flow ? yaml_node::kind::sequence : yaml_node::kind::map;
        const auto it = std::find_if(open.rbegin(), open.rend(),
                                     [&](const auto& c) { return c.flow && c.type == wanted; });
        if (it != open.rend()) {
            message = std::string("found no end to the flow ") +
                      (seq_flow ? "sequence '['" : "map '{'") + " opened at " + to_text(it->where) +
                      "; expected ',' or " + (seq_flow ? "']'" : "'}'");
        }
    }
    builder.report("yaml.syntax", where, message);
}

}  // namespace

std::optional<yaml_node> parse_yaml(std::string_view text, const std::string& file,
                                    const yaml_limits& limits,
                                    std::vector<diagnostic>& diagnostics) {
    const auto error_at = [&](std::string id, position p, std::string message) {
        diagnostics.push_back(
            {std::move(id), severity::error, {file, p.line, p.column}, std::move(message)});
    };
    try {
        if (text.size() > limits.max_bytes) {
            error_at("yaml.too-large", {1, 1},
                     "found a file of " + std::to_string(text.size()) +
                         " bytes; expected at most " + std::to_string(limits.max_bytes));
            return std::nullopt;
        }
        if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // UTF-8 byte order mark
        if (text.starts_with("\xFF\xFE") || text.starts_with("\xFE\xFF")) {
            error_at("yaml.encoding", {1, 1},
                     "found a UTF-16 byte order mark; expected the file in UTF-8");
            return std::nullopt;
        }
        if (auto bad = check_encoding(text)) {
            error_at("yaml.encoding", position_of(text, bad->offset), std::move(bad->message));
            return std::nullopt;
        }
        if (auto at = flow_indicator_overflow(text, limits.max_nodes)) {
            error_at("yaml.too-many-nodes", position_of(text, *at),
                     "found more than " + std::to_string(limits.max_nodes) +
                         " flow indicators ('[', '{', ','), each of which starts or separates a "
                         "node; expected at most " +
                         std::to_string(limits.max_nodes) + " nodes (split the file)");
            return std::nullopt;
        }

        tree_builder builder(text, file, limits, diagnostics);
        view_buffer buffer(text);
        std::istream in(&buffer);
        try {
            YAML::Parser parser(in);
            // The second call reads past the first document: any second
            // document makes the builder stop with yaml.multiple-documents.
            while (parser.HandleNextDocument(builder)) {
            }
        } catch (const stop_parsing&) {
            return std::nullopt;
        } catch (const YAML::DeepRecursion& e) {
            // yaml-cpp's mark is wherever its scanner got to (often the end
            // of the text); the innermost open collection is the useful place.
            const auto open = builder.open_collections();
            builder.report("yaml.too-deep",
                           open.empty() ? mark_position(text, e.mark) : open.back().where,
                           "found nesting deeper than the YAML parser's own limit of " +
                               std::to_string(e.depth()) + " levels; expected at most " +
                               std::to_string(limits.max_depth));
            return std::nullopt;
        } catch (const YAML::ParserException& e) {
            report_parser_exception(e, text, builder.open_collections(), builder);
            return std::nullopt;
        }
        if (!builder.root()) {
            yaml_node empty;  // an empty file, or one holding only comments
            empty.line = 1;
            empty.column = 1;
            return empty;
        }
        return std::move(builder.root());
    } catch (const std::bad_alloc&) {
        error_at("yaml.too-large", {1, 1},
                 "ran out of memory reading the file; expected a smaller file");
    } catch (const std::exception& e) {
        error_at("yaml.syntax", {1, 1},
                 std::string("found input the YAML parser rejected: ") + e.what());
    } catch (...) {
        error_at("yaml.syntax", {1, 1}, "found input the YAML parser rejected");
    }
    return std::nullopt;
}

}  // namespace embargo::detail
