#include "limits.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <limits>
#include <ostream>

namespace embargo::cli {

namespace {

constexpr std::size_t kib = 1024;
constexpr std::size_t mib = kib * 1024;
constexpr std::size_t gib = mib * 1024;

// The maxima: sizes and counts up to what a 64-bit machine could hold;
// depths only as far as the parsers' stacks are known to hold (each level
// of a condition or selector costs Spirit a few KiB of stack; yaml-cpp stops
// at 500 levels on its own).
constexpr std::array<limit_info, 11> table{{
    {"rule-file-bytes", "yaml.too-large", 4 * gib, "bytes in one rule file or rule test file"},
    {"nomenclature-bytes", "rules.nomenclature-too-large", 4 * gib,
     "bytes in one HS nomenclature CSV file"},
    {"yaml-depth", "yaml.too-deep", 500, "nesting of maps and lists in a YAML file"},
    {"yaml-nodes", "yaml.too-many-nodes", std::size_t{1} << 32U,
     "values, maps and lists in one YAML file"},
    {"condition-bytes", "condition.too-long", 16 * mib, "bytes in one `when` condition"},
    {"condition-depth", "condition.too-deep", 256,
     "nesting of parentheses and `not` in a condition"},
    {"selector-bytes", "selector.too-long", 16 * mib, "bytes in one goods selector"},
    {"selector-depth", "selector.too-deep", 256, "nesting of parentheses in a goods selector"},
    {"line-bytes", "csv.line-too-long jsonl.line-too-long", 4 * gib,
     "bytes in one row of screen's input (CSV or JSON Lines)"},
    {"fields", "csv.too-many-fields jsonl.too-many-fields", std::size_t{1} << 24U,
     "cells in one row of screen's input"},
    {"shipment-file-bytes", "yaml.too-large", 4 * gib, "bytes in check --file's input"},
}};

// The field behind a name, const or not as `l` is.
template <class Limits>
auto slot(Limits& l, std::string_view name) -> decltype(&l.line_bytes) {
    if (name == "rule-file-bytes") return &l.rules.max_file_bytes;
    if (name == "nomenclature-bytes") return &l.rules.max_nomenclature_bytes;
    if (name == "yaml-depth") return &l.rules.max_depth;
    if (name == "yaml-nodes") return &l.rules.max_nodes;
    if (name == "condition-bytes") return &l.rules.condition.max_length;
    if (name == "condition-depth") return &l.rules.condition.max_depth;
    if (name == "selector-bytes") return &l.rules.selector.max_length;
    if (name == "selector-depth") return &l.rules.selector.max_depth;
    if (name == "line-bytes") return &l.line_bytes;
    if (name == "fields") return &l.fields;
    if (name == "shipment-file-bytes") return &l.shipment_file_bytes;
    return nullptr;
}

std::string names() {
    std::string out;
    for (const auto& l : table) {
        if (!out.empty()) out += ", ";
        out += l.name;
    }
    return out;
}

}  // namespace

std::span<const limit_info> limit_table() noexcept {
    return table;
}

std::size_t limit_value(const input_limits& limits, std::string_view name) {
    const std::size_t* p = slot(limits, name);
    return p != nullptr ? *p : 0;
}

std::optional<std::string> set_limit(input_limits& limits, std::string_view assignment) {
    const auto eq = assignment.find('=');
    if (eq == std::string_view::npos)
        return "expected NAME=VALUE, e.g. line-bytes=8M; names: " + names();
    const std::string_view name = assignment.substr(0, eq);
    std::string_view value = assignment.substr(eq + 1);
    const auto info = std::find_if(table.begin(), table.end(),
                                   [&](const limit_info& l) { return l.name == name; });
    if (info == table.end())
        return "no limit is named \"" + std::string(name) + "\"; names: " + names();
    std::size_t scale = 1;
    if (!value.empty()) {
        switch (value.back()) {
            case 'k':
            case 'K':
                scale = kib;
                break;
            case 'm':
            case 'M':
                scale = mib;
                break;
            case 'g':
            case 'G':
                scale = gib;
                break;
            default:
                break;
        }
        if (scale != 1) value.remove_suffix(1);
    }
    std::size_t n = 0;
    const auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
    if (value.empty() || ec != std::errc() || end != value.data() + value.size() || n == 0)
        return std::string(name) +
               " must be a positive whole number (with an optional K, M or G), not \"" +
               std::string(assignment.substr(eq + 1)) + "\"";
    if (n > info->maximum / scale)
        return std::string(name) + " can be at most " + std::to_string(info->maximum) +
               (info->name.ends_with("depth") ? " (the parser's stack would not hold more)" : "");
    *slot(limits, name) = n * scale;
    return std::nullopt;
}

std::optional<std::string_view> limit_for_id(std::string_view id,
                                             std::string_view yaml_file_limit) {
    if (id == "yaml.too-large") return yaml_file_limit;
    for (const auto& l : table) {
        std::string_view ids = l.ids;
        while (!ids.empty()) {
            const auto space = ids.find(' ');
            if (ids.substr(0, space) == id) return l.name;
            ids = space == std::string_view::npos ? std::string_view{} : ids.substr(space + 1);
        }
    }
    return std::nullopt;
}

void hint_limits(std::span<const diagnostic> diagnostics, std::ostream& err,
                 std::string_view yaml_file_limit) {
    std::vector<std::string_view> reached;
    for (const auto& d : diagnostics) {
        const auto name = limit_for_id(d.id, yaml_file_limit);
        if (name && std::find(reached.begin(), reached.end(), *name) == reached.end())
            reached.push_back(*name);
    }
    if (reached.empty()) return;
    err << "embargo: a limit for hostile input was reached; if the input is trusted, raise it with";
    for (const auto name : reached) err << " --limit " << name << "=N";
    err << " (docs/limits.md)\n";
}

}  // namespace embargo::cli
