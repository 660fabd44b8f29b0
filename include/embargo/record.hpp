#pragma once
// Trade records: one customs line, one shipment, or one cell of a statistics
// table (a year of China's imports from the DPRK under one HS code).
//
// The engine judges exactly this: a code, who ships to whom, where the goods
// come from, when, how much and for what value, and free facts (`port=Rajin`,
// `purpose=livelihood`, `contract_date=2017-08-01`). Data given as reporter /
// partner / flow is mapped to exporter / importer by the readers (io.hpp).

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/calendar.hpp"
#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/hs.hpp"

namespace embargo {

// An ISO 3166-1 alpha-2 code: two capital letters (`KP`, `CN`).
struct EMBARGO_API country_code {
    std::array<char, 2> letters{};

    // Error id `record.bad-country`. Lower case is accepted and upcased.
    static result<country_code> parse(std::string_view text);
    std::string_view str() const noexcept { return {letters.data(), 2}; }
    friend bool operator==(const country_code&, const country_code&) = default;
};

// Units of quantity, grouped by dimension. `items` counts pieces (Comtrade's
// "u" / "No."), the only unit for which a unit value per item is known.
enum class unit : std::uint8_t {
    items,
    pairs,  // count
    g,
    kg,
    t,  // mass
    l,
    m3,
    bbl,  // volume
    kwh,
    mwh,  // energy
    m,
    m2,   // length, area
    usd,  // money, for quota limits stated in value
};

enum class dimension : std::uint8_t { count, mass, volume, energy, length, area, money };

EMBARGO_API dimension dimension_of(unit u) noexcept;
EMBARGO_API std::string_view to_string(unit u) noexcept;
// `u`, `items`, `no`, `pcs`, `kg`, `t`, `l`, `m3`, `bbl`, `kWh`, `MWh`, ...
// (case-insensitive). Error id `record.unknown-unit`.
EMBARGO_API result<unit> parse_unit(std::string_view text);
// The factor that turns one `from` into `to` within a dimension (1 t = 1000
// kg); nullopt across dimensions, where only a declared factor may convert.
EMBARGO_API std::optional<double> same_dimension_factor(unit from, unit to) noexcept;

struct EMBARGO_API quantity {
    double amount = 0;
    embargo::unit unit = unit::items;
};

// An amount of money, exact: a whole number of cents (hundredths of the
// currency's unit), so that totals are exact and come out the same in
// whatever order rows are added. Trade statistics give whole units or cents;
// a value written to more places is rounded to the cent, half away from zero.
class EMBARGO_API money {
public:
    // The largest amount a record may give: 10^15 units, some thirty times the
    // world's yearly trade, so that no total of real rows overflows.
    static constexpr std::int64_t max_cents = 100'000'000'000'000'000;

    money() = default;
    static constexpr money of_cents(std::int64_t cents,
                                    std::array<char, 3> currency = {'U', 'S', 'D'}) noexcept {
        money m;
        m.cents_ = cents;
        m.currency = currency;
        return m;
    }
    // A decimal number as the readers take it: `1500`, `2.50`, `-3`, `1.5e6`
    // (no sign `+`, no thousands separators, no `inf` or `nan`), exactly, to
    // the cent. Error ids: `record.bad-number` (not a number, or beyond
    // max_cents in size). The currency is USD; set `currency` for another.
    static result<money> parse(std::string_view text);

    std::int64_t cents() const noexcept { return cents_; }
    // The amount in units, for conditions on `value_usd` and JSON output:
    // exact up to 2^53 cents (90 trillion units).
    double units() const noexcept { return static_cast<double>(cents_) / 100; }

    std::array<char, 3> currency{'U', 'S', 'D'};
    // Bytewise: GCC 12 compiles the array's == to a memcmp call, and screen
    // asks this of every row.
    bool usd() const noexcept {
        return currency[0] == 'U' && currency[1] == 'S' && currency[2] == 'D';
    }

private:
    std::int64_t cents_ = 0;
};

// A free fact as the record gives it: name and text value. The rule set reads
// the text according to the fact's declared type.
struct EMBARGO_API record_fact {
    std::string name;
    std::string value;
};

struct EMBARGO_API trade_record {
    std::string id;  // the caller's reference, carried into output
    hs_code code;
    country_code exporter;
    country_code importer;
    std::optional<country_code> origin;
    embargo::period period;
    std::optional<embargo::quantity> quantity;
    std::optional<money> value;
    // The HS edition the code is given in, by its year (2017 for HS2017);
    // 0: the edition in force on the first day of the period (a customs
    // line's own date). Statistics say which edition a row was reported
    // in (Comtrade's H0 ... H6): a row of 2019 reported in HS2012 is read
    // in HS2012. hs_edition_year() reads the names.
    int hs_edition = 0;
    std::vector<record_fact> facts;

    // The text value of a free fact, or nullptr.
    const std::string* fact(std::string_view name) const noexcept;
    void set_fact(std::string_view name, std::string_view text);
};

// The year of an HS edition as statistics name it: `HS2017`, `2017`,
// Comtrade's classification codes `H0` (HS1992) ... `H6` (HS2022), BACI's
// `HS17`; nullopt for anything else, or a year that is no HS edition
// (1992, 1996, 2002, 2007, 2012, 2017, 2022 are).
EMBARGO_API std::optional<int> hs_edition_year(std::string_view text) noexcept;

class rule_set;

// A record a rule set has checked (rule_set::check): its code, exporter and
// importer are given, its code is one the rules' catalogue knows and every
// fact it gives is declared and reads as its type. Only rule_set::check
// makes one, and an engine judges nothing else, so a misspelt fact or a
// record with no code is an error, never a silent "unknown". It remembers
// the rule set that checked it (fact names mean what that regime declares);
// an engine of another rule set refuses it. Immutable: to change a field,
// take the record back (release), change it and check it again.
class EMBARGO_API checked_record {
public:
    const trade_record& record() const noexcept { return record_; }
    const trade_record* operator->() const noexcept { return &record_; }
    // The rule set that checked it; it must outlive the record.
    const rule_set& rules() const noexcept { return *rules_; }
    // The record back, to change or to reuse its buffers.
    trade_record release() && noexcept { return std::move(record_); }

private:
    friend class rule_set;
    checked_record(trade_record record, const rule_set& rules) noexcept
        : record_(std::move(record)), rules_(&rules) {}

    trade_record record_;
    const rule_set* rules_;
};

}  // namespace embargo
