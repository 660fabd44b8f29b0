// PLACEHOLDER: replaced by the engineer who builds `embargo show`.
#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace embargo::cli {

void add_show_command(CLI::App& app, context& ctx) {
    auto* cmd = app.add_subcommand("show", "(not built yet)");
    cmd->callback([&ctx] {
        std::cerr << "embargo: show is not built yet\n";
        ctx.exit = exit_usage;
    });
}

}  // namespace embargo::cli
