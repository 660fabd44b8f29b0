#pragma once
// What is said about a verdict beyond each finding's one-line reason
// (verdict.hpp), in the words `embargo check` and `embargo screen` use: the
// findings that decided it with their citations and reasons (screen's
// `measures`, `citations` and `reason` columns), the HS description of a
// code, what would settle an indeterminate verdict, and a judged shipment
// as `check` prints it, as text or as JSON. Every function here returns
// text; none keeps state, and all may be called from any thread on a shared
// rule_set.

#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/calendar.hpp"
#include "embargo/export.hpp"
#include "embargo/hs.hpp"
#include "embargo/record.hpp"
#include "embargo/verdict.hpp"

namespace embargo {

class rule_set;

// A remark a later stage adds to one finding's reason: the cap ledger's
// running total ("cap 2397/OP5-cap exhausted: 510,000 of 500,000 bbl used
// in 2018").
struct EMBARGO_API finding_note {
    std::size_t finding = 0;  // index into the verdict's findings
    std::string text;
};

// The findings that reached the verdict's status (none for `unrestricted`),
// as screen's `measures`, `citations` and `reason` columns give them.
// Reused from row to row to spare allocations; the views point into the
// rule set.
struct EMBARGO_API decided_findings {
    std::vector<std::string_view> regimes;    // names of the measures' regimes, distinct, in order
    std::vector<std::string_view> measures;   // ids, in rule-set order
    std::vector<std::string_view> citations;  // distinct, in order
    std::vector<std::string> reasons;         // one per measure
    std::size_t count = 0;                    // reasons[0 .. count) are this row's

    // Each note is appended to its finding's reason after "; ".
    void fill(const verdict& v, const rule_set& rules, const trade_record& record,
              std::span<const finding_note> notes = {});
    // The cells as screen's CSV output has them, appended to `out`: the
    // regimes and the ids joined by ";", the citations by "; ", the reasons
    // by " | ".
    void join_regimes(std::string& out) const;
    void join_measures(std::string& out) const;
    void join_citations(std::string& out) const;
    void join_reasons(std::string& out) const;
};

// The description of `code`: the deepest prefix (down to the chapter) that
// some edition knows, preferring the edition in force on `dated` (a record's
// date: an HS2022 code of 2022 is described as HS2022 has it), then the
// regime's, then the newest. `described` is the code (or prefix) described,
// `edition` the edition's name. nullopt when no edition knows it.
struct EMBARGO_API hs_text {
    std::string description;
    hs_code described;
    std::string edition;
};
[[nodiscard]] EMBARGO_API std::optional<hs_text> describe_code(
    const rule_set& rules, const hs_code& code, std::optional<day> dated = std::nullopt);

// The code and its description on one line, as `check` prints it:
// "HS 5208.12  Woven fabrics of cotton ..." ("(no description)" when no
// edition knows it; the edition's name when it is not the regime's).
[[nodiscard]] EMBARGO_API std::string hs_line(const rule_set& rules, const hs_code& code,
                                              day dated);

// What would settle an indeterminate verdict: the missing facts by name,
// then "a more detailed HS code", "a day-level date", and for a disputed
// scope "a reading of note N1 (a disputed scope: no fact settles it)".
[[nodiscard]] EMBARGO_API std::vector<std::string> would_settle(const verdict& v,
                                                                const rule_set& rules);

// A shipment and what was said of it, as `check` explains it.
struct EMBARGO_API checked_shipment {
    checked_record record;
    std::string where;  // "file:line" for shipments from a file, else empty
    verdict result;
    std::size_t line = 0;             // in the file; 0 when not from one
    std::vector<finding_note> notes;  // the cap ledger's, by finding
};

// `check`'s text for one shipment: the HS line, the record, the facts, the
// verdict, every finding with its citation and reason, and what would settle
// an indeterminate verdict. `heading` starts it with "shipment ID (where)"
// (check --file does, for every shipment).
[[nodiscard]] EMBARGO_API std::string format_text(const checked_shipment& shipment,
                                                  const rule_set& rules, bool heading);
// `check`'s text for several: each as above, a blank line between them,
// then a count by verdict when there are more than one.
[[nodiscard]] EMBARGO_API std::string format_text(std::span<const checked_shipment> shipments,
                                                  const rule_set& rules, bool headings);

// `check --format json`: {"verdict": the most severe (null for no
// shipment), "shipments": [...]}, indented by two spaces, with a final
// newline; each shipment as the one-shipment overload gives it.
[[nodiscard]] EMBARGO_API std::string format_json(std::span<const checked_shipment> shipments,
                                                  const rule_set& rules);
// One shipment as an object: id, where (from a file only), hs_code,
// hs_description (with hs_described and hs_edition when known), exporter,
// importer, origin, date, quantity, unit, value_usd, facts, verdict,
// findings (measure, citation, status, exemption, reason, cap), missing_facts,
// would_settle and not_screened. Indented by two spaces, no final newline.
[[nodiscard]] EMBARGO_API std::string format_json(const checked_shipment& shipment,
                                                  const rule_set& rules);

// Ids of measures, exemptions and instruments one slip from `id`, nearest
// first (at most 5), for "did you mean".
[[nodiscard]] EMBARGO_API std::vector<std::string> near_ids(const rule_set& rules,
                                                            std::string_view id);

}  // namespace embargo
