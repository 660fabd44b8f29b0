// Input profiles (profile.hpp): the mapping-file reader, and the built-in
// profiles written in that format.

#include "embargo/profile.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <iterator>
#include <span>

#include "embargo/record.hpp"

#include "base/text.hpp"
#include "io/country_codes.hpp"
#include "rules/yaml_document.hpp"

namespace embargo {
namespace {

// The layouts as their providers document them. Column names are the
// providers' own; the unit words are Comtrade's (`Qty Unit`, the classic
// descriptions; `qtyUnitAbbr`, the current abbreviations). A word a
// profile does not list is an error on its row, never a guess.
constexpr std::string_view comtrade_yaml = R"(profile: comtrade
description: UN Comtrade, the classic bulk CSV (Reporter ISO, Partner ISO, Trade Flow, Commodity Code)
columns:
  hs_code: Commodity Code
  reporter: Reporter ISO
  partner: Partner ISO
  flow: Trade Flow
  date: Period
  hs_edition: Classification
  value: Trade Value (US$)
  quantity: Qty
  unit: Qty Unit
  fallback_quantity: Netweight (kg)
countries: alpha-3
dates: yyyymm
currency: USD
fallback_unit: kg
units:
  Weight in kilograms: kg
  Number of items: u
  Number of pairs: pa
  Volume in litres: l
  Volume in cubic meters: m3
  Length in metres: m
  Area in square metres: m2
  Electrical energy in thousands of kilowatt-hours: MWh
  Weight in grams: g
  No Quantity: ""
  Thousands of items: ""
  Dozen of items: ""
  Number of packages: ""
  Weight in carats: ""
ignored: [Year, Period Desc., Aggregate Level, Is Leaf Code, Trade Flow Code, Reporter Code, Reporter,
  Partner Code, Partner, 2nd Partner Code, 2nd Partner, 2nd Partner ISO, Customs Proc. Code, Customs,
  Mode of Transport Code, Mode of Transport, Commodity, Qty Unit Code, Alt Qty Unit Code,
  Alt Qty Unit, Alt Qty, Gross weight (kg), CIF Trade Value (US$), FOB Trade Value (US$), Flag]
)";

constexpr std::string_view comtrade_plus_yaml = R"(profile: comtrade-plus
description: UN Comtrade, the current API and bulk layout (reporterISO, partnerISO, flowCode, cmdCode)
columns:
  hs_code: cmdCode
  reporter: reporterISO
  partner: partnerISO
  flow: flowCode
  date: period
  hs_edition: classificationCode
  value: primaryValue
  quantity: qty
  unit: qtyUnitAbbr
  fallback_quantity: netWgt
countries: alpha-3
dates: yyyymm
currency: USD
fallback_unit: kg
units:
  kg: kg
  u: u
  2u: pa
  l: l
  m: m
  m2: m2
  m²: m2
  m3: m3
  m³: m3
  g: g
  1000kWh: MWh
  N/A: ""
  1000u: ""
  12u: ""
  carat: ""
flows:
  M: import
  X: export
  RM: import
  RX: export
  FM: import
  DX: export
ignored: [typeCode, freqCode, refPeriodId, refYear, refMonth, reporterCode, reporterDesc, flowDesc,
  partnerCode, partnerDesc, partner2Code, partner2ISO, partner2Desc, classificationSearchCode,
  isOriginalClassification, cmdDesc, aggrLevel, isLeaf, customsCode, customsDesc, mosCode, motCode,
  motDesc, qtyUnitCode, isQtyEstimated, altQtyUnitCode, altQtyUnitAbbr, altQty, isAltQtyEstimated,
  isNetWgtEstimated, grossWgt, isGrossWgtEstimated, cifvalue, fobvalue, legacyEstimationFlag,
  isReported, isAggregate]
)";

constexpr std::string_view baci_yaml = R"(profile: baci
description: CEPII BACI (t, i, j, k, v, q; value in thousands of USD, quantity in tonnes)
columns:
  date: t
  exporter: i
  importer: j
  hs_code: k
  value: v
  quantity: q
countries: numeric
dates: iso
currency: USD
value_scale: 1000
quantity_unit: t
restore_leading_zero: true
edition_in_file_name: BACI_HS
)";

