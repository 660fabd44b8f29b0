// Record readers (io.hpp): the column mapping shared by CSV, JSON Lines and
// named fields, and the assembly of one row into a trade_record.
//
// The row assembler is the one place that turns cells into a record, so the
// three sources cannot drift apart. It keeps its trade_record and the
// strings inside it from row to row: once the first rows have sized them, a
// row costs no allocation unless it is an error.

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <istream>
#include <map>
#include <optional>
#include <stdexcept>

#include "embargo/io.hpp"
#include "embargo/profile.hpp"

#include "base/text.hpp"
#include "io/chunk_reader.hpp"
#include "io/country_codes.hpp"
#include "io/csv.hpp"
#include "io/jsonl.hpp"

namespace embargo {

std::string_view to_string(input_format f) noexcept {
    return f == input_format::csv ? "csv" : "jsonl";
}

std::optional<input_format> parse_input_format(std::string_view text) noexcept {
    if (text == "csv") return input_format::csv;
    if (text == "jsonl" || text == "ndjson") return input_format::jsonl;
    return std::nullopt;
}

namespace {

// What a column (or JSON key) is for. The first `field_roles` index the
// assembler's cells.
enum class role : std::uint8_t {
    id,
    hs,
    exporter,
    importer,
    origin,
    date,
    quantity,
    unit,
    value_usd,
    reporter,
    partner,
    flow,
    hs_edition,
    fallback_quantity,  // a profile's: read when `quantity` gives none
    fact,
    unread,
};
constexpr std::size_t field_roles = 14;

struct role_name {
    std::string_view name;
    role r;
};

constexpr std::array<role_name, 14> role_names{{
    {"id", role::id},
    {"hs_code", role::hs},
    {"hs", role::hs},
    {"exporter", role::exporter},
    {"importer", role::importer},
    {"origin", role::origin},
    {"date", role::date},
    {"quantity", role::quantity},
    {"unit", role::unit},
    {"value_usd", role::value_usd},
    {"reporter", role::reporter},
    {"partner", role::partner},
    {"flow", role::flow},
    {"hs_edition", role::hs_edition},
}};

// What each field is called in messages.
constexpr std::array<std::string_view, field_roles> field_names{
    "id",   "hs_code",   "exporter", "importer", "origin", "date",       "quantity",
    "unit", "value_usd", "reporter", "partner",  "flow",   "hs_edition", "fallback_quantity"};

// A profile's field names (profile.hpp) as roles; `value` is the value
// column whatever its currency.
std::optional<role> role_of_field(std::string_view field) {
    if (field == "value") return role::value_usd;
    if (field == "fallback_quantity") return role::fallback_quantity;
    for (const auto& rn : role_names)
        if (rn.name == field && rn.name != "hs") return rn.r;
    return std::nullopt;
}

std::string_view field_name(role r) {
    return field_names[static_cast<std::size_t>(r)];
}

using detail::lower;
using detail::trim;

struct column_class {
    role r = role::unread;
    std::string fact;     // the declared name, for role::fact
    std::string warning;  // why an unread column is not read, for the warning
    // For an unread column one slip away from a field or a fact: the error
    // that refuses it.
    std::string error;
};

// A column name read as a field or fact would be: lower case, with `-` and
// spaces as `_`.
std::string normal_name(std::string_view s) {
    std::string out = lower(trim(s));
    for (char& c : out)
        if (c == '-' || c == ' ') c = '_';
    return out;
}

// The field or declared fact that `name` is one slip away from: one edit for
// names under 8 characters, two for longer ones. A column like that is most
// likely misspelt, and carrying it through unread would leave its fact to
// its default (`joint_ventur` would read as no joint venture): fail closed.
std::optional<std::string> near_miss(std::string_view name, const rule_set& rules) {
    const std::string n = normal_name(name);
    if (n.size() < 4) return std::nullopt;
    std::vector<std::string_view> candidates;
    for (const auto& rn : role_names)
        if (rn.name.size() >= 4) candidates.push_back(rn.name);
    for (const auto& f : rules.facts().all())
        if (!f.builtin && f.name.size() >= 4) candidates.push_back(f.name);
    const auto near = detail::near_names(n, candidates, n.size() >= 8 ? 2 : 1, 1);
    if (near.empty()) return std::nullopt;
    return std::string(near.front());
}

// `kind` is "column" or "key", for the warning.
column_class classify(std::string_view written, const rule_set& rules, std::string_view kind) {
    const std::string_view name = trim(written);
    const std::string low = lower(name);
    for (const auto& rn : role_names)
        if (rn.name == low) return {rn.r, {}, {}, {}};
    const fact_table& facts = rules.facts();
    auto id = facts.find(name);
    if (!id) id = facts.find(low);
    column_class c;
    if (id && !facts.at(*id).builtin) {
        c.r = role::fact;
        c.fact = facts.at(*id).name;
        return c;
    }
    c.warning = std::string(kind);
    c.warning += ' ';
    c.warning += detail::quote_for_message(written);
    if (!id) {
        if (auto near = near_miss(written, rules)) {
            c.error = c.warning + " is neither a field nor a fact of " + rules.label() +
                      ", but one slip from " + *near + "; expected " + *near +
                      " spelt as declared (a misspelt fact would be read as missing), "
                      "or a name further from it for a column that is not meant to be read";
        }
    }
    if (id) {
        c.warning += " is computed from value_usd and quantity, not read; carried through unread";
    } else {
        c.warning += " is not a fact of ";
        c.warning += rules.label();
        c.warning += "; carried through unread";
    }
    return c;
}

// A trade flow's direction as customs statistics give it.
enum class flow_kind : std::uint8_t { import, export_ };

std::optional<flow_kind> parse_flow(std::string_view text) {
    const std::string low = lower(trim(text));
    for (std::string_view s : {"import", "imports", "m", "1", "re-import", "re-imports", "rm", "4"})
        if (low == s) return flow_kind::import;
    for (std::string_view s : {"export", "exports", "x", "2", "re-export", "re-exports", "rx", "3"})
        if (low == s) return flow_kind::export_;
    return std::nullopt;
}

std::optional<double> parse_decimal(std::string_view text) noexcept {
    double v = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v))
        return std::nullopt;
    return v;
}

