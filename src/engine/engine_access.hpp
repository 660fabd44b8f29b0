#pragma once
// The engine's unchecked paths, for the library's own code and its tests.
//
// The public engine judges only checked records. Inside the library the cap
// ledger asks applies() of records the screen has checked already, and the
// differential tests and fuzzers feed the engine and the reference
// evaluator records with malformed facts on purpose (the engine reads them
// as unknown, reason_bad_fact). Not installed.

#include <cstdint>
#include <optional>

#include "embargo/engine.hpp"

namespace embargo::detail {

struct engine_access {
    static void evaluate(const engine& e, const trade_record& record, verdict& out) {
        e.evaluate_unchecked(record, out);
    }
    static verdict evaluate(const engine& e, const trade_record& record) {
        verdict v;
        e.evaluate_unchecked(record, v);
        return v;
    }
    static std::optional<bool> applies(const engine& e, const trade_record& record,
                                       std::uint32_t measure) {
        return e.applies_unchecked(record, measure);
    }
};

}  // namespace embargo::detail
