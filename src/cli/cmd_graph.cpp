// `embargo graph [RULES]`: the relation graph of a rule set (amends,
// supersedes, replaces, extends, carves out of) as Graphviz DOT or JSON.

#include <iostream>
#include <memory>

#include <CLI/CLI.hpp>

#include "embargo/relations.hpp"

#include "atomic_output.hpp"
#include "context.hpp"

namespace embargo::cli {

namespace {

struct graph_options {
    std::string rules;
    std::string format = "dot";
    std::string output;
};

int run_graph(const context& ctx, const graph_options& o) {
    global_options global = ctx.global;
    if (!o.rules.empty()) global.rules = {o.rules};
    const auto loaded = load(global, std::cerr);
    if (!loaded) return exit_usage;
    std::string error;
    auto out = output_sink::open(o.output, error);
    if (!out) {
        std::cerr << "embargo: graph: " << error << '\n';
        return exit_usage;
    }
    out->write(o.format == "json" ? relation_graph_json(*loaded->rules)
                                  : relation_graph_dot(*loaded->rules));
    if (!out->commit()) {
        std::cerr << "embargo: graph: " << out->error() << '\n';
        return exit_usage;
    }
    return exit_ok;
}

}  // namespace

void add_graph_command(CLI::App& app, context& ctx) {
    auto o = std::make_shared<graph_options>();
    auto* cmd = app.add_subcommand("graph",
                                   "Print the relation graph of the rules as Graphviz DOT or JSON");
    cmd->add_option("rules", o->rules,
                    "Rule set directory (default: --rules, $EMBARGO_RULES, the built-in rules)")
        ->type_name("RULES");
    cmd->add_option("--format", o->format, "dot (default; render with dot -Tsvg) or json")
        ->check(CLI::IsMember({"dot", "json"}))
        ->type_name("FORMAT");
    cmd->add_option("-o,--output", o->output,
                    "Write to FILE, replacing it only when the run succeeds")
        ->type_name("FILE");
    cmd->callback([&ctx, o] { ctx.exit = run_graph(ctx, *o); });
}

}  // namespace embargo::cli
