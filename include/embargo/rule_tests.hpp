#pragma once
// Rule tests: cases that live beside the rules (`<regime>/tests/*.yaml`), each
// a record and the verdict the law gives it, and the coverage they reach.
//
// A team that maintains rule files runs them in CI (`embargo test`, or ctest
// for the shipped rules): a changed selector that flips a verdict fails a
// named case, and a measure or exemption no case exercises fails the suite,
// so that nothing in the rule set is untested. Format: rules/README.md.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/engine.hpp"
#include "embargo/export.hpp"
#include "embargo/record.hpp"
#include "embargo/rules.hpp"
#include "embargo/verdict.hpp"

namespace embargo {

struct EMBARGO_API expected_finding {
    std::string measure;
    std::optional<embargo::status> status;
    std::optional<std::string> exemption;
};

struct EMBARGO_API rule_test {
    std::string name;
    std::string source;  // where the expected verdict comes from (optional)
    trade_record record;
    embargo::status verdict = status::unrestricted;
    std::vector<std::string> measures;     // each has a finding with the verdict's status
    std::vector<std::string> citations;    // each cited by such a finding
    std::optional<std::string> exemption;  // some finding used it
    std::vector<std::string> absent;       // measures with no finding
    std::vector<expected_finding> findings;
    source_location where;
};

struct EMBARGO_API rule_test_suite {
    std::vector<rule_test> tests;
    std::vector<diagnostic> diagnostics;  // errors make the suite fail before it runs
    std::vector<std::string> files;
};

// Reads every `*.yaml` in `<regime_dir>/tests/`. Ids a test names must exist
// in `rules` (`test.unknown-id`); records are checked like any input. Test
// files are held to the YAML limits of rule files.
EMBARGO_API rule_test_suite load_rule_tests(const rule_set& rules,
                                            const std::filesystem::path& regime_dir,
                                            const load_limits& limits = {});
EMBARGO_API rule_test_suite load_rule_tests(const rule_set& rules,
                                            const std::vector<rule_source>& sources,
                                            std::string_view regime_dir,
                                            const load_limits& limits = {});

struct EMBARGO_API rule_test_result {
    const rule_test* test = nullptr;
    verdict got;
    std::vector<std::string> failures;  // empty: passed
    bool passed() const noexcept { return failures.empty(); }
};

struct EMBARGO_API rule_test_report {
    std::vector<rule_test_result> results;
    std::vector<std::string> uncovered_measures;
    std::vector<std::string> uncovered_exemptions;
    std::size_t measure_count = 0;
    std::size_t exemption_count = 0;

    std::size_t failed() const noexcept;
    // Every test passed and every measure and exemption is covered.
    bool ok() const noexcept {
        return failed() == 0 && uncovered_measures.empty() && uncovered_exemptions.empty();
    }
};

// Runs the suite. A measure is covered when a passing test names it in
// `measures` or `findings`; an exemption when one names it in `exemption` or
// `findings`.
EMBARGO_API rule_test_report run_rule_tests(const engine& e, const rule_test_suite& suite);

}  // namespace embargo
