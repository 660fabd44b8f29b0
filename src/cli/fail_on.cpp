#include "fail_on.hpp"

namespace embargo::cli {

std::optional<fail_on> parse_fail_on(std::string_view text) {
    if (text == "none") return fail_on{std::nullopt};
    if (auto s = parse_status(text)) return fail_on{*s};
    return std::nullopt;
}

}  // namespace embargo::cli