// How a profile's cells are written (profile.hpp), compiled once per file.
// Default-constructed: embargo's own columns.
struct row_profile {
    const input_profile* source = nullptr;
    detail::country_scheme countries = detail::country_scheme::alpha2;
    bool yyyymm = false;
    std::array<char, 3> currency{'U', 'S', 'D'};
    std::int64_t value_scale = 1;
    std::optional<unit> quantity_unit;  // no unit column: every quantity's unit
    std::optional<unit> fallback_unit;
    std::vector<std::pair<std::string, std::optional<unit>>> units;  // lower-case word
    std::vector<std::pair<std::string, flow_kind>> flows;            // lower-case word
    std::string flow_words;                                          // for the message
    bool restore_leading_zero = false;
    int hs_edition = 0;  // the file's (option, file name or profile)
};

// `2019` or `201903` as the period parser reads them (`2019`, `2019-03`);
// Eurostat's month 52 is the whole year. False: not that shape.
bool yyyymm_period(std::string_view text, std::string& out) {
    if (!std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        return false;
    if (text.size() == 4) {
        out.assign(text);
        return true;
    }
    if (text.size() != 6) return false;
    out.assign(text.substr(0, 4));
    const std::string_view month = text.substr(4);
    if (month == "52") return true;
    if (month < "01" || month > "12") return false;
    out += '-';
    out += text.substr(4);
    return true;
}

// Turns the cells of one row into a record. Cells are views: they must stay
// valid until finish().
class row_assembler {
public:
    row_assembler(const rule_set& rules, std::string file) : rules_(rules), file_(std::move(file)) {
        for (std::size_t i = 0; i < field_roles; ++i) labels_[i] = field_names[i];
    }

    // Reads cells as `p` says; messages name the field by `column` (the
    // provider's header) instead of embargo's field name.
    void use_profile(row_profile p) { profile_ = std::move(p); }
    void label(role r, std::string column) {
        labels_[static_cast<std::size_t>(r)] = std::move(column);
    }
    const row_profile& profile() const noexcept { return profile_; }

    // The slot of `fact` in record().facts, added on first use.
    std::size_t fact_slot(const std::string& fact) {
        reclaim();
        for (std::size_t i = 0; i < record_.facts.size(); ++i)
            if (record_.facts[i].name == fact) return i;
        record_.facts.push_back({fact, {}});
        fact_ids_.push_back(rules_.facts().find(fact));
        fact_cells_.emplace_back();
        return record_.facts.size() - 1;
    }

    void begin(int line) {
        line_ = line;
        for (auto& c : cells_) c.present = false;
        for (auto& c : fact_cells_) c.present = false;
        duplicate_ = {};
    }

    void set(role r, std::string_view text, int column) {
        cell& c = cells_[static_cast<std::size_t>(r)];
        if (c.present && !duplicate_.present) note_duplicate(column, r, 0);
        c = {text, column, true};
    }

    void set_fact(std::size_t slot, std::string_view text, int column) {
        cell& c = fact_cells_[slot];
        if (c.present && !duplicate_.present) note_duplicate(column, role::fact, slot);
        c = {text, column, true};
    }

    // Fills record() from the cells; false (with errors in `out`) when the
    // row cannot be read.
    bool finish(std::vector<diagnostic>& out) {
        reclaim();
        ok_ = true;
        out_ = &out;
        if (duplicate_.present) {
            error("record.duplicate-column", duplicate_.column,
                  duplicate_.r == role::fact
                      ? "the row gives fact " + record_.facts[duplicate_.slot].name + " twice"
                      : "the row gives " + std::string(field_name(duplicate_.r)) +
                            " twice, under two names");
        }
        const cell& id = at(role::id);
        if (id.present)
            record_.id.assign(trim(id.text));
        else
            record_.id.clear();

        if (auto text = required(role::hs)) {
            std::string_view code_text = *text;
            if (profile_.restore_leading_zero && code_text.size() % 2 == 1 &&
                std::all_of(code_text.begin(), code_text.end(),
                            [](char c) { return c >= '0' && c <= '9'; })) {
                scratch_.assign(1, '0');
                scratch_ += code_text;
                code_text = scratch_;
            }
            if (auto code = hs_code::parse(code_text)) {
                record_.code = code.value();
            } else {
                error(code.error().id, at(role::hs).column,
                      label(role::hs) + ": " + code.error().message);
            }
        }
        read_edition();

        const bool direct = at(role::exporter).present || at(role::importer).present;
        const bool by_flow =
            at(role::reporter).present || at(role::partner).present || at(role::flow).present;
        if (direct && by_flow) {
            error(
                "record.duplicate-column", 0,
                "the row gives exporter/importer and reporter/partner/flow; give one or the other");
        } else if (by_flow) {
            const auto reporter = country(role::reporter);
            const auto partner = country(role::partner);
            if (auto text = required(role::flow)) {
                if (const auto f = flow_of(*text); !f) {
                    error("record.bad-flow", at(role::flow).column,
                          profile_.flows.empty()
                              ? "flow " + detail::quote_for_message(*text) +
                                    " is not a trade flow; expected import (import, M, 1), export "
                                    "(export, X, 2), "
                                    "re-export (RX, 3) or re-import (RM, 4)"
                              : label(role::flow) + " " + detail::quote_for_message(*text) +
                                    " is not a trade flow of " + profile_.source->name +
                                    "; expected one of " + profile_.flow_words);
                } else if (reporter && partner) {
                    record_.exporter = *f == flow_kind::export_ ? *reporter : *partner;
                    record_.importer = *f == flow_kind::export_ ? *partner : *reporter;
                }
            }
        } else {
            if (auto c = country(role::exporter)) record_.exporter = *c;
            if (auto c = country(role::importer)) record_.importer = *c;
        }
        record_.origin.reset();
        if (const cell& o = at(role::origin); o.present && !trim(o.text).empty())
            record_.origin = country(role::origin);

        if (auto text = required(role::date)) {
            std::string_view date_text = *text;
            if (profile_.yyyymm && !yyyymm_period(*text, scratch_)) {
                error("period.syntax", at(role::date).column,
                      label(role::date) + " " + detail::quote_for_message(*text) +
                          " is not a period; expected a year (2019), a year and month (201903) or "
                          "Eurostat's whole year (201952)");
            } else {
                if (profile_.yyyymm) date_text = scratch_;
                if (auto p = period::parse(date_text)) {
                    record_.period = p.value();
                } else {
                    error(p.error().id, at(role::date).column,
                          label(role::date) + ": " + p.error().message);
                }
            }
        }

        record_.quantity.reset();
        const std::string_view q = optional(role::quantity);
        const std::string_view u = optional(role::unit);
        if (profile_.source != nullptr) {
            read_profile_quantity(q, u);
        } else if (q.empty() != u.empty()) {
            const role given = q.empty() ? role::unit : role::quantity;
            error("record.bad-quantity", at(given).column,
                  q.empty() ? "the row has a unit but no quantity; give both or neither"
                            : "the row has a quantity but no unit; give both or neither");
        } else if (!q.empty()) {
            const auto amount = amount_of(role::quantity, q);
            auto parsed = parse_unit(u);
            if (!parsed)
                error(parsed.error().id, at(role::unit).column, "unit: " + parsed.error().message);
            if (amount && parsed) record_.quantity = quantity{*amount, parsed.value()};
        }
        record_.value.reset();
        if (const std::string_view v = optional(role::value_usd); !v.empty()) {
            // Parsed once on the common path; a cell money refuses is read
            // again only to word the error as a quantity's is worded.
            auto m = money::parse(v);
            if (m && v.front() != '-') {
                record_.value = *m;
            } else if (amount_of(role::value_usd, v)) {  // "-0", or beyond what money holds
                if (m)
                    record_.value = *m;
                else
                    error(m.error().id, at(role::value_usd).column,
                          label(role::value_usd) + " " + m.error().message);
            }
            if (record_.value && profile_.source != nullptr) scale_value();
        }

        for (std::size_t i = 0; i < fact_cells_.size(); ++i) {
            const cell& c = fact_cells_[i];
            // clear() is inline; assigning an empty view is a call.
            const std::string_view text = c.present ? trim(c.text) : std::string_view{};
            if (text.empty())
                record_.facts[i].value.clear();
            else
                record_.facts[i].value.assign(text);
        }
        if (!ok_) return false;

        // What only the rule set can tell: the code exists in some edition,
        // facts read as their declared types.
        auto checked = rules_.check(std::move(record_), fact_ids_);
        if (checked) {
            checked_.emplace(std::move(checked).value());
            return true;
        }
        for (auto& d : std::move(checked).take_diagnostics()) {
            int column = 0;
            if (d.id == "record.unknown-code") {
                column = at(role::hs).column;
            } else {
                for (std::size_t i = 0; i < fact_cells_.size(); ++i) {
                    const std::string& name = record_.facts[i].name;
                    if (d.message.compare(0, 5 + name.size(), "fact " + name) == 0 &&
                        d.message.size() > 5 + name.size() &&
                        (d.message[5 + name.size()] == ':' || d.message[5 + name.size()] == ' '))
                        column = fact_cells_[i].column;
                }
            }
            d.where = {file_, line_, column};
            out.push_back(std::move(d));
            ok_ = false;
        }
        return ok_;
    }

    // The row finish() accepted; nullptr after a row it refused.
    const checked_record* record() const noexcept { return checked_ ? &*checked_ : nullptr; }

private:
    // The last row's record back from checked_, to fill again: its strings
    // and fact slots keep their room from row to row.
    void reclaim() {
        if (!checked_) return;
        record_ = std::move(*checked_).release();
        checked_.reset();
    }

    struct cell {
        std::string_view text;
        int column = 0;
        bool present = false;
    };
    struct duplicate_cell {
        int column = 0;
        bool present = false;
        role r = role::unread;
        std::size_t slot = 0;
    };

    void note_duplicate(int column, role r, std::size_t slot) {
        duplicate_ = {column, true, r, slot};
    }

    const cell& at(role r) const { return cells_[static_cast<std::size_t>(r)]; }

    void error(std::string id, int column, std::string message) {
        out_->push_back(
            {std::move(id), severity::error, {file_, line_, column}, std::move(message)});
        ok_ = false;
    }

    // The trimmed text of a field the record needs, or an error.
    std::optional<std::string_view> required(role r) {
        const cell& c = at(r);
        if (!c.present) {
            error("record.missing-field", 0, "the row has no " + label(r));
            return std::nullopt;
        }
        const std::string_view t = trim(c.text);
        if (t.empty()) {
            error("record.missing-field", c.column, label(r) + " is empty");
            return std::nullopt;
        }
        return t;
    }

    std::string_view optional(role r) const {
        const cell& c = at(r);
        return c.present ? trim(c.text) : std::string_view{};
    }

    std::optional<country_code> country(role r) {
        const auto text = required(r);
        if (!text) return std::nullopt;
        if (profile_.source != nullptr) {
            auto read = detail::read_country(*text, profile_.countries);
            if (!read.code) error("record.bad-country", at(r).column, label(r) + ": " + read.why);
            return read.code;
        }
        auto c = country_code::parse(*text);
        if (!c) {
            error(c.error().id, at(r).column, label(r) + ": " + c.error().message);
            return std::nullopt;
        }
        return c.value();
    }

    std::optional<double> amount_of(role r, std::string_view text) {
        const auto v = parse_decimal(text);
        if (!v) {
            error(
                "record.bad-number", at(r).column,
                label(r) + " " + detail::quote_for_message(text) +
                    " is not a number; expected a decimal number such as 1500 or 2.5 (no thousands "
                    "separators)");
            return std::nullopt;
        }
        if (*v < 0) {
            error("record.bad-quantity", at(r).column,
                  label(r) + " " + detail::quote_for_message(text) + " is negative");
            return std::nullopt;
        }
        return v;
    }

    std::string label(role r) const { return labels_[static_cast<std::size_t>(r)]; }

    std::optional<flow_kind> flow_of(std::string_view text) const {
        if (profile_.flows.empty()) return parse_flow(text);
        const std::string low = lower(trim(text));
        for (const auto& [word, kind] : profile_.flows)
            if (word == low) return kind;
        return std::nullopt;
    }

    // The row's HS edition: its hs_edition cell, else the file's.
    void read_edition() {
        record_.hs_edition = profile_.hs_edition;
        const std::string_view text = optional(role::hs_edition);
        if (text.empty()) return;
        // Comtrade's `HS` (as reported, edition not said): the edition in
        // force at the row's date, as for a row without the column.
        if (text == "HS" || text == "hs") return;
        if (const auto year = hs_edition_year(text)) {
            record_.hs_edition = *year;
            return;
        }
        error("record.bad-edition", at(role::hs_edition).column,
              label(role::hs_edition) + " " + detail::quote_for_message(text) +
                  " is not an HS edition; expected HS1992 ... HS2022, Comtrade's H0 ... H6, or "
                  "HS (the edition in force at the row's date)");
    }

    // A profile's quantity: its unit from the profile (one unit, or the
    // unit column's words), else the fallback column (Comtrade's net
    // weight) when the unit word gives no quantity or the cell is empty.
    void read_profile_quantity(std::string_view q, std::string_view u) {
        std::optional<unit> in;
        bool none = q.empty();
        if (!none && profile_.quantity_unit) {
            in = profile_.quantity_unit;
        } else if (!none) {
            if (u.empty()) {
                error("record.bad-quantity", at(role::quantity).column,
                      "the row has a quantity but no unit; give both or neither");
                return;
            }
            const std::string low = lower(u);
            const auto word = std::find_if(profile_.units.begin(), profile_.units.end(),
                                           [&](const auto& w) { return w.first == low; });
            if (word != profile_.units.end()) {
                in = word->second;
                none = !in;
            } else if (auto parsed = parse_unit(u)) {
                in = parsed.value();
            } else {
                error("record.unknown-unit", at(role::unit).column,
                      label(role::unit) + " " + detail::quote_for_message(u) + " is not a unit " +
                          profile_.source->name + " lists, nor one embargo reads");
                return;
            }
        }
        if (!none) {
            if (const auto amount = amount_of(role::quantity, q))
                record_.quantity = quantity{*amount, *in};
            return;
        }
        const std::string_view fallback = optional(role::fallback_quantity);
        if (fallback.empty() || !profile_.fallback_unit) return;
        if (const auto amount = amount_of(role::fallback_quantity, fallback))
            record_.quantity = quantity{*amount, *profile_.fallback_unit};
    }

    // A value column in thousands, or in EUR: exact in cents, and kept in
    // its currency (a EUR value is no USD value to a condition or a cap).
    void scale_value() {
        std::int64_t cents = record_.value->cents();
        if (__builtin_mul_overflow(cents, profile_.value_scale, &cents) ||
            cents > money::max_cents) {
            error("record.bad-number", at(role::value_usd).column,
                  label(role::value_usd) + " " +
                      detail::quote_for_message(optional(role::value_usd)) + " times " +
                      std::to_string(profile_.value_scale) + " is beyond what a record may give");
            record_.value.reset();
            return;
        }
        record_.value = money::of_cents(cents, profile_.currency);
    }

    const rule_set& rules_;
    std::string file_;
    row_profile profile_;
    std::array<std::string, field_roles> labels_;
    std::string scratch_;                    // a cell rewritten for its parser
    trade_record record_;                    // the row being filled
    std::optional<checked_record> checked_;  // the row accepted, until the next
    std::array<cell, field_roles> cells_{};
    std::vector<cell> fact_cells_;                  // parallel to record_.facts
    std::vector<std::optional<fact_id>> fact_ids_;  // parallel to record_.facts, looked up once
    duplicate_cell duplicate_{};
    int line_ = 0;
    bool ok_ = true;
    std::vector<diagnostic>* out_ = nullptr;
};

// How one column feeds the assembler.
struct column_plan {
    role r = role::unread;
    std::size_t slot = 0;  // for role::fact
    std::string error;     // a JSON key one slip from a field or fact: refused in every row
};

void feed(row_assembler& a, const column_plan& p, std::string_view text, int column) {
    if (p.r == role::fact)
        a.set_fact(p.slot, text, column);
    else if (p.r != role::unread)
        a.set(p.r, text, column);
}

bool reserved(const reader_options& o, std::string_view name) {
    const std::string low = lower(trim(name));
    return std::any_of(o.reserved_columns.begin(), o.reserved_columns.end(),
                       [&](const std::string& r) { return lower(trim(r)) == low; });
}

}  // namespace

