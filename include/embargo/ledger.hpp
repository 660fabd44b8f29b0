#pragma once
// The cap ledger: quota use summed across records, per quota and cap period.
//
// One record cannot say whether a cap is exhausted; a batch can. The engine
// stays pure (one record in, one verdict out) and marks a record `capped`
// when a quota exemption holds. The ledger then sums each quota's use per
// cap period (a calendar year, a 12-month period from the quota's start, or
// one period for a `once` quota) in each limit's unit, and revises the
// verdict: the record that takes a limit past its cap, and every record after
// it in that period, becomes `prohibited` (reason_cap_exhausted); a record
// whose use cannot be counted, or whose place against the cap depends on
// uses the ledger does not know, becomes `indeterminate` (reason_cap_unknown).
// Nothing is ever counted as zero for want of a unit or a figure.
//
// Order. apply() of one record takes call order as delivery order: a
// compliance tool that keeps one ledger across calls feeds its shipments as
// they happen. apply() of a batch takes order from the records' periods only:
// a record whose period ends before another's begins came first; records
// whose periods overlap (two lines of the same month) are unordered, and a
// record is `prohibited` only if it crosses the cap in every order they could
// have come in, `capped` only if it stays within it in every order. So the
// verdicts of a batch never depend on the order of its lines. docs/ledger.md
// has the whole rule set, with examples.
//
// A ledger is a value: copy it to ask "what if" without touching the
// original. It is not thread-safe; keep one per screen or per caller.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/calendar.hpp"
#include "embargo/diagnostic.hpp"
#include "embargo/engine.hpp"
#include "embargo/export.hpp"
#include "embargo/record.hpp"
#include "embargo/rules.hpp"
#include "embargo/verdict.hpp"

namespace embargo {

// How an amount in one unit becomes an amount in a quota limit's unit.
struct EMBARGO_API unit_path {
    double factor = 1;  // one unit of the record's is `factor` of the limit's
    // The rule file's cross-dimension factor, when one was needed (null
    // within a dimension). A declared t -> bbl factor is a fact about the
    // product, so it also converts bbl to t (`inverted`).
    const unit_conversion* declared = nullptr;
    bool inverted = false;
};

// The path from `from` to `to` for quota `q`: within a dimension by
// same_dimension_factor; across dimensions only through a factor `q`
// declares, used either way and combined with same-dimension steps (kg ->
// t -> bbl -> m3). Where declared factors disagree, the one that counts the
// larger use wins: a choice of factor never frees room under a cap. nullopt
// when there is no path.
EMBARGO_API std::optional<unit_path> quota_unit_path(const quota& q, unit from, unit to) noexcept;

// The cap period of exemption `e`'s quota that holds day `d`: the calendar
// year (the first one starting at the quota's start), the 12-month period
// from the start (a start on 29 February steps to 1 March in other years), or
// [start, the exemption's `until`) for `once`. nullopt before the start,
// after a `once` period, or when `e` has no quota.
EMBARGO_API std::optional<validity> cap_period(const exemption& e, day d) noexcept;

// "2018" for a whole calendar year, else "2017-12-22 to 2018-12-21" (last
// day inclusive), "from 2016-11-30" for an open-ended `once` period.
EMBARGO_API std::string period_label(const validity& period);

// What the ledger made of one finding of one record.
enum class cap_outcome : std::uint8_t {
    counted,      // within the cap in every order: stays capped
    crossed,      // this record takes a limit past its cap: prohibited
    exhausted,    // a limit was past its cap before this record: prohibited
    uncertain,    // within or past the cap depending on uses or an order the
                  // ledger does not know: indeterminate
    uncountable,  // this record's own use cannot be counted: indeterminate
    straddles,    // the record's period straddles two cap periods: indeterminate
    outside,      // the record's period lies partly outside every cap period: indeterminate
    may_count,    // the use may count against the cap, and the status stays
                  // as it was: an indeterminate finding whose quota may hold,
                  // or a capped one whose measure may not reach the record
                  // (a chapter-level code) and that fits in every case
};

EMBARGO_API std::string_view to_string(cap_outcome o) noexcept;

// Why a record's use in a limit's unit is unknown.
enum class use_gap : std::uint8_t {
    none,
    no_quantity,    // the record gives no quantity
    bad_quantity,   // negative or not finite
    no_conversion,  // another dimension and no factor declared for it
    no_value,       // a USD limit and the record gives no value
    not_usd,        // a USD limit and the value is in another currency
    bad_value,      // negative or not finite
};

EMBARGO_API std::string_view to_string(use_gap g) noexcept;

// One limit of a note.
struct EMBARGO_API limit_note {
    std::size_t limit = 0;          // index into the quota's limits
    std::optional<double> use;      // this record's use in the limit's unit
    use_gap gap = use_gap::none;    // why `use` is missing
    std::optional<unit_path> path;  // how `use` was converted (none for USD)
    double before = 0;              // used in the period before this record, for certain
    double before_max = 0;          // at most (infinity when some use is unknown)
    double cap = 0;

