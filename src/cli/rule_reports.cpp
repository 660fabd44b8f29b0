#include "rule_reports.hpp"

#include <algorithm>
#include <filesystem>
#include <ostream>

#include "embargo/version.hpp"

namespace embargo::cli {

std::optional<global_options> with_positional_rules(const global_options& global,
                                                    const std::string& positional,
                                                    std::ostream& err) {
    global_options out = global;
    if (positional.empty()) return out;
    if (!global.rules.empty() && global.rules != std::vector<std::string>{positional}) {
        err << "embargo: the rules directory is given twice (" << positional
            << " and --rules); give it once\n";
        return std::nullopt;
    }
    out.rules = {positional};
    return out;
}

report_rules load_for_report(const global_options& options) {
    report_rules out;
    loaded_rules loaded;
    auto result = load_into(options, loaded);
    out.origin = loaded.origin;
    out.built_in = loaded.built_in;
    if (!result) {
        out.diagnostics = std::move(result).take_diagnostics();
        return out;
    }
    out.loaded = std::move(loaded);
    return out;
}

rule_test_suite load_tests(const loaded_rules& rules, bool selected) {
    // Each loaded regime's tests, then those of a directory of regimes (the
    // tests of regimes together) unless --regime left some of its out. The
    // loader names directories normalised (`rules/un/car/` is `rules/un/car`),
    // so a directory given as typed is compared the same way.
    const auto normal = [](const std::string& d) {
        std::string n = std::filesystem::path(d).lexically_normal().generic_string();
        while (n.size() > 1 && n.back() == '/') n.pop_back();
        return n;
    };
    std::vector<std::string> dirs;
    for (const auto& r : rules.rules->regimes())
        if (std::find(dirs.begin(), dirs.end(), r.dir) == dirs.end()) dirs.push_back(r.dir);
    if (!selected)
        for (const auto& d : rules.rule_dirs)
            if (std::find(dirs.begin(), dirs.end(), normal(d)) == dirs.end())
                dirs.push_back(normal(d));
    rule_test_suite all;
    for (const auto& d : dirs) {
        rule_test_suite one =
            rules.built_in ? load_rule_tests(*rules.rules, rules.sources, d, rules.limits)
                           : load_rule_tests(*rules.rules, std::filesystem::path(d), rules.limits);
        for (auto& t : one.tests) all.tests.push_back(std::move(t));
        for (auto& x : one.diagnostics) all.diagnostics.push_back(std::move(x));
        for (auto& f : one.files) all.files.push_back(std::move(f));
    }
    return all;
}

std::string display_path(std::string_view file, bool built_in) {
    const std::filesystem::path p{std::string(file)};
    if (built_in && p.is_relative()) return "rules/" + p.lexically_normal().generic_string();
    if (p.is_absolute()) {
        std::error_code ec;
        const auto cwd = std::filesystem::current_path(ec);
        if (!ec) {
            const auto relative = p.lexically_relative(cwd);
            if (!relative.empty() && *relative.begin() != "..") return relative.generic_string();
        }
        return p.lexically_normal().generic_string();
    }
    return p.lexically_normal().generic_string();
}

report_info info_for(const report_rules& rules) {
    report_info info;
    info.tool_version = std::string(version());
    info.rules = rules.origin;
    info.rules_loaded = rules.loaded.has_value();
    info.display_path = [built_in = rules.built_in](std::string_view f) {
        return display_path(f, built_in);
    };
    return info;
}

}  // namespace embargo::cli