struct record_reader::impl {
    impl(std::istream* in_, const rule_set& rules_, reader_options o)
        : in(in_), rules(rules_), options(std::move(o)), assembler(rules_, options.file) {}

    std::istream* in;  // nullptr: CSV handed over in pieces (csv_chunk_reader)
    const rule_set& rules;
    reader_options options;
    row_assembler assembler;
    std::vector<diagnostic> diagnostics;
    std::vector<std::string> columns;
    std::vector<input_field> fields;
    int line = 0;
    bool started = false;
    bool usable = false;
    const input_profile* profile = nullptr;  // the rows' layout, once start() has read the header

    // CSV, from the stream or from pieces: one parser either way.
    std::optional<detail::csv_stream_reader> csv;
    std::optional<detail::csv_parser> piece_parser;
    std::string_view piece;
    std::size_t piece_pos = 0;
    bool piece_final = false;
    std::vector<column_plan> plan;
    // JSON Lines
    std::optional<detail::line_stream_reader> lines;
    std::vector<detail::json_cell> cells;
    std::size_t cell_count = 0;
    std::map<std::string, column_plan, std::less<>> keys;

    void add(std::string id, severity s, int at_line, int column, std::string message) {
        diagnostics.push_back(
            {std::move(id), s, {options.file, at_line, column}, std::move(message)});
    }

