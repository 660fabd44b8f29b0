// libFuzzer target for the YAML front end, which reads files a stranger may
// have written. Beyond "no crash, no leak, no exception", it checks the
// promises the loader relies on: a failed parse says why, every diagnostic and
// every node has a 1-based position, and a returned map has unique scalar keys.
// Build and run: tests/fuzz/run.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"

#include "rules/yaml_document.hpp"

namespace {

void require(bool ok) {
    if (!ok) std::abort();
}

void check_tree(const embargo::detail::yaml_node& n) {
    require(n.line >= 1 && n.column >= 1);
    std::set<std::string> keys;
    for (const auto& [k, v] : n.entries) {
        require(k.is_scalar());
        require(keys.insert(k.value).second);
        check_tree(k);
        check_tree(v);
    }
    for (const auto& item : n.items) check_tree(item);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    embargo::detail::yaml_limits limits;
    limits.max_depth = 16;  // small limits reach the limit paths with short inputs
    limits.max_nodes = 256;
    std::vector<embargo::diagnostic> diagnostics;
    const auto root = embargo::detail::parse_yaml(text, "fuzz.yaml", limits, diagnostics);
    if (!root) require(embargo::has_errors(diagnostics));
    for (const auto& d : diagnostics) {
        require(std::string_view(d.id).starts_with("yaml."));
        require(d.where.line >= 1 && d.where.column >= 1);
        require(!d.message.empty());
    }
    if (root) check_tree(*root);
    return 0;
}
