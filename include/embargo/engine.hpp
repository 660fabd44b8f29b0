#pragma once
// The compiled engine: one record in, one verdict out.
//
// A rule set compiles once into flat sorted arrays: the boundaries of every
// measure's goods intervals, and for each elementary interval between two
// boundaries the measures that reach it. Judging a record is then a binary
// search for its code, a short scan of candidate measures with dates as day
// numbers, and Kleene evaluation of their conditions over the record's facts.
// The object is immutable and thread-safe; evaluate() does no heap allocation
// once the caller's verdict has room for its findings. The tests keep a naive
// reference evaluator that walks every measure, and the two must agree.

#include <cstdint>
#include <memory>
#include <optional>

#include "embargo/export.hpp"
#include "embargo/record.hpp"
#include "embargo/rules.hpp"
#include "embargo/verdict.hpp"

namespace embargo {

namespace detail {
struct compiled_rules;
struct engine_access;
}  // namespace detail

class EMBARGO_API engine {
public:
    // Compiles a loaded rule set. Never fails: loading has checked it.
    static std::shared_ptr<const engine> compile(std::shared_ptr<const rule_set> rules);

    // Judges `record` into `out` (cleared first). Reuse `out` across calls
    // to avoid allocating. `record` must have been checked by this engine's
    // rule set (std::invalid_argument if not): fact ids and codes mean what
    // that rule set says.
    void evaluate(const checked_record& record, verdict& out) const;
    [[nodiscard]] verdict evaluate(const checked_record& record) const;

    // Whether measure `measure` (an index into rules().measures()) reaches
    // `record` before any exemption: its direction, goods, validity and
    // `when`. nullopt when the engine cannot tell (the code or the period only
    // partly covered, a fact missing). evaluate() reports a quota exemption
    // that holds as `capped` even where the measure only may apply; the cap
    // ledger asks this to know whether such a record's use counts for
    // certain.
    [[nodiscard]] std::optional<bool> applies(const checked_record& record,
                                              std::uint32_t measure) const;

    const rule_set& rules() const noexcept { return *rules_; }
    const std::shared_ptr<const rule_set>& shared_rules() const noexcept { return rules_; }

    engine(std::shared_ptr<const rule_set> rules,
           std::unique_ptr<const detail::compiled_rules> compiled);
    ~engine();
    engine(const engine&) = delete;
    engine& operator=(const engine&) = delete;

private:
    // The unchecked paths, for the library itself (the cap ledger judges
    // records the screen has checked already) and the tests that compare
    // the engine with the reference evaluator on malformed facts too.
    friend struct detail::engine_access;
    void evaluate_unchecked(const trade_record& record, verdict& out) const;
    std::optional<bool> applies_unchecked(const trade_record& record, std::uint32_t measure) const;
    void require_own(const checked_record& record) const;

    std::shared_ptr<const rule_set> rules_;
    std::unique_ptr<const detail::compiled_rules> compiled_;
};

}  // namespace embargo
