#pragma once
// --fail-on, which check and screen share: the verdict from which the
// command exits 1 (README "Exit codes").

#include <optional>
#include <string_view>

#include "embargo/verdict.hpp"

namespace embargo::cli {

// A status name, or `none` (threshold nullopt: nothing fails).
struct fail_on {
    std::optional<status> threshold = status::indeterminate;
    bool reached(status s) const noexcept { return threshold && s >= *threshold; }
};
std::optional<fail_on> parse_fail_on(std::string_view text);
inline constexpr std::string_view fail_on_help =
    "Exit 1 when a verdict is at least this severe: prohibited, indeterminate (default), capped, "
    "carved_out, "
    "unrestricted, or none";

}  // namespace embargo::cli
