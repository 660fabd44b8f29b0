#include "context.hpp"

#include <cstdlib>
#include <ostream>
#include <sstream>

#include "embargo/version.hpp"

#include "embedded_rules.hpp"

namespace embargo::cli {

std::string rules_dir(const global_options& options) {
    if (!options.rules.empty()) return options.rules;
    if (const char* env = std::getenv("EMBARGO_RULES"); env != nullptr && *env != '\0') return env;
    return {};
}

rules_result load_into(const global_options& options, loaded_rules& out) {
    const std::string dir = rules_dir(options);
    out.limits = options.limits.rules;
    auto result = [&] {
        if (!dir.empty()) {
            out.regime_dir = dir;
            out.origin = dir;
            return load_rules(std::filesystem::path(dir), options.limits.rules);
        }
        out.built_in = true;
        out.sources = embedded_sources();
        out.regime_dir = std::string(default_regime);
        out.origin = "built-in " + std::string(default_regime);
        return load_rules(out.sources, out.regime_dir, options.limits.rules);
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
        line += " (rules " + loaded->rules->regime().name + " revision " +
                loaded->rules->revision() + ", " + loaded->origin + ")";
    } else {
        line += " (rules in " + rules_dir(options) + " do not load)";
    }
    return line;
}

}  // namespace embargo::cli
