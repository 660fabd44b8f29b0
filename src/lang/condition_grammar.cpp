// The condition language: limits, grammar, type check, compilation.
//
// Parsing runs in three steps, each of which can stop with one diagnostic:
//  1. Limits, before Spirit sees the text. Spirit X3 is a recursive-descent
//     parser, so nesting depth is stack depth: a pre-scan counts parentheses
//     and pending `not`s (skipping string literals) and refuses hostile input
//     before any recursion happens.
//  2. The X3 grammar builds a small AST through semantic actions on a stack
//     held in the parse context. X3 reports only "no match", so every point
//     where the grammar can stop is labelled with what it expected there; the
//     furthest point reached names the error, the way PEG tools report. No
//     expectation exceptions: errors are values all the way down.
//  3. The checker resolves fact names against the regime's fact table, checks
//     types (a misspelt fact, `quantity > "5"` or `port == "Rajn"` is a load
//     error, not a silent `false` at run time) and emits the post-order node
//     array the evaluator walks.
// Every Spirit type stays in this file.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <boost/spirit/home/x3.hpp>

#include "embargo/condition.hpp"

#include "base/text.hpp"
#include "lang/compiled_condition.hpp"

namespace embargo {

using detail::condition_node;
using detail::condition_op;
using detail::condition_operand;

namespace {

namespace x3 = boost::spirit::x3;

// ---------------------------------------------------------------------------
// Step 1: limits.

bool word_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// The parser recurses once per parenthesis and once per `not` in a chain
// (`not not a`). A `not` stays open until its operand ends, which, since `not`
// binds tighter than `and` and `or`, is at the next `and`, `or` or closing
// parenthesis on its own level. Counting that way matches the parser's own
// recursion, so the scan is exact enough to be the only guard.
std::optional<diagnostic> check_limits(std::string_view text, const condition_limits& limits) {
    if (text.size() > limits.max_length) {
        return text_error(limits.max_length, "condition.too-long",
                          "the condition is " + std::to_string(text.size()) +
                              " bytes long; the limit is " + std::to_string(limits.max_length));
    }
    // pending[k]: open `not`s at parenthesis level k. Never longer than
    // max_depth + 1, because deeper input stops the scan.
    std::vector<std::size_t> pending(1, 0);
    std::size_t depth = 0;  // open parentheses + open `not`s
    const auto too_deep = [&](std::size_t at) {
        return text_error(at, "condition.too-deep",
                          "the condition nests parentheses and `not` deeper than " +
                              std::to_string(limits.max_depth) + " levels");
    };
    for (std::size_t i = 0; i < text.size();) {
        const char c = text[i];
        if (c == '"') {
            // Parentheses and keywords inside a string do not nest.
            ++i;
            while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
            ++i;
        } else if (c == '(') {
            pending.push_back(0);
            if (++depth > limits.max_depth) return too_deep(i);
            ++i;
        } else if (c == ')') {
            if (pending.size() > 1) {
                depth -= pending.back() + 1;
                pending.pop_back();
            }
            ++i;
        } else if (word_char(c)) {
            const std::size_t start = i;
            while (i < text.size() && word_char(text[i])) ++i;
            const std::string_view word = text.substr(start, i - start);
            if (word == "not") {
                ++pending.back();
                if (++depth > limits.max_depth) return too_deep(start);
            } else if (word == "and" || word == "or") {
                depth -= pending.back();
                pending.back() = 0;
            }
        } else {
            ++i;
        }
    }
    return std::nullopt;
}

// ---------------------------------------------------------------------------
// Step 2: grammar.

enum class ast_kind : std::uint8_t {
    string_literal,
    number_literal,
    date_literal,
    bool_literal,
    fact,
    not_,
    and_,
    or_,
    compare,
    in
};

struct ast_node {
    ast_kind kind = ast_kind::bool_literal;
    condition_op op = condition_op::constant;  // compare
    std::size_t offset = 0;                    // first byte; the operator for compare and in
    std::string text;  // string content (unescaped), fact name, number or date as written
    bool boolean = false;
    std::vector<std::uint32_t> kids;  // not, and, or, compare: operands; in: lhs, then the list
};

// Built by the semantic actions. A branch that fails after pushing leaves junk
// on the stack, but in this grammar every such branch makes the whole parse
// fail, and a failed parse throws the builder away (checked after success).
struct ast_builder {
    const char* base = nullptr;
    std::vector<ast_node> nodes;
    std::vector<std::uint32_t> stack;  // finished subtrees
    std::vector<std::size_t> marks;    // stack sizes where a chain or a list began

