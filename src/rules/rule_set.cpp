// Lookups on a loaded rule set, and the check of a record against it.

#include <algorithm>

#include "embargo/rules.hpp"

#include "base/text.hpp"
#include "hs/edition_translation.hpp"

namespace embargo {

std::string_view to_string(direction d) noexcept {
    switch (d) {
        case direction::to_target:
            return "to-target";
        case direction::from_target:
            return "from-target";
        case direction::both:
            return "both";
    }
    return "both";
}

std::string_view to_string(source_reading r) noexcept {
    switch (r) {
        case source_reading::verbatim:
            return "verbatim";
        case source_reading::summary:
            return "summary";
        case source_reading::unverified:
            return "unverified";
    }
    return "unverified";
}

std::string_view to_string(quota_period p) noexcept {
    switch (p) {
        case quota_period::calendar_year:
            return "calendar-year";
        case quota_period::twelve_months:
            return "12-months";
        case quota_period::once:
            return "once";
    }
    return "once";
}

std::string_view to_string(relation_kind k) noexcept {
    switch (k) {
        case relation_kind::supersedes:
            return "supersedes";
        case relation_kind::replaces:
            return "replaces";
        case relation_kind::extends:
            return "extends";
        case relation_kind::amends:
            return "amends";
        case relation_kind::carves_out:
            return "carves out of";
    }
    return "supersedes";
}

const hs_edition& rule_set::edition() const {
    // The loader refuses a regime whose edition is missing, so this holds.
    return *catalogue_.find(regime_.hs_edition);
}

const measure* rule_set::find_measure(std::string_view id) const noexcept {
    const auto it = std::find_if(measures_.begin(), measures_.end(),
                                 [&](const measure& m) { return m.id == id; });
    return it == measures_.end() ? nullptr : &*it;
}

const exemption* rule_set::find_exemption(std::string_view id) const noexcept {
    const auto it = std::find_if(exemptions_.begin(), exemptions_.end(),
                                 [&](const exemption& e) { return e.id == id; });
    return it == exemptions_.end() ? nullptr : &*it;
}

const instrument* rule_set::find_instrument(std::string_view symbol) const noexcept {
    const auto it = std::find_if(instruments_.begin(), instruments_.end(),
                                 [&](const instrument& i) { return i.symbol == symbol; });
    return it == instruments_.end() ? nullptr : &*it;
}

namespace {

// Built piecewise: GCC 12 at -O3 warns falsely (-Wmaybe-uninitialized,
// -Wrestrict) on a braced diagnostic holding a concatenated message.
diagnostic record_error(const char* id, std::string message) {
    diagnostic d;
    d.id = id;
    d.severity = severity::error;
    d.message = std::move(message);
    return d;
}

}  // namespace

void rule_set::check_fields(const trade_record& record, std::vector<diagnostic>& out) const {
    // Defaults the readers never leave: a code of no digits would span every
    // code, and a party of no letters would be no one.
    if (record.code.digits() == 0) {
        out.push_back(record_error("record.missing-field", "the record has no HS code"));
        return;
    }
    if (record.exporter.letters[0] == '\0')
        out.push_back(record_error("record.missing-field", "the record has no exporter"));
    if (record.importer.letters[0] == '\0')
        out.push_back(record_error("record.missing-field", "the record has no importer"));
    if (!catalogue_.accepts(record.code)) {
        std::vector<std::string> editions;
        for (const auto& e : catalogue_.editions()) editions.push_back(e.name());
        std::string message = "HS code ";
        message += record.code.dotted();
        message += " exists in none of ";
        message += detail::join(editions, ", ");
        if (record.code.digits() > 6) message += " (its 6-digit subheading is unknown)";
        out.push_back(record_error("record.unknown-code", std::move(message)));
    }
}

void rule_set::check_fact(const record_fact& f, std::optional<fact_id> id,
                          std::vector<diagnostic>& out) const {
    if (!id) {
        std::string message = "fact \"";
        message += f.name;
        message += "\" is not declared by the regime ";
        message += regime_.name;
        out.push_back(record_error("record.unknown-fact", std::move(message)));
        return;
    }
    const auto& decl = regime_.facts.at(*id);
    if (decl.builtin) {
        std::string message = "\"";
        message += f.name;
        message += "\" is a record field, not a free fact";
        out.push_back(record_error("record.unknown-fact", std::move(message)));
        return;
    }
    if (f.value.empty()) return;  // an empty cell is a missing fact
    auto v = parse_fact_value(f.value, decl.type);
    if (!v) {
        std::string message = "fact ";
        message += f.name;
        message += ": ";
        message += v.error().message;
        out.push_back(record_error("record.bad-fact", std::move(message)));
    } else if (!decl.values.empty() &&
               std::find(decl.values.begin(), decl.values.end(), v->text) == decl.values.end()) {
        std::string message = "fact ";
        message += f.name;
        message += " is \"";
        message += f.value;
        message += "\"; expected one of ";
        message += detail::join(decl.values, ", ");
        out.push_back(record_error("record.bad-fact", std::move(message)));
    }
}

result<checked_record> rule_set::check(trade_record record) const {
    std::vector<diagnostic> out;
    check_fields(record, out);
    for (const auto& f : record.facts) check_fact(f, regime_.facts.find(f.name), out);
    if (has_errors(out)) return result<checked_record>(std::move(out));
    return checked_record(std::move(record), *this);
}

result<checked_record> rule_set::check(trade_record&& record,
                                       std::span<const std::optional<fact_id>> ids) const {
    std::vector<diagnostic> out;
    check_fields(record, out);
    for (std::size_t i = 0; i < record.facts.size(); ++i) {
        // Most fact cells are empty, and an empty cell of a declared free
        // fact is a missing fact: nothing to check.
        if (record.facts[i].value.empty() && ids[i] && !regime_.facts.at(*ids[i]).builtin) continue;
        check_fact(record.facts[i], ids[i], out);
    }
    if (has_errors(out)) return result<checked_record>(std::move(out));
    return checked_record(std::move(record), *this);
}

void rule_set::index_translations() {
    translations_.reset();
    const hs_edition* rules = catalogue_.find(regime_.hs_edition);
    if (rules == nullptr) return;
    translations_ = std::make_shared<const detail::record_translations>(catalogue_, *rules);
}

record_goods rule_set::goods_of(const trade_record& record) const {
    record_goods out;
    const hs_edition* dated = catalogue_.edition_on(record.period.first);
    out.edition = dated != nullptr ? dated->name() : regime_.hs_edition;
    out.codes = {record.code};
    if (dated == nullptr || dated->name() == regime_.hs_edition) return out;
    const hs_code key = record.code.digits() > 6 ? record.code.prefix(6) : record.code;
    const std::vector<hs_code>* goods =
        translations_ != nullptr ? translations_->find(dated->name(), key) : nullptr;
    if (goods == nullptr) return out;  // reads as itself
    out.translated = true;
    out.codes = *goods;
    return out;
}

}  // namespace embargo
