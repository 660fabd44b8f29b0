#pragma once
// src/engine/ holds the compiled engine: this header's flat tables,
// engine.cpp, which builds them once and judges one record at a time, and
// engine_access.hpp, the unchecked path for the library's own callers.
//
// The compiled form of a rule set: flat sorted arrays the engine scans.
//
// Goods: the key space is cut at every boundary of every measure's certain
// and disputed intervals; each elementary segment lists the measures that
// reach it. A record's code is an interval; a binary search finds its first
// segment, and a record inside one segment (the common case: a 6- to
// 10-digit code) reads its candidates straight from that segment's list.
// Dates are day numbers; conditions stay in their compiled node arrays; facts
// are looked up by name in a sorted table once per record.

#include <array>
#include <climits>
#include <cstdint>
#include <string>
#include <vector>

#include "embargo/rules.hpp"

#include "base/pool_span.hpp"
#include "hs/edition_translation.hpp"
#include "lang/condition_eval.hpp"

namespace embargo::detail {

// A disputed scope: its intervals and its index in the rule's list.
struct compiled_dispute {
    span32 intervals;
    std::uint16_t index = 0;
};

// What a measure and an exemption have in common: goods (certain and
// disputed), validity, condition.
struct compiled_scope {
    span32 certain;         // into intervals; certain goods minus disputed goods
    span32 disputes;        // into disputes
    std::int32_t from = 0;  // validity [from, until) as day numbers
    std::int32_t until = 0;
    const condition* when = nullptr;  // null: always true
};

struct compiled_measure {
    compiled_scope scope;
    std::uint8_t direction = 0;  // embargo::direction bits
    std::uint8_t target = 0;     // index into compiled_rules::targets
    embargo::standing standing = standing::undisputed;
    // From this day on the measure may have been renewed, or not: records
    // reaching it are indeterminate. INT32_MAX for a measure that does not
    // expire.
    std::int32_t renewal_horizon = INT32_MAX;
    span32 exemptions;  // into exemption_refs
};

struct compiled_exemption {
    compiled_scope scope;
    bool quota = false;
};

// A declared fact as the engine reads it from a record.
struct compiled_fact {
    std::string name;
    fact_id id = 0;
    fact_type type = fact_type::boolean;
    fact_view fallback;               // the default, or unknown
    std::vector<std::string> values;  // allowed text values; empty = any
};

struct compiled_rules {
    std::vector<country_code> targets;  // distinct, in order of first measure
    // By country (26 * first letter + second): 1 + its index in targets, or
    // 0. A record's three countries find their targets in three loads,
    // however many regimes are loaded.
    std::array<std::uint8_t, std::size_t{26} * 26> target_of{};
    std::vector<hs_key> boundaries;  // segment i = [boundaries[i], boundaries[i+1])
    std::vector<std::uint32_t>
        segment_at;  // size boundaries.size(): start of segment i's candidates
    std::vector<std::uint32_t> candidates;  // measure indices, ascending within a segment
    std::vector<compiled_measure> measures;
    std::vector<compiled_exemption> exemptions;
    std::vector<std::uint32_t> exemption_refs;
    std::vector<hs_interval> intervals;
    std::vector<compiled_dispute> disputes;
    std::vector<compiled_fact> facts;  // declared facts, sorted by name
    std::size_t fact_count = 0;        // built-ins included
    // By fact id, fact_count of them: where a record's facts start, each
    // declared fact at its default and every other one unknown.
    std::vector<fact_view> fallbacks;
    edition_map editions;  // records coded in other HS editions
};

}  // namespace embargo::detail