constexpr std::string_view comext_yaml = R"(profile: comext
description: Eurostat Comext (DECLARANT_ISO, PARTNER_ISO, FLOW, PRODUCT_NC, PERIOD; values in EUR)
columns:
  reporter: DECLARANT_ISO
  partner: PARTNER_ISO
  flow: FLOW
  hs_code: PRODUCT_NC
  date: PERIOD
  value: VALUE_IN_EUROS
  quantity: QUANTITY_IN_KG
countries: alpha-2
dates: yyyymm
currency: EUR
quantity_unit: kg
ignored: [DECLARANT, PARTNER, TRADE_TYPE, PRODUCT_SITC, PRODUCT_CPA2002, PRODUCT_CPA2008,
  PRODUCT_CPA2_1, PRODUCT_BEC, PRODUCT_BEC5, PRODUCT_SECTION, STAT_REGIME, SUPP_UNIT,
  SUP_QUANTITY, SUPPLEMENTARY_UNIT, SUPPLEMENTARY_QUANTITY]
)";

constexpr std::array<std::string_view, 14> field_keys{
    "id",   "hs_code", "exporter", "importer", "origin",     "reporter",          "partner",
    "flow", "date",    "quantity", "unit",     "hs_edition", "fallback_quantity", "value"};

constexpr std::array<std::string_view, 17> top_keys{"profile",
                                                    "description",
                                                    "columns",
                                                    "ignored",
                                                    "countries",
                                                    "dates",
                                                    "currency",
                                                    "value_scale",
                                                    "quantity_unit",
                                                    "units",
                                                    "fallback_unit",
                                                    "flows",
                                                    "restore_leading_zero",
                                                    "hs_edition",
                                                    "edition_in_file_name",
                                                    "source",
                                                    "note"};

using detail::yaml_node;

class profile_reader {
public:
    explicit profile_reader(std::string file) : file_(std::move(file)) {}

    result<input_profile> read(std::string_view text) {
        detail::yaml_limits limits;
        limits.max_bytes = 1U << 20U;
        auto doc = detail::parse_yaml(text, file_, limits, out_);
        if (!doc) return result<input_profile>(std::move(out_));
        input_profile p;
        p.file = file_;
        if (!doc->is_map()) {
            error(*doc, "profile.missing",
                  "a mapping file is a map with `profile`, `columns` and how its cells are "
                  "written (docs/profiles.md)");
            return result<input_profile>(std::move(out_));
        }
        for (const auto& [key, value] : doc->entries) {
            const std::string_view k = key.value;
            if (std::find(top_keys.begin(), top_keys.end(), k) == top_keys.end()) {
                error(key, "profile.unknown-key",
                      "unknown key " + detail::quote_for_message(k) +
                          "; expected one of profile, description, columns, ignored, countries, "
                          "dates, currency, value_scale, quantity_unit, units, fallback_unit, "
                          "flows, restore_leading_zero, hs_edition, edition_in_file_name, source, "
                          "note");
                continue;
            }
            read_key(k, value, p);
        }
        if (p.name.empty())
            error(*doc, "profile.missing", "the mapping file has no `profile` name");
        check_layout(*doc, p);
        if (has_errors(out_)) return result<input_profile>(std::move(out_));
        return p;
    }

private:
    void error(const yaml_node& at, std::string id, std::string message) {
        out_.push_back(
            {std::move(id), severity::error, {file_, at.line, at.column}, std::move(message)});
    }

    std::optional<std::string> scalar(const yaml_node& n, std::string_view key) {
        if (n.is_scalar()) return n.value;
        if (n.is_null()) return std::string();
        error(n, "profile.bad-value", std::string(key) + " must be a single value");
        return std::nullopt;
    }

    std::vector<std::pair<std::string, std::string>> pairs(const yaml_node& n,
                                                           std::string_view key) {
        std::vector<std::pair<std::string, std::string>> out;
        if (!n.is_map()) {
            error(n, "profile.bad-value", std::string(key) + " must be a map");
            return out;
        }
        for (const auto& [k, v] : n.entries)
            if (auto s = scalar(v, key)) out.emplace_back(k.value, *s);
        return out;
    }

