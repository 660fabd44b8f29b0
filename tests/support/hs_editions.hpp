#pragma once
// The HS editions the project ships (rules/hs/), read once per test run.

#include <string>
#include <string_view>

#include "embargo/nomenclature.hpp"

namespace embargo::testing {

// The text of a file under the source tree, e.g. "rules/hs/hs2017.csv".
std::string read_source_file(std::string_view relative_path);

// "HS2012", "HS2017" or "HS2022"; fails the test if the files do not load.
const hs_edition& shipped_edition(std::string_view name);

}  // namespace embargo::testing
