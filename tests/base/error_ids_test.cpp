// docs/errors.md lists every diagnostic id the code reports, and no other:
// ids are an interface tools match on, so a new one must be documented and
// a documented one must not silently disappear.
//
// The code's ids are the string literals of the form "namespace.name" in
// src/ and include/ whose namespace is one of the documented ones; the
// page's are the ids in the first column of its tables.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <doctest/doctest.h>

namespace {

namespace fs = std::filesystem;

const std::string id_namespaces =
    "yaml|rules|fact|hs|selector|condition|date|period|record|csv|jsonl|check|test|audit|ledger|"
    "screen|profile";

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

std::set<std::string> ids_in_code() {
    // A literal that is an id, not a file name such as "screen.hpp".
    const std::regex literal("\"((?:" + id_namespaces + ")\\.[a-z]+(?:-[a-z]+)*)(-?)\"");
    std::set<std::string> ids;
    for (const char* dir : {"src", "include"}) {
        for (const auto& entry :
             fs::recursive_directory_iterator(fs::path(EMBARGO_SOURCE_DIR) / dir)) {
            const auto ext = entry.path().extension();
            if (ext != ".cpp" && ext != ".hpp") continue;
            const std::string text = read_all(entry.path());
            for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it) {
                const std::string id = (*it)[1];
                if (id.ends_with(".hpp") || id.ends_with(".cpp")) continue;
                // "test.uncovered-" + kind: the report builds both ids.
                if ((*it)[2].length() > 0) {
                    ids.insert(id + "-measure");
                    ids.insert(id + "-exemption");
                    continue;
                }
                ids.insert(id);
            }
        }
    }
    return ids;
}

std::set<std::string> ids_in_page() {
    const std::regex row("^\\| `([a-z]+\\.[a-z-]+)` \\|");
    std::set<std::string> ids;
    std::istringstream page(read_all(fs::path(EMBARGO_SOURCE_DIR) / "docs" / "errors.md"));
    std::string line;
    std::smatch m;
    while (std::getline(page, line))
        if (std::regex_search(line, m, row)) ids.insert(m[1]);
    return ids;
}

std::string listed(const std::set<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += " " + id;
    return out;
}

}  // namespace

TEST_CASE("every error id the code reports is in docs/errors.md") {
    const auto code = ids_in_code();
    const auto page = ids_in_page();
    REQUIRE(code.size() > 100);  // the scan found the sources
    std::set<std::string> undocumented, stale;
    std::set_difference(code.begin(), code.end(), page.begin(), page.end(),
                        std::inserter(undocumented, undocumented.end()));
    std::set_difference(page.begin(), page.end(), code.begin(), code.end(),
                        std::inserter(stale, stale.end()));
    INFO("reported but not in docs/errors.md:" << listed(undocumented));
    INFO("in docs/errors.md but never reported:" << listed(stale));
    CHECK(undocumented.empty());
    CHECK(stale.empty());
}
