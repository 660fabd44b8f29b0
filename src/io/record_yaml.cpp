#include "io/record_yaml.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "base/text.hpp"

namespace embargo::detail {

namespace {

constexpr std::string_view record_keys[] = {
    "id",       "hs",   "hs_code",   "exporter", "importer", "origin", "date",
    "quantity", "unit", "value_usd", "value",    "currency", "facts"};

struct reader {
    const std::string& file;
    const rule_set& rules;
    std::vector<diagnostic>& out;
    bool ok = true;

    void error(const yaml_node& n, std::string id, std::string message, std::size_t offset = 0) {
        out.push_back({std::move(id),
                       severity::error,
                       {file, n.line, n.column + static_cast<int>(offset) + (n.quoted ? 1 : 0)},
                       std::move(message)});
        ok = false;
    }

    const yaml_node* scalar(const yaml_node& map, std::string_view key) {
        const yaml_node* v = map.find(key);
        if (v == nullptr || v->is_null()) return nullptr;
        if (!v->is_scalar()) {
            error(*v, "record.wrong-type",
                  "the record's " + std::string(key) + " must be a single value");
            return nullptr;
        }
        return v;
    }

    std::optional<double> number(const yaml_node& n, std::string_view what) {
        double v = 0;
        const auto& s = n.value;
        const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || end != s.data() + s.size() || !std::isfinite(v)) {
            error(n, "record.bad-number",
                  std::string(what) + " must be a finite number, not \"" + s + "\"");
            return std::nullopt;
        }
        if (v < 0) {
            error(n, "record.bad-quantity", std::string(what) + " must not be negative");
            return std::nullopt;
        }
        return v;
    }

    // A value: a number as number() takes it, read exactly to the cent.
    std::optional<money> amount(const yaml_node& n, std::string_view what) {
        if (!number(n, what)) return std::nullopt;
        auto m = money::parse(n.value);
        if (!m) {
            error(n, m.error().id, std::string(what) + " " + m.error().message);
            return std::nullopt;
        }
        return *m;
    }

    std::optional<country_code> country(const yaml_node* n, std::string_view what) {
        if (n == nullptr) return std::nullopt;
        auto c = country_code::parse(n->value);
        if (!c) {
            error(*n, c.error().id, std::string(what) + ": " + c.error().message,
                  c.error().where.offset);
            return std::nullopt;
        }
        return c.value();
    }
};

}  // namespace

std::optional<checked_record> read_record(const yaml_node& n, const std::string& file,
                                          const rule_set& rules, std::vector<diagnostic>& out) {
    reader rd{file, rules, out};
    if (!n.is_map()) {
        rd.error(n, "record.wrong-type",
                 "a record must be a map of fields (hs, exporter, importer, date, ...)");
        return std::nullopt;
    }
    for (const auto& [key, value] : n.entries) {
        if (std::find(std::begin(record_keys), std::end(record_keys), key.value) ==
            std::end(record_keys))
            rd.error(key, "record.unknown-field",
                     "unknown record field \"" + key.value +
                         "\"; expected id, hs, exporter, importer, origin, date, quantity, unit, "
                         "value_usd, value, "
                         "currency, facts (free facts go under facts:)");
    }
    trade_record r;
    if (const auto* id = rd.scalar(n, "id")) r.id = id->value;

    const yaml_node* hs = rd.scalar(n, "hs");
    if (hs == nullptr) hs = rd.scalar(n, "hs_code");
    if (hs == nullptr) {
        rd.error(n, "record.missing-field", "the record has no hs code");
    } else if (auto code = hs_code::parse(hs->value)) {
        r.code = code.value();
    } else {
        rd.error(*hs, code.error().id, code.error().message, code.error().where.offset);
    }
    for (auto [key, field] :
         {std::pair{"exporter", &r.exporter}, std::pair{"importer", &r.importer}}) {
        const yaml_node* v = rd.scalar(n, key);
        if (v == nullptr)
            rd.error(n, "record.missing-field", std::string("the record has no ") + key);
        else if (auto c = rd.country(v, key))
            *field = *c;
    }
    if (const auto* o = rd.scalar(n, "origin")) r.origin = rd.country(o, "origin");
    if (const auto* d = rd.scalar(n, "date"); d == nullptr) {
        rd.error(n, "record.missing-field", "the record has no date (a day, a month or a year)");
    } else if (auto p = period::parse(d->value)) {
        r.period = p.value();
    } else {
        rd.error(*d, p.error().id, p.error().message, p.error().where.offset);
    }

    const yaml_node* q = rd.scalar(n, "quantity");
    const yaml_node* u = rd.scalar(n, "unit");
    if ((q == nullptr) != (u == nullptr)) {
        rd.error(q != nullptr ? *q : *u, "record.bad-quantity",
                 "a quantity needs a unit, and a unit a quantity");
    } else if (q != nullptr) {
        auto amount = rd.number(*q, "quantity");
        auto parsed = parse_unit(u->value);
        if (!parsed) rd.error(*u, parsed.error().id, parsed.error().message);
        if (amount && parsed) r.quantity = quantity{*amount, parsed.value()};
    }
    const yaml_node* usd = rd.scalar(n, "value_usd");
    const yaml_node* value = rd.scalar(n, "value");
    const yaml_node* currency = rd.scalar(n, "currency");
    if (usd != nullptr && value != nullptr) {
        rd.error(*value, "record.bad-number", "give value_usd or value with currency, not both");
    } else if (usd != nullptr) {
        if (auto v = rd.amount(*usd, "value_usd")) r.value = *v;
    } else if (value != nullptr) {
        auto v = rd.amount(*value, "value");
        const std::string cur = currency != nullptr ? currency->value : "";
        if (cur.size() != 3 || !std::all_of(cur.begin(), cur.end(), [](char c) {
                return std::isalpha(static_cast<unsigned char>(c));
            })) {
            rd.error(currency != nullptr ? *currency : *value, "record.bad-currency",
                     "a value needs a currency: three letters such as USD or EUR");
        } else if (v) {
            money m = *v;
            for (std::size_t i = 0; i < 3; ++i) m.currency[i] = detail::ascii_upper(cur[i]);
            r.value = m;
        }
    }
    if (const yaml_node* facts = n.find("facts"); facts != nullptr && !facts->is_null()) {
        if (!facts->is_map()) {
            rd.error(*facts, "record.wrong-type", "facts must be a map of name: value");
        } else {
            for (const auto& [key, v] : facts->entries) {
                if (!v.is_scalar() && !v.is_null()) {
                    rd.error(v, "record.wrong-type",
                             "fact " + key.value + " must be a single value");
                    continue;
                }
                r.facts.push_back({key.value, v.is_null() ? std::string() : v.value});
            }
        }
    }
    if (!rd.ok) return std::nullopt;
    // Checks that need the rule set; their positions are the record's.
    auto checked = rules.check(std::move(r));
    if (checked) return std::move(checked).value();
    for (auto& d : std::move(checked).take_diagnostics()) {
        d.where = {file, n.line, n.column};
        out.push_back(std::move(d));
    }
    return std::nullopt;
}

