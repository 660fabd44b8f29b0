// PLACEHOLDER: replaced by the engineer who builds `embargo check`.
#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace embargo::cli {

void add_check_command(CLI::App& app, context& ctx) {
    auto* cmd = app.add_subcommand("check", "(not built yet)");
    cmd->callback([&ctx] {
        std::cerr << "embargo: check is not built yet\n";
        ctx.exit = exit_usage;
    });
}

}  // namespace embargo::cli