    detail::csv_status csv_next() {
        if (csv) return csv->next();
        const auto st = piece_parser->next(piece, piece_pos, piece_final);
        return st == detail::csv_status::need_more ? detail::csv_status::end : st;
    }
    const detail::csv_record& csv_record() const {
        return csv ? csv->record() : piece_parser->record();
    }
    const diagnostic& csv_error() const { return csv ? csv->error() : piece_parser->error(); }
    bool reads_csv() const noexcept { return csv || piece_parser; }

    bool start_csv();
    bool start_profile(const detail::csv_record& header, const input_profile& profile);
    row_status next_csv();
    row_status next_jsonl();
    const column_plan& key_plan(const std::string& name);
};

bool record_reader::impl::start_csv() {
    detail::csv_options o;
    o.max_line_length = options.max_line_length;
    o.max_fields = options.max_fields;
    if (in != nullptr)
        csv.emplace(*in, o, options.chunk_size);
    else
        piece_parser.emplace(o);
    const auto st = csv_next();
    if (st == detail::csv_status::error) {
        diagnostic d = csv_error();
        d.where.file = options.file;
        d.message = "the header cannot be read: " + d.message;
        diagnostics.push_back(std::move(d));
        return false;
    }
    if (st != detail::csv_status::record) {
        add("record.no-header", severity::error, 0, 0,
            "the input is empty; expected a header line naming the columns (id, hs_code, exporter, "
            "importer, "
            "origin, date, quantity, unit, value_usd, facts)");
        return false;
    }
    const auto& header = csv_record();
    const int header_line = header.line();
    profile = options.profile.get();
    if (profile == nullptr && options.recognise_profiles) {
        // A header in embargo's own columns names the code hs_code or hs.
        bool own = false;
        std::vector<std::string> names;
        for (const std::string_view cell : header) {
            names.emplace_back(cell);
            const std::string low = lower(trim(cell));
            own = own || low == "hs_code" || low == "hs";
        }
        if (!own) profile = recognise_profile(names);
    }
    if (profile != nullptr) return start_profile(header, *profile);
    std::array<int, field_roles> seen{};  // 1-based column index per field role
    std::map<std::string, int, std::less<>> seen_facts;
    bool ok = true;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const int column = header.position(i).column;
        columns.emplace_back(header[i]);
        column_class c = classify(header[i], rules, "column");
        column_plan p{c.r, 0, {}};
        if (c.r == role::fact) {
            if (auto [it, fresh] = seen_facts.emplace(c.fact, static_cast<int>(i) + 1); !fresh) {
                add("record.duplicate-column", severity::error, header_line, column,
                    "columns " + std::to_string(it->second) + " and " + std::to_string(i + 1) +
                        " both give fact " + c.fact);
                ok = false;
            }
            p.slot = assembler.fact_slot(c.fact);
        } else if (c.r == role::unread) {
            if (reserved(options, header[i])) {
                // written by the caller: no warning
            } else if (!c.error.empty()) {
                add("record.unknown-column", severity::error, header_line, column, c.error);
                ok = false;
            } else {
                add("record.unread-column", severity::warning, header_line, column, c.warning);
            }
        } else {
            int& first = seen[static_cast<std::size_t>(c.r)];
            if (first != 0) {
                add("record.duplicate-column", severity::error, header_line, column,
                    "columns " + std::to_string(first) + " (" +
                        columns[static_cast<std::size_t>(first - 1)] + ") and " +
                        std::to_string(i + 1) + " (" + columns.back() + ") both give " +
                        std::string(field_name(c.r)));
                ok = false;
            }
            first = static_cast<int>(i) + 1;
        }
        plan.push_back(p);
    }
    const auto has = [&](role r) { return seen[static_cast<std::size_t>(r)] != 0; };
    std::string expected =
        "; expected the columns hs_code, exporter, importer, date (with optional id, origin, "
        "quantity, unit, "
        "value_usd, hs_edition and facts), or reporter, partner and flow instead of exporter and "
        "importer; or the header of a data set as downloaded:";
    for (const auto& p : builtin_profiles()) expected += " " + p.name + ", " + p.description + ";";
    expected += " or a mapping file for another layout (--profile FILE.yaml, docs/profiles.md)";
    std::vector<std::string> missing;
    for (role r : {role::hs, role::date})
        if (!has(r)) missing.emplace_back(field_name(r));
    const bool direct = has(role::exporter) || has(role::importer);
    const bool by_flow = has(role::reporter) || has(role::partner) || has(role::flow);
    if (direct && by_flow) {
        add("record.duplicate-column", severity::error, header_line, 0,
            "the header has both exporter/importer and reporter/partner/flow columns; give one set "
            "or the other");
        ok = false;
    } else if (by_flow) {
        for (role r : {role::reporter, role::partner, role::flow})
            if (!has(r)) missing.emplace_back(field_name(r));
    } else {
        for (role r : {role::exporter, role::importer})
            if (!has(r)) missing.emplace_back(field_name(r));
    }
    if (!missing.empty()) {
        std::string list;
        for (const auto& m : missing) list += (list.empty() ? "" : ", ") + m;
        add("record.missing-column", severity::error, header_line, 0,
            std::string("the header has no ") + (missing.size() == 1 ? "column " : "columns ") +
                list + expected);
        ok = false;
    }
    fields.resize(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) fields[i].name = columns[i];
    return ok;
}

