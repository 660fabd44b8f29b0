#include "rules/rule_sources.hpp"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <system_error>

namespace embargo::detail {

namespace fs = std::filesystem;

std::string normal_path(const std::string& path) {
    std::string out = fs::path(path).lexically_normal().generic_string();
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    return out.empty() ? std::string(".") : out;
}

std::string join_path(const std::string& dir, const std::string& name) {
    // An absolute name (`nomenclature: /usr/share/embargo/rules/hs`) stands alone.
    if (dir.empty() || dir == "." || fs::path(name).is_absolute()) return normal_path(name);
    return normal_path(dir + "/" + name);
}

namespace {

bool is_yaml(const std::string& name) {
    return name.size() > 5 && name.compare(name.size() - 5, 5, ".yaml") == 0;
}

std::vector<std::string> list(const std::string& dir, bool yaml_only) {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (!it->is_regular_file(ec)) continue;
        const std::string name = it->path().filename().string();
        if (!yaml_only || is_yaml(name)) out.push_back(join_path(dir, name));
    }
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

std::vector<std::string> filesystem_source::yaml_files(const std::string& dir) const {
    return list(dir, true);
}

std::vector<std::string> filesystem_source::files(const std::string& dir) const {
    return list(dir, false);
}

std::vector<std::string> filesystem_source::subdirectories(const std::string& dir) const {
    std::vector<std::string> out;
    std::error_code ec;
    for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
        if (it->is_directory(ec)) out.push_back(join_path(dir, it->path().filename().string()));
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<std::string> filesystem_source::read(const std::string& path, std::size_t max_bytes,
                                                   std::string& error) const {
    std::error_code ec;
    const auto size = fs::file_size(path, ec);
    if (ec) {
        error = "cannot read " + path + ": " + ec.message();
        return std::nullopt;
    }
    if (size > max_bytes) {
        error = path + " is " + std::to_string(size) + " bytes; the limit is " +
                std::to_string(max_bytes);
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open " + path;
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    return std::move(text).str();
}

std::optional<std::uintmax_t> filesystem_source::size(const std::string& path) const {
    std::error_code ec;
    const auto n = fs::file_size(path, ec);
    if (ec) return std::nullopt;
    return n;
}

memory_source::memory_source(const std::vector<rule_source>& sources) : sources_(sources) {}

std::vector<std::string> memory_source::files(const std::string& dir) const {
    const std::string d = normal_path(dir);
    std::vector<std::string> out;
    for (const auto& s : sources_) {
        const std::string p = normal_path(s.path);
        const auto slash = p.rfind('/');
        const std::string parent = slash == std::string::npos ? "." : p.substr(0, slash);
        if (parent == d) out.push_back(p);
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> memory_source::subdirectories(const std::string& dir) const {
    const std::string d = normal_path(dir);
    std::vector<std::string> out;
    for (const auto& s : sources_) {
        const std::string p = normal_path(s.path);
        if (d != "." &&
            (p.size() <= d.size() + 1 || p.compare(0, d.size(), d) != 0 || p[d.size()] != '/'))
            continue;
        const std::size_t start = d == "." ? 0 : d.size() + 1;
        const auto slash = p.find('/', start);
        if (slash != std::string::npos) out.push_back(p.substr(0, slash));
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

std::vector<std::string> regime_directories(const rule_file_source& source,
                                            const std::string& dir) {
    const std::string d = normal_path(dir);
    const auto holds_regime = [&](const std::string& candidate) {
        const auto files = source.yaml_files(candidate);
        return std::find(files.begin(), files.end(), join_path(candidate, "regime.yaml")) !=
               files.end();
    };
    if (holds_regime(d)) return {d};
    std::vector<std::string> out;
    for (const auto& sub : source.subdirectories(d))
        if (holds_regime(sub)) out.push_back(sub);
    return out;
}

std::vector<std::string> memory_source::yaml_files(const std::string& dir) const {
    auto all = files(dir);
    std::erase_if(all, [](const std::string& p) { return !is_yaml(p); });
    return all;
}

std::optional<std::string> memory_source::read(const std::string& path, std::size_t max_bytes,
                                               std::string& error) const {
    const std::string p = normal_path(path);
    for (const auto& s : sources_) {
        if (normal_path(s.path) != p) continue;
        if (s.text.size() > max_bytes) {
            error = p + " is " + std::to_string(s.text.size()) + " bytes; the limit is " +
                    std::to_string(max_bytes);
            return std::nullopt;
        }
        return s.text;
    }
    error = "no file " + p;
    return std::nullopt;
}

std::optional<std::uintmax_t> memory_source::size(const std::string& path) const {
    const std::string p = normal_path(path);
    for (const auto& s : sources_)
        if (normal_path(s.path) == p) return s.text.size();
    return std::nullopt;
}

}  // namespace embargo::detail