    std::uint32_t push(ast_node n) {
        nodes.push_back(std::move(n));
        const auto id = static_cast<std::uint32_t>(nodes.size() - 1);
        stack.push_back(id);
        return id;
    }
    std::uint32_t pop() {
        const auto id = stack.back();
        stack.pop_back();
        return id;
    }
};

// The furthest offset where the grammar stopped, and what it would have
// accepted there.
struct failure_log {
    const char* base = nullptr;
    std::size_t furthest = 0;
    std::vector<std::string_view> expected;

    void note(const char* at, std::string_view what) {
        const auto offset = static_cast<std::size_t>(at - base);
        if (offset > furthest || expected.empty()) {
            furthest = offset;
            expected.clear();
        }
        if (offset == furthest &&
            std::find(expected.begin(), expected.end(), what) == expected.end()) {
            expected.push_back(what);
        }
    }
};

struct builder_tag;
struct failure_tag;

// `label(what, p)`: p, recording `what` as expected where p fails.
template <class Subject>
struct labelled_parser : x3::unary_parser<Subject, labelled_parser<Subject>> {
    using base_type = x3::unary_parser<Subject, labelled_parser<Subject>>;
    static bool const is_pass_through_unary = true;
    static bool const handles_container = Subject::handles_container;

    constexpr labelled_parser(Subject const& inner, std::string_view description)
        : base_type(inner), what(description) {}

    template <class Iterator, class Context, class RContext, class Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
               Attribute& attr) const {
        if (this->subject.parse(first, last, context, rcontext, attr)) return true;
        Iterator at = first;
        x3::skip_over(at, last, context);  // report where the token would start
        x3::get<failure_tag>(context).note(at, what);
        return false;
    }

