// libFuzzer target for the rule loader: one input is a whole rule directory.
// The input is cut at lines `%%`: the first part is un/dprk/regime.yaml, the
// others instrument files un/dprk/1.yaml, 2.yaml, ... (a part whose first
// line is `# tests` goes to un/dprk/tests/ as a rule-test file instead), next
// to the shipped HS nomenclature in hs/ (the shipped regime.yaml names it as
// ../../hs). Invariants: no crash, no hang, a rule set with any error is not
// returned, and one that loads is used as a user would: compiled, audited,
// drawn as a graph, its rule tests run, and records on its boundaries judged
// alike by the engine and by the reference evaluator. Build and run:
// tests/fuzz/run.

#include <cstddef>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/audit.hpp"
#include "embargo/relations.hpp"
#include "embargo/rule_tests.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace embargo;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::vector<rule_source> sources = fuzz::hs_sources();
    constexpr std::string_view separator = "\n%%\n";
    std::size_t start = 0;
    int part = 0;
    int tests = 0;
    while (start <= text.size() && part < 32) {
        const auto end = text.find(separator, start);
        const std::string_view chunk = text.substr(
            start, end == std::string_view::npos ? std::string_view::npos : end - start);
        std::string path;
        if (part == 0)
            path = "un/dprk/regime.yaml";
        else if (chunk.starts_with("# tests"))
            path = "un/dprk/tests/" + std::to_string(++tests) + ".yaml";
        else
            path = "un/dprk/" + std::to_string(part) + ".yaml";
        sources.push_back({path, std::string(chunk)});
        ++part;
        if (end == std::string_view::npos) break;
        start = end + separator.size();
    }

    load_limits limits;
    limits.max_nodes = 20'000;  // keeps the slowest inputs fast; the limit path is fuzzed as well
    const rules_result loaded = load_rules(sources, "un/dprk", limits);
    if (!loaded.ok()) {
        fuzz::require(has_errors(loaded.diagnostics()), "a rule set that does not load says why");
        return 0;
    }
    fuzz::require(!has_errors(loaded.diagnostics()), "a rule set with an error is never returned");
    const auto e = engine::compile(loaded.value());
    (void)audit(*loaded.value());
    (void)relation_graph_dot(*loaded.value());
    (void)relation_graph_json(*loaded.value());
    const auto suite = load_rule_tests(*loaded.value(), sources, "un/dprk", limits);
    (void)run_rule_tests(*e, suite);

    // Records on the boundaries of this rule set, from bytes that depend on
    // the input (so that a crash reproduces), judged both ways.
    const fuzz::boundaries b = fuzz::boundaries_of(*loaded.value());
    std::vector<std::uint8_t> bytes(512);
    std::mt19937_64 rng(std::hash<std::string_view>{}(text));
    for (auto& x : bytes) x = static_cast<std::uint8_t>(rng());
    fuzz::byte_reader in(bytes.data(), bytes.size());
    for (int i = 0; i < 16; ++i)
        fuzz::check_against_reference(*e, fuzz::decode_record(in, *loaded.value(), b));
    return 0;
}
