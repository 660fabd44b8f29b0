#pragma once
// The rules the repository ships (rules/un/dprk), loaded and compiled once
// per test run; a load error fails the test that asked first, with every
// diagnostic.

#include <memory>
#include <string>

#include "embargo/engine.hpp"
#include "embargo/rules.hpp"

namespace embargo::testing {

// EMBARGO_SOURCE_DIR "/rules/un/dprk".
const std::string& shipped_rules_dir();
const std::shared_ptr<const engine>& shipped_engine();
// shipped_engine()->rules().
const rule_set& shipped_rules();

}  // namespace embargo::testing