namespace {

// The edition named in a file's name after `prefix` (BACI_HS17_... is
// HS2017), or 0.
int edition_in_name(const std::string& file, const std::string& prefix) {
    if (prefix.empty()) return 0;
    const std::string base = file.substr(file.find_last_of('/') + 1);
    const auto at = base.find(prefix);
    if (at == std::string::npos || base.size() < at + prefix.size() + 2) return 0;
    return hs_edition_year("HS" + base.substr(at + prefix.size(), 2)).value_or(0);
}

std::optional<unit> unit_of(const std::string& text) {
    if (text.empty()) return std::nullopt;
    auto u = parse_unit(text);
    return u ? std::optional<unit>(u.value()) : std::nullopt;
}

}  // namespace

// The header read through a profile: its columns are the profile's fields,
// its other columns facts (by name) or carried through.
bool record_reader::impl::start_profile(const detail::csv_record& header, const input_profile& p) {
    const int header_line = header.line();
    row_profile rp;
    rp.source = &p;
    rp.countries =
        detail::parse_country_scheme(p.countries).value_or(detail::country_scheme::alpha2);
    rp.yyyymm = p.dates == "yyyymm";
    rp.currency = {p.currency[0], p.currency[1], p.currency[2]};
    rp.value_scale = p.value_scale;
    rp.quantity_unit = unit_of(p.quantity_unit);
    rp.fallback_unit = unit_of(p.fallback_unit);
    for (const auto& [word, u] : p.units) rp.units.emplace_back(lower(trim(word)), unit_of(u));
    for (const auto& [word, kind] : p.flows) {
        rp.flows.emplace_back(lower(trim(word)),
                              kind == "import" ? flow_kind::import : flow_kind::export_);
        rp.flow_words += (rp.flow_words.empty() ? "" : ", ") + word;
    }
    rp.restore_leading_zero = p.restore_leading_zero;
    rp.hs_edition = options.hs_edition;
    if (rp.hs_edition == 0) rp.hs_edition = edition_in_name(options.file, p.edition_in_file_name);
    if (rp.hs_edition == 0) rp.hs_edition = p.hs_edition;
    bool ok = true;
    const bool edition_column = std::any_of(p.columns.begin(), p.columns.end(),
                                            [](const auto& c) { return c.first == "hs_edition"; });
    if (rp.hs_edition == 0 && !p.edition_in_file_name.empty() && !edition_column) {
        // One file, one edition (BACI_HS92 holds 1995 to today in HS1992
        // codes): read by date, its codes would be read in the wrong one.
        add("record.no-edition", severity::error, header_line, 0,
            p.name + " files are in one HS edition, named in the file name (" +
                p.edition_in_file_name + "17_... for HS2017); " +
                detail::quote_for_message(options.file, 80) +
                " names none: give the edition (--hs-edition HS2017)");
        ok = false;
    }

    std::vector<int> found(p.columns.size(), 0);  // 1-based header column per profile field
    std::map<std::string, int, std::less<>> seen_facts;
    for (std::size_t i = 0; i < header.size(); ++i) {
        const int column = header.position(i).column;
        columns.emplace_back(header[i]);
        const std::string low = lower(trim(header[i]));
        column_plan plan_i{role::unread, 0, {}};
        bool mapped = false;
        for (std::size_t f = 0; f < p.columns.size(); ++f) {
            if (lower(trim(p.columns[f].second)) != low) continue;
            mapped = true;
            if (found[f] != 0) {
                add("record.duplicate-column", severity::error, header_line, column,
                    "columns " + std::to_string(found[f]) + " and " + std::to_string(i + 1) +
                        " are both " + detail::quote_for_message(header[i]));
                ok = false;
            }
            found[f] = static_cast<int>(i) + 1;
            plan_i.r = *role_of_field(p.columns[f].first);
            assembler.label(plan_i.r, std::string(trim(header[i])));
        }
        const bool ignored = std::any_of(p.ignored.begin(), p.ignored.end(),
                                         [&](const auto& g) { return lower(trim(g)) == low; });
        if (!mapped && !ignored && !reserved(options, header[i])) {
            column_class c = classify(header[i], rules, "column");
            if (c.r == role::fact) {
                if (auto [it, fresh] = seen_facts.emplace(c.fact, static_cast<int>(i) + 1);
                    !fresh) {
                    add("record.duplicate-column", severity::error, header_line, column,
                        "columns " + std::to_string(it->second) + " and " + std::to_string(i + 1) +
                            " both give fact " + c.fact);
                    ok = false;
                }
                plan_i = {role::fact, assembler.fact_slot(c.fact), {}};
            } else if (!c.error.empty()) {
                add("record.unknown-column", severity::error, header_line, column, c.error);
                ok = false;
            } else {
                add("record.unread-column", severity::warning, header_line, column,
                    "column " + detail::quote_for_message(header[i]) + " is not read by profile " +
                        p.name + " nor a fact of " + rules.label() + "; carried through unread");
            }
        }
        plan.push_back(plan_i);
    }
    std::vector<std::string> missing;
    for (std::size_t f = 0; f < p.columns.size(); ++f)
        if (found[f] == 0)
            missing.push_back(detail::quote_for_message(p.columns[f].second) + " (" +
                              p.columns[f].first + ")");
    if (!missing.empty()) {
        add("record.missing-column", severity::error, header_line, 0,
            "the header has no " + std::string(missing.size() == 1 ? "column " : "columns ") +
                detail::join(missing, ", ") + ", which profile " + p.name + " (" + p.file +
                ") reads");
        ok = false;
    }
    assembler.use_profile(std::move(rp));
    fields.resize(columns.size());
    for (std::size_t i = 0; i < columns.size(); ++i) fields[i].name = columns[i];
    return ok;
}

