#include "context.hpp"

#include <cstdlib>
#include <ostream>
#include <sstream>

#include "embargo/version.hpp"

#include "embedded_rules.hpp"

namespace embargo::cli {

std::vector<std::string> rules_dirs(const global_options& options) {
    if (!options.rules.empty()) return options.rules;
    if (const char* env = std::getenv("EMBARGO_RULES"); env != nullptr && *env != '\0')
        return {env};
    return {};
}

rules_result load_into(const global_options& options, loaded_rules& out) {
    out.rule_dirs = rules_dirs(options);
    out.limits = options.limits.rules;
    load_options what;
    what.regimes = options.regimes;
    what.standing = options.standing;
    auto result = [&] {
        if (!out.rule_dirs.empty()) {
            std::vector<std::filesystem::path> dirs;
            for (const auto& d : out.rule_dirs) {
                out.origin += (out.origin.empty() ? "" : ", ") + d;
                dirs.emplace_back(d);
            }
            return load_rules(dirs, options.limits.rules, what);
        }
        out.built_in = true;
        out.sources = embedded_sources();
        out.rule_dirs = {std::string(default_rules)};
        out.origin = "built-in rules/" + std::string(default_rules);
        return load_rules(out.sources, out.rule_dirs, options.limits.rules, what);
    }();
    if (result) {
        out.rules = *result;
        out.engine = engine::compile(out.rules);
        out.diagnostics = result.diagnostics();
    }
    return result;
}

std::optional<loaded_rules> load(const global_options& options, std::ostream& err) {
    loaded_rules out;
    const auto result = load_into(options, out);
    if (!result) {
        std::size_t errors = 0;
        for (const auto& d : result.diagnostics()) {
            err << format(d) << '\n';
            errors += d.severity == severity::error ? 1 : 0;
        }
        hint_limits(result.diagnostics(), err);
        err << "embargo: the rules in " << out.origin << " cannot be loaded (" << errors
            << (errors == 1 ? " error" : " errors") << "); nothing was judged\n";
        return std::nullopt;
    }
    return out;
}

std::string version_line(const global_options& options) {
    std::string line = "embargo " + std::string(embargo::version());
    std::ostringstream sink;
    if (auto loaded = load(options, sink)) {
        line += " (rules " + loaded->rules->name() + " revision " + loaded->rules->revision() +
                ", " + loaded->origin;
        // A chosen reading of a disputed instrument changes what the rules say.
        for (const auto& [symbol, reading] : options.standing)
            line += "; " + symbol + " read as " + std::string(to_string(reading));
        line += ")";
    } else {
        std::string dirs;
        for (const auto& d : rules_dirs(options)) dirs += (dirs.empty() ? "" : ", ") + d;
        line += " (rules in " + (dirs.empty() ? std::string("the built-in set") : dirs) +
                " do not load)";
    }
    return line;
}

}  // namespace embargo::cli
