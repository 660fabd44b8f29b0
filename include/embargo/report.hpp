#pragma once
// Reports: findings and rule-test results in the formats people and CI read.
//
// `embargo audit` and `embargo test` print the same data four ways: text in
// the compilers' `file:line:col: severity: message [id]` form, so that
// editors and CI logs link to the spot; JSON for scripts; JUnit XML for test
// dashboards; and SARIF 2.1.0 (OASIS), so that code-scanning tools show each
// finding on its line of the rule file. Every format carries every finding
// with its stable id and place; docs/cli-audit-test.md shows each one. The
// writers are plain functions of their input: no clock, no host name, no
// absolute path that the caller did not give, so that output is reproducible
// and golden tests can compare it byte for byte.

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"

namespace embargo {

class rule_set;
struct rule_test_report;

enum class report_format : std::uint8_t { text, json, junit, sarif };

EMBARGO_API std::string_view to_string(report_format f) noexcept;
// "text", "json", "junit", "sarif"; nullopt for anything else.
EMBARGO_API std::optional<report_format> parse_report_format(std::string_view name) noexcept;

struct EMBARGO_API report_info {
    std::string tool_version;  // embargo's version, e.g. "0.1.0"
    std::string rules;         // where the rules came from: a directory, or "built-in un/dprk"
    // Findings at or above this severity fail: they are JUnit failures and
    // make the command exit 1. Below it they are reported and pass.
    severity fail_on = severity::error;
    // False when the rule set did not load: only its load errors are
    // reported, and the lints that did not run are not listed as passed.
    bool rules_loaded = true;
    // Turns a diagnostic's file into the path to print (e.g. relative to the
    // working directory). Paths are printed as given when it is empty. SARIF
    // writes a relative result as a relative URI and an absolute one as a
    // file: URI.
    std::function<std::string(std::string_view)> display_path;
};

// The findings of `embargo audit` (load errors, rule-test load errors and
// the audit's lints) in `format`.
EMBARGO_API void write_audit_report(std::ostream& out, const std::vector<diagnostic>& findings,
                                    report_format format, const report_info& info);

// The results of `embargo test`: `problems` are the rule-test files' load
// errors. Text and JUnit; `verbose` lists passing tests in the text too.
// Ids of the report's own lines: `test.failed` (a rule test that failed),
// `test.uncovered-measure` and `test.uncovered-exemption`.
EMBARGO_API void write_test_report(std::ostream& out, const rule_set& rules,
                                   const rule_test_report& report,
                                   const std::vector<diagnostic>& problems, report_format format,
                                   const report_info& info, bool verbose = false);

// The report of `embargo test` for rules that do not load: their load errors,
// as text or as JUnit errors.
EMBARGO_API void write_test_report(std::ostream& out, const std::vector<diagnostic>& load_errors,
                                   report_format format, const report_info& info);

}  // namespace embargo