row_status record_reader::impl::next_csv() {
    const auto st = csv_next();
    if (st == detail::csv_status::end) return row_status::end;
    if (st == detail::csv_status::error) {
        diagnostic d = csv_error();
        d.where.file = options.file;
        line = d.where.line;
        diagnostics.push_back(std::move(d));
        return row_status::error;
    }
    const auto& rec = csv_record();
    line = rec.line();
    if (rec.size() != columns.size()) {
        const std::size_t at = std::min(rec.size(), columns.size());
        add("csv.field-count", severity::error, line, at < rec.size() ? rec.position(at).column : 0,
            "the row has " + std::to_string(rec.size()) + (rec.size() == 1 ? " field" : " fields") +
                "; the header has " + std::to_string(columns.size()));
        return row_status::error;
    }
    assembler.begin(line);
    for (std::size_t i = 0; i < rec.size(); ++i) {
        fields[i].text = rec[i];
        feed(assembler, plan[i], rec[i], rec.position(i).column);
    }
    return assembler.finish(diagnostics) ? row_status::record : row_status::error;
}

const column_plan& record_reader::impl::key_plan(const std::string& name) {
    if (const auto it = keys.find(name); it != keys.end()) return it->second;
    column_class c = classify(name, rules, "key");
    column_plan p{c.r, 0, {}};
    if (c.r == role::fact) p.slot = assembler.fact_slot(c.fact);
    if (c.r == role::unread && !reserved(options, name)) {
        if (!c.error.empty())
            p.error = std::move(c.error);
        else
            add("record.unread-column", severity::warning, line, 0, c.warning);
    }
    columns.push_back(name);
    return keys.emplace(name, p).first->second;
}

