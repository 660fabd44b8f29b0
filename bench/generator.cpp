// The customs-table generator (see generator.hpp).
//
// The proportions below are not measured from any one data set; they are
// chosen so that the table exercises what real screening meets: mostly lines
// no measure speaks of, a third involving the DPRK, most codes at six digits,
// coarse codes that straddle measures, months that straddle adoption days, and
// the facts that carve-outs read on a few per cent of the DPRK lines.

#include "generator.hpp"

#include <charconv>
#include <cmath>
#include <stdexcept>

namespace embargo::bench {
namespace {

constexpr std::array<std::string_view, 30> other_countries{
    "CN", "US", "DE", "JP", "KR", "FR", "GB", "IT", "NL", "IN", "RU", "BR", "CA", "MX", "ES",
    "TH", "VN", "MY", "SG", "ID", "AU", "TR", "PL", "SE", "CH", "BE", "SA", "AE", "ZA", "PK"};

// Partners of the DPRK, China first by far (most of its reported trade).
constexpr std::array<std::string_view, 8> dprk_partners{"CN", "RU", "IN", "PK",
                                                        "TH", "BF", "BR", "SG"};
constexpr std::array<unsigned, 8> dprk_partner_weights{850, 50, 25, 20, 20, 15, 10, 10};

// What the DPRK sold: coal, iron ore, apparel, seafood, wigs, ferro-alloys,
// ores, electricity, watch movements, wood.
constexpr std::array<std::string_view, 24> dprk_exports{
    "270111", "270112", "270119", "260111", "260112", "620193", "620293", "620343",
    "620463", "611030", "030743", "030749", "160590", "670420", "720221", "720299",
    "261390", "261690", "250510", "271600", "910811", "440320", "780110", "790111"};

// What it bought: fuel, food, plastics, yarn, cars, computers, drinks,
// tobacco, medicine, luxury goods, aircraft engines, vessels, arms.
constexpr std::array<std::string_view, 28> dprk_imports{
    "271012", "271019", "270900", "100630", "110100", "150790", "170199",
    "230400", "390110", "540233", "870323", "870324", "847130", "851712",
    "220300", "220830", "240220", "300490", "910111", "710812", "890392",
    "880240", "841111", "840710", "930190", "871000", "640399", "711319"};

std::size_t weighted(splitmix64& rng, const std::array<unsigned, 8>& weights) {
    unsigned total = 0;
    for (unsigned w : weights) total += w;
    auto pick = static_cast<unsigned>(rng.below(total));
    for (std::size_t i = 0; i < weights.size(); ++i) {
        if (pick < weights[i]) return i;
        pick -= weights[i];
    }
    return weights.size() - 1;
}

template <class T>
void put_number(std::string& out, T value) {
    std::array<char, 32> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), value);
    out.assign(buf.data(), r.ptr);
}

// A quantity written as customs statistics do: mostly whole, sometimes with
// one decimal.
void put_amount(std::string& out, double value, bool decimals) {
    if (!decimals) {
        put_number(out, static_cast<std::uint64_t>(std::llround(std::max(value, 1.0))));
        return;
    }
    std::array<char, 32> buf{};
    const auto r = std::to_chars(buf.data(), buf.data() + buf.size(), std::round(value * 10) / 10,
                                 std::chars_format::fixed, 1);
    out.assign(buf.data(), r.ptr);
}

// Log-uniform in [lo, hi]: trade values span orders of magnitude.
double log_uniform(splitmix64& rng, double lo, double hi) {
    return lo * std::pow(hi / lo, rng.unit());
}

bool starts_with(const std::string& code, std::string_view prefix) {
    return code.compare(0, prefix.size(), prefix) == 0;
}

enum column : std::size_t {
    c_id,
    c_code,
    c_exporter,
    c_importer,
    c_origin,
    c_date,
    c_quantity,
    c_unit,
    c_value
};

std::size_t fact_column(std::string_view name) {
    for (std::size_t i = 0; i < fact_columns.size(); ++i)
        if (fact_columns[i] == name) return record_columns + i;
    throw std::logic_error("unknown fact column");
}

}  // namespace

std::array<std::string_view, column_count> csv_header() {
    std::array<std::string_view, column_count> h{
        "id", "hs_code", "exporter", "importer", "origin", "date", "quantity", "unit", "value_usd"};
    for (std::size_t i = 0; i < fact_columns.size(); ++i) h[record_columns + i] = fact_columns[i];
    return h;
}

table_generator::table_generator(const rule_set& rules, std::uint64_t seed) : rng_(seed) {
    constexpr std::array<std::string_view, 3> names{"HS2012", "HS2017", "HS2022"};
    for (std::size_t i = 0; i < names.size(); ++i) {
        const hs_edition* e = rules.catalogue().find(names[i]);
        if (e == nullptr)
            throw std::runtime_error("the rule set's catalogue lacks " + std::string(names[i]));
        editions_[i].edition = e;
        for (const auto& [code, description] : e->codes())
            if (code.digits() == 6) editions_[i].subheadings.push_back(code);
    }
}

