#include "lang/selector_grammar.hpp"

#include <algorithm>
#include <string>

#include <boost/spirit/home/x3.hpp>

#include "base/text.hpp"

namespace embargo::detail {
namespace {

namespace x3 = boost::spirit::x3;
using iterator = const char*;

// What the semantic actions write into, reached through x3::with.
struct program_builder {
    const char* base = nullptr;
    std::vector<selector_op>* ops = nullptr;
    std::size_t section_offset = 0;  // of the last `section` keyword

    std::size_t offset(const char* p) const noexcept { return static_cast<std::size_t>(p - base); }
};
struct builder_tag;

bool is_word_char(char c) noexcept {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
           c == '.';
}

using detail::ascii_lower;

// A case-insensitive keyword that must end at a word boundary (`all` but not
// `allx`). Written by hand because x3::no_case and the x3 character classes
// call <cctype> functions, which are undefined for the negative chars that
// UTF-8 text gives; selectors come from untrusted files.
struct keyword_parser : x3::parser<keyword_parser> {
    using attribute_type = x3::unused_type;

    const char* word;
    constexpr explicit keyword_parser(const char* w) : word(w) {}

    template <class Iterator, class Context, class RContext, class Attribute>
    bool parse(Iterator& first, Iterator const& last, Context const& context, RContext&,
               Attribute&) const {
        x3::skip_over(first, last, context);
        Iterator it = first;
        for (const char* w = word; *w != '\0'; ++w, ++it) {
            if (it == last || ascii_lower(*it) != *w) return false;
        }
        if (it != last && is_word_char(*it)) return false;
        first = it;
        return true;
    }
};

const keyword_parser all_kw{"all"};
const keyword_parser section_kw{"section"};
const keyword_parser except_kw{"except"};

const auto skipper = x3::lit(' ') | x3::lit('\t') | x3::lit('\r') | x3::lit('\n');
const auto digit = x3::char_('0', '9');
const auto letter = x3::char_('a', 'z') | x3::char_('A', 'Z');
// A code runs over letters too, so that `27x` reaches hs_code::parse and is
// reported as a bad character at the `x` rather than as a syntax error.
const auto code_token =
    x3::raw[x3::lexeme[digit >> *(digit | letter | x3::char_('.') | x3::char_('_'))]];
const auto word_token = x3::raw[x3::lexeme[+letter]];
// `@arms-dual`: a set of goods a shared file or the regime names.
const auto name_token =
    x3::raw[x3::lexeme[x3::lit('@') >> +(letter | digit | x3::char_('-') | x3::char_('_'))]];

program_builder& builder(auto& ctx) {
    return x3::get<builder_tag>(ctx);
}
std::string_view view(const auto& range) {
    return {range.begin(), static_cast<std::size_t>(range.end() - range.begin())};
}

const auto on_all = [](auto& ctx) {
    program_builder& b = builder(ctx);
    b.ops->push_back(selector_op{selector_op::kind::all, 0, {}, 0, {}});
};
const auto on_section = [](auto& ctx) {
    program_builder& b = builder(ctx);
    b.section_offset = b.offset(x3::_attr(ctx).begin());
};
const auto on_numeral = [](auto& ctx) {
    program_builder& b = builder(ctx);
    const auto& r = x3::_attr(ctx);
    b.ops->push_back(selector_op{
        selector_op::kind::section, b.section_offset, view(r), b.offset(r.begin()), {}});
};
const auto on_name = [](auto& ctx) {
    program_builder& b = builder(ctx);
    const auto& r = x3::_attr(ctx);
    b.ops->push_back(selector_op{selector_op::kind::named, b.offset(r.begin()), view(r), 0, {}});
};
const auto on_code = [](auto& ctx) {
    program_builder& b = builder(ctx);
    const auto& r = x3::_attr(ctx);
    b.ops->push_back(selector_op{selector_op::kind::code, b.offset(r.begin()), view(r), 0, {}});
};
// The second code of a range turns the code just pushed into a range. No
// alternative backtracks past a code once it matched, so the op is ours.
const auto on_range_end = [](auto& ctx) {
    program_builder& b = builder(ctx);
    const auto& r = x3::_attr(ctx);
    selector_op& op = b.ops->back();
    op.op = selector_op::kind::range;
    op.second = view(r);
    op.second_offset = b.offset(r.begin());
};
const auto on_unite = [](auto& ctx) {
    builder(ctx).ops->push_back(selector_op{selector_op::kind::unite, 0, {}, 0, {}});
};
const auto on_except = [](auto& ctx) {
    builder(ctx).ops->push_back(selector_op{selector_op::kind::except, 0, {}, 0, {}});
};

// The grammar of selector.hpp, with its follow sets spelled out so that a
// syntax error can say what was expected at the spot where parsing stopped:
// every `>` is an expectation, and the rule it expects names itself in the
// message. Rule names are those messages.
constexpr const char* term_name = "an HS code, a range, 'section', 'all', '@name' or '('";
const x3::rule<class term_rule> term = term_name;
const x3::rule<class next_term_rule> next_term = term_name;
const x3::rule<class union_rule> union_of_terms = term_name;
const x3::rule<class except_union_rule> except_union = term_name;
const x3::rule<class inner_rule> inner_selector = term_name;
const x3::rule<class inner_tail_rule> inner_tail = "',', 'except' or ')'";
const x3::rule<class close_rule> close_after_except = "',' or ')'";
const x3::rule<class top_rule> top_selector = term_name;
const x3::rule<class top_tail_rule> top_tail = "',', 'except' or the end of the selector";
const x3::rule<class end_rule> end_after_except = "',' or the end of the selector";
const x3::rule<class numeral_rule> numeral = "a section numeral such as XI";
const x3::rule<class range_end_rule> range_end = "an HS code after '-'";

const auto term_def = all_kw[on_all]                                 //
                      | (x3::raw[section_kw][on_section] > numeral)  //
                      | (x3::lit('(') > inner_selector)              //
                      | name_token[on_name]                          //
                      | (code_token[on_code] >> -(x3::lit('-') > range_end));
const auto next_term_def = term[on_unite];
const auto union_of_terms_def = term >> *(x3::lit(',') > next_term);
const auto except_union_def = union_of_terms[on_except];
const auto inner_selector_def = union_of_terms > inner_tail;
const auto inner_tail_def = (except_kw > except_union > close_after_except) | x3::lit(')');
const auto close_after_except_def = x3::lit(')');
const auto top_selector_def = union_of_terms > top_tail;
const auto top_tail_def = (except_kw > except_union > end_after_except) | x3::eoi;
const auto end_after_except_def = x3::eoi;
const auto numeral_def = word_token[on_numeral];
const auto range_end_def = code_token[on_range_end];

BOOST_SPIRIT_DEFINE(term, next_term, union_of_terms, except_union, inner_selector, inner_tail,
                    close_after_except, top_selector, top_tail, end_after_except, numeral,
                    range_end)

constexpr auto is_space = detail::ascii_space;

diagnostic syntax_error(std::string_view text, std::size_t offset, const std::string& expected) {
    while (offset < text.size() && is_space(text[offset])) ++offset;
    std::string found;
    if (offset >= text.size()) {
        found = "the end of the selector";
    } else {
        // The token that stopped the parser: up to the next space or punctuation.
        std::size_t end = offset + std::max<std::size_t>(1, utf8_sequence_length(text, offset));
        if (is_word_char(text[offset])) {
            while (end < text.size() && is_word_char(text[end])) ++end;
        }
        found = quote_for_message(text.substr(offset, end - offset), 20);
    }
    return text_error(offset, "selector.syntax", "expected " + expected + "; found " + found);
}

}  // namespace

std::optional<diagnostic> parse_selector_syntax(std::string_view text,
                                                const selector_limits& limits,
                                                std::vector<selector_op>& program) {
    program.clear();
    if (text.size() > limits.max_length) {
        return text_error(limits.max_length, "selector.too-long",
                          "selector is " + std::to_string(text.size()) +
                              " bytes long; expected at most " + std::to_string(limits.max_length));
    }
    // Spirit recurses once per '(' level; count before it runs.
    std::size_t depth = 0;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '(' && ++depth > limits.max_depth) {
            return text_error(i, "selector.too-deep",
                              "parentheses nest deeper than " + std::to_string(limits.max_depth) +
                                  " levels; expected at most " + std::to_string(limits.max_depth));
        }
        if (text[i] == ')' && depth > 0) --depth;
    }

    program_builder b{text.data(), &program, 0};
    iterator first = text.data();
    const iterator last = text.data() + text.size();
    try {
        const bool ok =
            x3::phrase_parse(first, last, x3::with<builder_tag>(b)[top_selector], skipper);
        if (!ok) return syntax_error(text, 0, x3::what(term));
    } catch (const x3::expectation_failure<iterator>& e) {
        program.clear();
        return syntax_error(text, static_cast<std::size_t>(e.where() - text.data()), e.which());
    }
    return std::nullopt;
}

}  // namespace embargo::detail
