#pragma once
// The screen report: one self-contained HTML page of what a screen counted,
// for an analyst rather than a program (`embargo screen --report FILE`).
//
// It draws from screen_stats and its breakdown (screen_options::breakdown
// must have been set for the run): the totals by verdict, value and rows by
// verdict per year as stacked bars (inline SVG), the HS headings flagged
// most with the measures that flag them, the carved-out and capped flows
// with the exemption that applies, the rows that could not be read, and what
// the rules do not screen for. No scripts, fonts or styles from elsewhere;
// every piece of input text is escaped (cells are untrusted); no clock and
// no path but the ones in report_context, so the same run gives the same
// bytes, whatever the threads.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/rules.hpp"
#include "embargo/screen.hpp"

namespace embargo {

// What the report says beyond the counts: where the rows and the rules came
// from, and the errors of the rows that could not be read.
struct EMBARGO_API report_context {
    // The report lists this many errors, then counts the rest.
    static constexpr std::size_t max_listed_errors = 200;

    std::string input;               // the input as the user named it ("<stdin>")
    std::string version;             // embargo's version (embargo::version())
    std::string rules_origin;        // "built-in rules/un", or the directories given
    std::vector<diagnostic> errors;  // the first max_listed_errors errors
    std::uint64_t error_count = 0;   // all of them

    // Keeps an error of the reader (for screen_options::on_diagnostic);
    // warnings are not the report's.
    void note(const diagnostic& d);
};

// The report as one HTML document. Without stats.breakdown the sections
// drawn from it say that it was not kept.
[[nodiscard]] EMBARGO_API std::string format_html(const screen_stats& stats, const rule_set& rules,
                                                  const report_context& context);

}  // namespace embargo
