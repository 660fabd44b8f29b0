#pragma once
// The rule files compiled into the embargo command and the Python module
// (the UN DPRK regime and the HS nomenclature), so that they work from any
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

// The embedded files as rule sources, and the default regime's directory.
std::vector<rule_source> embedded_sources();
inline constexpr std::string_view default_regime = "un/dprk";

}  // namespace embargo::cli