    std::string_view what;
};

template <class Subject>
constexpr auto label(std::string_view what, Subject const& subject) {
    using parser_type = typename x3::extension::as_parser<Subject>::value_type;
    return labelled_parser<parser_type>{x3::as_parser(subject), what};
}

bool blank(char c) noexcept {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// `located(p, f)`: p, then f(builder, start, end, p's attribute) with the
// matched range. Semantic actions cannot do this in Boost 1.74: their
// `_where` is the input after the match, not the match.
template <class Subject, class Callback>
struct located_parser : x3::unary_parser<Subject, located_parser<Subject, Callback>> {
    using base_type = x3::unary_parser<Subject, located_parser<Subject, Callback>>;
    using attribute_type = x3::unused_type;
    static bool const has_attribute = false;

    constexpr located_parser(Subject const& inner, Callback f) : base_type(inner), callback(f) {}

    template <class Iterator, class Context, class RContext, class Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext& rcontext,
               Attribute&) const {
        const Iterator save = first;
        x3::skip_over(first, last, context);
        const Iterator start = first;
        typename x3::traits::attribute_of<Subject, Context>::type value{};
        if (!this->subject.parse(first, last, context, rcontext, value)) {
            first = save;
            return false;
        }
        callback(x3::get<builder_tag>(context), start, first, value);
        return true;
    }

    Callback callback;
};

template <class Subject, class Callback>
constexpr auto located(Subject const& subject, Callback f) {
    using parser_type = typename x3::extension::as_parser<Subject>::value_type;
    return located_parser<parser_type, Callback>{x3::as_parser(subject), f};
}

std::size_t offset_of(const ast_builder& b, const char* p) {
    return static_cast<std::size_t>(p - b.base);
}

// A leaf callback: pushes a literal or fact name with its text as written.
template <ast_kind Kind>
struct leaf {
    template <class Value>
    void operator()(ast_builder& b, const char* start, const char* end, const Value&) const {
        ast_node n;
        n.kind = Kind;
        n.offset = offset_of(b, start);
        n.text.assign(start, end);
        n.boolean = n.text == "true";
        b.push(std::move(n));
    }
};

auto const on_string = [](ast_builder& b, const char* start, const char* end, const auto&) {
    ast_node n;
    n.kind = ast_kind::string_literal;
    n.offset = offset_of(b, start);
    // Drop the quotes; the grammar only let `\"` and `\\` through.
    for (const char* p = start + 1; p + 1 < end; ++p) {
        if (*p == '\\') ++p;
        n.text += *p;
    }
    b.push(std::move(n));
};

auto const on_not = [](ast_builder& b, const char* start, const char*, const auto&) {
    ast_node n;
    n.kind = ast_kind::not_;
    n.offset = offset_of(b, start);
    n.kids = {b.pop()};
    b.push(std::move(n));
};

auto const on_compare = [](ast_builder& b, const char* start, const char*, condition_op op) {
    ast_node n;
    n.kind = ast_kind::compare;
    n.op = op;
    n.offset = offset_of(b, start);
    const auto rhs = b.pop();
    const auto lhs = b.pop();
    n.kids = {lhs, rhs};
    b.push(std::move(n));
};

auto const on_mark = [](auto& ctx) {
    auto& b = x3::get<builder_tag>(ctx);
    b.marks.push_back(b.stack.size());
};

// The list's mark was taken after the left operand was pushed.
auto const on_in = [](ast_builder& b, const char* start, const char*, const auto&) {
    const std::size_t mark = b.marks.back();
    b.marks.pop_back();
    ast_node n;
    n.kind = ast_kind::in;
    n.offset = offset_of(b, start);
    n.kids.assign(b.stack.begin() + static_cast<std::ptrdiff_t>(mark - 1), b.stack.end());
    b.stack.resize(mark - 1);
    b.push(std::move(n));
};

// An `and` or `or` chain; a chain of one is just its element.
template <ast_kind Kind>
struct on_chain {
    template <class Context>
    void operator()(Context& ctx) const {
        auto& b = x3::get<builder_tag>(ctx);
        const std::size_t mark = b.marks.back();
        b.marks.pop_back();
        if (b.stack.size() - mark < 2) return;
        ast_node n;
        n.kind = Kind;
        n.offset = b.nodes[b.stack[mark]].offset;
        n.kids.assign(b.stack.begin() + static_cast<std::ptrdiff_t>(mark), b.stack.end());
        b.stack.resize(mark);
        b.push(std::move(n));
    }
};

struct comparison_symbols : x3::symbols<condition_op> {
    comparison_symbols() {
        add("==", condition_op::eq)("!=", condition_op::ne)("<=", condition_op::le)(
            ">=", condition_op::ge)("<", condition_op::lt)(">", condition_op::gt);
    }
};
comparison_symbols const comparison_ops;

// Character classes as ranges: X3's classifiers call <cctype>, which is
// undefined for the negative chars of UTF-8 text.
auto const lower = x3::char_('a', 'z');
auto const digit = x3::char_('0', '9');
auto const ident_char = lower | x3::char_('A', 'Z') | digit | x3::char_('_');
auto const word_end = !ident_char;
// `2017-09-11x` or `12.5.3` is one bad token, not a literal and leftovers.
auto const literal_end = !(ident_char | x3::char_('-') | x3::char_('.'));

auto keyword(char const* word) {
    return x3::lexeme[x3::lit(word) >> word_end];
}
auto const kw_and = keyword("and");
auto const kw_or = keyword("or");
auto const kw_not = keyword("not");
auto const kw_in = keyword("in");
auto const any_keyword =
    x3::lexeme[(x3::lit("and") | "or" | "not" | "in" | "true" | "false") >> word_end];

auto const string_literal =
    located(x3::lexeme['"' >> *(('\\' >> label("'\"' or '\\' after a backslash (the only escapes)",
                                               x3::omit[x3::char_('"') | x3::char_('\\')])) |
                                x3::omit[x3::char_ - '"' - '\\']) >>
                       label("a closing '\"'", x3::lit('"'))],
            on_string);
// Anything date-shaped is read as a date, so that `2017-9-11` gets a date
// error rather than being read as the number 2017.
auto const date_literal = located(x3::omit[x3::lexeme[+digit >> +('-' >> +digit) >> literal_end]],
                                  leaf<ast_kind::date_literal>{});
auto const number_literal = located(
    x3::omit[x3::lexeme[-x3::lit('-') >> +digit >> -('.' >> +digit) >>
                        -((x3::lit('e') | 'E') >> -(x3::lit('+') | '-') >> +digit) >> literal_end]],
    leaf<ast_kind::number_literal>{});
auto const bool_literal =
    located(keyword("true") | keyword("false"), leaf<ast_kind::bool_literal>{});
auto const literal = string_literal | date_literal | number_literal | bool_literal;
auto const fact_name =
    !any_keyword >>
    located(x3::omit[x3::lexeme[(lower | '_') >> *(lower | digit | '_') >> word_end]],
            leaf<ast_kind::fact>{});

x3::rule<class expr_id> const expr = "condition";
x3::rule<class and_id> const and_expr = "and";
x3::rule<class not_id> const not_expr = "not";
x3::rule<class cmp_id> const cmp = "comparison";
x3::rule<class operand_id> const operand = "operand";

auto const list = label("'['", x3::lit('[')[on_mark]) >> (label("a literal", literal) % ',') >>
                  label("',' or ']'", x3::lit(']'));

auto const expr_def = x3::eps[on_mark] >>
                      (and_expr % label("'or'", kw_or))[on_chain<ast_kind::or_>{}];
auto const and_expr_def = x3::eps[on_mark] >>
                          (not_expr % label("'and'", kw_and))[on_chain<ast_kind::and_>{}];
auto const not_expr_def = located(kw_not >> not_expr, on_not) | cmp;
auto const cmp_def = operand >> -(located(label("a comparison operator", comparison_ops) >> operand,
                                          on_compare) |
                                  located(label("'in'", kw_in) >> list, on_in));
auto const operand_def = label("a fact name, a literal or '('",
                               ('(' >> expr >> label("')'", x3::lit(')'))) | literal | fact_name);

BOOST_SPIRIT_DEFINE(expr, and_expr, not_expr, cmp, operand)

auto const skipper = x3::lit(' ') | x3::lit('\t') | x3::lit('\r') | x3::lit('\n');

using detail::quoted;

// What the text holds at `offset`, for "found ..." in messages.
std::string found_at(std::string_view text, std::size_t offset) {
    if (offset >= text.size()) return "the end of the condition";
    constexpr std::size_t max_shown = 24;
    std::size_t end = offset + 1;
    if (text[offset] == '"') {
        // A string literal shows itself, quotes included.
        while (end < text.size() && text[end] != '"') end += text[end] == '\\' ? 2 : 1;
        return std::string(text.substr(offset, std::min(end + 1 - offset, max_shown)));
    }
    if (word_char(text[offset])) {
        while (end < text.size() && word_char(text[end])) ++end;
    } else {
        while (end < text.size() && !blank(text[end]) && !word_char(text[end]) && text[end] != '"')
            ++end;
    }
    return quoted(text.substr(offset, std::min(end - offset, max_shown)));
}

std::string join_alternatives(const std::vector<std::string_view>& items) {
    std::string out;
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i > 0) out += i + 1 == items.size() ? " or " : ", ";
        out += items[i];
    }
    return out;
}

