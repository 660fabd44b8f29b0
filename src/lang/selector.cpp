#include "embargo/selector.hpp"

#include <algorithm>
#include <utility>

#include <boost/icl/interval_set.hpp>
#include <boost/icl/right_open_interval.hpp>

#include "embargo/nomenclature.hpp"

#include "base/text.hpp"
#include "lang/selector_grammar.hpp"

namespace embargo {
namespace {

using key_interval = boost::icl::right_open_interval<hs_key, std::less>;
// A joining set: adjacent intervals merge, so flattening it gives the
// sorted, disjoint, non-adjacent vector goods_selector holds.
using key_set = boost::icl::interval_set<hs_key, std::less, key_interval>;

key_interval to_icl(hs_interval iv) {
    return key_interval(iv.first, iv.last);
}

std::vector<hs_interval> flatten(const key_set& set) {
    std::vector<hs_interval> out;
    out.reserve(boost::icl::interval_count(set));
    for (const key_interval& iv : set) out.push_back(hs_interval{iv.lower(), iv.upper()});
    return out;
}

key_set to_set(const std::vector<hs_interval>& intervals) {
    key_set set;
    for (const hs_interval& iv : intervals) {
        if (!iv.empty()) set.add(to_icl(iv));
    }
    return set;
}

bool mentions_except(std::string_view text) {
    constexpr std::string_view word = "except";
    if (text.size() < word.size()) return false;
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i)
        if (detail::iequals(text.substr(i, word.size()), word)) return true;
    return false;
}

// Text for a set of intervals that parses back to the same set: each
// interval as the coarsest code, or range of codes, whose bounds it has.
std::string render(const std::vector<hs_interval>& intervals) {
    if (intervals.size() == 1 && intervals[0] == hs_interval{0, hs_key_end}) return "all";
    std::string out;
    for (const hs_interval& iv : intervals) {
        int digits = 10;
        hs_key width = 1;
        for (int d : {2, 4, 6, 7, 8, 9}) {
            const hs_key w = hs_code::from_key(0, d).interval().last;
            if (iv.first % w == 0 && iv.last % w == 0) {
                digits = d;
                width = w;
                break;
            }
        }
        if (!out.empty()) out += ", ";
        out += hs_code::from_key(iv.first, digits).dotted();
        if (iv.last - iv.first != width) {
            out += '-';
            out += hs_code::from_key(iv.last - width, digits).dotted();
        }
    }
    return out;
}

// Checks a code of the selector and records it.
std::optional<diagnostic> named(std::string_view text, std::size_t offset,
                                const hs_edition* edition, std::vector<named_code>& names,
                                hs_code& code) {
    auto parsed = hs_code::parse(text);
    if (!parsed) {
        diagnostic e = parsed.error();
        e.where.offset += offset;
        return e;
    }
    code = *parsed;
    if (edition != nullptr && !edition->accepts(code)) {
        std::string message =
            detail::quote_for_message(text) + " is not a code of " + edition->name();
        if (code.digits() > 6) {
            message += " (its subheading " + code.prefix(6).dotted() + " is not)";
        }
        message += "; expected a chapter, heading or subheading of that edition";
        return text_error(offset, "hs.unknown-code", std::move(message));
    }
    names.push_back(named_code{code, offset});
    return std::nullopt;
}

std::string section_range(const hs_edition& edition) {
    const auto& s = edition.sections();
    if (s.empty()) return "no sections";
    return s.front().numeral + " to " + s.back().numeral;
}

// Joins two selector texts for display, with the codes each names moved to
// their offsets in the joined text; `except` binds looser than `,`, so a
// side that has an `except` of its own goes in parentheses.
struct joined {
    std::string text;
    std::vector<named_code> named;
};
joined join_texts(const std::string& a, const std::vector<named_code>& a_named,
                  std::string_view separator, const std::string& b,
                  const std::vector<named_code>& b_named) {
    const bool pa = mentions_except(a);
    const bool pb = mentions_except(b);
    joined j;
    if (pa) j.text += '(';
    for (named_code n : a_named) j.named.push_back(named_code{n.code, n.offset + j.text.size()});
    j.text += a;
    if (pa) j.text += ')';
    j.text += separator;
    if (pb) j.text += '(';
    for (named_code n : b_named) j.named.push_back(named_code{n.code, n.offset + j.text.size()});
    j.text += b;
    if (pb) j.text += ')';
    return j;
}

}  // namespace

std::string_view to_string(coverage c) noexcept {
    switch (c) {
        case coverage::none:
            return "none";
        case coverage::partial:
            return "partial";
        case coverage::full:
            return "full";
    }
    return "none";
}

result<goods_selector> goods_selector::parse(std::string_view text, const hs_edition* edition,
                                             const selector_limits& limits) {
    return parse(text, edition, nullptr, limits);
}