    void read_key(std::string_view k, const yaml_node& v, input_profile& p) {
        if (k == "columns") {
            p.columns = pairs(v, k);
            for (std::size_t i = 0; i < p.columns.size() && v.is_map(); ++i) {
                const auto& field = p.columns[i].first;
                if (std::find(field_keys.begin(), field_keys.end(), field) == field_keys.end())
                    error(v.entries[i].first, "profile.unknown-field",
                          "unknown field " + detail::quote_for_message(field) +
                              "; expected id, hs_code, exporter, importer, origin, reporter, "
                              "partner, flow, date, quantity, unit, fallback_quantity, value or "
                              "hs_edition");
                if (p.columns[i].second.empty())
                    error(v.entries[i].second, "profile.bad-value",
                          "field " + field + " names no column");
            }
        } else if (k == "units" || k == "flows") {
            auto list = pairs(v, k);
            for (std::size_t i = 0; i < list.size() && v.is_map(); ++i) {
                const std::string& to = list[i].second;
                if (k == "flows" && to != "import" && to != "export")
                    error(v.entries[i].second, "profile.bad-value",
                          "flow word " + detail::quote_for_message(list[i].first) +
                              " must read as import or export (a re-export is an export)");
                if (k == "units" && !to.empty() && !parse_unit(to))
                    error(
                        v.entries[i].second, "profile.bad-value",
                        "unit " + detail::quote_for_message(to) +
                            " is not one embargo reads; expected u, pa, g, kg, t, l, m3, bbl, kWh, "
                            "MWh, m, m2, or \"\" for a word that gives no quantity");
            }
            (k == "units" ? p.units : p.flows) = std::move(list);
        } else if (k == "ignored") {
            if (!v.is_sequence()) {
                error(v, "profile.bad-value", "ignored must be a list of column names");
                return;
            }
            for (const auto& item : v.items)
                if (auto s = scalar(item, k)) p.ignored.push_back(*s);
        } else if (k == "restore_leading_zero") {
            const auto s = scalar(v, k);
            if (!s) return;
            if (*s != "true" && *s != "false")
                error(v, "profile.bad-value", "restore_leading_zero must be true or false");
            p.restore_leading_zero = *s == "true";
        } else {
            const auto s = scalar(v, k);
            if (!s) return;
            read_scalar(k, *s, v, p);
        }
    }

