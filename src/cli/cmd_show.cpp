// `embargo show ID`: one measure, exemption or instrument as a reviewer
// reads it: citation, goods with their HS descriptions, disputed scopes with
// the text of their notes, validity as written and in force, conditions,
// wind-down, quota, and everything it is related to.

#include <algorithm>
#include <cstdio>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>

#include "embargo/explain.hpp"

#include "context.hpp"

namespace embargo::cli {

namespace {

constexpr std::size_t label_width = 15;
constexpr std::size_t line_width = 88;

// Prints `label`, then `lead` as it is, then `text` wrapped at line_width;
// continuation lines start under the first word of `text`.
void field(std::ostream& out, std::string_view label, std::string_view text,
           std::size_t indent = label_width, std::string_view lead = {}) {
    std::string line(label);
    line.resize(std::max(line.size() + 1, indent), ' ');
    line += lead;
    const std::size_t hang = line.size();
    bool first_word = true;
    std::istringstream words{std::string(text)};
    std::string word;
    while (words >> word) {
        if (!first_word && line.size() + 1 + word.size() > line_width) {
            out << line << '\n';
            line.assign(hang, ' ');
            first_word = true;
        }
        if (!first_word) line += ' ';
        line += word;
        first_word = false;
    }
    out << line << '\n';
}

std::string factor_text(double f) {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.10g", f);
    return buf;
}

std::string in_force_text(const validity& v) {
    return v.open_ended() ? "from " + to_string(v.from)
                          : "from " + to_string(v.from) + " to " +
                                to_string(v.until - std::chrono::days{1}) + " (last day)";
}

// Each code a selector names, with its description.
void goods_codes(std::ostream& out, const rule_set& rules, const goods_selector& g) {
    std::vector<hs_code> seen;
    std::size_t width = 0;
    for (const auto& n : g.named_codes()) width = std::max(width, n.code.dotted().size());
    for (const auto& n : g.named_codes()) {
        if (std::find(seen.begin(), seen.end(), n.code) != seen.end()) continue;
        seen.push_back(n.code);
        const auto d = describe_code(rules, n.code);
        std::string lead = n.code.dotted();
        lead.resize(width + 2, ' ');
        field(out, "", d ? d->description : "(no description)", label_width + 2, lead);
    }
    if (g.named_codes().empty() && !g.all() && !g.text().empty()) {
        // `section XI`: name its chapters' section instead.
        field(out, "", "(" + g.text() + ")", label_width + 2);
    }
}

void goods_field(std::ostream& out, const rule_set& rules, std::string_view label,
                 const goods_selector& g) {
    field(out, label, g.all() ? "all goods" : g.text());
    if (!g.all()) goods_codes(out, rules, g);
}

void disputed_fields(std::ostream& out, const rule_set& rules, std::uint32_t regime,
                     const std::vector<disputed_scope>& scopes) {
    for (const auto& s : scopes) {
        field(out, "disputed", s.goods.text() + " (note " + s.note + ")");
        goods_codes(out, rules, s.goods);
        if (const std::string* text = rules.note(regime, s.note))
            field(out, "", "note " + s.note + ": " + *text, label_width + 2);
    }
}

std::string passive(relation_kind k) {
    switch (k) {
        case relation_kind::supersedes:
            return "superseded by";
        case relation_kind::replaces:
            return "replaced by";
        case relation_kind::extends:
            return "extended by";
        case relation_kind::amends:
            return "amended by";
        case relation_kind::carves_out:
            return "carved out by";
    }
    return "related to";
}

void relations_field(std::ostream& out, const rule_set& rules, const std::string& id) {
    std::vector<std::string> lines;
    for (const auto& r : rules.relations()) {
        if (r.from == id) lines.push_back(std::string(to_string(r.kind)) + " " + r.to);
        if (r.to == id) lines.push_back(passive(r.kind) + " " + r.from);
    }
    if (lines.empty()) {
        field(out, "relations", "none");
        return;
    }
    for (std::size_t i = 0; i < lines.size(); ++i) field(out, i == 0 ? "relations" : "", lines[i]);
}

void notes_field(std::ostream& out, const std::vector<std::string>& notes) {
    if (notes.empty()) return;
    std::string s;
    for (const auto& n : notes) s += (s.empty() ? "" : ", ") + n;
    field(out, "notes", s);
}

void sources_field(std::ostream& out, const std::vector<rule_source_ref>& sources) {
    if (sources.empty()) {
        field(out, "sources", "none recorded");
        return;
    }
    for (std::size_t i = 0; i < sources.size(); ++i) {
        const auto& src = sources[i];
        field(out, i == 0 ? "sources" : "",
              src.ref + " [" + std::string(to_string(src.read)) + "]");
        if (!src.note.empty()) field(out, "", src.note, label_width + 2);
    }
}

void show_measure(std::ostream& out, const rule_set& rules, const measure& m) {
    out << m.id << " (measure)\n";
    field(out, "citation", m.citation.empty() ? "(none)" : m.citation);
    if (const instrument* in = rules.find_instrument(m.instrument))
        field(out, "instrument", in->symbol + ", adopted " + to_string(in->adopted));
    field(out, "regime", rules.regime_of(m).name);
    const std::string target(m.target.str());
    const std::string dir = m.direction == direction::to_target ? "to-target: supply to " + target
                            : m.direction == direction::from_target
                                ? "from-target: procurement from " + target
                                : "both: to and from " + target;
    field(out, "direction", dir);
    if (!m.summary.empty()) field(out, "summary", m.summary);
    goods_field(out, rules, "goods", m.goods);
    disputed_fields(out, rules, m.regime, m.disputed);
    field(out, "validity", "as written " + m.declared.str());
    field(out, "", "in force " + in_force_text(m.in_force));
    if (const auto horizon = rules.renewal_horizon(m))
        field(out, "",
              "expires after " + to_string(*m.expires) + " unless renewed; from " +
                  to_string(*horizon) + " indeterminate (renewal not verified)");
    if (const auto st = rules.standing_of(m); st != standing::undisputed)
        field(out, "standing",
              std::string(to_string(st)) + " (instrument " + m.instrument + ", note " +
                  rules.find_instrument(m.instrument)->standing_note + ")");
    if (!m.superseded_by.empty()) field(out, "", "superseded by " + m.superseded_by);
    if (!m.lifts.empty()) field(out, "lifts", m.lifts);
    field(out, "when", m.when.empty() ? "always (no condition)" : m.when.text());
    if (m.wind_down) {
        const auto& w = *m.wind_down;
        field(out, "wind-down",
              "last day " + to_string(w.last_day) + ", when " +
                  (w.when.empty() ? "always" : w.when.text()) +
                  (w.citation.empty() ? "" : " (" + w.citation + ")"));
        if (w.goods) {
            field(out, "", "goods " + w.goods->text());
            goods_codes(out, rules, *w.goods);
        }
        disputed_fields(out, rules, m.regime, w.disputed);
    }
    const auto index = static_cast<std::uint32_t>(&m - rules.measures().data());
    std::vector<const exemption*> carving;
    for (const auto& e : rules.exemptions())
        if (std::find(e.measures.begin(), e.measures.end(), index) != e.measures.end())
            carving.push_back(&e);
    if (carving.empty()) {
        field(out, "exemptions", "none");
    } else {
        std::size_t width = 0;
        for (const auto* e : carving) width = std::max(width, e->id.size());
        for (std::size_t i = 0; i < carving.size(); ++i) {
            std::string lead = carving[i]->id;
            lead.resize(width + 2, ' ');
            const std::string text = carving[i]->quota ? "quota: " + describe(*carving[i]->quota)
                                     : carving[i]->when.empty() ? std::string("always")
                                                                : "when " + carving[i]->when.text();
            field(out, i == 0 ? "exemptions" : "", text, label_width, lead);
        }
    }
    relations_field(out, rules, m.id);
    notes_field(out, m.notes);
    sources_field(out, m.sources);
}

void show_exemption(std::ostream& out, const rule_set& rules, const exemption& e) {
    out << e.id << (e.wind_down ? " (exemption: wind-down)" : " (exemption)") << '\n';
    field(out, "regime", rules.regime_of(e).name);
    field(out, "citation", e.citation.empty() ? "(none)" : e.citation);
    if (!e.template_name.empty()) field(out, "template", e.template_name);
    if (!e.summary.empty()) field(out, "summary", e.summary);
    std::size_t width = 0;
    for (const auto& id : e.carves_out) width = std::max(width, id.size());
    for (std::size_t i = 0; i < e.carves_out.size(); ++i) {
        const measure* m = rules.find_measure(e.carves_out[i]);
        std::string lead = e.carves_out[i];
        lead.resize(width + 2, ' ');
        field(out, i == 0 ? "carves out of" : "", m != nullptr ? m->citation : "", label_width,
              lead);
    }
    if (e.goods)
        goods_field(out, rules, "goods", *e.goods);
    else
        field(out, "goods", "all goods of the measures it carves out of");
    disputed_fields(out, rules, e.regime, e.disputed);
    const bool always = e.valid.from == earliest_day && e.valid.open_ended();
    field(out, "validity", always ? "always" : in_force_text(e.valid));
    field(out, "when", e.when.empty() ? "always (no condition)" : e.when.text());
    if (e.quota) {
        field(out, "quota", describe(*e.quota));
        for (const auto& c : e.quota->conversions)
            field(out, "",
                  "1 " + std::string(to_string(c.from)) + " = " + factor_text(c.factor) + " " +
                      std::string(to_string(c.to)) +
                      (c.source.empty() ? "" : " (" + c.source + ")"),
                  label_width + 2);
    }
    relations_field(out, rules, e.id);
    notes_field(out, e.notes);
    sources_field(out, e.sources);
}

void show_instrument(std::ostream& out, const rule_set& rules, const instrument& in) {
    out << in.symbol << " (instrument)\n";
    field(out, "regime", rules.regimes().at(in.regime).name);
    if (!in.title.empty()) field(out, "title", in.title);
    field(out, "adopted", to_string(in.adopted));
    if (in.standing != standing::undisputed) {
        std::string line = std::string(to_string(in.standing)) + " (note " + in.standing_note + ")";
        if (const std::string* text = rules.note(in.regime, in.standing_note)) line += ": " + *text;
        field(out, "standing", line);
    }
    if (!in.summary.empty()) field(out, "summary", in.summary);
    std::size_t width = 0;
    for (auto i : in.measures) width = std::max(width, rules.measures()[i].id.size());
    for (std::size_t i = 0; i < in.measures.size(); ++i) {
        const measure& m = rules.measures()[in.measures[i]];
        std::string lead = m.id;
        lead.resize(width + 2, ' ');
        field(out, i == 0 ? "measures" : "", m.citation, label_width, lead);
    }
    if (in.measures.empty()) field(out, "measures", "none");
    for (std::size_t i = 0; i < in.exemptions.size(); ++i)
        field(out, i == 0 ? "exemptions" : "", rules.exemptions()[in.exemptions[i]].id);
    relations_field(out, rules, in.symbol);
}

void show_regime(std::ostream& out, const rule_set& rules, const regime& r) {
    out << r.name << " (regime)\n";
    if (!r.title.empty()) field(out, "title", r.title);
    field(out, "target", std::string(r.target.str()));
    field(out, "HS edition", r.hs_edition);
    field(out, "verified", r.verified ? to_string(*r.verified) : std::string("(not stated)"));
    for (std::size_t i = 0; i < r.uses.size(); ++i) field(out, i == 0 ? "uses" : "", r.uses[i]);
    const auto index = static_cast<std::uint32_t>(&r - rules.regimes().data());
    std::size_t measures = 0, exemptions = 0;
    for (const auto& m : rules.measures()) measures += m.regime == index ? 1 : 0;
    for (const auto& e : rules.exemptions()) exemptions += e.regime == index ? 1 : 0;
    std::vector<const instrument*> acts;
    for (const auto& in : rules.instruments())
        if (in.regime == index) acts.push_back(&in);
    std::stable_sort(acts.begin(), acts.end(), [](const instrument* a, const instrument* b) {
        return a->adopted < b->adopted;
    });
    std::size_t shown = 0;
    for (const instrument* act : acts) {
        const instrument& in = *act;
        std::string line = in.symbol + ", adopted " + to_string(in.adopted);
        if (in.standing != standing::undisputed)
            line += " (standing " + std::string(to_string(in.standing)) + ")";
        field(out, shown++ == 0 ? "instruments" : "", line);
    }
    field(out, "rules",
          std::to_string(measures) + " measures, " + std::to_string(exemptions) + " exemptions");
    std::string facts;
    for (const auto& f : r.facts) facts += (facts.empty() ? "" : ", ") + f;
    field(out, "facts", facts.empty() ? "none" : facts);
    for (std::size_t i = 0; i < r.not_screened.size(); ++i)
        field(out, i == 0 ? "not screened" : "", r.not_screened[i]);
}

int run_show(const context& ctx, const std::string& id) {
    const auto loaded = load(ctx.global, std::cerr);
    if (!loaded) return exit_usage;
    const rule_set& rules = *loaded->rules;
    if (const measure* m = rules.find_measure(id)) {
        show_measure(std::cout, rules, *m);
    } else if (const exemption* e = rules.find_exemption(id)) {
        show_exemption(std::cout, rules, *e);
    } else if (const instrument* in = rules.find_instrument(id)) {
        show_instrument(std::cout, rules, *in);
    } else if (const regime* r = rules.find_regime(id)) {
        show_regime(std::cout, rules, *r);
    } else {
        std::cerr << "embargo: show: no regime, measure, exemption or instrument \"" << id
                  << "\" in " << rules.label();
        const auto near = near_ids(rules, id);
        if (!near.empty()) {
            std::cerr << "; did you mean ";
            for (std::size_t i = 0; i < near.size(); ++i)
                std::cerr << (i > 0 ? ", " : "") << near[i];
            std::cerr << '?';
        } else {
            std::cerr << " (ids look like 2371/OP8, 2371/OP8-rajin or S/RES/2371(2017))";
        }
        std::cerr << '\n';
        return exit_usage;
    }
    return exit_ok;
}

}  // namespace

void add_show_command(CLI::App& app, context& ctx) {
    auto id = std::make_shared<std::string>();
    auto* cmd = app.add_subcommand(
        "show", "Show one regime, measure, exemption or instrument of the rules");
    cmd->add_option("id", *id,
                    "A regime (un/somalia), a measure or exemption id (2371/OP8, "
                    "2371/OP8-rajin) or an instrument symbol")
        ->required()
        ->type_name("ID");
    cmd->callback([&ctx, id] { ctx.exit = run_show(ctx, *id); });
}

}  // namespace embargo::cli
