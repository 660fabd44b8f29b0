#pragma once
// A YAML document as a plain tree with source positions, built from
// yaml-cpp's parser events.
//
// yaml-cpp's Node API is lenient in ways a rule loader cannot be: it keeps the
// last of two duplicate keys without a word, expands aliases (the "billion
// laughs" bomb), and loses whether a scalar was quoted. Listening to the
// parser's events instead lets us report duplicates with both positions,
// refuse anchors and aliases, cap depth, size and node count, and keep
// line:col on every node for diagnostics. No yaml-cpp type leaves this unit.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/diagnostic.hpp"

namespace embargo::detail {

struct yaml_node {
    enum class kind : unsigned char { null, scalar, sequence, map };

    kind type = kind::null;
    std::string value;             // scalar text, exactly as written (no type conversion)
    bool quoted = false;           // the scalar was quoted or a block scalar (`|`, `>`)
    int line = 0;                  // 1-based
    int column = 0;                // 1-based
    std::vector<yaml_node> items;  // sequence
    std::vector<std::pair<yaml_node, yaml_node>> entries;  // map, in file order

    // Declared here, defined in the .cpp: an implicit destructor would make
    // std::pair<yaml_node, yaml_node> need itself complete while it is being
    // instantiated, which clang (and so clang-tidy) rejects.
    yaml_node() = default;
    yaml_node(const yaml_node&) = default;
    yaml_node(yaml_node&&) noexcept = default;
    yaml_node& operator=(const yaml_node&) = default;
    yaml_node& operator=(yaml_node&&) noexcept = default;
    ~yaml_node();

    bool is_null() const noexcept { return type == kind::null; }
    bool is_scalar() const noexcept { return type == kind::scalar; }
    bool is_sequence() const noexcept { return type == kind::sequence; }
    bool is_map() const noexcept { return type == kind::map; }

    // The value of map key `key` (keys compared as scalar text), or nullptr.
    const yaml_node* find(std::string_view key) const noexcept;
};

struct yaml_limits {
    std::size_t max_bytes = 4u << 20;
    std::size_t max_depth = 64;
    std::size_t max_nodes = 200'000;
};

// Parses one YAML document. Problems go to `diagnostics` with `file` and the
// position; ids: `yaml.syntax`, `yaml.duplicate-key` (the later key; the note
// names the first), `yaml.alias` (anchors and aliases are refused),
// `yaml.too-deep`, `yaml.too-large`, `yaml.too-many-nodes`, `yaml.encoding`
// (invalid UTF-8, a NUL byte, a control character or a lone CR),
// `yaml.multiple-documents`, `yaml.complex-key` (a map key that is not a
// scalar: the entry is dropped), `yaml.tag` (explicit tags such as `!!str` are
// refused: values are text, the schema gives them meaning). Columns count
// bytes. Returns nullopt when the document cannot
// be read at all; a duplicate key alone still returns the tree (first key
// kept) so that the loader can go on and report everything else. An empty
// file is a null node.
std::optional<yaml_node> parse_yaml(std::string_view text, const std::string& file,
                                    const yaml_limits& limits,
                                    std::vector<diagnostic>& diagnostics);

}  // namespace embargo::detail
