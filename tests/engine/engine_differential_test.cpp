// The compiled engine must agree with the reference evaluator, finding for
// finding, on every record the generators can produce.

#include <array>
#include <random>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"

#include "engine/engine_access.hpp"
#include "support/reference_evaluator.hpp"
#include "support/rule_generator.hpp"

using namespace embargo;

namespace {

std::string show(const verdict& v) {
    std::string out = std::string(to_string(v.status)) + " [";
    for (const auto& f : v.findings)
        out += " m" + std::to_string(f.measure) + ":" + std::string(to_string(f.status)) + " e" +
               (f.exemption == no_exemption ? std::string("-") : std::to_string(f.exemption)) +
               " r" + std::to_string(f.reasons) + " d" + std::to_string(f.disputed) + " x" +
               std::to_string(f.missing) + " o" + std::to_string(f.open_exemptions);
    return out + " ]";
}

}  // namespace

TEST_CASE("the compiled engine agrees with the reference evaluator on 120,000 generated records") {
    constexpr int rule_sets = 40;
    constexpr int records_per_set = 3000;
    std::array<int, 5> seen{};
    int compared = 0, translated = 0, indirect = 0, open_exemptions = 0, renewal = 0,
        disputed_standing = 0;
    std::array<int, 3> readings{};
    for (int seed = 0; seed < rule_sets; ++seed) {
        std::mt19937_64 rng(static_cast<std::uint64_t>(seed) * 7919 + 17);
        const auto sources = testing::generate_rule_set(rng);
        // An instrument of disputed standing is read unchosen, in force or
        // void, by turns.
        load_options options;
        const bool has_standing = std::any_of(sources.begin(), sources.end(), [](const auto& s) {
            return s.text.find("standing:") != std::string::npos;
        });
        if (has_standing && seed % 3 != 0)
            options.standing["GEN/0"] = seed % 3 == 1 ? standing::in_force : standing::void_;
        if (has_standing) ++readings[static_cast<std::size_t>(seed % 3)];
        const auto loaded = load_rules(sources, "gen", {}, options);
        if (!loaded.ok()) {
            std::string errors;
            for (const auto& d : loaded.diagnostics()) errors += format(d) + "\n";
            FAIL("generated rule set " << seed << " does not load:\n"
                                       << errors << testing::dump_yaml(sources));
        }
        const auto engine = engine::compile(loaded.value());
        verdict fast;
        for (int k = 0; k < records_per_set; ++k) {
            const trade_record record = testing::generate_record(rng);
            // Unchecked on purpose: generated facts may be malformed, which
            // both evaluators read as unknown (reason_bad_fact).
            detail::engine_access::evaluate(*engine, record, fast);
            const verdict slow = testing::reference_evaluate(*loaded.value(), record);
            ++compared;
            ++seen[static_cast<std::size_t>(fast.status)];
            for (const auto& f : fast.findings) {
                translated += (f.reasons & reason_translated) != 0 ? 1 : 0;
                indirect += (f.reasons & reason_indirect) != 0 ? 1 : 0;
                open_exemptions += f.open_exemptions != 0 ? 1 : 0;
                renewal += (f.reasons & reason_renewal_unverified) != 0 ? 1 : 0;
                disputed_standing += (f.reasons & reason_standing_disputed) != 0 ? 1 : 0;
            }
            if (fast.status != slow.status || fast.findings != slow.findings) {
                FAIL("rule set " << seed << ", record " << k << ": " << testing::dump_record(record)
                                 << "\n  engine:    " << show(fast)
                                 << "\n  reference: " << show(slow) << "\n"
                                 << testing::dump_yaml(sources));
            }
        }
    }
    CHECK(compared >= 100'000);
    // The generators must reach codes read through another HS edition,
    // goods of the target's origin shipped by third states, open exemptions
    // and every verdict, or agreement proves little.
    CHECK(translated > 1000);
    CHECK(indirect > 1000);
    CHECK(open_exemptions > 1000);
    // ... and records past a renewal horizon, measures of disputed standing,
    // and each reading of it.
    CHECK(renewal > 1000);
    CHECK(disputed_standing > 500);
    for (int n : readings) CHECK(n > 0);
    for (std::size_t s = 0; s < seen.size(); ++s) {
        INFO("verdict " << to_string(static_cast<status>(s)));
        CHECK(seen[s] > 100);
    }
}
