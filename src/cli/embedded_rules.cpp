// The embedded rule files as rule sources: shared by the command and the
// Python module (CMake's embargo_builtin_rules), beside the generated table
// of files.

#include "embedded_rules.hpp"

namespace embargo::cli {

std::vector<rule_source> embedded_sources() {
    std::vector<rule_source> out;
    for (const auto& f : embedded_files())
        out.push_back({std::string(f.path), std::string(f.text)});
    return out;
}

}  // namespace embargo::cli
