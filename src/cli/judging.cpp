#include "judging.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "base/text.hpp"

namespace embargo::cli {

std::optional<fail_on> parse_fail_on(std::string_view text) {
    if (text == "none") return fail_on{std::nullopt};
    if (auto s = parse_status(text)) return fail_on{*s};
    return std::nullopt;
}

void decided_findings::fill(const verdict& v, const rule_set& rules, const trade_record& record,
                            std::span<const finding_note> notes) {
    measures.clear();
    citations.clear();
    count = 0;
    if (v.status == status::unrestricted) return;
    for (std::size_t fi = 0; fi < v.findings.size(); ++fi) {
        const finding& f = v.findings[fi];
        if (f.status != v.status) continue;
        const measure& m = rules.measures()[f.measure];
        measures.emplace_back(m.id);
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

std::string decided_findings::measures_text() const {
    return detail::join(std::span(measures.data(), measures.size()), ";");
}
std::string decided_findings::citations_text() const {
    return detail::join(std::span(citations.data(), citations.size()), "; ");
}
std::string decided_findings::reason_text() const {
    return detail::join(std::span(reasons.data(), count), " | ");
}

std::optional<hs_text> describe_code(const rule_set& rules, const hs_code& code, std::optional<day> dated) {
    std::vector<const hs_edition*> order;
    const auto prefer = [&](const hs_edition* e) {
        if (e != nullptr && std::find(order.begin(), order.end(), e) == order.end()) order.push_back(e);
    };
    if (dated) prefer(rules.catalogue().edition_on(*dated));
    prefer(&rules.edition());
    const auto& all = rules.catalogue().editions();
    for (auto it = all.rbegin(); it != all.rend(); ++it) prefer(&*it);
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
    const auto& facts = rules.regime().facts;
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

}  // namespace embargo::cli