std::vector<located_record> read_shipments(std::string_view text, const std::string& file,
                                           const rule_set& rules, const yaml_limits& limits,
                                           std::vector<diagnostic>& out) {
    std::vector<located_record> records;
    // Filled in member by member: a braced diagnostic here makes GCC 12 at
    // -O3 warn of an uninitialized string (a false -Wmaybe-uninitialized).
    const auto problem = [&](const char* id, const yaml_node& at, const char* message) {
        diagnostic d;
        d.id = id;
        d.where.file = file;
        d.where.line = at.line;
        d.where.column = at.column;
        d.message = message;
        out.push_back(std::move(d));
    };
    const std::size_t errors_before = static_cast<std::size_t>(std::count_if(
        out.begin(), out.end(), [](const diagnostic& d) { return d.severity == severity::error; }));
    const auto doc = parse_yaml(text, file, limits, out);
    if (!doc) return records;
    std::vector<const yaml_node*> items;
    const yaml_node* list = &*doc;
    if (doc->is_map()) {
        if (const auto* s = doc->find("shipments")) {
            list = s;
            if (doc->entries.size() > 1)
                problem("check.unknown-key", *doc, "a file with shipments: holds nothing else");
        }
    }
    if (list->is_sequence()) {
        for (const auto& item : list->items) items.push_back(&item);
    } else if (list->is_map() && list != &*doc) {
        problem("check.wrong-type", *list, "shipments: must be a list of shipments");
    } else if (list->is_map()) {
        items.push_back(list);
    }
    const auto errors_now = [&] {
        return static_cast<std::size_t>(
            std::count_if(out.begin(), out.end(),
                          [](const diagnostic& d) { return d.severity == severity::error; }));
    };
    if (items.empty() && errors_now() == errors_before)
        problem("check.no-shipments", *doc,
                "the file holds no shipment; expected a shipment map, a list of them, or "
                "shipments: [...]");
    for (const auto* item : items) {
        if (auto r = read_record(*item, file, rules, out))
            records.push_back({std::move(*r), item->line});
    }
    return records;
}

}  // namespace embargo::detail

namespace embargo {

result<std::vector<located_record>> read_shipments(std::string_view text, const std::string& file,
                                                   const rule_set& rules,
                                                   const load_limits& limits) {
    const detail::yaml_limits yaml{limits.max_file_bytes, limits.max_depth, limits.max_nodes};
    std::vector<diagnostic> out;
    auto records = detail::read_shipments(text, file, rules, yaml, out);
    if (records.empty() && has_errors(out))
        return result<std::vector<located_record>>(std::move(out));
    return {std::move(records), std::move(out)};
}

}  // namespace embargo