    // After this record, for certain: what the cap report adds up.
    double after() const noexcept { return before + use.value_or(0); }
};

// The ledger's account of one finding: which cap, the period, the running
// totals. describe() renders it ("cap 2397/OP5-cap exhausted: 512,400 of
// 500,000 bbl used in 2018").
struct EMBARGO_API ledger_note {
    std::size_t entry = 0;                   // index of the record in the batch given to apply()
    std::size_t finding = 0;                 // index into that record's verdict.findings
    std::uint32_t exemption = no_exemption;  // the quota exemption
    cap_outcome outcome = cap_outcome::counted;
    validity period;  // the cap period; for straddles and outside, the span of those touched
    status before = status::capped;  // the finding's status from the engine
    status after = status::capped;   // and from the ledger
    std::vector<limit_note> limits;  // every limit of the quota, in its order
};

EMBARGO_API std::string describe(const ledger_note& n, const rule_set& rules,
                                 const trade_record& record);

// The Committee's notification thresholds, in percent of a limit.
inline constexpr std::array<int, 3> cap_thresholds{75, 90, 95};

// When a limit's certain use first reached a threshold: the last day of the
// record that reached it (for a month, the month's last day: the day by
// which it was certainly reached). No day when the opening balance did.
struct EMBARGO_API threshold_mark {
    std::optional<day> on;
    std::string record;    // that record's id
    std::size_t line = 0;  // its input line; 0 when not given
};

struct EMBARGO_API limit_balance {
    quota_limit limit;
    double opening = 0;
    double used = 0;          // for certain, the opening balance included
    double upper = 0;         // at most; infinity when some use is unknown
    std::size_t unknown = 0;  // records whose use here has no known bound
    std::array<std::optional<threshold_mark>, cap_thresholds.size()> reached;
    std::optional<threshold_mark> exceeded;  // the certain use first went past the cap

    double percent() const noexcept { return limit.amount > 0 ? used / limit.amount * 100 : 0; }
};

// One quota in one cap period.
struct EMBARGO_API cap_balance {
    std::uint32_t exemption = no_exemption;
    validity period;
    std::vector<limit_balance> limits;  // the quota's limits, in its order
    std::size_t counted = 0;            // records whose use falls in this period for certain
    std::size_t uncertain = 0;  // records whose use may fall in it (straddles, may_count, outside)
    bool opened = false;        // an opening balance was given

    bool exhausted() const noexcept;
};

// A record given to apply() with its engine verdict, which apply() revises.
struct EMBARGO_API ledger_entry {
    const trade_record* record = nullptr;
    embargo::verdict* verdict = nullptr;
    std::size_t line = 0;  // input line for notes and threshold marks; 0 = none
};

class EMBARGO_API cap_ledger {
public:
    // `judge` must be the engine the verdicts come from. The ledger asks it
    // whether a capped finding's measure certainly reaches the record
    // (engine::applies): only then does the record's use count for certain.
    explicit cap_ledger(std::shared_ptr<const engine> judge);
    ~cap_ledger();
    cap_ledger(const cap_ledger& other);
    cap_ledger& operator=(const cap_ledger& other);
    cap_ledger(cap_ledger&&) noexcept;
    cap_ledger& operator=(cap_ledger&&) noexcept;

    // Opens cap period `period_start` of quota exemption `exemption_id` with
    // what was used before the ledger began, one amount per limit in the
    // quota's order and units. Errors:
    // `ledger.unknown-exemption`, `ledger.not-a-quota`, `ledger.bad-period`
    // (not the first day of a cap period), `ledger.bad-balance` (wrong count,
    // negative or not finite), `ledger.already-open` (the period has a
    // balance or uses already).
    result<void> open(std::string_view exemption_id, day period_start,
                      const std::vector<double>& used_per_limit);

    // Counts one record, after every record counted before (call order is
    // delivery order), and revises `v`: its capped findings may become
    // prohibited or indeterminate, and its status is the most severe again.
    std::vector<ledger_note> apply(const trade_record& record, verdict& v);

    // The same without counting: what apply() would say now.
    std::vector<ledger_note> assess(const trade_record& record, verdict& v) const;

    // Counts a batch after every record counted before, ordered by period
    // only (see the header comment): the verdicts do not depend on the order
    // of `entries`. Notes name their entry by index.
    std::vector<ledger_note> apply(std::span<const ledger_entry> entries);

    // Whether apply() has anything to do with this verdict: a capped finding,
    // or an indeterminate one whose measure has a quota that may hold.
    bool concerns(const trade_record& record, const verdict& v) const;

    // Every quota and period with a balance or a use, by exemption in rule
    // order, then by period.
    std::vector<cap_balance> balances() const;
    // The balance of the period of `exemption_id` that holds `d`, if any.
    std::optional<cap_balance> balance(std::string_view exemption_id, day d) const;

    const rule_set& rules() const noexcept;
    const std::shared_ptr<const engine>& shared_engine() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

// A whole batch through the ledger, as `embargo screen` runs it: offer every
// judged row, then run() once. Keeps only the rows the ledger concerns
// (concerns()), so memory follows the capped rows, not the file.
class EMBARGO_API cap_batch {
public:
    explicit cap_batch(cap_ledger ledger);
    explicit cap_batch(std::shared_ptr<const engine> judge);

    // Keeps the row if the ledger concerns it; returns whether it did.
    bool add(std::size_t line, const trade_record& record, const verdict& v);

    struct row {
        std::size_t line = 0;
        trade_record record;
        embargo::verdict verdict;        // revised by run()
        std::vector<ledger_note> notes;  // `entry` is this row's index in run()'s result
    };

    // Applies the ledger to every kept row and returns them in line order
    // (ties in the order added). Call once; later calls return nothing.
    std::vector<row> run();

    std::size_t size() const noexcept { return rows_.size(); }
    const cap_ledger& ledger() const noexcept { return ledger_; }

private:
    cap_ledger ledger_;
    std::vector<row> rows_;
};

}  // namespace embargo
