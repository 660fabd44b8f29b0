#pragma once
// The HS nomenclature: which codes exist in an edition, what they are called,
// and which chapters make up each section.
//
// Rules name codes in one edition (the regime's, e.g. HS2017); records arrive
// coded in whatever edition was current at their date. The catalogue holds
// every edition the project ships so that a record's code can be checked
// against all of them, and a finding can print `5002: Silk; raw silk (not
// thrown)`. Files are the UN Comtrade CSVs in rules/hs/ (see its README).

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/hs.hpp"

namespace embargo {

// An HS section (`XI`, "Textiles and textile articles") and its chapters.
struct hs_section {
    std::string numeral;
    std::string name;
    std::vector<int> chapters;  // ascending
};

// One edition: HS2012, HS2017 or HS2022.
class hs_edition {
public:
    // Reads a nomenclature CSV (`section,hscode,description,parent,level`)
    // and the section names CSV (`section,name`). `name` is "HS2017" etc.
    // Diagnostics name the file and line; ids `hs.data-*`. The root `TOTAL`
    // row and Comtrade's chapter 99 (`99`, `9999`, `999999`, "Commodities not
    // specified according to kind") are left out: they are reporting codes,
    // not HS codes, so a record coded 99 is refused rather than judged.
    // A section's chapters come from the `section` column of level-2 rows.
    static std::optional<hs_edition> read(std::string name, std::string_view nomenclature_csv,
                                          std::string_view nomenclature_file,
                                          std::string_view sections_csv,
                                          std::string_view sections_file,
                                          std::vector<diagnostic>& diagnostics);

    const std::string& name() const noexcept { return name_; }

    // Does this exact code (2, 4 or 6 digits) exist in the edition?
    bool contains(const hs_code& code) const;
    // A national extension (7 to 10 digits) is valid when its 6-digit
    // subheading exists; 2, 4 and 6 digits must exist as such.
    bool accepts(const hs_code& code) const;
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

// Every edition the rule set knows, looked up by name.
class hs_catalogue {
public:
    void add(hs_edition edition);  // replaces an edition of the same name
    const hs_edition* find(std::string_view name) const;  // case-insensitive
    const std::vector<hs_edition>& editions() const noexcept { return editions_; }

    // True when some edition accepts the code (see hs_edition::accepts).
    bool accepts(const hs_code& code) const;

private:
    std::vector<hs_edition> editions_;
};

}  // namespace embargo