struct syntax_result {
    ast_builder ast;
    std::optional<diagnostic> error;
};

syntax_result parse_syntax(std::string_view text) {
    syntax_result r;
    r.ast.base = text.data();
    failure_log failures;
    failures.base = text.data();
    const char* first = text.data();
    const char* const last = text.data() + text.size();
    auto const grammar = x3::with<builder_tag>(
        r.ast)[x3::with<failure_tag>(failures)[expr >> label("the end of the condition", x3::eoi)]];
    const bool ok = x3::phrase_parse(first, last, grammar, skipper);
    if (ok && r.ast.stack.size() == 1 && r.ast.marks.empty()) return r;
    if (failures.expected.empty()) failures.expected.emplace_back("a condition");
    r.error = text_error(failures.furthest, "condition.syntax",
                         "expected " + join_alternatives(failures.expected) + "; found " +
                             found_at(text, failures.furthest));
    return r;
}

// ---------------------------------------------------------------------------
// Step 3: type check and compile.

// Up to three candidates within a small edit distance, nearest first. Case
// differences are the likeliest typo in a value (`KG` for `kg`), and the
// distance ignores them.
std::vector<std::string_view> near_names(std::string_view name,
                                         const std::vector<std::string_view>& candidates) {
    return detail::near_names(name, candidates, std::max<std::size_t>(1, name.size() / 3), 3);
}

