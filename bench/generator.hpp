#pragma once
// A deterministic generator of realistic customs tables for the benchmarks.
//
// Each line is one cell of monthly customs statistics, in the columns
// `embargo screen` reads: id, hs_code, exporter, importer, origin, date,
// quantity, unit, value_usd, then the regime's facts. Codes come from the HS
// nomenclature the rule set ships, in the edition current at the line's date
// (HS2012 before 2017, which also stands in for HS2007, HS2017 to 2021,
// HS2022 after), mostly at six digits, some at chapter or heading level and
// some with national extensions. About a third of the lines involve the DPRK,
// and those lean towards what the DPRK really traded (coal, iron ore, apparel,
// seafood, wigs, refined petroleum, cars); facts appear on a few of them
// only, as in real data. The same seed gives the same table on every machine:
// the generator uses its own small PRNG, not the standard distributions,
// whose output the C++ standard leaves to each library.

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/record.hpp"
#include "embargo/rules.hpp"

namespace embargo::bench {

// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast and fully specified.
class splitmix64 {
public:
    explicit splitmix64(std::uint64_t seed) noexcept : state_(seed) {}
    std::uint64_t next() noexcept {
        std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30U)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27U)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31U);
    }
    // Uniform in [0, n), n < 2^32, by multiply-shift (Lemire) on the top 32
    // bits; the bias is below n / 2^32, negligible for the n used here, and
    // the same everywhere.
    std::uint64_t below(std::uint64_t n) noexcept { return ((next() >> 32U) * n) >> 32U; }
    // True with probability `p`.
    bool chance(double p) noexcept { return static_cast<double>(next() >> 11U) * 0x1.0p-53 < p; }
    double unit() noexcept { return static_cast<double>(next() >> 11U) * 0x1.0p-53; }

private:
    std::uint64_t state_;
};

// The fact columns, after the nine record columns: the facts the DPRK
// conditions read most (rules/un/dprk/regime.yaml declares them).
inline constexpr std::array<std::string_view, 11> fact_columns{
    "contract_date", "notified",         "port",           "origin_confirmed",
    "purpose",       "designated_party", "product",        "end_use",
    "project",       "joint_venture",    "aircraft_spares"};

inline constexpr std::size_t record_columns = 9;
inline constexpr std::size_t column_count = record_columns + fact_columns.size();

// The header line's fields.
std::array<std::string_view, column_count> csv_header();

// One generated line: every field as text, empty where the cell is empty.
struct table_row {
    std::array<std::string, column_count> fields;
};

class table_generator {
public:
    // `rules` provides the nomenclature (HS2012, HS2017, HS2022).
    table_generator(const rule_set& rules, std::uint64_t seed);

    // Fills `row` with the next line; ids count from 1.
    void next(table_row& row);

private:
    struct edition_codes {
        std::vector<hs_code> subheadings;  // every 6-digit code of the edition
        const hs_edition* edition = nullptr;
    };
    const edition_codes& edition_for(int year) const;
    hs_code pick_code(bool dprk, bool dprk_exports, int year);

    splitmix64 rng_;
    std::array<edition_codes, 3> editions_;  // HS2012, HS2017, HS2022
    std::uint64_t line_ = 0;
};

// Builds the record `embargo screen` would judge from a generated row, with
// the public parsing helpers; facts only where the cell is not empty.
// Throws std::runtime_error if the row cannot be read (a generator bug).
trade_record to_record(const table_row& row);

// Writes one CSV line (no field the generator makes needs quoting).
void append_csv_line(std::string& out, const table_row& row);

}  // namespace embargo::bench
