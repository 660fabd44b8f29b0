#include "embargo/nomenclature.hpp"

#include <algorithm>
#include <array>
#include <memory>
#include <utility>

#include "base/text.hpp"
#include "io/csv.hpp"

namespace embargo {
namespace {

// A wrong file (say, a correlation table passed as a nomenclature) would
// otherwise give one error per line.
constexpr std::size_t max_errors_per_file = 50;

using detail::iequals;

bool is_roman(std::string_view s) noexcept {
    return !s.empty() && s.find_first_not_of("IVXLCDM") == std::string_view::npos;
}

// Collects the diagnostics of one file, up to a limit.
class reporter {
public:
    reporter(std::string_view file, std::vector<diagnostic>& out) : file_(file), out_(out) {}

    void error(const char* id, int line, int column, std::string message) {
        if (count_ == max_errors_per_file) {
            out_.push_back(diagnostic{"hs.data-too-many-errors", severity::note,
                                      source_location{std::string(file_), line, 0},
                                      "too many errors in this file; not reporting more"});
        }
        ++count_;
        if (count_ > max_errors_per_file) return;
        out_.push_back(diagnostic{id, severity::error,
                                  source_location{std::string(file_), line, column},
                                  std::move(message)});
    }
    void error(const char* id, const detail::csv_record& r, std::size_t field,
               std::string message) {
        const detail::csv_position at = r.position(field);
        error(id, at.line, at.column, std::move(message));
    }
    // A CSV syntax error keeps the reader's id in its message: the data id
    // says "the nomenclature is broken", the CSV id says how.
    void csv_error(const diagnostic& e) {
        error("hs.data-csv", e.where.line, e.where.column, e.message + " (" + e.id + ")");
    }
    bool failed() const noexcept { return count_ > 0; }

private:
    std::string_view file_;
    std::vector<diagnostic>& out_;
    std::size_t count_ = 0;
};

// Column indices from the header row, by name, so that column order is free.
template <std::size_t N>
bool read_header(detail::csv_reader& reader, const std::array<std::string_view, N>& names,
                 std::array<std::size_t, N>& index, std::size_t& columns, reporter& report) {
    const detail::csv_status st = reader.next();
    if (st == detail::csv_status::error) {
        report.csv_error(reader.error());
        return false;
    }
    std::string expected;
    for (std::string_view n : names) {
        if (!expected.empty()) expected += ',';
        expected += n;
    }
    if (st == detail::csv_status::end) {
        report.error("hs.data-header", 1, 0,
                     "file is empty; expected a header row `" + expected + "`");
        return false;
    }
    const detail::csv_record& header = reader.record();
    columns = header.size();
    for (std::size_t i = 0; i < N; ++i) {
        const auto* it = std::find(header.begin(), header.end(), names[i]);
        if (it == header.end()) {
            report.error("hs.data-header", header.line(), 1,
                         "header has no column `" + std::string(names[i]) + "`; expected `" +
                             expected + "`");
            return false;
        }
        index[i] = static_cast<std::size_t>(it - header.begin());
    }
    return true;
}

bool is_digits(std::string_view s) noexcept {
    return !s.empty() && s.find_first_not_of("0123456789") == std::string_view::npos;
}

// Where hs_catalogue::known_ keeps a code: the 6-digit subheadings first (a
// national extension of 7 to 10 digits is looked up as its subheading), then
// the headings, then the chapters. known_bits for a code of any other
// length, which no edition has.
constexpr std::uint64_t heading_bits = 1'000'000;
constexpr std::uint64_t chapter_bits = heading_bits + 10'000;
constexpr std::uint64_t known_bits = chapter_bits + 100;

std::uint64_t known_bit(const hs_code& code) noexcept {
    const int d = code.digits();
    if (d >= 6 && d <= 10) return code.key() / 10'000;
    if (d == 4) return heading_bits + code.key() / 1'000'000;
    if (d == 2) return chapter_bits + code.key() / 100'000'000;
    return known_bits;
}

}  // namespace

result<hs_edition> hs_edition::read(std::string name, std::string_view nomenclature_csv,
                                    std::string_view nomenclature_file,
                                    std::string_view sections_csv, std::string_view sections_file) {
    std::vector<diagnostic> diagnostics;
    hs_edition ed;
    ed.name_ = std::move(name);
    std::vector<int> section_line;  // where each section is named, for its errors

    // Sections: `section,name`.
    reporter sreport(sections_file, diagnostics);
    {
        detail::csv_reader reader(sections_csv);
        std::array<std::size_t, 2> col{};
        std::size_t columns = 0;
        if (read_header(reader, std::array<std::string_view, 2>{"section", "name"}, col, columns,
                        sreport)) {
            for (;;) {
                const detail::csv_status st = reader.next();
                if (st == detail::csv_status::end) break;
                if (st == detail::csv_status::error) {
                    sreport.csv_error(reader.error());
                    continue;
                }
                const detail::csv_record& r = reader.record();
                if (r.size() != columns) {
                    sreport.error(
                        "hs.data-fields", r.line(), 1,
                        std::to_string(r.size()) + " fields; expected " + std::to_string(columns));
                    continue;
                }
                const std::string_view numeral = r[col[0]];
                if (!is_roman(numeral)) {
                    sreport.error(
                        "hs.data-section", r, col[0],
                        detail::quote_for_message(numeral) +
                            " is not a section numeral; expected an upper-case Roman numeral");
                    continue;
                }
                if (ed.section(numeral) != nullptr) {
                    sreport.error(
                        "hs.data-duplicate", r, col[0],
                        "section " + std::string(numeral) + " is listed twice; expected each once");
                    continue;
                }
                if (r[col[1]].empty()) {
                    sreport.error("hs.data-description", r, col[1],
                                  "section " + std::string(numeral) + " has no name; expected one");
                }
                ed.sections_.push_back(
                    hs_section{std::string(numeral), std::string(r[col[1]]), {}});
                section_line.push_back(r.line());
            }
        }
    }

    // Codes: `section,hscode,description,parent,level`.
    reporter report(nomenclature_file, diagnostics);
    std::array<hs_section*, 100> chapter_section{};
    {
        detail::csv_reader reader(nomenclature_csv);
        enum { c_section, c_code, c_description, c_parent, c_level };
        std::array<std::size_t, 5> col{};
        std::size_t columns = 0;
        const std::array<std::string_view, 5> names{"section", "hscode", "description", "parent",
                                                    "level"};
        if (read_header(reader, names, col, columns, report)) {
            for (;;) {
                const detail::csv_status st = reader.next();
                if (st == detail::csv_status::end) break;
                if (st == detail::csv_status::error) {
                    report.csv_error(reader.error());
                    continue;
                }
                const detail::csv_record& r = reader.record();
                if (r.size() != columns) {
                    report.error(
                        "hs.data-fields", r.line(), 1,
                        std::to_string(r.size()) + " fields; expected " + std::to_string(columns));
                    continue;
                }
                const std::string_view text = r[col[c_code]];
                // The root row, and Comtrade's chapter 99 ("Commodities not
                // specified according to kind"): reporting codes, not HS codes.
                // A record coded 99 must be rejected, not judged unrestricted.
                if (text == "TOTAL" || (is_digits(text) && text.substr(0, 2) == "99")) continue;

                const std::size_t digits = text.size();
                if (!is_digits(text) || (digits != 2 && digits != 4 && digits != 6)) {
                    report.error("hs.data-code", r, col[c_code],
                                 detail::quote_for_message(text) +
                                     " is not a nomenclature code; expected 2, 4 or 6 digits");
                    continue;
                }
                const hs_code code = hs_code::parse(text).value();
                if (r[col[c_level]] != std::to_string(digits)) {
                    report.error("hs.data-level", r, col[c_level],
                                 "level " + detail::quote_for_message(r[col[c_level]]) + " for " +
                                     std::string(text) + "; expected " + std::to_string(digits) +
                                     ", its number of digits");
                    continue;
                }
                const std::string_view parent = r[col[c_parent]];
                if (digits == 2
                        ? parent != "TOTAL"
                        : parent != text.substr(0, digits - 2) ||
                              !ed.entries_.contains(code.prefix(static_cast<int>(digits) - 2))) {
                    report.error("hs.data-parent", r, col[c_parent],
                                 "parent " + detail::quote_for_message(parent) + " of " +
                                     std::string(text) + "; expected " +
                                     (digits == 2 ? std::string("TOTAL")
                                                  : std::string(text.substr(0, digits - 2)) +
                                                        ", listed on an earlier row"));
                    continue;
                }
                const std::string_view numeral = r[col[c_section]];
                const auto chapter = static_cast<std::size_t>(code.chapter());
                hs_section* section = nullptr;
                for (hs_section& s : ed.sections_) {
                    if (s.numeral == numeral) section = &s;
                }
                if (section == nullptr) {
                    report.error("hs.data-section", r, col[c_section],
                                 "section " + detail::quote_for_message(numeral) + " of " +
                                     std::string(text) + " is not in " +
                                     std::string(sections_file) + "; expected one of its numerals");
                    continue;
                }
                if (digits == 2) {
                    chapter_section[chapter] = section;
                } else if (chapter_section[chapter] != section) {
                    report.error("hs.data-section", r, col[c_section],
                                 "section " + std::string(numeral) + " for " + std::string(text) +
                                     "; expected the section of chapter " +
                                     std::string(text.substr(0, 2)));
                    continue;
                }
                const std::string_view description = r[col[c_description]];
                if (description.empty()) {
                    report.error("hs.data-description", r, col[c_description],
                                 std::string(text) + " has no description; expected one");
                    continue;
                }
                if (!ed.entries_.emplace(code, std::string(description)).second) {
                    report.error("hs.data-duplicate", r, col[c_code],
                                 std::string(text) + " is listed twice; expected each code once");
                    continue;
                }
                if (digits == 2) section->chapters.push_back(code.chapter());
            }
        }
    }

    if (!report.failed() && ed.entries_.empty()) {
        report.error("hs.data-empty", 0, 0,
                     "no codes; expected the chapters, headings and subheadings of " + ed.name_);
    }
    if (!report.failed() && !sreport.failed()) {
        for (std::size_t i = 0; i < ed.sections_.size(); ++i) {
            hs_section& s = ed.sections_[i];
            std::sort(s.chapters.begin(), s.chapters.end());
            if (s.chapters.empty()) {
                sreport.error("hs.data-section", section_line[i], 1,
                              "section " + s.numeral + " has no chapters in " +
                                  std::string(nomenclature_file) + "; expected at least one");
            }
        }
    }
    if (report.failed() || sreport.failed()) return result<hs_edition>(std::move(diagnostics));
    return {std::move(ed), std::move(diagnostics)};
}

bool hs_edition::contains(const hs_code& code) const {
    return entries_.contains(code);
}

bool hs_edition::accepts(const hs_code& code) const {
    const int d = code.digits();
    if (d == 2 || d == 4 || d == 6) return contains(code);
    if (d >= 7 && d <= 10) return contains(code.prefix(6));
    return false;
}

std::vector<hs_key> hs_edition::subheadings_under(const hs_code& code) const {
    std::vector<hs_key> out;
    const auto range = code.interval();
    for (auto it = entries_.lower_bound(code);
         it != entries_.end() && range.contains(it->first.key()); ++it)
        if (it->first.digits() == 6) out.push_back(it->first.key());
    return out;
}

std::optional<std::string_view> hs_edition::description(const hs_code& code) const {
    for (int n : {6, 4, 2}) {
        if (n > code.digits()) continue;
        const auto it = entries_.find(code.prefix(n));
        if (it != entries_.end()) return std::string_view(it->second);
    }
    return std::nullopt;
}

const hs_section* hs_edition::section(std::string_view numeral) const {
    for (const hs_section& s : sections_) {
        if (iequals(s.numeral, numeral)) return &s;
    }
    return nullptr;
}

void hs_catalogue::add(hs_edition edition) {
    const auto same = std::find_if(editions_.begin(), editions_.end(), [&](const hs_edition& e) {
        return iequals(e.name(), edition.name());
    });
    if (same != editions_.end())
        *same = std::move(edition);
    else
        editions_.push_back(std::move(edition));
    index_codes();
}

// One bit per 2-, 4- and 6-digit code some edition has: readers call
// accepts() on every row, and a map lookup per edition took a sixth of
// `embargo screen` (bench/README.md).
struct detail::known_codes {
    std::vector<std::uint64_t> bits = std::vector<std::uint64_t>((known_bits + 63) / 64, 0);
};

void hs_catalogue::index_codes() {
    auto known = std::make_shared<detail::known_codes>();
    for (const hs_edition& e : editions_) {
        for (const auto& entry : e.codes()) {
            const std::uint64_t bit = known_bit(entry.first);
            if (bit < known_bits) known->bits[bit / 64] |= std::uint64_t{1} << (bit % 64);
        }
    }
    known_ = std::move(known);
}

const hs_edition* hs_catalogue::find(std::string_view name) const {
    for (const hs_edition& e : editions_) {
        if (iequals(e.name(), name)) return &e;
    }
    return nullptr;
}

bool hs_catalogue::accepts(const hs_code& code) const {
    // What hs_edition::accepts says of some edition, in one bit.
    const std::uint64_t bit = known_bit(code);
    if (bit >= known_bits || known_ == nullptr) return false;
    return ((known_->bits[bit / 64] >> (bit % 64)) & 1U) != 0;
}

}  // namespace embargo
