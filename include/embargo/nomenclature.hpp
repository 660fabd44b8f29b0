#pragma once
// The HS nomenclature: which codes exist in an edition, what they are called,
// and which chapters make up each section.
//
// Rules name codes in one edition (the regime's, e.g. HS2017); records arrive
// coded in whatever edition was current at their date. The catalogue holds
// every edition the project ships so that a record's code can be checked
// against all of them, and a finding can print `5002: Silk; raw silk (not
// thrown)`. Files are the UN Comtrade CSVs in rules/hs/ (see its README).

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/calendar.hpp"
#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/hs.hpp"

namespace embargo {

namespace detail {
struct known_codes;  // src/hs/nomenclature.cpp
}

// An HS section (`XI`, "Textiles and textile articles") and its chapters.
struct EMBARGO_API hs_section {
    std::string numeral;
    std::string name;
    std::vector<int> chapters;  // ascending
};

// One edition: HS2012, HS2017 or HS2022.
class EMBARGO_API hs_edition {
public:
    // Reads a nomenclature CSV (`section,hscode,description,parent,level`)
    // and the section names CSV (`section,name`). `name` is "HS2017" etc.
    // Diagnostics name the file and line; ids `hs.data-*`. The root `TOTAL`
    // row and Comtrade's chapter 99 (`99`, `9999`, `999999`, "Commodities not
    // specified according to kind") are left out: they are reporting codes,
    // not HS codes, so a record coded 99 is refused rather than judged.
    // A section's chapters come from the `section` column of level-2 rows.
    static result<hs_edition> read(std::string name, std::string_view nomenclature_csv,
                                   std::string_view nomenclature_file,
                                   std::string_view sections_csv, std::string_view sections_file);

    const std::string& name() const noexcept { return name_; }

    // Does this exact code (2, 4 or 6 digits) exist in the edition?
    bool contains(const hs_code& code) const;
    // A national extension (7 to 10 digits) is valid when its 6-digit
    // subheading exists; 2, 4 and 6 digits must exist as such.
    bool accepts(const hs_code& code) const;
    // The 6-digit subheadings of the edition at or under `code` (2, 4 or 6
    // digits), as keys in ascending order.
    std::vector<hs_key> subheadings_under(const hs_code& code) const;
    // The description of the code, or of its longest existing prefix.
    std::optional<std::string_view> description(const hs_code& code) const;

    const std::vector<hs_section>& sections() const noexcept { return sections_; }
    // By numeral, case-insensitively (`XI`, `xi`).
    const hs_section* section(std::string_view numeral) const;
    std::size_t size() const noexcept { return entries_.size(); }
    // Every chapter, heading and subheading with its description, in key
    // order (a code before the codes under it).
    const std::map<hs_code, std::string>& codes() const noexcept { return entries_; }

private:
    std::string name_;
    std::map<hs_code, std::string> entries_;  // 2-, 4- and 6-digit codes
    std::vector<hs_section> sections_;
};

// One UNSD correlation table between two editions: which subheadings of
// the newer edition correspond to which of the older one. A code that was
// split, merged or regrouped has several links. Records are coded in the
// edition in force at their date, rules in their regime's edition; these
// links are how a record coded 8807.30 (HS2022) is judged by a rule that
// names 8803.30 (HS2017).
class EMBARGO_API hs_correlation {
public:
    struct link {
        hs_key newer = 0;  // 6-digit subheadings as 10-digit keys
        hs_key older = 0;
    };

    // Reads `hsNEW,[hsOLD_ex,]hsOLD,relationship` (the UNSD tables in
    // rules/hs/). Diagnostics: `hs.data-*` with file:line:col.
    static result<hs_correlation> read(std::string newer, std::string older, std::string_view csv,
                                       std::string_view file);

    const std::string& newer() const noexcept { return newer_; }
    const std::string& older() const noexcept { return older_; }
    const std::vector<link>& links() const noexcept { return links_; }  // sorted by (newer, older)

private:
    std::string newer_;
    std::string older_;
    std::vector<link> links_;
};

// Every edition the rule set knows, looked up by name, and the correlation
// tables between them.
class EMBARGO_API hs_catalogue {
public:
    void add(hs_edition edition);  // replaces an edition of the same name
    void add(hs_correlation correlation);
    const hs_edition* find(std::string_view name) const;  // case-insensitive
    const std::vector<hs_edition>& editions() const noexcept { return editions_; }
    const std::vector<hs_correlation>& correlations() const noexcept { return correlations_; }

    // True when some edition accepts the code (see hs_edition::accepts).
    bool accepts(const hs_code& code) const;

    // The edition in force on `d`: the latest one named HSyyyy whose year has
    // begun (the WCO brings each edition into force on 1 January); the
    // earliest edition for days before all of them. Null if none is named so.
    const hs_edition* edition_on(day d) const;

    // The subheadings of edition `to` that correspond to `code` read in
    // edition `from`: every subheading of `from` under `code` (its 6-digit
    // subheading when it has 6 or more digits), mapped through the table that
    // links the two editions. Sorted and unique; empty when `from` lacks the
    // code or no table links the editions. `from == to` gives the code's own
    // subheadings.
    std::vector<hs_code> correspondents(const hs_code& code, std::string_view from,
                                        std::string_view to) const;

private:
    void index_codes();

    std::vector<hs_edition> editions_;
    std::vector<hs_correlation> correlations_;
    // The codes some edition has, indexed for accepts() (src/hs/nomenclature.cpp).
    // Rebuilt by add(hs_edition); shared, since it never changes once built.
    std::shared_ptr<const detail::known_codes> known_;
};

}  // namespace embargo