const table_generator::edition_codes& table_generator::edition_for(int year) const {
    return year < 2017 ? editions_[0] : (year < 2022 ? editions_[1] : editions_[2]);
}

hs_code table_generator::pick_code(bool dprk, bool dprk_exports_line, int year) {
    const edition_codes& ed = edition_for(year);
    hs_code code = ed.subheadings[rng_.below(ed.subheadings.size())];
    if (dprk && rng_.chance(0.4)) {
        const std::string_view basket = dprk_exports_line
                                            ? dprk_exports[rng_.below(dprk_exports.size())]
                                            : dprk_imports[rng_.below(dprk_imports.size())];
        auto parsed = hs_code::parse(basket);
        // Some codes exist only in some editions (0307.43 from HS2017 on).
        if (parsed && ed.edition->accepts(parsed.value())) code = parsed.value();
    }
    // Level: 3% chapter, 7% heading, 75% subheading, 10% and 5% national
    // eight- and ten-digit lines.
    const auto level = rng_.below(100);
    if (level < 3) return code.prefix(2);
    if (level < 10) return code.prefix(4);
    if (level < 85) return code;
    // Digits 7 and 8 (00, 10 or 90) of the 10-digit key, then 00 for ten digits.
    constexpr std::array<hs_key, 3> tails{0, 10, 90};
    const hs_key national = code.key() + tails[rng_.below(tails.size())] * 100ULL;
    const hs_code extended = hs_code::from_key(national, level < 95 ? 8 : 10);
    if (!ed.edition->accepts(extended))
        throw std::logic_error("generated a code outside the nomenclature");
    return extended;
}

