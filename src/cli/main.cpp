// The embargo command: one entry point for analysts (check, screen), rule
// maintainers (audit, test, graph, show) and CI. Subcommands live in
// cmd_*.cpp; this file wires them up and turns every way of failing into the
// documented exit codes.

#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"

int main(int argc, char** argv) {
    using namespace embargo::cli;
    context ctx;
    CLI::App app{"embargo: judge trade flows against sanctions law written as HS-code rules",
                 "embargo"};
    app.set_help_all_flag("--help-all", "Print help for every subcommand");
    app.option_defaults()->always_capture_default();
    app.add_option("--rules", ctx.global.rules,
                   "Rules directory: a regime (regime.yaml + instrument files) or a directory of "
                   "regimes (repeatable; all are judged together); default: $EMBARGO_RULES, then "
                   "the built-in rules (every UN regime)")
        ->type_name("DIR");
    app.add_option("--regime", ctx.global.regimes,
                   "Load only this regime of the rules, e.g. un/somalia (repeatable)")
        ->type_name("ID");
    app.add_option_function<std::vector<std::string>>(
           "--standing",
           [&ctx](const std::vector<std::string>& readings) {
               for (const auto& r : readings) {
                   const auto eq = r.rfind('=');
                   const std::string value = eq == std::string::npos ? "" : r.substr(eq + 1);
                   if (eq == std::string::npos || eq == 0 ||
                       (value != "in-force" && value != "void"))
                       throw CLI::ValidationError(
                           "--standing", "expected SYMBOL=in-force or SYMBOL=void, not " + r);
                   ctx.global.standing[r.substr(0, eq)] =
                       value == "void" ? embargo::standing::void_ : embargo::standing::in_force;
               }
           },
           "Read an instrument of disputed standing (rules/README.md) as in force or as void, "
           "e.g. S/2025/551=in-force (repeatable); unchosen, its measures are indeterminate")
        ->type_name("SYMBOL=READING");
    std::string limit_help =
        "Set a limit for hostile input, e.g. raise one for input you trust (repeatable; "
        "docs/limits.md). "
        "NAME (default):";
    for (const auto& l : limit_table()) {
        limit_help += "\n  ";
        limit_help += l.name;
        limit_help += " (" + std::to_string(limit_value(ctx.global.limits, l.name)) + "): ";
        limit_help += l.meaning;
    }
    app.add_option_function<std::vector<std::string>>(
           "--limit",
           [&ctx](const std::vector<std::string>& assignments) {
               for (const auto& a : assignments) {
                   if (auto error = set_limit(ctx.global.limits, a))
                       throw CLI::ValidationError("--limit", *error);
               }
           },
           limit_help)
        ->type_name("NAME=VALUE");
    bool version = false;
    app.add_flag("--version", version, "Print the version and the rule set's revision");
    app.require_subcommand(0, 1);
    app.fallthrough();

    add_check_command(app, ctx);
    add_screen_command(app, ctx);
    add_audit_command(app, ctx);
    add_test_command(app, ctx);
    add_graph_command(app, ctx);
    add_show_command(app, ctx);

    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << "embargo: " << e.what() << "\n       run 'embargo --help' for usage\n";
        return exit_usage;
    }
    if (version) {
        std::cout << version_line(ctx.global) << '\n';
        return exit_ok;
    }
    if (app.get_subcommands().empty()) {
        std::cerr << "embargo: no subcommand given\n" << app.help();
        return exit_usage;
    }
    return ctx.exit;
}
