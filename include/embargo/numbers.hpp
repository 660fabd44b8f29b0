#pragma once
// Numbers as embargo prints them in messages and reports: grouped by
// thousands, up to three decimals without trailing zeros ("1,500", "2.5",
// "0.125"), so that a program's own lines match the command's.

#include <string>

#include "embargo/export.hpp"

namespace embargo {

[[nodiscard]] EMBARGO_API std::string number_text(double v);

}  // namespace embargo
