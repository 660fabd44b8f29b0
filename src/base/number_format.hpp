#pragma once
// Numbers as people read them in messages and reports: "512,400",
// "499,999.98", "USD 400,870,018", "2.5 t". Hand-written because it is a
// snprintf and digit grouping; no formatting library is linked. One home for
// every amount embargo prints: caps and their use (amount_text, in cents),
// quantities and counts (number_text, to a thousandth).

#include <cstdint>
#include <string>

#include "embargo/record.hpp"

namespace embargo::detail {

// Rounded to cents, grouped by thousands, ".00" dropped: "1,500", "2.50".
std::string amount_text(double v);

// "512,400 bbl", "USD 400,870,018".
std::string amount_text(double v, unit u);

// Exact, from cents: "1,500", "2.5", "0.05".
std::string cents_text(std::int64_t cents);

// Up to three decimals without trailing zeros, grouped by thousands: "1,500",
// "2.5", "0.125".
std::string number_text(double v);

// "102.5 %".
std::string percent_text(double used, double cap);

}  // namespace embargo::detail
