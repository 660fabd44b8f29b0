// PLACEHOLDER: replaced by the engineer who builds `embargo graph`.
#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace embargo::cli {

void add_graph_command(CLI::App& app, context& ctx) {
    auto* cmd = app.add_subcommand("graph", "(not built yet)");
    cmd->callback([&ctx] {
        std::cerr << "embargo: graph is not built yet\n";
        ctx.exit = exit_usage;
    });
}

}  // namespace embargo::cli
