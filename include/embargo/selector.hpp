#pragma once
// Goods selectors: which HS codes a measure or exemption is about.
//
// A selector is written as text, e.g. `72-83, 84-89 except 8471`,
// `section XI`, `2701, 2702`, `all`, and compiles to a sorted set of disjoint
// half-open intervals on the 10-digit key space. Coverage of a record's code
// is then three-valued: a ban on 2709 covers a record coded 270900 fully, a
// record coded 27 only partly (the engine answers "unknown" for that), and a
// record coded 2710 not at all.
//
// Grammar (Boost.Spirit X3, src/lang/selector_grammar.cpp):
//   selector := union ( "except" union )?
//   union    := term ( "," term )*
//   term     := "all" | "section" ROMAN | "@" NAME | "(" selector ")" | code ( "-" code )?
// A range `7201-7206` runs from the first key of 7201 to the last key of 7206;
// `84-89` is chapters 84 to 89. Keywords are case-insensitive.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/hs.hpp"

namespace embargo {

class hs_edition;

enum class coverage : std::uint8_t { none, partial, full };

EMBARGO_API std::string_view to_string(coverage c) noexcept;

// A code as written in a selector, with its byte offset in the selector text
// (for error positions and for `embargo show`, which prints descriptions).
struct EMBARGO_API named_code {
    hs_code code;
    std::size_t offset = 0;
};

// Limits for hostile text, checked before parsing: the parser recurses once
// per parenthesis, so depth is stack depth. The defaults are far above any
// real rule (the longest shipped selector has under 200 bytes and no
// parentheses); keep max_depth in the hundreds at most.
struct EMBARGO_API selector_limits {
    std::size_t max_length = std::size_t{64} * 1024;  // bytes (`selector.too-long`)
    std::size_t max_depth = 32;                       // nested parentheses (`selector.too-deep`)
};

class goods_selector;
// Union and difference, declared here so that the friend declarations in the
// class name exported functions.
EMBARGO_API goods_selector operator|(const goods_selector& a, const goods_selector& b);
EMBARGO_API goods_selector operator-(const goods_selector& a, const goods_selector& b);

class EMBARGO_API goods_selector {
public:
    goods_selector() = default;  // selects nothing

    // Parses and compiles `text`. With an edition, `section XI` resolves to
    // its chapters and every named code must exist in it (`hs.unknown-code`);
    // without one, sections are an error (`selector.no-nomenclature`).
    // Other error ids: `selector.syntax`, `selector.empty-range`,
    // `selector.unknown-section`, and those of hs_code::parse. Hostile text
    // is refused before parsing (`limits`): `selector.too-long` (by default
    // over 64 KiB) and `selector.too-deep` (parentheses nested deeper than 32).
    // Error offsets count bytes from the start of `text`.
    static result<goods_selector> parse(std::string_view text, const hs_edition* edition,
                                        const selector_limits& limits = {});
    // The same, with `@name` reading the sets of goods in `names` (a shared
    // file's or a regime's `goods:`); an unknown name, or any `@name` when
    // `names` is null, is `selector.unknown-name`.
    using named_goods = std::map<std::string, goods_selector, std::less<>>;
    static result<goods_selector> parse(std::string_view text, const hs_edition* edition,
                                        const named_goods* names,
                                        const selector_limits& limits = {});

    // Builds a selector from intervals directly (tests, generated rules).
    static goods_selector from_intervals(std::vector<hs_interval> intervals);

    coverage covers(const hs_code& code) const noexcept { return covers(code.interval()); }
    coverage covers(hs_interval range) const noexcept;
    bool intersects(const goods_selector& other) const noexcept;
    bool includes(const goods_selector& other) const noexcept;  // other is a subset
    bool empty() const noexcept { return intervals_.empty(); }
    bool all() const noexcept;

    const std::vector<hs_interval>& intervals() const noexcept { return intervals_; }
    // Codes in text order (both ends of a range; not a section's chapters).
    const std::vector<named_code>& named_codes() const noexcept { return named_; }
    // The text as parsed; for from_intervals, a rendering that parses back to
    // the same intervals (`all`, `2701-2702, 8471`); empty when nothing is
    // selected.
    const std::string& text() const noexcept { return text_; }

    // The union and difference of two selectors (used for exemptions and
    // disputed scopes). Texts are joined so that they still read the same
    // (`(84 except 8471), 90`), and named codes keep their offsets in it.
    friend goods_selector operator|(const goods_selector& a, const goods_selector& b);
    friend goods_selector operator-(const goods_selector& a, const goods_selector& b);

private:
    std::vector<hs_interval> intervals_;  // sorted, disjoint, non-adjacent
    std::vector<named_code> named_;
    std::string text_;
};

}  // namespace embargo
