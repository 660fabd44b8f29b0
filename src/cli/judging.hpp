#pragma once
// What check and screen say about a verdict, in the same words: which
// findings decided it, their citations and reasons, what would settle an
// indeterminate one, the HS description of a code, and --fail-on.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/record.hpp"
#include "embargo/rules.hpp"
#include "embargo/verdict.hpp"

namespace embargo::cli {

// --fail-on: a status name, or `none` (threshold nullopt: nothing fails).
struct fail_on {
    std::optional<status> threshold = status::indeterminate;
    bool reached(status s) const noexcept { return threshold && s >= *threshold; }
};
std::optional<fail_on> parse_fail_on(std::string_view text);
inline constexpr std::string_view fail_on_help =
    "Exit 1 when a verdict is at least this severe: prohibited, indeterminate (default), capped, "
    "carved_out, "
    "unrestricted, or none";

// A remark a later stage adds to one finding's reason: the cap ledger's
// running total ("cap 2397/OP5-cap exhausted: 510,000 of 500,000 bbl used
// in 2018").
struct finding_note {
    std::size_t finding = 0;  // index into the verdict's findings
    std::string text;
};

// The findings that reached the verdict's status (none for `unrestricted`),
// rendered as screen's `measures`, `citations` and `reason` columns. Reused
// from row to row to spare allocations.
struct decided_findings {
    std::vector<std::string_view> measures;   // ids, in rule-set order
    std::vector<std::string_view> citations;  // distinct, in order
    std::vector<std::string> reasons;         // one per measure
    std::size_t count = 0;                    // reasons[0 .. count) are this row's

    // Each note is appended to its finding's reason after "; ".
    void fill(const verdict& v, const rule_set& rules, const trade_record& record,
              std::span<const finding_note> notes = {});
    std::string measures_text() const;   // "2371/OP8;2375/OP13-condensate"
    std::string citations_text() const;  // "S/RES/2371(2017) OP8; S/RES/2375(2017) OP13"
    std::string reason_text() const;     // reasons joined with " | "
};

// The description of `code`: the deepest prefix (down to the chapter) that
// some edition knows, preferring the edition in force on `dated` (a record's
// date: an HS2022 code of 2022 is described as HS2022 has it), then the
// regime's, then the newest. `described` is the code (or prefix) described,
// `edition` the edition's name. nullopt when no edition knows it.
struct hs_text {
    std::string description;
    hs_code described;
    std::string edition;
};
std::optional<hs_text> describe_code(const rule_set& rules, const hs_code& code,
                                     std::optional<day> dated = std::nullopt);

// What would settle an indeterminate verdict: the missing facts by name,
// then "a more detailed HS code", "a day-level date", and for a disputed
// scope "a reading of note N1 (no fact settles it)".
std::vector<std::string> would_settle(const verdict& v, const rule_set& rules);

}  // namespace embargo::cli
