// libFuzzer target for shipment files (`embargo check --file`: a YAML or
// JSON map, a list of them, or {shipments: [...]}), against the shipped
// rules. Invariants: no crash, an input that yields no shipment says why, a
// shipment that is read passes the rule set's own check, and the engine and
// the reference evaluator judge it alike. Build and run: tests/fuzz/run.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "fuzz_support.hpp"
#include "io/record_yaml.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace embargo;
    const engine& e = fuzz::shipped_engine();
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    detail::yaml_limits limits;
    limits.max_depth = 16;  // small limits reach the limit paths with short inputs
    limits.max_nodes = 1024;
    std::vector<diagnostic> diagnostics;
    const auto records = detail::read_shipments(text, "fuzz.yaml", e.rules(), limits, diagnostics);
    if (records.empty())
        fuzz::require(has_errors(diagnostics), "a file without shipments says why");
    for (const auto& d : diagnostics) {
        fuzz::require(!d.id.empty() && !d.message.empty(), "a diagnostic has an id and a message");
        fuzz::require(d.where.file == "fuzz.yaml", "a diagnostic names the file");
    }
    for (const auto& r : records) {
        fuzz::require(r.line >= 1, "a shipment has a line");
        fuzz::require(&r.record.rules() == &e.rules() && e.rules().check(r.record.record()).ok(),
                      "a shipment that is read passes the rules' check");
        fuzz::check_against_reference(e, r.record.record());
    }
    return 0;
}
