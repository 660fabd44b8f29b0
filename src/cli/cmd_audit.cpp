// PLACEHOLDER: replaced by the engineer who builds `embargo audit`.
#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace embargo::cli {

void add_audit_command(CLI::App& app, context& ctx) {
    auto* cmd = app.add_subcommand("audit", "(not built yet)");
    cmd->callback([&ctx] {
        std::cerr << "embargo: audit is not built yet\n";
        ctx.exit = exit_usage;
    });
}

}  // namespace embargo::cli
