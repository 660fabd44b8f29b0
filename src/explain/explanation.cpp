// What is said of a verdict beyond each finding's reason: the deciding
// findings, HS descriptions, what would settle it, and a checked shipment as
// text and as JSON (embargo/explain.hpp). The JSON is built with
// nlohmann::ordered_json, which stays inside the library: callers get text.

#include <algorithm>
#include <array>
#include <cstdint>
#include <sstream>

#include <nlohmann/json.hpp>

#include "embargo/explain.hpp"
#include "embargo/rules.hpp"

#include "base/number_format.hpp"
#include "base/text.hpp"

namespace embargo {

namespace {

std::string record_line(const trade_record& r) {
    std::string s = std::string(r.exporter.str()) + " -> " + std::string(r.importer.str()) + ", " +
                    r.period.str();
    if (r.origin) s += ", origin " + std::string(r.origin->str());
    if (r.quantity)
        s += ", " + detail::number_text(r.quantity->amount) + " " +
             std::string(to_string(r.quantity->unit));
    if (r.value)
        s += ", " + std::string(r.value->currency.data(), 3) + " " +
             detail::cents_text(r.value->cents());
    return s;
}

void print_text(std::ostream& out, const checked_shipment& c, const rule_set& rules, bool heading) {
    const trade_record& r = c.record.record();
    if (heading) {
        out << "shipment " << (r.id.empty() ? std::string("(no id)") : r.id);
        if (!c.where.empty()) out << " (" << c.where << ")";
        out << '\n';
    } else if (!r.id.empty()) {
        out << "shipment " << r.id << '\n';
    }
    out << hs_line(rules, r.code, r.period.first) << '\n' << record_line(r) << '\n';
    std::string facts;
    for (const auto& f : r.facts)
        if (!f.value.empty()) facts += (facts.empty() ? "" : ", ") + f.name + " = " + f.value;
    if (!facts.empty()) out << "facts: " << facts << '\n';
    out << "verdict: " << to_string(c.result.status) << '\n';
    if (c.result.findings.empty()) {
        out << "  no measure applies\n";
        // "unrestricted" is not "lawful": say what the rules leave out.
        const auto unscreened = rules.not_screened(r);
        if (!unscreened.empty()) {
            out << "  not screened against (check these apart):\n";
            for (const auto& item : unscreened) out << "    - " << item << '\n';
        }
        return;
    }
    std::size_t status_width = 0;
    std::size_t id_width = 0;
    for (const auto& f : c.result.findings) {
        status_width = std::max(status_width, to_string(f.status).size());
        id_width = std::max(id_width, rules.measures()[f.measure].id.size());
    }
    for (const auto& f : c.result.findings) {
        const measure& m = rules.measures()[f.measure];
        const std::string_view st = to_string(f.status);
        out << "  " << st << std::string(status_width - st.size() + 2, ' ') << m.id
            << std::string(id_width - m.id.size() + 2, ' ') << m.citation;
        // Which regime speaks, when several could.
        if (rules.regimes().size() > 1) out << "  [" << rules.regime_of(m).name << ']';
        out << '\n' << std::string(status_width + 4, ' ') << describe(f, rules, r) << '\n';
        const auto i = static_cast<std::size_t>(&f - c.result.findings.data());
        for (const auto& n : c.notes)
            if (n.finding == i) out << std::string(status_width + 4, ' ') << n.text << '\n';
    }
    if (c.result.status == status::indeterminate) {
        const auto settle = would_settle(c.result, rules);
        if (!settle.empty()) {
            out << "would settle it: ";
            for (std::size_t i = 0; i < settle.size(); ++i) out << (i > 0 ? ", " : "") << settle[i];
            out << '\n';
        }
    }
}

nlohmann::ordered_json to_json(const checked_shipment& c, const rule_set& rules) {
    using json = nlohmann::ordered_json;
    const trade_record& r = c.record.record();
    json j;
    j["id"] = r.id.empty() ? json(nullptr) : json(r.id);
    if (!c.where.empty()) j["where"] = c.where;
    j["hs_code"] = r.code.dotted();
    if (const auto d = describe_code(rules, r.code, r.period.first)) {
        j["hs_description"] = d->description;
        j["hs_described"] = d->described.dotted();
        j["hs_edition"] = d->edition;
    } else {
        j["hs_description"] = nullptr;
    }
    j["exporter"] = r.exporter.str();
    j["importer"] = r.importer.str();
    j["origin"] = r.origin ? json(r.origin->str()) : json(nullptr);
    j["date"] = r.period.str();
    j["quantity"] = r.quantity ? json(r.quantity->amount) : json(nullptr);
    j["unit"] = r.quantity ? json(to_string(r.quantity->unit)) : json(nullptr);
    j["value_usd"] = r.value && r.value->usd() ? json(r.value->units()) : json(nullptr);
    json facts = json::object();
    for (const auto& f : r.facts)
        if (!f.value.empty()) facts[f.name] = f.value;
    j["facts"] = std::move(facts);
    j["verdict"] = to_string(c.result.status);
    json findings = json::array();
    for (std::size_t i = 0; i < c.result.findings.size(); ++i) {
        const finding& f = c.result.findings[i];
        const measure& m = rules.measures()[f.measure];
        json cap = nullptr;
        for (const auto& n : c.notes)
            if (n.finding == i) cap = n.text;
        findings.push_back(
            {{"measure", m.id},
             {"regime", rules.regime_of(m).name},
             {"citation", m.citation},
             {"status", to_string(f.status)},
             {"exemption", f.exemption == no_exemption ? json(nullptr)
                                                       : json(rules.exemptions()[f.exemption].id)},
             {"reason", describe(f, rules, r)},
             {"cap", std::move(cap)}});
    }
    j["findings"] = std::move(findings);
    json missing = json::array();
    const auto& table = rules.facts();
    for (std::size_t i = 0; i < table.size() && i < 64; ++i)
        if ((c.result.missing_facts() >> i) & 1U)
            missing.push_back(table.at(static_cast<fact_id>(i)).name);
    j["missing_facts"] = std::move(missing);
    j["would_settle"] = c.result.status == status::indeterminate
                            ? json(would_settle(c.result, rules))
                            : json::array();
    j["not_screened"] = rules.not_screened(r);
    return j;
}

}  // namespace

void decided_findings::fill(const verdict& v, const rule_set& rules, const trade_record& record,
                            std::span<const finding_note> notes) {
    regimes.clear();
    measures.clear();
    citations.clear();
    count = 0;
    if (v.status == status::unrestricted) return;
    for (std::size_t fi = 0; fi < v.findings.size(); ++fi) {
        const finding& f = v.findings[fi];
        if (f.status != v.status) continue;
        const measure& m = rules.measures()[f.measure];
        measures.emplace_back(m.id);
        const std::string_view regime = rules.regime_of(m).name;
        if (std::find(regimes.begin(), regimes.end(), regime) == regimes.end())
            regimes.push_back(regime);
        const std::string_view citation =
            m.citation.empty() ? std::string_view(m.id) : std::string_view(m.citation);
        if (std::find(citations.begin(), citations.end(), citation) == citations.end())
            citations.push_back(citation);
        if (reasons.size() == count) reasons.emplace_back();
        std::string& reason = reasons[count++];
        reason = describe(f, rules, record);
        for (const auto& n : notes) {
            if (n.finding != fi) continue;
            reason += "; ";
            reason += n.text;
        }
    }
}

namespace {
template <class Items>
void join(std::string& out, const Items& items, std::size_t count, std::string_view separator) {
    for (std::size_t i = 0; i < count; ++i) {
        if (i > 0) out.append(separator);
        out.append(items[i]);
    }
}
}  // namespace

void decided_findings::join_regimes(std::string& out) const {
    join(out, regimes, regimes.size(), ";");
}
void decided_findings::join_measures(std::string& out) const {
    join(out, measures, measures.size(), ";");
}
void decided_findings::join_citations(std::string& out) const {
    join(out, citations, citations.size(), "; ");
}
void decided_findings::join_reasons(std::string& out) const {
    join(out, reasons, count, " | ");
}

std::optional<hs_text> describe_code(const rule_set& rules, const hs_code& code,
                                     std::optional<day> dated) {
    std::vector<const hs_edition*> order;
    const auto prefer = [&](const hs_edition* e) {
        if (e != nullptr && std::find(order.begin(), order.end(), e) == order.end())
            order.push_back(e);
    };
    if (dated) prefer(rules.catalogue().edition_on(*dated));
    prefer(&rules.edition());
    const auto& all = rules.catalogue().editions();
    for (std::size_t i = all.size(); i-- > 0;) prefer(&all[i]);  // newest edition first
    for (int n = std::min(code.digits(), 6); n >= 2; n -= 2) {
        const hs_code prefix = code.prefix(n);
        for (const hs_edition* e : order) {
            if (!e->contains(prefix)) continue;
            if (auto d = e->description(prefix)) return hs_text{std::string(*d), prefix, e->name()};
        }
    }
    return std::nullopt;
}

std::vector<std::string> would_settle(const verdict& v, const rule_set& rules) {
    std::vector<std::string> out;
    const auto& facts = rules.facts();
    const std::uint64_t missing = v.missing_facts();
    for (std::size_t i = 0; i < facts.size() && i < 64; ++i)
        if ((missing >> i) & 1U) out.push_back(facts.at(static_cast<fact_id>(i)).name);
    std::uint16_t reasons = 0;
    std::vector<std::string> notes;
    for (const auto& f : v.findings) {
        if (f.status != status::indeterminate) continue;
        reasons |= f.reasons;
        const measure& m = rules.measures()[f.measure];
        const auto note_of = [&](const std::vector<disputed_scope>& scopes) {
            if (f.disputed < scopes.size() &&
                std::find(notes.begin(), notes.end(), scopes[f.disputed].note) == notes.end())
                notes.push_back(scopes[f.disputed].note);
        };
        if (f.reasons & reason_goods_disputed) note_of(m.disputed);
        if ((f.reasons & reason_exemption_disputed) && f.exemption != no_exemption)
            note_of(rules.exemptions()[f.exemption].disputed);
    }
    if (reasons & (reason_goods_partial | reason_exemption_goods_partial))
        out.emplace_back("a more detailed HS code");
    if (reasons & (reason_period_partial | reason_exemption_period_partial))
        out.emplace_back("a day-level date");
    for (const auto& n : notes)
        out.push_back("a reading of note " + n + " (a disputed scope: no fact settles it)");
    return out;
}

std::string hs_line(const rule_set& rules, const hs_code& code, day dated) {
    std::string s = "HS " + code.dotted() + "  ";
    const auto d = describe_code(rules, code, dated);
    if (!d) return s + "(no description)";
    if (d->described != code) s += d->described.dotted() + ": ";
    s += d->description;
    if (d->edition != rules.edition().name()) s += " (" + d->edition + ")";
    return s;
}

std::string format_text(const checked_shipment& shipment, const rule_set& rules, bool heading) {
    std::ostringstream out;
    print_text(out, shipment, rules, heading);
    return std::move(out).str();
}

std::string format_text(std::span<const checked_shipment> shipments, const rule_set& rules,
                        bool headings) {
    std::ostringstream out;
    for (std::size_t i = 0; i < shipments.size(); ++i) {
        if (i > 0) out << '\n';
        print_text(out, shipments[i], rules, headings);
    }
    if (shipments.size() > 1) {
        std::array<std::size_t, 5> counts{};
        for (const auto& c : shipments) ++counts[static_cast<std::size_t>(c.result.status)];
        out << '\n' << shipments.size() << " shipments:";
        bool first = true;
        for (int s = 4; s >= 0; --s) {
            if (counts[static_cast<std::size_t>(s)] == 0) continue;
            out << (first ? " " : ", ") << counts[static_cast<std::size_t>(s)] << ' '
                << to_string(static_cast<status>(s));
            first = false;
        }
        out << '\n';
    }
    return std::move(out).str();
}

std::string format_json(const checked_shipment& shipment, const rule_set& rules) {
    return to_json(shipment, rules).dump(2);
}

std::string format_json(std::span<const checked_shipment> shipments, const rule_set& rules) {
    status worst = status::unrestricted;
    for (const auto& c : shipments) worst = std::max(worst, c.result.status);
    nlohmann::ordered_json doc;
    doc["verdict"] = shipments.empty() ? nlohmann::ordered_json(nullptr)
                                       : nlohmann::ordered_json(to_string(worst));
    doc["shipments"] = nlohmann::ordered_json::array();
    for (const auto& c : shipments) doc["shipments"].push_back(to_json(c, rules));
    std::string s = doc.dump(2);
    s += '\n';
    return s;
}

std::vector<std::string> near_ids(const rule_set& rules, std::string_view id) {
    std::vector<std::string_view> candidates;
    for (const auto& m : rules.measures()) candidates.push_back(m.id);
    for (const auto& e : rules.exemptions()) candidates.push_back(e.id);
    for (const auto& i : rules.instruments()) candidates.push_back(i.symbol);
    const auto near =
        detail::near_names(id, candidates, std::max<std::size_t>(2, id.size() / 4), 5);
    return {near.begin(), near.end()};
}

}  // namespace embargo
