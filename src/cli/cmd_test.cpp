// PLACEHOLDER: replaced by the engineer who builds `embargo test`.
#include <iostream>

#include <CLI/CLI.hpp>

#include "context.hpp"

namespace embargo::cli {

void add_test_command(CLI::App& app, context& ctx) {
    auto* cmd = app.add_subcommand("test", "(not built yet)");
    cmd->callback([&ctx] {
        std::cerr << "embargo: test is not built yet\n";
        ctx.exit = exit_usage;
    });
}

}  // namespace embargo::cli
