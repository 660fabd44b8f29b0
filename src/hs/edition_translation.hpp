#pragma once
// src/hs/ holds the Harmonized System: codes as intervals (hs_code.cpp), the
// nomenclature of each edition (nomenclature.cpp), the UNSD correlation tables
// between editions (correlation_table.cpp), and in this header the one
// translation of a code from the edition a record is coded in to the rules'
// edition, used by the engine, by rule_set::goods_of (and so the reasons of
// findings) and by hs_catalogue::correspondents.
//
// How a record coded in another HS edition is read in the rules' edition.
//
// Rules name codes in one edition (the regime's, HS2017 for un/dprk); a record
// is coded in the edition in force at its date (HS2022 from 2022). Most codes
// are the same in both, but some moved (aircraft parts: HS2017 8803.30 became
// HS2022 8807.30), split or merged. Read at face value, such a record escapes
// a rule that names the old code: a wrong `unrestricted`. The map, built once
// from the UNSD correlation tables, gives for each code of another edition
// that does not read as itself the set of the rules' subheadings it
// corresponds to, as merged intervals. The engine judges the record's goods
// as that set: covered fully only if every correspondent is.
//
// There is one translation: translate_edition() decides which codes do not
// read as themselves and what they stand for, and edition_year() which
// edition a date implies. edition_map is the engine's compiled index of it;
// rule_set::goods_of, and through it the reasons of findings, reads the same
// result, so that a verdict and its explanation name the same goods.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/nomenclature.hpp"

#include "base/pool_span.hpp"

namespace embargo::detail {

// The year of an edition named HSyyyy (in any case), or 0. The WCO brings
// each edition into force on 1 January of its year.
int edition_year(std::string_view name) noexcept;

// Whether a correlation table links edition `from` to edition `to`, and
// which way it runs: `forward` when `from` is its newer edition. Names are
// compared without regard to case.
enum class table_direction { none, forward, backward };
table_direction direction_of(const hs_correlation& table, std::string_view from,
                             std::string_view to) noexcept;

// The subheading links from edition `from` to edition `to`: those of every
// correlation table between the two, whichever way it runs (names compared
// without regard to case).
class edition_links {
public:
    edition_links(const hs_catalogue& catalogue, std::string_view from, std::string_view to);

    bool empty() const noexcept { return links_.empty(); }

    // The subheadings of `to` linked to the subheadings of `source` (the
    // edition `from`) at or under `code`, its 6-digit subheading for a longer
    // code. Sorted and unique.
    std::vector<hs_key> correspondents(const hs_edition& source, const hs_code& code) const;

private:
    std::vector<std::pair<hs_key, hs_key>> links_;  // (from, to), sorted, unique
};

// A chapter, heading or subheading of another edition that does not read as
// itself in the rules' edition, and the rules' subheadings it stands for.
struct code_translation {
    hs_code code;
    std::vector<hs_key> goods;  // sorted, unique, never empty
};

// Every code of `from` that does not read as itself in `to`, sorted by code.
// A code reads as itself when no link reaches it, or when `to` has exactly
// the subheadings under it that its links give.
std::vector<code_translation> translate_edition(const hs_catalogue& catalogue,
                                                const hs_edition& from, const hs_edition& to);

// What rule_set::goods_of reads: translate_edition() for every edition of a
// catalogue into the rules' one, computed once with the goods as codes.
// Reasons ask for it on every flagged row, and hs_catalogue::correspondents
// builds and sorts a vector per call (a tenth of `embargo screen`,
// bench/README.md).
class record_translations {
public:
    record_translations(const hs_catalogue& catalogue, const hs_edition& rules);

    // The rules' subheadings that `code` (at most 6 digits) of edition
    // `edition` stands for; null when it reads as itself.
    const std::vector<hs_code>* find(std::string_view edition, const hs_code& code) const;

private:
    struct translation {
        hs_code code;                // a chapter, heading or subheading of `edition`
        std::vector<hs_code> goods;  // its correspondents in the rules' edition
    };
    struct edition_translations {
        std::string edition;
        std::vector<translation> codes;  // sorted by code
    };
    std::vector<edition_translations> editions_;
};

struct edition_map {
    struct entry {
        hs_code code;  // a chapter, heading or subheading of the foreign edition
        span32 goods;  // its correspondents in the rules' edition, in `intervals`
    };
    struct edition {
        int year = 0;                // HS2017: 2017
        std::int32_t from = 0;       // the day it comes into force (day number)
        bool rules_edition = false;  // records in it are read as coded
        std::vector<entry> entries;  // sorted by code; a code not listed reads as itself
        // One bit per listed code (listed_bit), so that the records whose
        // code reads as itself, most of them, skip the binary search.
        std::vector<std::uint64_t> listed;
    };

    std::vector<edition> editions;  // by `from`, ascending
    std::vector<hs_interval> intervals;

    static edition_map build(const hs_catalogue& catalogue, const std::string& rules_edition);

    // The goods `code`, dated `day`, stands for in the rules' edition; an
    // empty span when it reads as itself.
    span32 translate(const hs_code& code, std::int32_t day) const noexcept;
    // Whether the edition of `year` is one of the catalogue's.
    bool ships(int year) const noexcept;
    // The day the edition of `year` comes into force (1 January): the day
    // to translate a code given in that edition on.
    static std::int32_t first_day(int year) noexcept;
};

}  // namespace embargo::detail