std::string quoted_list(const std::vector<std::string_view>& items) {
    std::vector<std::string> q;
    q.reserve(items.size());
    for (auto i : items) q.push_back(quoted(i));
    std::vector<std::string_view> views(q.begin(), q.end());
    return join_alternatives(views);
}

bool two_capitals(std::string_view s) noexcept {
    return s.size() == 2 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' && s[1] <= 'Z';
}

bool orders(condition_op op) noexcept {
    return op == condition_op::lt || op == condition_op::le || op == condition_op::gt ||
           op == condition_op::ge;
}

// An operand once its name is looked up or its literal read.
struct resolved_operand {
    bool is_fact = false;
    fact_id id = 0;
    fact_value literal;
    fact_type type = fact_type::boolean;
    std::size_t offset = 0;
    std::string_view shown;  // as written, for messages
};

}  // namespace

struct condition_builder {
    const fact_table& facts;
    std::string_view text;
    const std::vector<ast_node>& ast;
    condition out;
    detail::compiled_condition compiled;
    std::optional<diagnostic> error;

    // The compiled form indexes with 16 bits.
    static constexpr std::size_t max_entries = 65535;

    bool fail(std::size_t offset, std::string id, std::string message) {
        if (!error) error = text_error(offset, std::move(id), std::move(message));
        return false;
    }

    std::string describe(const resolved_operand& r) const {
        if (r.is_fact) return std::string(r.shown) + " (" + std::string(to_string(r.type)) + ")";
        return "the " + std::string(to_string(r.type)) + " " + std::string(r.shown);
    }

    bool resolve(std::uint32_t index, resolved_operand& r) {
        const ast_node& n = ast[index];
        r.offset = n.offset;
        r.shown = text.substr(
            n.offset, std::min(text.size() - n.offset, std::max<std::size_t>(n.text.size(), 1)));
        switch (n.kind) {
            case ast_kind::fact: {
                r.shown = n.text;
                const auto id = facts.find(n.text);
                if (!id) {
                    std::vector<std::string_view> names;
                    for (const auto& f : facts.all()) names.push_back(f.name);
                    const auto near = near_names(n.text, names);
                    std::string message = "unknown fact " + quoted(n.text);
                    message += near.empty() ? "; declare it in the regime's facts"
                                            : "; did you mean " + quoted_list(near) + "?";
                    return fail(n.offset, "condition.unknown-fact", std::move(message));
                }
                r.is_fact = true;
                r.id = *id;
                r.type = facts.at(*id).type;
                out.facts_read_ |= std::uint64_t{1} << *id;
                return true;
            }
            case ast_kind::string_literal:
                r.literal = fact_value::of_text(n.text);
                r.type = fact_type::text;
                // The literal as written, quotes and escapes included.
                r.shown =
                    text.substr(n.offset, std::min<std::size_t>(literal_length(n.offset), 40));
                return true;
            case ast_kind::number_literal: {
                r.shown = n.text;
                double value = 0;
                auto [ptr, ec] =
                    std::from_chars(n.text.data(), n.text.data() + n.text.size(), value);
                if (ec != std::errc{} || ptr != n.text.data() + n.text.size() ||
                    !std::isfinite(value)) {
                    return fail(n.offset, "condition.syntax",
                                quoted(n.text) + " is not a finite number");
                }
                r.literal = fact_value::of_number(value);
                r.type = fact_type::number;
                return true;
            }
            case ast_kind::date_literal: {
                r.shown = n.text;
                auto d = parse_day(n.text);
                if (!d)
                    return fail(n.offset + std::min(d.error().where.offset, n.text.size()),
                                d.error().id, d.error().message);
                r.literal = fact_value::of_date(*d);
                r.type = fact_type::date;
                return true;
            }
            case ast_kind::bool_literal:
                r.shown = n.text;
                r.literal = fact_value::of_bool(n.boolean);
                r.type = fact_type::boolean;
                return true;
            default:
                return fail(
                    n.offset, "condition.type-mismatch",
                    "expected a fact or a literal here, found an expression; a comparison or `in` "
                    "takes a fact or a literal on each side");
        }
    }

