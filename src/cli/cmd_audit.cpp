// `embargo audit [RULES]`: every load error and every lint of a rule set, in
// text, JSON, JUnit or SARIF (docs/cli-audit-test.md).
//
// Exit codes: 2 when the rules do not load (the load errors are printed as
// findings all the same, in the chosen format, so that a CI run shows them on
// the rule file's line), 1 when a finding reaches --fail-on, 0 otherwise.

#include <algorithm>
#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "embargo/audit.hpp"

#include "rule_reports.hpp"

namespace embargo::cli {

namespace {

struct audit_options_cli {
    std::string rules;
    std::string format = "text";
    std::string fail_on = "error";
};

int run_audit(const audit_options_cli& options, const global_options& global) {
    const auto chosen = with_positional_rules(global, options.rules, std::cerr);
    if (!chosen) return exit_usage;
    const report_format as = *parse_report_format(options.format);
    const report_rules rules = load_for_report(*chosen);
    report_info info = info_for(rules);
    info.fail_on = options.fail_on == "warning" ? severity::warning : severity::error;
    if (!rules.loaded) {
        write_audit_report(std::cout, rules.diagnostics, as, info);
        if (as != report_format::text) {
            std::cerr << "embargo: the rules in " << rules.origin
                      << " cannot be loaded; the report lists why\n";
        }
        hint_limits(rules.diagnostics, std::cerr);
        return exit_usage;
    }
    const loaded_rules& loaded = *rules.loaded;
    std::vector<diagnostic> findings = loaded.diagnostics;  // load warnings
    const rule_test_suite suite = load_tests(loaded, !global.regimes.empty());
    findings.insert(findings.end(), suite.diagnostics.begin(), suite.diagnostics.end());
    const rule_test_report coverage = run_rule_tests(*loaded.engine, suite);
    const auto lints = audit(*loaded.rules, {&coverage});
    findings.insert(findings.end(), lints.begin(), lints.end());
    write_audit_report(std::cout, findings, as, info);
    const bool reached = std::any_of(findings.begin(), findings.end(), [&](const diagnostic& d) {
        return d.severity >= info.fail_on;
    });
    return reached ? exit_reached : exit_ok;
}

}  // namespace

void add_audit_command(CLI::App& app, context& ctx) {
    auto options = std::make_shared<audit_options_cli>();
    auto* cmd = app.add_subcommand(
        "audit",
        "Check a rule set: every load error, and lints for what loads but is most likely wrong "
        "(dead "
        "exemptions, missing citations, contradictory dates, untested measures, ...)");
    cmd->add_option("RULES", options->rules, "Rule set directory (the same as --rules)")
        ->type_name("DIR");
    cmd->add_option("--format", options->format, "Output format")
        ->check(CLI::IsMember({"text", "json", "junit", "sarif"}))
        ->type_name("FORMAT");
    cmd->add_option("--fail-on", options->fail_on,
                    "Exit 1 when a finding of this severity or worse is found")
        ->check(CLI::IsMember({"error", "warning"}))
        ->type_name("SEVERITY");
    cmd->callback([&ctx, options] { ctx.exit = run_audit(*options, ctx.global); });
}

}  // namespace embargo::cli
