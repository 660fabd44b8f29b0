// `embargo check`: judge one hypothetical shipment given as flags, or the
// shipments of a YAML or JSON file, and explain the verdict: every finding
// with its citation and reason, the HS description, and for an
// indeterminate verdict what would settle it.
//
// The shipments of one file are a batch: the cap ledger (ledger.hpp) sums
// their use of each quota, as `screen` does for its rows, so that a file of
// deliveries that together pass a cap is not judged `capped` line by line.

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <memory>
#include <sstream>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

#include "embargo/io.hpp"
#include "embargo/ledger.hpp"

#include "base/number_format.hpp"
#include "context.hpp"
#include "io/record_yaml.hpp"
#include "judging.hpp"
#include "rules/yaml_document.hpp"

namespace embargo::cli {

namespace {

struct check_options {
    std::string hs, exporter, importer, date, origin, quantity, unit, value_usd, id;
    std::vector<std::string> facts;
    std::string file;
    std::string format = "text";
    std::string fail_on = "indeterminate";
};

// One shipment and what the engine said of it.
struct checked {
    trade_record record;
    std::string where;  // "file:line" for shipments from a file
    verdict result;
    std::size_t line = 0;             // in the file; 0 for flags
    std::vector<finding_note> notes;  // the cap ledger's, for a file
};

std::string record_line(const trade_record& r) {
    std::string s = std::string(r.exporter.str()) + " -> " + std::string(r.importer.str()) + ", " +
                    r.period.str();
    if (r.origin) s += ", origin " + std::string(r.origin->str());
    if (r.quantity)
        s += ", " + detail::number_text(r.quantity->amount) + " " +
             std::string(to_string(r.quantity->unit));
    if (r.value)
        s += ", " + std::string(r.value->currency.data(), 3) + " " +
             detail::number_text(r.value->amount);
    return s;
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

void print_text(std::ostream& out, const checked& c, const rule_set& rules, bool heading) {
    const trade_record& r = c.record;
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
        const auto& unscreened = rules.regime().not_screened;
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
            << std::string(id_width - m.id.size() + 2, ' ') << m.citation << '\n'
            << std::string(status_width + 4, ' ') << describe(f, rules, r) << '\n';
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

nlohmann::ordered_json to_json(const checked& c, const rule_set& rules) {
    using json = nlohmann::ordered_json;
    const trade_record& r = c.record;
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
    j["value_usd"] = r.value && r.value->usd() ? json(r.value->amount) : json(nullptr);
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
             {"citation", m.citation},
             {"status", to_string(f.status)},
             {"exemption", f.exemption == no_exemption ? json(nullptr)
                                                       : json(rules.exemptions()[f.exemption].id)},
             {"reason", describe(f, rules, r)},
             {"cap", std::move(cap)}});
    }
    j["findings"] = std::move(findings);
    json missing = json::array();
    const auto& table = rules.regime().facts;
    for (std::size_t i = 0; i < table.size() && i < 64; ++i)
        if ((c.result.missing_facts() >> i) & 1U)
            missing.push_back(table.at(static_cast<fact_id>(i)).name);
    j["missing_facts"] = std::move(missing);
    j["would_settle"] = c.result.status == status::indeterminate
                            ? json(would_settle(c.result, rules))
                            : json::array();
    j["not_screened"] = rules.regime().not_screened;
    return j;
}

// The record the flags describe; nullopt after printing why.
std::optional<trade_record> record_from_flags(const check_options& o, const rule_set& rules) {
    std::vector<std::string> missing;
    for (auto [flag, value] : {std::pair{"--hs", &o.hs}, std::pair{"--exporter", &o.exporter},
                               std::pair{"--importer", &o.importer}, std::pair{"--date", &o.date}})
        if (value->empty()) missing.emplace_back(flag);
    if (!missing.empty()) {
        std::cerr << "embargo: check: missing ";
        for (std::size_t i = 0; i < missing.size(); ++i)
            std::cerr << (i > 0 ? ", " : "") << missing[i];
        std::cerr << " (or give --file with shipments)\n";
        return std::nullopt;
    }
    std::vector<input_field> fields{
        {"hs_code", o.hs}, {"exporter", o.exporter}, {"importer", o.importer}, {"date", o.date}};
    const auto optional = [&](const char* name, const std::string& v) {
        if (v.empty()) return;
        fields.push_back({name, v});
    };
    optional("id", o.id);
    optional("origin", o.origin);
    optional("quantity", o.quantity);
    optional("unit", o.unit);
    optional("value_usd", o.value_usd);
    std::vector<std::string> names;  // keeps the fact names alive for the views
    names.reserve(o.facts.size());
    for (const auto& f : o.facts) {
        const auto eq = f.find('=');
        if (eq == std::string::npos || eq == 0) {
            std::cerr << "embargo: check: --fact " << f
                      << ": expected NAME=VALUE, e.g. --fact port=Rajin\n";
            return std::nullopt;
        }
        names.push_back(f.substr(0, eq));
        fields.push_back({names.back(), std::string_view(f).substr(eq + 1)});
    }
    std::vector<diagnostic> ds;
    auto r = record_from_fields(fields, rules, ds);
    // Messages name the field ("date: ..."), which is the flag's name.
    for (const auto& d : ds) std::cerr << "embargo: check: " << d.message << " [" << d.id << "]\n";
    return r;
}

// The shipments of a YAML or JSON file: one record, a list, or
// {shipments: [...]}. Errors are printed; `ok` says whether there were none.
std::vector<checked> records_from_file(const std::string& path, const rule_set& rules,
                                       const input_limits& limits, bool& ok, bool& unreadable) {
    std::vector<checked> out;
    const std::string name = path == "-" ? "<stdin>" : path;
    std::ifstream file;
    if (path != "-") {
        file.open(path, std::ios::binary);
        if (!file) {
            std::cerr << "embargo: check: cannot read " << path << ": " << std::strerror(errno)
                      << '\n';
            ok = false;
            unreadable = true;
            return out;
        }
    }
    std::istream& in = path == "-" ? std::cin : file;
    // Read no further than one chunk past the limit: memory stays bounded
    // whatever the input (standard input may never end), and a longer file
    // is refused unread.
    const std::size_t max_bytes = limits.shipment_file_bytes;
    std::string text;
    std::array<char, 1U << 16U> chunk{};
    while (text.size() <= max_bytes && in) {
        in.read(chunk.data(), static_cast<std::streamsize>(chunk.size()));
        text.append(chunk.data(), static_cast<std::size_t>(in.gcount()));
    }
    if (in.bad()) {
        std::cerr << "embargo: check: cannot read " << name << '\n';
        ok = false;
        unreadable = true;
        return out;
    }
    std::vector<diagnostic> ds;
    if (text.size() > max_bytes) {
        // Filled in member by member: a braced temporary here makes GCC 12
        // at -O3 warn of an uninitialized string (a false -Wmaybe-uninitialized).
        diagnostic too_large;
        too_large.id = "yaml.too-large";
        too_large.where = {name, 1, 1};
        too_large.message = "found a file of more than " + std::to_string(max_bytes) +
                            " bytes; expected at most " + std::to_string(max_bytes);
        ds.push_back(std::move(too_large));
    } else {
        const detail::yaml_limits yaml{max_bytes, limits.rules.max_depth, limits.rules.max_nodes};
        for (auto& r : detail::read_shipments(text, name, rules, yaml, ds))
            out.push_back({std::move(r.record), name + ":" + std::to_string(r.line), {},
                           static_cast<std::size_t>(r.line), {}});
    }
    for (const auto& d : ds) std::cerr << format(d) << '\n';
    hint_limits(ds, std::cerr, "shipment-file-bytes");
    ok = !has_errors(ds);
    return out;
}

int run_check(const context& ctx, const check_options& o, bool record_flags_given) {
    const auto threshold = parse_fail_on(o.fail_on);
    if (!o.file.empty() && record_flags_given) {
        std::cerr << "embargo: check: give a shipment as flags or as --file, not both\n";
        return exit_usage;
    }
    const auto loaded = load(ctx.global, std::cerr);
    if (!loaded) return exit_usage;
    const rule_set& rules = loaded->engine->rules();

    std::vector<checked> shipments;
    bool ok = true;
    bool unreadable = false;
    if (!o.file.empty()) {
        shipments = records_from_file(o.file, rules, ctx.global.limits, ok, unreadable);
        if (unreadable) return exit_usage;
    } else if (auto r = record_from_flags(o, rules)) {
        shipments.push_back({std::move(*r), {}, {}, 0, {}});
    } else {
        return exit_usage;
    }
    for (auto& c : shipments) loaded->engine->evaluate(c.record, c.result);
    bool capped_from_file = false;  // the cap ledger counted some shipment
    if (!o.file.empty()) {
        // The file's shipments against the caps, ordered by date, not by
        // their place in the file (docs/ledger.md, "Order").
        std::vector<ledger_entry> entries;
        entries.reserve(shipments.size());
        for (auto& c : shipments) entries.push_back({&c.record, &c.result, c.line});
        cap_ledger ledger(loaded->engine);
        const auto notes = ledger.apply(entries);
        capped_from_file = !notes.empty();
        for (const auto& n : notes) {
            checked& c = shipments[n.entry];
            c.notes.push_back({n.finding, describe(n, rules, c.record)});
        }
    }
    status worst = status::unrestricted;
    for (const auto& c : shipments) worst = std::max(worst, c.result.status);

    if (o.format == "json") {
        nlohmann::ordered_json doc;
        doc["verdict"] = shipments.empty() ? nlohmann::ordered_json(nullptr)
                                           : nlohmann::ordered_json(to_string(worst));
        doc["shipments"] = nlohmann::ordered_json::array();
        for (const auto& c : shipments) doc["shipments"].push_back(to_json(c, rules));
        std::cout << doc.dump(2) << '\n';
    } else {
        const bool many = !o.file.empty();
        for (std::size_t i = 0; i < shipments.size(); ++i) {
            if (i > 0) std::cout << '\n';
            print_text(std::cout, shipments[i], rules, many);
        }
        if (shipments.size() > 1) {
            std::array<std::size_t, 5> counts{};
            for (const auto& c : shipments) ++counts[static_cast<std::size_t>(c.result.status)];
            std::cout << '\n' << shipments.size() << " shipments:";
            bool first = true;
            for (int s = 4; s >= 0; --s) {
                if (counts[static_cast<std::size_t>(s)] == 0) continue;
                std::cout << (first ? " " : ", ") << counts[static_cast<std::size_t>(s)] << ' '
                          << to_string(static_cast<status>(s));
                first = false;
            }
            std::cout << '\n';
        }
    }
    std::cout.flush();
    if (!ok) {
        std::cerr << "embargo: check: " << o.file << " has shipments that cannot be read (errors above)";
        if (capped_from_file)
            std::cerr << "; the cap ledger did not count them, so its totals and verdicts hold only if they "
                         "used no quota";
        std::cerr << '\n';
        return exit_usage;
    }
    return threshold->reached(worst) ? exit_reached : exit_ok;
}

}  // namespace

