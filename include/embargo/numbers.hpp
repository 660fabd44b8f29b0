#pragma once
// Numbers as embargo prints them in messages and reports: grouped by
// thousands, up to three decimals without trailing zeros ("1,500", "2.5",
// "0.125"), so that a program's own lines match the command's.

#include <cstdint>
#include <string>

#include "embargo/export.hpp"

namespace embargo {

[[nodiscard]] EMBARGO_API std::string number_text(double v);

// An amount of money given in cents (money::cents()), exactly, the same way:
// "1,500", "2.5", "-0.05".
[[nodiscard]] EMBARGO_API std::string cents_text(std::int64_t cents);

}  // namespace embargo
