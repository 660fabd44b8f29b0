#pragma once
// src/lang/ holds the two small languages of rule files: goods selectors
// (selector.cpp, with the Spirit X3 grammar in selector_grammar.cpp) and
// conditions over facts (condition_grammar.cpp parses and type-checks, this
// header evaluates), and the typed facts they read (fact.cpp).
//
// Three-valued evaluation of a compiled condition over a record's facts.
//
// The engine reads a record's facts once into an array of fact_view indexed by
// fact id (built-ins first, as fact_table orders them) and evaluates every
// condition against it: no allocation, no string lookups. Kleene logic, with
// the set of unknown facts the result hinged on, so that an `indeterminate`
// verdict can name what would settle it.

#include <cstdint>
#include <string_view>

#include <boost/logic/tribool.hpp>

#include "embargo/condition.hpp"

namespace embargo::detail {

// One fact of one record, read according to its declared type. `known` is
// false when the record lacks the fact and it has no default, or when the
// record's text could not be read as the declared type.
struct fact_view {
    bool known = false;
    bool boolean = false;
    double number = 0;
    std::int32_t day = 0;   // days since 1970-01-01
    std::string_view text;  // text and country facts
};

// Evaluates `c` (an empty condition is true). `facts` has an entry for every
// fact id the condition reads. When the result is indeterminate, the ids of
// the unknown facts it hinged on are or-ed into `missing` (bit i = fact id i).
boost::logic::tribool evaluate(const condition& c, const fact_view* facts, std::uint64_t& missing);

}  // namespace embargo::detail
