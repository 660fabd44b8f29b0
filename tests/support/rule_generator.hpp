#pragma once
// Random rule sets and records for the differential test and the fuzzers:
// selectors over real HS2017 codes, dates, conditions over every fact type,
// disputed scopes, wind-downs, supersessions, exemptions and quotas, written
// as YAML so that they go through the real loader.

#include <random>
#include <string>
#include <vector>

#include "embargo/record.hpp"
#include "embargo/rules.hpp"

namespace embargo::testing {

// The shipped HS nomenclature files as rule sources under `hs/`.
const std::vector<rule_source>& hs_sources();

// Every 2-, 4- and 6-digit code of HS2017.
const std::vector<std::string>& hs2017_codes();

// A rule set in `gen/` (regime.yaml and instrument files), plus hs_sources().
std::vector<rule_source> generate_rule_set(std::mt19937_64& rng);

// A record over the facts generate_rule_set declares: codes at every level
// (chapter to 10-digit national), flows with and without the target KP,
// periods of a day, a month or a year, and facts present, absent, empty or
// malformed.
trade_record generate_record(std::mt19937_64& rng);

// The text of a rule set's YAML files, for a failure message.
std::string dump_yaml(const std::vector<rule_source>& sources);

// A record as one line, for a failure message.
std::string dump_record(const trade_record& r);

}  // namespace embargo::testing
