#pragma once
// What `embargo audit` and `embargo test` share: the rules directory given
// as a positional argument or by the usual means, loading that keeps the load
// errors (for audit they are the findings), the rule tests beside the rules,
// and the paths reports print.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/report.hpp"
#include "embargo/rule_tests.hpp"

#include "context.hpp"

namespace embargo::cli {

// The rules as a report sees them: loaded, or the diagnostics that say why not.
struct report_rules {
    std::optional<loaded_rules> loaded;
    std::vector<diagnostic> diagnostics;  // load errors (and warnings) when not loaded
    std::string origin;                   // "built-in un/dprk" or the directory
    bool built_in = false;
};

// `positional` is the [RULES] argument. Returns nullopt (with a one-line error
// on `err`) when it and --rules name different directories.
std::optional<global_options> with_positional_rules(const global_options& global,
                                                    const std::string& positional,
                                                    std::ostream& err);

report_rules load_for_report(const global_options& options);

// The rule tests beside the rules: `<dir>/tests/*.yaml` of every regime
// loaded, and of a directory of regimes unless `selected` (--regime kept
// only some of them), or the built-in ones.
rule_test_suite load_tests(const loaded_rules& rules, bool selected);

// A diagnostic's file as reports print it: the built-in rules at their place
// in embargo's source tree (`rules/un/dprk/...`), a path on disk relative to
// the working directory when it lies below it, else as it is.
std::string display_path(std::string_view file, bool built_in);

report_info info_for(const report_rules& rules);

}  // namespace embargo::cli
