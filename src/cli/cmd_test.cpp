// `embargo test [RULES]`: runs the rule tests beside the rules and reports
// failures and coverage, as text or JUnit (docs/cli-audit-test.md).
//
// Exit codes: 0 every test passed and every measure and exemption is covered;
// 1 a test failed, a rule-test file did not load, or something is uncovered;
// 2 usage error or rules that do not load.

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "rule_reports.hpp"

namespace embargo::cli {

namespace {

struct test_options_cli {
    std::string rules;
    std::string format = "text";
    bool verbose = false;
};

int run_test(const test_options_cli& options, const global_options& global) {
    const auto chosen = with_positional_rules(global, options.rules, std::cerr);
    if (!chosen) return exit_usage;
    const report_format as = *parse_report_format(options.format);
    const report_rules rules = load_for_report(*chosen);
    const report_info info = info_for(rules);
    if (!rules.loaded) {
        // Text goes where every command reports unloadable rules; JUnit is
        // the report CI asked for, so it goes to standard output.
        if (as == report_format::junit) {
            write_test_report(std::cout, rules.diagnostics, as, info);
            std::cerr << "embargo: the rules in " << rules.origin
                      << " cannot be loaded; no rule test was run\n";
        } else {
            write_test_report(std::cerr, rules.diagnostics, as, info);
        }
        hint_limits(rules.diagnostics, std::cerr);
        return exit_usage;
    }
    const loaded_rules& loaded = *rules.loaded;
    const rule_test_suite suite = load_tests(loaded, !global.regimes.empty());
    const rule_test_report report = run_rule_tests(*loaded.engine, suite);
    write_test_report(std::cout, *loaded.rules, report, suite.diagnostics, as, info,
                      options.verbose);
    return report.ok() && suite.diagnostics.empty() ? exit_ok : exit_reached;
}

}  // namespace

void add_test_command(CLI::App& app, context& ctx) {
    auto options = std::make_shared<test_options_cli>();
    auto* cmd = app.add_subcommand("test",
                                   "Run the rule tests beside the rules (<dir>/tests/*.yaml) and "
                                   "report failures and coverage");
    cmd->add_option("RULES", options->rules, "Rule set directory (the same as --rules)")
        ->type_name("DIR");
    cmd->add_option("--format", options->format, "Output format")
        ->check(CLI::IsMember({"text", "junit"}))
        ->type_name("FORMAT");
    cmd->add_flag("-v,--verbose", options->verbose, "List passing tests too");
    cmd->callback([&ctx, options] { ctx.exit = run_test(*options, ctx.global); });
}

}  // namespace embargo::cli