void table_generator::next(table_row& row) {
    for (auto& f : row.fields) f.clear();
    ++line_;
    put_number(row.fields[c_id], line_);

    // Parties: a third of the lines involve the DPRK, three quarters of those
    // as exporter (the partners' import statistics).
    const bool dprk = rng_.below(3) == 0;
    const bool dprk_exports_line = dprk && rng_.below(4) != 0;
    std::string_view exporter, importer, origin;
    if (dprk) {
        const std::string_view partner = dprk_partners[weighted(rng_, dprk_partner_weights)];
        exporter = dprk_exports_line ? "KP" : partner;
        importer = dprk_exports_line ? partner : "KP";
        const auto o = rng_.below(100);
        if (dprk_exports_line)
            origin = o < 90 ? "KP" : (o < 93 ? "RU" : "");
        else
            origin = o < 85 ? exporter
                            : (o < 95 ? other_countries[rng_.below(other_countries.size())] : "");
    } else {
        exporter = other_countries[rng_.below(other_countries.size())];
        do importer = other_countries[rng_.below(other_countries.size())];
        while (importer == exporter);
        const auto o = rng_.below(100);
        origin =
            o < 90 ? exporter : (o < 95 ? other_countries[rng_.below(other_countries.size())] : "");
    }
    row.fields[c_exporter] = exporter;
    row.fields[c_importer] = importer;
    row.fields[c_origin] = origin;

    // Monthly statistics, 2005-01 to 2023-12.
    const int year = 2005 + static_cast<int>(rng_.below(19));
    const int month = 1 + static_cast<int>(rng_.below(12));
    auto& date = row.fields[c_date];
    put_number(date, year);
    date += month < 10 ? "-0" : "-";
    std::string m;
    put_number(m, month);
    date += m;

    const hs_code code = pick_code(dprk, dprk_exports_line, year);
    const std::string digits = code.str();
    row.fields[c_code] = digits;

    // Unit, quantity and value by kind of goods; 5% of lines state no
    // quantity, as statistics withheld for confidentiality do.
    const int chapter = code.chapter();
    std::string_view unit_text = "kg";
    double price = log_uniform(rng_, 1, 200);  // USD per unit
    double amount = log_uniform(rng_, 1, 1e6);
    if (starts_with(digits, "2716")) {
        unit_text = "MWh";
        price = log_uniform(rng_, 30, 80);
        amount = log_uniform(rng_, 10, 1e5);
    } else if ((starts_with(digits, "2709") || starts_with(digits, "2710")) && rng_.chance(0.3)) {
        unit_text = "bbl";
        price = log_uniform(rng_, 40, 120);
        amount = log_uniform(rng_, 100, 5e5);
    } else if ((chapter >= 25 && chapter <= 27) || (chapter >= 72 && chapter <= 81)) {
        if (rng_.chance(0.7)) {
            unit_text = "t";
            price = log_uniform(rng_, 40, 3000);
            amount = log_uniform(rng_, 1, 2e5);
        }
    } else if (chapter == 64) {
        unit_text = "pa";
        price = log_uniform(rng_, 2, 150);
    } else if (chapter == 61 || chapter == 62 || (chapter >= 84 && chapter <= 93) ||
               chapter == 71) {
        if (rng_.chance(0.5)) {
            unit_text = "u";
            price = log_uniform(rng_, 1, 30'000);
            amount = log_uniform(rng_, 1, 1e5);
        }
    }
    if (!rng_.chance(0.05)) {
        put_amount(row.fields[c_quantity], amount, rng_.chance(0.2));
        row.fields[c_unit] = unit_text;
    }
    put_amount(row.fields[c_value], amount * price, false);

    if (!dprk) return;
    // Facts, sparingly: on a few per cent of the DPRK lines, those that the
    // carve-outs of their goods read.
    auto set = [&](std::string_view name, std::string_view value) {
        row.fields[fact_column(name)] = value;
    };
    const bool coal =
        starts_with(digits, "2701") || starts_with(digits, "2702") || starts_with(digits, "2704");
    if (coal && dprk_exports_line) {
        if (rng_.chance(0.15)) {  // Russian coal through Rajin
            row.fields[c_origin] = "RU";
            set("port", "Rajin");
            set("origin_confirmed", "true");
            set("notified", "true");
        } else if (rng_.chance(0.1)) {
            set("purpose", "livelihood");
            set("designated_party", "false");
        }
    } else if ((starts_with(digits, "2601") || chapter == 72) && dprk_exports_line &&
               rng_.chance(0.1)) {
        set("purpose", "livelihood");
        set("designated_party", "false");
    } else if (starts_with(digits, "2709") && rng_.chance(0.4)) {
        set("product", "crude");
    } else if (starts_with(digits, "2710") && !dprk_exports_line && rng_.chance(0.4)) {
        constexpr std::array<std::string_view, 5> products{"diesel", "jet_fuel", "motor_gasoline",
                                                           "fuel_oil", "kerosene"};
        set("product", products[rng_.below(products.size())]);
        if (rng_.chance(0.5)) {
            set("purpose", "livelihood");
            set("notified", "true");
            set("designated_party", "false");
        }
    } else if (starts_with(digits, "2716") && rng_.chance(0.3)) {
        set("project", "china_dprk_hydro");
    } else if ((starts_with(digits, "8407") || starts_with(digits, "8409") ||
                starts_with(digits, "8411")) &&
               !dprk_exports_line && rng_.chance(0.3)) {
        set("aircraft_spares", "true");
    } else if (chapter >= 50 && chapter <= 63 && year == 2017 && month >= 9 && rng_.chance(0.3)) {
        // Textiles in the wind-down after 2375 (2017-09-11).
        set("contract_date", "2017-08-20");
        set("notified", "true");
    } else if (rng_.chance(0.005)) {
        set("joint_venture", "true");
    } else if (rng_.chance(0.005)) {
        set("designated_party", "true");
    }
}

trade_record to_record(const table_row& row) {
    const auto& f = row.fields;
    auto fail = [&](std::string_view what) {
        return std::runtime_error("generated line " + f[c_id] + ": bad " + std::string(what));
    };
    trade_record r;
    r.id = f[c_id];
    auto code = hs_code::parse(f[c_code]);
    auto exporter = country_code::parse(f[c_exporter]);
    auto importer = country_code::parse(f[c_importer]);
    auto period = period::parse(f[c_date]);
    if (!code) throw fail("code");
    if (!exporter || !importer) throw fail("country");
    if (!period) throw fail("date");
    r.code = code.value();
    r.exporter = exporter.value();
    r.importer = importer.value();
    r.period = period.value();
    if (!f[c_origin].empty()) {
        auto origin = country_code::parse(f[c_origin]);
        if (!origin) throw fail("origin");
        r.origin = origin.value();
    }
    auto number = [&](const std::string& text) {
        double v = 0;
        const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec != std::errc() || end != text.data() + text.size()) throw fail("number");
        return v;
    };
    if (!f[c_quantity].empty()) {
        auto u = parse_unit(f[c_unit]);
        if (!u) throw fail("unit");
        r.quantity = quantity{number(f[c_quantity]), u.value()};
    }
    if (!f[c_value].empty()) {
        auto m = money::parse(f[c_value]);
        if (!m) throw fail("value");
        r.value = *m;
    }
    for (std::size_t i = 0; i < fact_columns.size(); ++i)
        if (!f[record_columns + i].empty()) r.set_fact(fact_columns[i], f[record_columns + i]);
    return r;
}

void append_csv_line(std::string& out, const table_row& row) {
    for (std::size_t i = 0; i < row.fields.size(); ++i) {
        if (i != 0) out += ',';
        out += row.fields[i];
    }
    out += '\n';
}

}  // namespace embargo::bench
