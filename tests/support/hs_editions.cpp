#include "support/hs_editions.hpp"

#include <fstream>
#include <map>
#include <sstream>

#include <doctest/doctest.h>

namespace embargo::testing {

std::string read_source_file(std::string_view relative_path) {
    const std::string path = std::string(EMBARGO_SOURCE_DIR) + "/" + std::string(relative_path);
    std::ifstream in(path, std::ios::binary);
    REQUIRE_MESSAGE(in.good(), "cannot open " << path);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

const hs_edition& shipped_edition(std::string_view name) {
    static std::map<std::string, hs_edition, std::less<>> cache;
    if (auto it = cache.find(name); it != cache.end()) return it->second;
    std::string file = "rules/hs/" + std::string(name) + ".csv";
    for (char& c : file) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    auto edition =
        hs_edition::read(std::string(name), read_source_file(file), file,
                         read_source_file("rules/hs/sections.csv"), "rules/hs/sections.csv");
    for (const diagnostic& d : edition.diagnostics()) MESSAGE(format(d));
    REQUIRE(edition.ok());
    REQUIRE(edition.diagnostics().empty());
    return cache.emplace(std::string(name), std::move(*edition)).first->second;
}

}  // namespace embargo::testing