    // Bytes of the string literal starting at `offset` (it parsed, so it closes).
    std::size_t literal_length(std::size_t offset) const noexcept {
        std::size_t i = offset + 1;
        while (i < text.size() && text[i] != '"') i += text[i] == '\\' ? 2 : 1;
        return i + 1 - offset;
    }

    // Makes `other` agree in type with `anchor`: a string literal read against
    // a country becomes a country; a string against a text fact with declared
    // values must be one of them.
    bool unify(const resolved_operand& anchor, resolved_operand& other) {
        if (anchor.type == fact_type::country && !other.is_fact && other.type == fact_type::text) {
            if (!two_capitals(other.literal.text)) {
                return fail(other.offset, "condition.type-mismatch",
                            describe(anchor) +
                                " compares with two capital letters (ISO 3166 alpha-2, e.g. "
                                "\"KP\"), found " +
                                std::string(other.shown));
            }
            other.literal.type = fact_type::country;
            other.type = fact_type::country;
            return true;
        }
        if (anchor.type != other.type) {
            return fail(other.offset, "condition.type-mismatch",
                        "cannot compare " + describe(anchor) + " with " + describe(other));
        }
        if (anchor.is_fact && !other.is_fact && anchor.type == fact_type::text) {
            const auto& values = facts.at(anchor.id).values;
            if (!values.empty() &&
                std::find(values.begin(), values.end(), other.literal.text) == values.end()) {
                std::vector<std::string_view> allowed(values.begin(), values.end());
                const auto near = near_names(other.literal.text, allowed);
                std::string message = other.literal.str() + " is not a value of " +
                                      std::string(anchor.shown) + "; expected " +
                                      quoted_list(allowed);
                if (!near.empty()) message += " (did you mean " + quoted_list(near) + "?)";
                return fail(other.offset, "condition.unknown-value", std::move(message));
            }
        }
        return true;
    }

    std::optional<std::uint16_t> add_literal(fact_value v) {
        if (compiled.literals.size() >= max_entries) {
            fail(0, "condition.too-long", "the condition has more than 65535 literals");
            return std::nullopt;
        }
        compiled.literals.push_back(std::move(v));
        return static_cast<std::uint16_t>(compiled.literals.size() - 1);
    }

    std::optional<condition_operand> operand_of(const resolved_operand& r) {
        if (r.is_fact) return condition_operand{true, r.id};
        const auto index = add_literal(r.literal);
        if (!index) return std::nullopt;
        return condition_operand{false, *index};
    }

    std::optional<std::uint16_t> emit(condition_node node) {
        if (compiled.nodes.size() >= max_entries) {
            fail(0, "condition.too-long", "the condition compiles to more than 65535 nodes");
            return std::nullopt;
        }
        compiled.nodes.push_back(node);
        return static_cast<std::uint16_t>(compiled.nodes.size() - 1);
    }

    // Compiles the AST node `index` as a truth value; returns its node index.
    std::optional<std::uint16_t> truth(std::uint32_t index) {
        const ast_node& n = ast[index];
        switch (n.kind) {
            case ast_kind::and_:
            case ast_kind::or_:
            case ast_kind::not_: {
                std::vector<std::uint16_t> kids;
                kids.reserve(n.kids.size());
                for (auto k : n.kids) {
                    const auto kid = truth(k);
                    if (!kid) return std::nullopt;
                    kids.push_back(*kid);
                }
                if (compiled.children.size() + kids.size() > max_entries) {
                    fail(n.offset, "condition.too-long",
                         "the condition has more than 65535 operands");
                    return std::nullopt;
                }
                condition_node node;
                node.op = n.kind == ast_kind::and_  ? condition_op::and_
                          : n.kind == ast_kind::or_ ? condition_op::or_
                                                    : condition_op::not_;
                node.first = static_cast<std::uint16_t>(compiled.children.size());
                node.count = static_cast<std::uint16_t>(kids.size());
                compiled.children.insert(compiled.children.end(), kids.begin(), kids.end());
                return emit(node);
            }
            case ast_kind::compare:
                return compare(n);
            case ast_kind::in:
                return membership(n);
            default:
                break;
        }
        resolved_operand r;
        if (!resolve(index, r)) return std::nullopt;
        if (r.type != fact_type::boolean) {
            fail(r.offset, "condition.type-mismatch",
                 "expected a truth value (a boolean fact, true, false or a comparison), found " +
                     describe(r));
            return std::nullopt;
        }
        condition_node node;
        node.type = fact_type::boolean;
        if (r.is_fact) {
            node.op = condition_op::truth;
            node.lhs = {true, r.id};
        } else {
            node.op = condition_op::constant;
            const auto lit = add_literal(r.literal);
            if (!lit) return std::nullopt;
            node.lhs = {false, *lit};
        }
        return emit(node);
    }

