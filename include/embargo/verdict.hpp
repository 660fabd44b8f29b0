#pragma once
// Verdicts and findings: what the engine says of one record, and why.
//
// A record's verdict is the most severe status over all measures that touched
// it: prohibited > indeterminate > capped > carved_out > unrestricted. Each
// measure that touched it leaves one finding with the measure, the exemption
// that applied (or might have), the status, and the reasons the engine could
// not be sure, so that `indeterminate` always names what it would need to
// know. Findings hold indices into the rule set, not strings: evaluation does
// not allocate; describe() renders the one-line reason when asked.

#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/export.hpp"

namespace embargo {

class rule_set;
struct measure;
struct exemption;
struct trade_record;

// Ordered by severity: a larger value is more severe.
enum class status : std::uint8_t { unrestricted, carved_out, capped, indeterminate, prohibited };

EMBARGO_API std::string_view to_string(status s) noexcept;
EMBARGO_API std::optional<status> parse_status(std::string_view text) noexcept;

// Why a finding is not certain, or what decided it. A bit set.
enum reason : std::uint16_t {
    reason_goods_partial = 1u << 0,             // the record's code is coarser than the goods
    reason_goods_disputed = 1u << 1,            // the code is in a disputed scope (note)
    reason_period_partial = 1u << 2,            // the period straddles the validity
    reason_condition_unknown = 1u << 3,         // the measure's `when` hinged on missing facts
    reason_exemption_unknown = 1u << 4,         // an exemption might hold; its facts are missing
    reason_exemption_goods_partial = 1u << 5,   // the code is coarser than the exemption's goods
    reason_exemption_period_partial = 1u << 6,  // the period straddles the exemption's window
    reason_bad_fact = 1u << 7,                  // a fact the record gives could not be read
    reason_cap_exhausted = 1u << 8,             // the ledger found the quota used up
    reason_cap_unknown = 1u << 9,               // the ledger could not count the record
    reason_exemption_disputed = 1u << 10,       // the code is in an exemption's disputed scope
    reason_indirect = 1u << 11,  // goods of the target's origin, shipped by a third state
    reason_translated =
        1u << 12,  // the code was read in the rules' HS edition (moved/split/merged)
    reason_renewal_unverified = 1u << 13,  // after the measure's expiry and its regime's `verified`
    reason_standing_disputed = 1u << 14,   // the instrument's legal effect is disputed (note)
};

inline constexpr std::uint32_t no_exemption = std::numeric_limits<std::uint32_t>::max();

struct EMBARGO_API finding {
    std::uint32_t measure = 0;               // index into rule_set::measures()
    std::uint32_t exemption = no_exemption;  // the one that holds, or the open one
    embargo::status status = status::unrestricted;
    std::uint16_t reasons = 0;   // reason bits
    std::uint16_t disputed = 0;  // the disputed scope, with reason_goods_disputed
    std::uint64_t missing = 0;   // facts (mask of fact ids) that would settle it
    // When indeterminate: the exemptions of the measure that might hold, bit
    // i for the i-th exemption carving out of it in rule-set order (the
    // first 32), so that the reason names each with its own doubt.
    std::uint32_t open_exemptions = 0;

    friend bool operator==(const finding&, const finding&) = default;
};

struct EMBARGO_API verdict {
    embargo::status status = status::unrestricted;
    std::vector<finding> findings;  // in rule-set order of the measures
    // The rule set that judged it (set by engine::evaluate), which the
    // findings' indices point into; null before any evaluation.
    const rule_set* rules = nullptr;

    void clear() noexcept {
        status = status::unrestricted;
        findings.clear();
    }
    // The union of the missing-fact masks of every indeterminate finding.
    std::uint64_t missing_facts() const noexcept;

    // What a finding of this verdict names, resolved through `rules`: its
    // measure (id, citation, source), and the exemption that holds or is
    // open (nullptr: none). std::logic_error when the verdict has no rule
    // set or the finding's indices are not in it.
    const embargo::measure& measure_of(const finding& f) const;
    const embargo::exemption* exemption_of(const finding& f) const;
};

// One line on why: "no exemption holds", "unknown: product", "HS 27 is only
// partly covered (2701, 2702)", "disputed scope N1: ...", "exemption
// 2371/OP8-rajin holds". Names the missing facts, partial overlaps and the
// interpretation note, as the verdict semantics promise.
EMBARGO_API std::string describe(const finding& f, const rule_set& rules,
                                 const trade_record& record);
// The same for a finding of `v`, through the rule set that judged it.
EMBARGO_API std::string describe(const verdict& v, const finding& f, const trade_record& record);

}  // namespace embargo
