#pragma once
// The rule files compiled into the embargo command and the Python module
// (every UN regime under rules/un/, its shared files and rule tests, and the
// HS nomenclature), so that they work from any
// directory with no flags.
// The build generates the definition with tools/embed_files.cpp.

#include <string_view>
#include <vector>

#include "embargo/rules.hpp"

namespace embargo::cli {

struct embedded_file {
    std::string_view path;  // relative to rules/, e.g. "un/dprk/regime.yaml"
    std::string_view text;
};

const std::vector<embedded_file>& embedded_files();

// The embedded files as rule sources, and the directory of the default
// regimes within them: every regime under rules/un/.
std::vector<rule_source> embedded_sources();
inline constexpr std::string_view default_rules = "un";

}  // namespace embargo::cli
