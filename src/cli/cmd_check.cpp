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

#include "embargo/explain.hpp"
#include "embargo/io.hpp"
#include "embargo/ledger.hpp"
#include "embargo/shipments.hpp"

#include "context.hpp"
#include "fail_on.hpp"

namespace embargo::cli {

namespace {

struct check_options {
    std::string hs, exporter, importer, date, origin, quantity, unit, value_usd, hs_edition, id;
    std::vector<std::string> facts;
    std::string file;
    std::string format = "text";
    std::string fail_on = "indeterminate";
};

// The record the flags describe; nullopt after printing why.
std::optional<checked_record> record_from_flags(const check_options& o, const rule_set& rules) {
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
    optional("hs_edition", o.hs_edition);
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
    auto r = record_from_fields(fields, rules);
    // Messages name the field ("date: ..."), which is the flag's name.
    for (const auto& d : r.diagnostics())
        std::cerr << "embargo: check: " << d.message << " [" << d.id << "]\n";
    if (!r) return std::nullopt;
    return std::move(r).value();
}

// The shipments of a YAML or JSON file: one record, a list, or
// {shipments: [...]}. Errors are printed; `ok` says whether there were none.
std::vector<checked_shipment> records_from_file(const std::string& path, const rule_set& rules,
                                                const input_limits& limits, bool& ok,
                                                bool& unreadable) {
    std::vector<checked_shipment> out;
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
        load_limits yaml = limits.rules;
        yaml.max_file_bytes = max_bytes;
        auto read = read_shipments(text, name, rules, yaml);
        if (read) {
            for (auto& r : *read)
                out.push_back({std::move(r.record),
                               name + ":" + std::to_string(r.line),
                               {},
                               static_cast<std::size_t>(r.line),
                               {}});
        }
        ds = std::move(read).take_diagnostics();
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

    std::vector<checked_shipment> shipments;
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
        for (auto& c : shipments) entries.push_back({&c.record.record(), &c.result, c.line});
        cap_ledger ledger(loaded->engine);
        const auto notes = ledger.apply(entries);
        capped_from_file = !notes.empty();
        for (const auto& n : notes) {
            checked_shipment& c = shipments[n.entry];
            c.notes.push_back({n.finding, describe(n, rules, c.record.record())});
        }
    }
    status worst = status::unrestricted;
    for (const auto& c : shipments) worst = std::max(worst, c.result.status);

    if (o.format == "json")
        std::cout << format_json(shipments, rules);
    else
        std::cout << format_text(shipments, rules, !o.file.empty());
    std::cout.flush();
    if (!ok) {
        std::cerr << "embargo: check: " << o.file
                  << " has shipments that cannot be read (errors above)";
        if (capped_from_file)
            std::cerr << "; the cap ledger did not count them, so its totals and verdicts hold "
                         "only if they "
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
        cmd->add_option("--hs-edition", o->hs_edition,
                        "The HS edition the code is given in (HS2012, H4; default: the one in "
                        "force at --date)")
            ->type_name("EDITION"));
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
