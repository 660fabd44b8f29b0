#pragma once
// The limits that keep hostile input from crashing, hanging or exhausting
// the command, as its users see them: one table of named limits, each with a
// default far above any real rule set or year of customs data, the error ids
// that say it was reached, and `--limit NAME=VALUE` to raise it for input
// one trusts (docs/limits.md).

#include <cstddef>
#include <iosfwd>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/rules.hpp"

namespace embargo::cli {

// Every limit the command applies, at its default until --limit changes it.
struct input_limits {
    load_limits rules;  // rule files, rule tests, HS nomenclature, expressions
    std::size_t line_bytes = std::size_t{1} << 20U;           // a row of screen's input
    std::size_t fields = 4096;                                // cells in a row
    std::size_t shipment_file_bytes = std::size_t{4} << 20U;  // check --file
};

struct limit_info {
    std::string_view name;     // as --limit takes it: `line-bytes`
    std::string_view ids;      // the error ids that report it, space-separated
    std::size_t maximum;       // the highest value --limit accepts
    std::string_view meaning;  // for --help
};

// The table, in the order docs/limits.md lists it.
std::span<const limit_info> limit_table() noexcept;

// The current value of limit `name` (which must be in the table).
std::size_t limit_value(const input_limits& limits, std::string_view name);

// Applies `NAME=VALUE` (VALUE a positive integer, optionally with a K, M or
// G suffix for 1024, 1024^2, 1024^3). Returns what is wrong with it, if
// anything, and leaves `limits` unchanged then.
std::optional<std::string> set_limit(input_limits& limits, std::string_view assignment);

// The --limit that raises what diagnostic id `id` reports, or nullopt.
// `yaml.too-large` is `rule-file-bytes` unless `yaml_file_limit` names
// another (`shipment-file-bytes` for check --file).
std::optional<std::string_view> limit_for_id(std::string_view id,
                                             std::string_view yaml_file_limit = "rule-file-bytes");

// After diagnostics are printed: if any says a limit was reached, one line
// naming the --limit options that raise it.
void hint_limits(std::span<const diagnostic> diagnostics, std::ostream& err,
                 std::string_view yaml_file_limit = "rule-file-bytes");

}  // namespace embargo::cli
