#pragma once
// Small rule sets written inline in tests: a standard regime (target KP,
// HS2017, a few facts and notes) plus the instrument files a test gives.

#include <string>
#include <vector>

#include "embargo/engine.hpp"
#include "embargo/rules.hpp"

#include "support/rule_generator.hpp"

namespace embargo::testing {

inline const char* const standard_regime = R"(regime: test/inline
title: inline test regime
target: KP
hs_edition: HS2017
nomenclature: ../hs
facts:
  notified: {type: boolean, meaning: the Committee was notified}
  committee_approval: {type: boolean, meaning: approved in advance, default: false}
  contract_date: {type: date, meaning: contract signed}
  port: {type: text, meaning: port of loading, values: [Rajin, Nampo]}
  purpose: {type: text, meaning: purpose, values: [livelihood, commercial]}
  product: {type: text, meaning: product in a mixed subheading, values: [crude, condensate]}
notes:
  N1: Whether ferro-alloys are iron is disputed. The Panel reads HS 72.
  N7: Whether the wind-down reaches coal is unsure.
)";

// Sources for a regime in `t/`: regime.yaml (the standard one unless given)
// and `files` as {name, text} pairs.
inline std::vector<rule_source> inline_sources(
    const std::vector<std::pair<std::string, std::string>>& files,
    const std::string& regime = standard_regime) {
    std::vector<rule_source> s = hs_sources();
    s.push_back({"t/regime.yaml", regime});
    for (const auto& [name, text] : files) s.push_back({"t/" + name, text});
    return s;
}

inline rules_result load_inline(const std::vector<std::pair<std::string, std::string>>& files,
                                const std::string& regime = standard_regime) {
    return load_rules(inline_sources(files, regime), "t");
}

inline std::string errors_of(const rules_result& r) {
    std::string out;
    for (const auto& d : r.diagnostics()) out += format(d) + "\n";
    return out;
}

}  // namespace embargo::testing
