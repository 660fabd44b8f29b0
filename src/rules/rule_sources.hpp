#pragma once
// src/rules/ holds the rule files' front end, from bytes to a linked rule_set:
// the strict YAML tree (yaml_document), where files come from (this header),
// reading the schema and linking instruments, measures and exemptions
// (loader.cpp), the relation graph that orders them and finds cycles
// (relation_graph), and the lookups and record checks of a loaded set
// (rule_set.cpp).
//
// Where rule files come from: a directory on disk, or files read already
// (the command's embedded default rules, a fuzzer's input). The loader asks
// for files by path and never touches the filesystem itself, so both sources
// are checked by exactly the same code.

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "embargo/rules.hpp"

namespace embargo::detail {

class rule_file_source {
public:
    virtual ~rule_file_source() = default;
    // The `*.yaml` files directly in `dir` (not in subdirectories), sorted.
    virtual std::vector<std::string> yaml_files(const std::string& dir) const = 0;
    // Every file directly in `dir`, sorted.
    virtual std::vector<std::string> files(const std::string& dir) const = 0;
    // The directories directly in `dir`, as paths, sorted.
    virtual std::vector<std::string> subdirectories(const std::string& dir) const = 0;
    // The text of `path`, or nullopt with `error` set. Files larger than
    // `max_bytes` are not read (error says so).
    virtual std::optional<std::string> read(const std::string& path, std::size_t max_bytes,
                                            std::string& error) const = 0;
    // The size of `path` in bytes, or nullopt if it cannot be known.
    virtual std::optional<std::uintmax_t> size(const std::string& path) const = 0;
};

class filesystem_source final : public rule_file_source {
public:
    std::vector<std::string> yaml_files(const std::string& dir) const override;
    std::vector<std::string> files(const std::string& dir) const override;
    std::vector<std::string> subdirectories(const std::string& dir) const override;
    std::optional<std::string> read(const std::string& path, std::size_t max_bytes,
                                    std::string& error) const override;
    std::optional<std::uintmax_t> size(const std::string& path) const override;
};

class memory_source final : public rule_file_source {
public:
    explicit memory_source(const std::vector<rule_source>& sources);
    std::vector<std::string> yaml_files(const std::string& dir) const override;
    std::vector<std::string> files(const std::string& dir) const override;
    std::vector<std::string> subdirectories(const std::string& dir) const override;
    std::optional<std::string> read(const std::string& path, std::size_t max_bytes,
                                    std::string& error) const override;
    std::optional<std::uintmax_t> size(const std::string& path) const override;

private:
    const std::vector<rule_source>& sources_;
};

// The regime directories `dir` stands for: itself when it holds
// regime.yaml, else its subdirectories that do, in name order.
std::vector<std::string> regime_directories(const rule_file_source& source, const std::string& dir);

// `a/b/../c` -> `a/c`, with '/' separators; how both sources name files.
std::string normal_path(const std::string& path);
std::string join_path(const std::string& dir, const std::string& name);

}  // namespace embargo::detail