row_status record_reader::impl::next_jsonl() {
    for (;;) {
        using ls = detail::line_stream_reader;
        const auto st = lines->next();
        line = lines->line_number();
        fields.clear();
        switch (st) {
            case ls::status::end:
                return row_status::end;
            case ls::status::io_error:
                add("jsonl.io", severity::error, line, 0, "read error; expected a readable stream");
                return row_status::error;
            case ls::status::too_long:
                add("jsonl.line-too-long", severity::error, line, 0,
                    "the line is longer than " + std::to_string(options.max_line_length) +
                        " bytes");
                return row_status::error;
            case ls::status::line:
                break;
        }
        const std::string_view text = lines->line();
        if (trim(text).empty()) continue;
        diagnostic error;
        if (!detail::parse_json_object_line(text, options.max_fields, cells, cell_count, error)) {
            add(std::move(error.id), severity::error, line, error.where.column,
                std::move(error.message));
            return row_status::error;
        }
        assembler.begin(line);
        bool refused = false;
        for (std::size_t i = 0; i < cell_count; ++i) {
            const auto& c = cells[i];
            fields.push_back({c.name, c.text, c.quoted});
            const column_plan& p = key_plan(c.name);
            if (!p.error.empty()) {
                add("record.unknown-column", severity::error, line, 0, p.error);
                refused = true;
            }
            feed(assembler, p, c.text, 0);
        }
        const bool read = assembler.finish(diagnostics);
        return read && !refused ? row_status::record : row_status::error;
    }
}

record_reader::record_reader(std::istream& in, const rule_set& rules, reader_options options)
    : impl_(std::make_unique<impl>(&in, rules, std::move(options))) {}

record_reader::~record_reader() = default;