    void read_scalar(std::string_view k, const std::string& s, const yaml_node& v,
                     input_profile& p) {
        if (k == "profile") {
            p.name = s;
        } else if (k == "description") {
            p.description = s;
        } else if (k == "countries") {
            if (!detail::parse_country_scheme(s))
                error(v, "profile.bad-value",
                      "countries " + detail::quote_for_message(s) +
                          " is not a scheme; expected alpha-2, alpha-3 or numeric");
            p.countries = s;
        } else if (k == "dates") {
            if (s != "iso" && s != "yyyymm")
                error(v, "profile.bad-value",
                      "dates " + detail::quote_for_message(s) +
                          " is not a format; expected iso (2019, 2019-03, 2019-03-15) or yyyymm "
                          "(2019, 201903)");
            p.dates = s;
        } else if (k == "currency") {
            if (s != "USD" && s != "EUR")
                error(v, "profile.bad-value",
                      "currency " + detail::quote_for_message(s) +
                          " is not one embargo keeps; expected USD or EUR");
            p.currency = s;
        } else if (k == "value_scale") {
            std::int64_t n = 0;
            const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), n);
            if (ec != std::errc() || end != s.data() + s.size() ||
                (n != 1 && n != 1000 && n != 1'000'000))
                error(v, "profile.bad-value",
                      "value_scale " + detail::quote_for_message(s) +
                          " is not a scale; expected 1, 1000 (thousands) or 1000000 (millions)");
            else
                p.value_scale = n;
        } else if (k == "quantity_unit" || k == "fallback_unit") {
            if (!parse_unit(s))
                error(
                    v, "profile.bad-value",
                    std::string(k) + " " + detail::quote_for_message(s) +
                        " is not a unit embargo reads; expected u, pa, g, kg, t, l, m3, bbl, kWh, "
                        "MWh, m or m2");
            (k == "quantity_unit" ? p.quantity_unit : p.fallback_unit) = s;
        } else if (k == "hs_edition") {
            const auto year = hs_edition_year(s);
            if (!year)
                error(v, "profile.bad-value",
                      "hs_edition " + detail::quote_for_message(s) +
                          " is not an HS edition; expected HS1992, HS1996, HS2002, HS2007, HS2012, "
                          "HS2017 or HS2022");
            else
                p.hs_edition = *year;
        } else if (k == "edition_in_file_name") {
            p.edition_in_file_name = s;
        }
        // source, note: for the reader of the file
    }

    bool has(const input_profile& p, std::string_view field) const {
        return std::any_of(p.columns.begin(), p.columns.end(),
                           [&](const auto& c) { return c.first == field; });
    }

    // What a layout must give for a row to be judged at all.
    void check_layout(const yaml_node& doc, const input_profile& p) {
        const yaml_node* cols = doc.find("columns");
        const yaml_node& at = cols != nullptr ? *cols : doc;
        std::vector<std::string> missing;
        for (std::string_view f : {"hs_code", "date"})
            if (!has(p, f)) missing.emplace_back(f);
        const bool direct = has(p, "exporter") || has(p, "importer");
        const bool by_flow = has(p, "reporter") || has(p, "partner") || has(p, "flow");
        if (direct && by_flow)
            error(at, "profile.bad-value",
                  "columns give exporter/importer and reporter/partner/flow; give one set");
        static constexpr std::array<std::string_view, 2> parties{"exporter", "importer"};
        static constexpr std::array<std::string_view, 3> sides{"reporter", "partner", "flow"};
        const std::span<const std::string_view> needed =
            direct || !by_flow ? std::span<const std::string_view>(parties)
                               : std::span<const std::string_view>(sides);
        for (std::string_view f : needed)
            if (!has(p, f)) missing.emplace_back(f);
        if (!missing.empty())
            error(at, "profile.missing",
                  "columns give no " + detail::join(missing, ", ") +
                      "; a row needs an HS code, a date and its parties");
        if (has(p, "unit") && !p.quantity_unit.empty())
            error(at, "profile.bad-value", "give a unit column or quantity_unit, not both");
        if (has(p, "quantity") && !has(p, "unit") && p.quantity_unit.empty())
            error(at, "profile.missing",
                  "the quantity column has no unit: add a unit column or quantity_unit");
        if (has(p, "fallback_quantity") && p.fallback_unit.empty())
            error(at, "profile.missing", "fallback_quantity needs fallback_unit");
        if (!p.flows.empty() && !has(p, "flow"))
            error(at, "profile.bad-value", "flows names words for a flow column the layout lacks");
    }

    std::string file_;
    std::vector<diagnostic> out_;
};

std::vector<input_profile> read_builtins() {
    std::vector<input_profile> out;
    for (std::string_view text : {comtrade_yaml, comtrade_plus_yaml, baci_yaml, comext_yaml}) {
        auto p = profile_reader("built-in").read(text);
        // A built-in profile that does not read is a bug caught by its test.
        if (p) out.push_back(std::move(p).value());
    }
    return out;
}

}  // namespace

std::span<const input_profile> builtin_profiles() {
    static const std::vector<input_profile> profiles = read_builtins();
    return profiles;
}

const input_profile* find_builtin_profile(std::string_view name) {
    for (const auto& p : builtin_profiles())
        if (p.name == name) return &p;
    return nullptr;
}

const input_profile* recognise_profile(std::span<const std::string> header) {
    const auto has = [&](std::string_view column) {
        const std::string want = detail::lower(detail::trim(column));
        return std::any_of(header.begin(), header.end(), [&](const std::string& h) {
            return detail::lower(detail::trim(h)) == want;
        });
    };
    for (const auto& p : builtin_profiles())
        if (std::all_of(p.columns.begin(), p.columns.end(),
                        [&](const auto& c) { return has(c.second); }))
            return &p;
    return nullptr;
}

result<input_profile> read_profile(std::string_view yaml, std::string file) {
    return profile_reader(std::move(file)).read(yaml);
}

result<input_profile> load_profile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in)
        return result<input_profile>(diagnostic{"profile.io",
                                                severity::error,
                                                {path, 0, 0, 0},
                                                "cannot read the mapping file " + path});
    const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    return read_profile(text, path);
}

}  // namespace embargo
