#pragma once
// A record checked by a rule set, for tests that build records by hand: a
// record that does not check fails the test where it is made, with the
// rule set's reasons.

#include <string>
#include <utility>

#include <doctest/doctest.h>

#include "embargo/record.hpp"
#include "embargo/rules.hpp"

namespace embargo::testing {

inline checked_record checked(const rule_set& rules, trade_record record) {
    auto c = rules.check(std::move(record));
    if (!c) {
        std::string why;
        for (const auto& d : c.diagnostics()) why += format(d) + "\n";
        FAIL("the test's record does not check: ", why);
    }
    return std::move(c).value();
}

}  // namespace embargo::testing
