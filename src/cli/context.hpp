#pragma once
// src/cli/ holds the embargo command: one cmd_*.cpp per subcommand and what
// they share: this header, --fail-on, limits, the progress line, screen's
// input and atomic output. It is the library's first user and uses only its
// public headers (embargo/...): what the command prints, a library user can
// produce. Nothing in src/ includes it.
//
// What every subcommand shares: where the rules come from, how they load, and
// the exit codes that are part of embargo's API (README "Exit codes"):
//   0  ran, and nothing reached --fail-on
//   1  something reached it (a verdict, an audit error, a failed rule test)
//   2  usage error, unreadable input or unloadable rules

#include <iosfwd>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "embargo/engine.hpp"
#include "embargo/rules.hpp"

#include "limits.hpp"

namespace CLI {
class App;
}

namespace embargo::cli {

enum exit_code : int { exit_ok = 0, exit_reached = 1, exit_usage = 2 };

// Options every subcommand takes.
struct global_options {
    // --rules DIR (repeatable); empty: $EMBARGO_RULES, then the built-in
    // rules (every regime under rules/un/).
    std::vector<std::string> rules;
    std::vector<std::string> regimes;  // --regime ID (repeatable): keep only these
    // --standing SYMBOL=in-force|void (repeatable), checked when parsed.
    std::map<std::string, embargo::standing, std::less<>> standing;
    input_limits limits;  // --limit NAME=VALUE (limits.hpp)
};

// A loaded rule set and where it came from.
struct loaded_rules {
    std::shared_ptr<const rule_set> rules;
    std::shared_ptr<const embargo::engine> engine;
    std::string origin;  // "built-in rules/un" or the directories
    bool built_in = false;
    // The directories named (on disk, or within `sources` when built in);
    // rule tests are read from `tests/` in each, and in each regime's
    // (rule_set::regimes()[i].dir).
    std::vector<std::string> rule_dirs;
    std::vector<rule_source> sources;     // the built-in files, when built in
    std::vector<diagnostic> diagnostics;  // load warnings (errors mean no rules)
    load_limits limits;                   // what it was loaded with (rule tests use them too)
};

// The rules directories the options name: --rules, else $EMBARGO_RULES, else
// none (the built-in rules).
std::vector<std::string> rules_dirs(const global_options& options);

// Loads the rules the options name into `out` (its source, origin and
// limits; on success its rules, engine and warnings) and returns the load.
// load() and the rule reports (audit, test) share it.
rules_result load_into(const global_options& options, loaded_rules& out);

// Loads the rules. On failure writes every diagnostic and a one-line summary
// to `err` and returns nullopt: the caller exits with exit_usage.
std::optional<loaded_rules> load(const global_options& options, std::ostream& err);

// State the subcommands share while the command runs.
struct context {
    global_options global;
    int exit = exit_ok;
};

// Each subcommand registers itself on the app (src/cli/cmd_*.cpp).
void add_check_command(CLI::App& app, context& ctx);
void add_screen_command(CLI::App& app, context& ctx);
void add_audit_command(CLI::App& app, context& ctx);
void add_test_command(CLI::App& app, context& ctx);
void add_graph_command(CLI::App& app, context& ctx);
void add_show_command(CLI::App& app, context& ctx);

// The version line: embargo's version and the revision of the rules.
std::string version_line(const global_options& options);

}  // namespace embargo::cli