void add_check_command(CLI::App& app, context& ctx) {
    auto o = std::make_shared<check_options>();
    auto* cmd = app.add_subcommand(
        "check", "Judge one shipment given as flags, or the shipments of a YAML/JSON file");
    std::vector<CLI::Option*> record_flags;
    record_flags.push_back(
        cmd->add_option("--hs", o->hs, "HS code (2, 4, 6 or 7-10 digits; dots allowed)")
            ->type_name("CODE"));
    record_flags.push_back(
        cmd->add_option("--exporter", o->exporter, "Exporting country (ISO alpha-2)")
            ->type_name("CC"));
    record_flags.push_back(
        cmd->add_option("--importer", o->importer, "Importing country (ISO alpha-2)")
            ->type_name("CC"));
    record_flags.push_back(
        cmd->add_option("--date", o->date, "A day, month or year: 2022-08-14, 2022-08, 2022")
            ->type_name("DATE"));
    record_flags.push_back(
        cmd->add_option("--origin", o->origin, "Country of origin (ISO alpha-2)")->type_name("CC"));
    record_flags.push_back(
        cmd->add_option("--quantity", o->quantity, "Quantity, with --unit")->type_name("N"));
    record_flags.push_back(
        cmd->add_option("--unit", o->unit,
                        "Unit of the quantity: u, kg, t, l, m3, bbl, kWh, MWh, ...")
            ->type_name("UNIT"));
    record_flags.push_back(
        cmd->add_option("--value-usd", o->value_usd, "Value in US dollars")->type_name("N"));
    record_flags.push_back(
        cmd->add_option("--id", o->id, "A reference for the shipment")->type_name("ID"));
    record_flags.push_back(
        cmd->add_option("--fact", o->facts,
                        "A fact of the regime, e.g. --fact port=Rajin (repeatable)")
            ->default_str("")
            ->type_name("NAME=VALUE"));
    cmd->add_option("--file", o->file,
                    "Read shipments from a YAML or JSON file (- for standard input)")
        ->type_name("FILE");
    cmd->add_option("--format", o->format, "Output: text (default) or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->type_name("FORMAT");
    cmd->add_option("--fail-on", o->fail_on, std::string(fail_on_help))
        ->check(CLI::IsMember(
            {"prohibited", "indeterminate", "capped", "carved_out", "unrestricted", "none"}))
        ->type_name("STATUS");
    cmd->callback([&ctx, o, record_flags] {
        const bool given = std::any_of(record_flags.begin(), record_flags.end(),
                                       [](const CLI::Option* opt) { return opt->count() > 0; });
        ctx.exit = run_check(ctx, *o, given);
    });
}

}  // namespace embargo::cli
