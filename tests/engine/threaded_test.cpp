// One compiled engine shared by several threads gives each record the same
// verdict as a single-threaded run. include/embargo/engine.hpp promises an
// immutable, thread-safe engine (as RE2 does for a compiled regexp); this
// test is what ThreadSanitizer runs in scripts/test to hold it to that.

#include <array>
#include <random>
#include <thread>
#include <vector>

#include <doctest/doctest.h>

#include "embargo/engine.hpp"

#include "support/checked.hpp"
#include "support/inline_rules.hpp"
#include "support/rule_generator.hpp"

using namespace embargo;

TEST_CASE(
    "threads sharing one engine over the DPRK rules give every record the single-threaded "
    "verdict") {
    const auto loaded = load_rules(EMBARGO_SOURCE_DIR "/rules/un/dprk");
    REQUIRE_MESSAGE(loaded.ok(), testing::errors_of(loaded));
    const std::shared_ptr<const engine> shared = engine::compile(loaded.value());

    constexpr std::size_t record_count = 20'000;
    constexpr std::size_t thread_count = 4;
    std::mt19937_64 rng(2397);
    // The generator's facts are those of generated rule sets, which the DPRK
    // regime does not declare and a check refuses: each record keeps the
    // facts that check on their own, and gets some of the regime's own, so
    // that conditions and exemptions are evaluated too.
    const rule_set& rules = shared->rules();
    std::vector<checked_record> records;
    records.reserve(record_count);
    std::size_t with_facts = 0;
    for (std::size_t i = 0; i < record_count; ++i) {
        trade_record r = testing::generate_record(rng);
        std::vector<record_fact> given = std::move(r.facts);
        r.facts.clear();
        const std::array<record_fact, 5> regime_facts{{{"port", i % 3 == 0 ? "Rajin" : "Nampo"},
                                                       {"purpose", "livelihood"},
                                                       {"notified", i % 2 == 0 ? "true" : "false"},
                                                       {"origin_confirmed", "true"},
                                                       {"committee_approval", "false"}}};
        for (std::size_t k = 0; k < regime_facts.size(); ++k)
            if ((i >> k) % 2 == 1) given.push_back(regime_facts[k]);
        for (auto& f : given) {
            trade_record one = r;
            one.facts = {f};
            if (rules.check(std::move(one))) r.facts.push_back(std::move(f));
        }
        with_facts += r.facts.empty() ? 0 : 1;
        records.push_back(testing::checked(rules, std::move(r)));
    }
    CHECK(with_facts > record_count / 10);

    std::vector<verdict> expected(record_count);
    for (std::size_t i = 0; i < record_count; ++i) shared->evaluate(records[i], expected[i]);

    // Every thread judges every record, each from its own starting point, so
    // that the same record and the same parts of the engine are read by
    // several threads at once. Checks run on this thread once all are joined
    // (doctest's assertions are not meant for worker threads).
    std::vector<std::vector<verdict>> judged(thread_count, std::vector<verdict>(record_count));
    {
        std::vector<std::thread> threads;
        for (std::size_t t = 0; t < thread_count; ++t)
            threads.emplace_back([&, t] {
                verdict out;  // reused, as evaluate() invites
                for (std::size_t k = 0; k < record_count; ++k) {
                    const std::size_t i = (k + t * record_count / thread_count) % record_count;
                    shared->evaluate(records[i], out);
                    judged[t][i] = out;
                }
            });
        for (auto& thread : threads) thread.join();
    }

    std::array<int, 5> seen{};
    for (const auto& v : expected) ++seen[static_cast<std::size_t>(v.status)];
    for (std::size_t t = 0; t < thread_count; ++t)
        for (std::size_t i = 0; i < record_count; ++i) {
            const verdict& got = judged[t][i];
            const verdict& want = expected[i];
            // finding's operator== compares every field: measure, status,
            // exemption, reasons, missing facts, open exemptions.
            const bool same = got.status == want.status && got.findings == want.findings;
            if (!same)
                FAIL("thread " << t << ", record " << i << " ("
                               << testing::dump_record(records[i].record())
                               << "): " << to_string(got.status) << " with " << got.findings.size()
                               << " findings, single-threaded " << to_string(want.status)
                               << " with " << want.findings.size());
        }
    // The records must reach several verdicts, or agreement proves little.
    INFO("prohibited " << seen[static_cast<std::size_t>(status::prohibited)] << ", indeterminate "
                       << seen[static_cast<std::size_t>(status::indeterminate)] << ", unrestricted "
                       << seen[static_cast<std::size_t>(status::unrestricted)]);
    CHECK(seen[static_cast<std::size_t>(status::prohibited)] > 100);
    CHECK(seen[static_cast<std::size_t>(status::indeterminate)] > 100);
    CHECK(seen[static_cast<std::size_t>(status::unrestricted)] > 100);
}
