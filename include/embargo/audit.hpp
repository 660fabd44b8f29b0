#pragma once
// The audit: what a rule set gets wrong although it loads.
//
// The loader refuses what cannot be meant (a bad code, an unknown fact, a
// cycle). The audit looks for what is legal YAML and legal law but most
// likely a mistake: a carve-out that can never apply, a paragraph without a
// citation, dates that contradict the relations between measures, a
// supersession that silently drops goods, codes that a newer HS edition no
// longer has, facts nobody reads, measures no rule test covers. Each finding
// is a diagnostic with a stable `audit.*` id (the catalogue below, and
// docs/cli-audit-test.md with an example of each), the place in the rule file
// and what to do. `embargo audit` prints them for people and CI tools.

#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/rules.hpp"

namespace embargo {

struct rule_test_report;

// One lint: its id, the severity of its findings, and what it reports.
struct EMBARGO_API audit_check {
    std::string_view id;
    embargo::severity severity = severity::warning;
    std::string_view summary;  // one line: what it finds
    std::string_view help;     // why it matters and what to do
};

// Every lint the audit runs, in a stable order (SARIF lists them as rules).
EMBARGO_API const std::vector<audit_check>& audit_checks();
EMBARGO_API const audit_check* find_audit_check(std::string_view id) noexcept;

struct EMBARGO_API audit_options {
    // Rule-test results (run_rule_tests); the coverage lints
    // (`audit.uncovered-measure`, `audit.uncovered-exemption`) run only when
    // it is given.
    const rule_test_report* coverage = nullptr;
};

// Runs every lint. Findings are sorted by file, line, column and id.
EMBARGO_API std::vector<diagnostic> audit(const rule_set& rules, const audit_options& options = {});

}  // namespace embargo
