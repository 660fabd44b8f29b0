#pragma once
// Input profiles: the layouts of the trade data analysts download, read as
// trade records without renaming a column.
//
// A profile says which column is which field, how the data set writes its
// countries (ISO alpha-2, alpha-3, or numeric codes as UN Comtrade and BACI
// use them), its periods (`2019`, `201903`), its trade flows, its values
// (currency and scale: BACI counts thousands of USD; Comext counts EUR, kept
// as EUR and so never read as a USD value), its quantities (a unit column
// whose words it names, or one unit for the column) and the HS edition
// each row is reported in (a column such as Comtrade's `Classification`,
// one edition for the file, or the edition in the file's name, as BACI
// names its files `BACI_HS17_...`).
//
// embargo ships profiles for UN Comtrade (classic bulk CSV and the current
// API layout), CEPII BACI and Eurostat Comext (builtin_profiles()), each
// written in the mapping-file format a user writes for any other layout
// (docs/profiles.md): one reader of both, so the built-in ones test it.
// A reader recognises a built-in profile from the header when the header is
// not in embargo's own columns (recognise_profile()).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"

namespace embargo {

struct EMBARGO_API input_profile {
    std::string name;         // `comtrade`, or the mapping file's `profile:`
    std::string description;  // one line, for `--profile help` and messages
    std::string file;         // where it was read from (a built-in's is `built-in`)
    // Field -> the column that gives it (header text; matched trimmed and
    // without regard to case). Fields: id, hs_code, exporter, importer,
    // origin, reporter, partner, flow, date, quantity, unit, value,
    // hs_edition, fallback_quantity.
    std::vector<std::pair<std::string, std::string>> columns;
    // Columns of the layout that embargo does not read: carried through
    // without a warning.
    std::vector<std::string> ignored;
    std::string countries = "alpha-2";  // alpha-2, alpha-3, numeric
    std::string dates = "iso";          // iso (2019, 2019-03, 2019-03-15) or yyyymm (2019, 201903)
    std::string currency = "USD";       // of the value column: USD or EUR
    std::int64_t value_scale = 1;       // 1000: the column counts thousands
    std::string quantity_unit;          // the unit of `quantity` when there is no `unit` column
    // Unit-column word -> unit (`kg`, `u`, ...; empty: the row gives no
    // quantity in that word, and fallback_quantity is read instead).
    std::vector<std::pair<std::string, std::string>> units;
    std::string fallback_unit;  // the unit of the fallback_quantity column
    // Flow word -> `import` or `export` (a re-export is an export); none:
    // embargo's words (import, export, M, X, RM, RX, 1 to 4).
    std::vector<std::pair<std::string, std::string>> flows;
    // Codes written as numbers lose their leading zero (BACI's 10121 is
    // 010121): an odd number of digits gets it back.
    bool restore_leading_zero = false;
    int hs_edition = 0;  // every row's edition, by its year; 0: a column, the file name or the date
    // A prefix of the input's file name followed by the edition's two
    // digits: `BACI_HS` reads BACI_HS17_Y2022_V202401.csv as HS2017.
    std::string edition_in_file_name;
};

// The profiles embargo ships: comtrade, comtrade-plus, baci, comext.
[[nodiscard]] EMBARGO_API std::span<const input_profile> builtin_profiles();
[[nodiscard]] EMBARGO_API const input_profile* find_builtin_profile(std::string_view name);

// The built-in profile whose every column `header` has (trimmed, any case),
// or nullptr. Embargo's own columns are not a profile: a header that has
// them is read as it is.
[[nodiscard]] EMBARGO_API const input_profile* recognise_profile(
    std::span<const std::string> header);

// Reads a mapping file (YAML; docs/profiles.md). Errors, with file:line:col:
// `profile.unknown-key`, `profile.unknown-field`, `profile.bad-value`
// (a scheme, format, currency, unit or flow embargo does not know),
// `profile.missing` (no `profile` or `columns`, or a layout that gives no
// code, date or parties), `yaml.*`.
[[nodiscard]] EMBARGO_API result<input_profile> read_profile(std::string_view yaml,
                                                             std::string file);
// The same from a file (`profile.io` when it cannot be read).
[[nodiscard]] EMBARGO_API result<input_profile> load_profile(const std::string& path);

}  // namespace embargo
