// PLACEHOLDER: replaced by the engineer who builds `embargo screen`.
#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace embargo::cli {

void add_screen_command(CLI::App& app, context& ctx) {
    auto* cmd = app.add_subcommand("screen", "(not built yet)");
    cmd->callback([&ctx] {
        std::cerr << "embargo: screen is not built yet\n";
        ctx.exit = exit_usage;
    });
}

}  // namespace embargo::cli
