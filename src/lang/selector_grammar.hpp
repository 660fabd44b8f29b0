#pragma once
// The syntax of goods selectors (Boost.Spirit X3 lives in the .cpp only).
//
// The grammar turns text into a postfix program of leaves (all, section,
// code, range) and operators (union, except). Checking the codes, ranges and
// sections and computing the intervals is left to selector.cpp, so that the
// grammar stays a grammar and errors about meaning come after errors about
// syntax, each at its own offset.

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/selector.hpp"

namespace embargo::detail {

struct selector_op {
    enum class kind : std::uint8_t { all, section, code, range, named, unite, except };
    kind op = kind::all;
    std::size_t offset = 0;  // code, range: the first code; section: the keyword; named: the '@'
    std::string_view first;  // code, range: the first code; section: the numeral; named: "@name"
    std::size_t second_offset = 0;  // range: the second code; section: the numeral
    std::string_view second;        // range: the second code
};

// Parses `text` into `program` (cleared first). On error, returns it:
// `selector.too-long`, `selector.too-deep` or `selector.syntax`. The limits
// are checked before Spirit runs: the parser recurses once per nesting level,
// so depth is bounded before the first recursive call.
std::optional<diagnostic> parse_selector_syntax(std::string_view text,
                                                const selector_limits& limits,
                                                std::vector<selector_op>& program);

}  // namespace embargo::detail
