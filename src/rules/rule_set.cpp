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

std::string_view to_string(standing s) noexcept {
    switch (s) {
        case standing::undisputed:
            return "undisputed";
        case standing::disputed:
            return "disputed";
        case standing::in_force:
            return "in-force";
        case standing::void_:
            return "void";
    }
    return "disputed";
}

const hs_edition& rule_set::edition() const {
    // The loader refuses a regime whose edition is missing, so this holds.
    return *catalogue_.find(hs_edition_);
}

const regime* rule_set::find_regime(std::string_view name) const noexcept {
    const auto it = std::find_if(regimes_.begin(), regimes_.end(),
                                 [&](const regime& r) { return r.name == name; });
    return it == regimes_.end() ? nullptr : &*it;
}

std::string rule_set::name() const {
    std::vector<std::string_view> names;
    for (const auto& r : regimes_) names.push_back(r.name);
    return detail::join(names, ", ");
}

std::vector<std::string> rule_set::not_screened() const {
    std::vector<std::string> out;
    for (const auto& r : regimes_)
        for (const auto& item : r.not_screened)
            out.push_back(regimes_.size() == 1 ? item : r.name + ": " + item);
    return out;
}

std::vector<std::string> rule_set::not_screened(const trade_record& record) const {
    if (regimes_.size() == 1) return not_screened();
    std::vector<bool> involved(regimes_.size(), false);
    for (const auto& m : measures_) {
        const bool party = record.importer == m.target || record.exporter == m.target ||
                           (record.origin && *record.origin == m.target);
        if (party) involved[m.regime] = true;
    }
    for (std::size_t r = 0; r < regimes_.size(); ++r)
        if (regimes_[r].target == record.importer || regimes_[r].target == record.exporter ||
            (record.origin && *record.origin == regimes_[r].target))
            involved[r] = true;
    std::vector<std::string> out;
    for (std::size_t r = 0; r < regimes_.size(); ++r)
        if (involved[r])
            for (const auto& item : regimes_[r].not_screened)
                out.push_back(regimes_[r].name + ": " + item);
    if (out.empty() && std::find(involved.begin(), involved.end(), true) == involved.end())
        out.emplace_back(
            "no loaded regime's target is a party to or the origin of this record; designated "
            "persons, item lists, services and national measures are not screened by any of "
            "them (each regime's list: embargo show REGIME)");
    return out;
}

std::string rule_set::label() const {
    if (regimes_.size() == 1) return regimes_.front().name;
    return "any of the " + std::to_string(regimes_.size()) + " regimes loaded";
}

const std::string* rule_set::note(std::uint32_t regime, std::string_view id) const {
    if (regime >= regimes_.size()) return nullptr;
    const auto& notes = regimes_[regime].notes;
    const auto it = notes.find(id);
    return it == notes.end() ? nullptr : &it->second;
}

std::optional<day> rule_set::renewal_horizon(const measure& m) const {
    if (!m.expires) return std::nullopt;
    // A measure another supersedes or replaces ends for good: what lies
    // after its expiry is the successor's to say.
    if (!m.superseded_by.empty()) return std::nullopt;
    day last = *m.expires;
    if (const auto& verified = regimes_.at(m.regime).verified; verified && *verified > last)
        last = *verified;
    return last + std::chrono::days{1};
}

standing rule_set::standing_of(const measure& m) const noexcept {
    const instrument* i = find_instrument(m.instrument);
    return i == nullptr ? standing::undisputed : i->standing;
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
        message +=
            regimes_.size() == 1 ? "\" is not declared by the regime " : "\" is not declared by ";
        message += label();
        out.push_back(record_error("record.unknown-fact", std::move(message)));
        return;
    }
    const auto& decl = facts_.at(*id);
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
    for (const auto& f : record.facts) check_fact(f, facts_.find(f.name), out);
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
        if (record.facts[i].value.empty() && ids[i] && !facts_.at(*ids[i]).builtin) continue;
        check_fact(record.facts[i], ids[i], out);
    }
    if (has_errors(out)) return result<checked_record>(std::move(out));
    return checked_record(std::move(record), *this);
}

void rule_set::index_translations() {
    translations_.reset();
    const hs_edition* rules = catalogue_.find(hs_edition_);
    if (rules == nullptr) return;
    translations_ = std::make_shared<const detail::record_translations>(catalogue_, *rules);
}

record_goods rule_set::goods_of(const trade_record& record) const {
    record_goods out;
    out.codes = {record.code};
    const hs_edition* dated = nullptr;
    if (record.hs_edition != 0) {
        out.edition = "HS" + std::to_string(record.hs_edition);
        dated = catalogue_.find(out.edition);
        if (dated == nullptr) {
            // No nomenclature of that edition: the heading is what it shares
            // with the editions here (the engine reads it the same way).
            if (record.code.digits() > 4) {
                out.translated = out.heading_only = true;
                out.codes = {record.code.prefix(4)};
            }
            return out;
        }
    } else {
        dated = catalogue_.edition_on(record.period.first);
        out.edition = dated != nullptr ? dated->name() : hs_edition_;
    }
    if (dated == nullptr || dated->name() == hs_edition_) return out;
    const hs_code key = record.code.digits() > 6 ? record.code.prefix(6) : record.code;
    const std::vector<hs_code>* goods =
        translations_ != nullptr ? translations_->find(dated->name(), key) : nullptr;
    if (goods == nullptr) return out;  // reads as itself
    out.translated = true;
    out.codes = *goods;
    return out;
}

}  // namespace embargo