result<goods_selector> goods_selector::parse(std::string_view text, const hs_edition* edition,
                                             const named_goods* names,
                                             const selector_limits& limits) {
    std::vector<detail::selector_op> program;
    if (auto error = detail::parse_selector_syntax(text, limits, program)) return std::move(*error);

    goods_selector result;
    std::vector<key_set> stack;
    for (const detail::selector_op& op : program) {
        using kind = detail::selector_op::kind;
        switch (op.op) {
            case kind::all:
                stack.emplace_back(key_interval(0, hs_key_end));
                break;
            case kind::section: {
                if (edition == nullptr) {
                    return text_error(
                        op.offset, "selector.no-nomenclature",
                        "'section " + std::string(op.first) +
                            "' needs an HS edition to know its chapters; expected codes "
                            "and ranges only, or a selector read with the regime's "
                            "nomenclature");
                }
                const hs_section* s = edition->section(op.first);
                if (s == nullptr) {
                    return text_error(op.second_offset, "selector.unknown-section",
                                      "no section " + detail::quote_for_message(op.first) + " in " +
                                          edition->name() + "; expected a section numeral from " +
                                          section_range(*edition));
                }
                key_set set;
                for (int chapter : s->chapters) {
                    set.add(
                        to_icl(hs_code::from_key(static_cast<hs_key>(chapter) * 100'000'000ULL, 2)
                                   .interval()));
                }
                stack.push_back(std::move(set));
                break;
            }
            case kind::code: {
                hs_code code;
                if (auto e = named(op.first, op.offset, edition, result.named_, code))
                    return std::move(*e);
                stack.emplace_back(to_icl(code.interval()));
                break;
            }
            case kind::range: {
                hs_code a;
                hs_code b;
                if (auto e = named(op.first, op.offset, edition, result.named_, a))
                    return std::move(*e);
                if (auto e = named(op.second, op.second_offset, edition, result.named_, b)) {
                    return std::move(*e);
                }
                const hs_interval iv{a.interval().first, b.interval().last};
                if (iv.empty()) {
                    return text_error(
                        op.offset, "selector.empty-range",
                        "range " + std::string(op.first) + "-" + std::string(op.second) +
                            " is empty: " + std::string(op.second) + " ends before " +
                            std::string(op.first) + " starts; expected the lower code first");
                }
                stack.emplace_back(to_icl(iv));
                break;
            }
            case kind::named: {
                const std::string_view name = op.first.substr(1);
                const auto it =
                    names != nullptr ? names->find(name) : named_goods::const_iterator{};
                if (names == nullptr || it == names->end()) {
                    std::vector<std::string_view> known;
                    if (names != nullptr)
                        for (const auto& [n, goods] : *names) known.push_back(n);
                    return text_error(
                        op.offset, "selector.unknown-name",
                        "no goods named " + detail::quote_for_message(name) +
                            (known.empty() ? std::string("; no named goods are defined here")
                                           : "; expected one of @" + detail::join(known, ", @")));
                }
                key_set set;
                for (const hs_interval& iv : it->second.intervals()) set.add(to_icl(iv));
                stack.push_back(std::move(set));
                break;
            }
            case kind::unite:
            case kind::except: {
                // The grammar emits an operator only after both operands.
                key_set right = std::move(stack.back());
                stack.pop_back();
                if (op.op == kind::unite) {
                    stack.back() += right;
                } else {
                    stack.back() -= right;
                }
                break;
            }
        }
    }
    if (stack.size() == 1) result.intervals_ = flatten(stack.back());
    result.text_ = std::string(text);
    return result;
}

goods_selector goods_selector::from_intervals(std::vector<hs_interval> intervals) {
    for (hs_interval& iv : intervals) iv.last = std::min(iv.last, hs_key_end);
    goods_selector s;
    s.intervals_ = flatten(to_set(intervals));
    s.text_ = render(s.intervals_);
    return s;
}

// The first interval that ends after range.first is the only one that can
// hold range.first; the intervals are disjoint and non-adjacent, so a range
// that reaches past it is at most partly covered.
coverage goods_selector::covers(hs_interval range) const noexcept {
    if (range.empty()) return coverage::none;
    const auto it =
        std::partition_point(intervals_.begin(), intervals_.end(),
                             [&](const hs_interval& iv) { return iv.last <= range.first; });
    if (it == intervals_.end() || it->first >= range.last) return coverage::none;
    if (it->first <= range.first && range.last <= it->last) return coverage::full;
    return coverage::partial;
}

bool goods_selector::intersects(const goods_selector& other) const noexcept {
    auto a = intervals_.begin();
    auto b = other.intervals_.begin();
    while (a != intervals_.end() && b != other.intervals_.end()) {
        if (a->last <= b->first) {
            ++a;
        } else if (b->last <= a->first) {
            ++b;
        } else {
            return true;
        }
    }
    return false;
}

bool goods_selector::includes(const goods_selector& other) const noexcept {
    return std::all_of(other.intervals_.begin(), other.intervals_.end(),
                       [&](const hs_interval& iv) { return covers(iv) == coverage::full; });
}

bool goods_selector::all() const noexcept {
    return intervals_.size() == 1 && intervals_.front() == hs_interval{0, hs_key_end};
}

goods_selector operator|(const goods_selector& a, const goods_selector& b) {
    key_set set = to_set(a.intervals_);
    set += to_set(b.intervals_);
    goods_selector out;
    out.intervals_ = flatten(set);
    if (a.text_.empty() || b.text_.empty()) {
        const goods_selector& only = a.text_.empty() ? b : a;
        out.text_ = only.text_;
        out.named_ = only.named_;
        return out;
    }
    joined j = join_texts(a.text_, a.named_, ", ", b.text_, b.named_);
    out.text_ = std::move(j.text);
    out.named_ = std::move(j.named);
    return out;
}

goods_selector operator-(const goods_selector& a, const goods_selector& b) {
    key_set set = to_set(a.intervals_);
    set -= to_set(b.intervals_);
    goods_selector out;
    out.intervals_ = flatten(set);
    if (a.text_.empty() || b.text_.empty()) {
        out.text_ = a.text_;
        out.named_ = a.named_;
        return out;
    }
    joined j = join_texts(a.text_, a.named_, " except ", b.text_, b.named_);
    out.text_ = std::move(j.text);
    out.named_ = std::move(j.named);
    return out;
}

}  // namespace embargo