    std::optional<std::uint16_t> compare(const ast_node& n) {
        resolved_operand lhs;
        resolved_operand rhs;
        if (!resolve(n.kids[0], lhs) || !resolve(n.kids[1], rhs)) return std::nullopt;
        // The fact, if any, sets the type the literal must have.
        const bool ok = !lhs.is_fact && rhs.is_fact ? unify(rhs, lhs) : unify(lhs, rhs);
        if (!ok) return std::nullopt;
        if (orders(n.op) && lhs.type != fact_type::number && lhs.type != fact_type::date) {
            fail(n.offset, "condition.type-mismatch",
                 "'" + std::string(to_string(n.op)) + "' compares numbers or dates, found " +
                     describe(lhs));
            return std::nullopt;
        }
        condition_node node;
        node.op = n.op;
        node.type = lhs.type;
        const auto l = operand_of(lhs);
        if (!l) return std::nullopt;
        const auto r = operand_of(rhs);
        if (!r) return std::nullopt;
        node.lhs = *l;
        node.rhs = *r;
        return emit(node);
    }

    std::optional<std::uint16_t> membership(const ast_node& n) {
        resolved_operand lhs;
        if (!resolve(n.kids[0], lhs)) return std::nullopt;
        std::vector<fact_value> items;
        items.reserve(n.kids.size() - 1);
        for (std::size_t i = 1; i < n.kids.size(); ++i) {
            resolved_operand item;
            if (!resolve(n.kids[i], item) || !unify(lhs, item)) return std::nullopt;
            items.push_back(std::move(item.literal));
        }
        condition_node node;
        node.op = condition_op::in;
        node.type = lhs.type;
        const auto l = operand_of(lhs);
        if (!l) return std::nullopt;
        node.lhs = *l;
        node.first = static_cast<std::uint16_t>(compiled.literals.size());
        node.count = static_cast<std::uint16_t>(items.size());
        for (auto& item : items) {
            if (!add_literal(std::move(item))) return std::nullopt;
        }
        return emit(node);
    }
};

std::string_view detail::to_string(condition_op op) noexcept {
    switch (op) {
        case condition_op::constant:
            return "constant";
        case condition_op::truth:
            return "truth";
        case condition_op::not_:
            return "not";
        case condition_op::and_:
            return "and";
        case condition_op::or_:
            return "or";
        case condition_op::eq:
            return "==";
        case condition_op::ne:
            return "!=";
        case condition_op::lt:
            return "<";
        case condition_op::le:
            return "<=";
        case condition_op::gt:
            return ">";
        case condition_op::ge:
            return ">=";
        case condition_op::in:
            return "in";
    }
    return "constant";
}

result<condition> condition::parse(std::string_view text, const fact_table& facts,
                                   const condition_limits& limits) {
    if (auto e = check_limits(text, limits)) return *e;
    auto syntax = parse_syntax(text);
    if (syntax.error) return *syntax.error;
    condition_builder b{facts, text, syntax.ast.nodes, {}, {}, std::nullopt};
    const auto root = b.truth(syntax.ast.stack.back());
    if (!root) return *b.error;
    b.out.compiled_ = std::make_shared<const detail::compiled_condition>(std::move(b.compiled));
    b.out.text_ = std::string(text);
    return std::move(b.out);
}

}  // namespace embargo
