#pragma once
// The cap report: per quota and cap period, how much of each limit is used.
//
// What `embargo screen --caps` prints after the ledger has seen a batch: the
// total used for certain (the opening balance included), the cap, the
// percentage, and the days on which the Committee's notification thresholds
// (75 %, 90 %, 95 %) were reached and the cap was first exceeded. Where some
// use is unknown or may count (straddling records, records whose quota may
// hold), the report also gives the upper bound and how many records are
// unsure, so that a total is never read as complete when it is not. Plain
// structs, rendered as aligned text or as JSON (docs/ledger.md shows both).

#include <cstddef>
#include <string>
#include <vector>

#include "embargo/export.hpp"
#include "embargo/ledger.hpp"

namespace embargo {

struct EMBARGO_API cap_report_row {
    std::string exemption;  // "2397/OP5-cap"
    std::string citation;   // "S/RES/2397(2017) OP5"
    std::string quota;      // describe(quota): "500,000 bbl per calendar year from 2018-01-01"
    validity period;
    std::string period_label;  // "2018"
    cap_balance balance;
};

struct EMBARGO_API cap_report {
    std::vector<cap_report_row> rows;  // by exemption in rule order, then period
};

EMBARGO_API cap_report make_cap_report(const cap_ledger& ledger);

// One table: quota, period, used, cap, %, 75 %, 90 %, 95 %, exceeded, one
// line per limit; threshold columns give the day, `opening` when the opening
// balance reached it, `-` when not reached. A line per unsure total follows.
EMBARGO_API std::string format_text(const cap_report& report);

// {"caps": [{"exemption", "citation", "quota", "period": {"from", "until",
// "label"}, "opened", "exhausted", "records": {"counted", "uncertain"},
// "limits": [{"unit", "cap", "opening", "used", "upper" (null when
// unbounded), "unknown", "percent", "thresholds": [{"percent", "reached",
// "on", "record", "line"}], "exceeded"}]}]}. Dates are YYYY-MM-DD; "until"
// is exclusive and null when open-ended; "on" is null for the opening balance.
EMBARGO_API std::string format_json(const cap_report& report);

}  // namespace embargo