bool record_reader::start() {
    impl& m = *impl_;
    if (m.started) return m.usable;
    m.started = true;
    m.diagnostics.clear();
    if (m.options.format == input_format::csv) {
        m.usable = m.start_csv();
    } else if (m.options.profile) {
        m.add("record.profile-not-csv", severity::error, 0, 0,
              "profile " + m.options.profile->name +
                  " reads a CSV as its provider publishes it; JSON Lines are read in embargo's "
                  "own keys");
        m.usable = false;
    } else {
        m.lines.emplace(*m.in, m.options.max_line_length, m.options.chunk_size);
        m.usable = true;
    }
    return m.usable;
}

row_status record_reader::next() {
    impl& m = *impl_;
    if (!m.started) {
        if (!start()) return row_status::end;
    } else {
        m.diagnostics.clear();
        if (!m.usable) return row_status::end;
    }
    return m.options.format == input_format::csv ? m.next_csv() : m.next_jsonl();
}

const checked_record& record_reader::record() const {
    const checked_record* r = impl_->assembler.record();
    if (r == nullptr)
        throw std::logic_error("embargo::record_reader::record: the last row is not a record");
    return *r;
}
std::span<const input_field> record_reader::fields() const noexcept {
    return impl_->fields;
}
std::string_view record_reader::text() const noexcept {
    return impl_->reads_csv() ? impl_->csv_record().text() : std::string_view{};
}
int record_reader::line() const noexcept {
    return impl_->line;
}
const std::vector<diagnostic>& record_reader::diagnostics() const noexcept {
    return impl_->diagnostics;
}
const input_profile* record_reader::profile() const noexcept {
    return impl_->profile;
}

const std::vector<std::string>& record_reader::columns() const noexcept {
    return impl_->columns;
}

std::uint64_t record_reader::bytes_read() const noexcept {
    if (impl_->csv) return impl_->csv->bytes_read();
    if (impl_->lines) return impl_->lines->bytes_read();
    return 0;
}

namespace detail {

csv_chunk_reader::csv_chunk_reader(const rule_set& rules, reader_options options) {
    options.format = input_format::csv;
    impl_ = std::make_unique<record_reader::impl>(nullptr, rules, std::move(options));
}

csv_chunk_reader::~csv_chunk_reader() = default;

bool csv_chunk_reader::start(std::string_view data, bool final) {
    auto& m = *impl_;
    m.started = true;
    m.diagnostics.clear();
    m.piece = data;
    m.piece_pos = 0;
    m.piece_final = final;
    m.usable = m.start_csv();
    return m.usable;
}

std::size_t csv_chunk_reader::header_end() const noexcept {
    return impl_->piece_pos;
}

void csv_chunk_reader::feed(std::string_view piece, int line, bool resync, bool final) {
    auto& m = *impl_;
    m.piece = piece;
    m.piece_pos = 0;
    m.piece_final = final;
    m.piece_parser->resume(line, resync);
}

row_status csv_chunk_reader::next() {
    auto& m = *impl_;
    m.diagnostics.clear();
    if (!m.usable) return row_status::end;
    return m.next_csv();
}

std::size_t csv_chunk_reader::stopped_at() const noexcept {
    return impl_->piece_pos;
}
int csv_chunk_reader::next_line() const noexcept {
    return impl_->piece_parser->line();
}
bool csv_chunk_reader::resyncing() const noexcept {
    return impl_->piece_parser->resyncing();
}
const checked_record& csv_chunk_reader::record() const {
    const checked_record* r = impl_->assembler.record();
    if (r == nullptr)
        throw std::logic_error("embargo::csv_chunk_reader::record: the last row is not a record");
    return *r;
}
std::span<const input_field> csv_chunk_reader::fields() const noexcept {
    return impl_->fields;
}
std::string_view csv_chunk_reader::text() const noexcept {
    return impl_->csv_record().text();
}
int csv_chunk_reader::line() const noexcept {
    return impl_->line;
}
const std::vector<diagnostic>& csv_chunk_reader::diagnostics() const noexcept {
    return impl_->diagnostics;
}
const std::vector<std::string>& csv_chunk_reader::columns() const noexcept {
    return impl_->columns;
}

}  // namespace detail

result<checked_record> record_from_fields(std::span<const input_field> fields,
                                          const rule_set& rules) {
    std::vector<diagnostic> out;
    row_assembler a(rules, {});
    std::vector<column_plan> plans;
    bool ok = true;
    for (std::size_t i = 0; i < fields.size(); ++i) {
        column_class c = classify(fields[i].name, rules, "field");
        if (c.r == role::unread) {
            std::string message = "unknown field ";
            message += detail::quote_for_message(fields[i].name);
            message +=
                "; expected id, hs_code, exporter, importer, origin, date, quantity, unit, "
                "value_usd, "
                "reporter, partner, flow or a fact of ";
            message += rules.label();
            // Built piecewise: a braced diagnostic with an empty file trips
            // GCC 12's false -Wmaybe-uninitialized at -O2.
            diagnostic d;
            d.id = "record.unknown-fact";
            d.where.column = static_cast<int>(i) + 1;
            d.message = std::move(message);
            out.push_back(std::move(d));
            ok = false;
        }
        plans.push_back({c.r, c.r == role::fact ? a.fact_slot(c.fact) : 0, {}});
    }
    if (!ok) return result<checked_record>(std::move(out));
    a.begin(0);
    for (std::size_t i = 0; i < fields.size(); ++i)
        feed(a, plans[i], fields[i].text, static_cast<int>(i) + 1);
    if (!a.finish(out)) return result<checked_record>(std::move(out));
    trade_record r = a.record()->record();
    // Facts not given are left out rather than kept empty; what is left
    // passed the check already.
    std::erase_if(r.facts, [](const record_fact& f) { return f.value.empty(); });
    return rules.check(std::move(r));
}

}  // namespace embargo
