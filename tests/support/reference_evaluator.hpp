#pragma once
// The reference evaluator: the verdict semantics of DESIGN.md written as
// plainly as possible, walking every measure and every exemption straight from
// the loaded definitions, with facts looked up by name and parsed on every
// read. It is slow on purpose and shares no code with the compiled engine
// beyond the public parsing helpers; the differential test holds the engine
// to it on many generated records, as RE2's tests hold its fast matchers to
// a backtracker.

#include "embargo/record.hpp"
#include "embargo/rules.hpp"
#include "embargo/verdict.hpp"

namespace embargo::testing {

verdict reference_evaluate(const rule_set& rules, const trade_record& record);

}  // namespace embargo::testing
