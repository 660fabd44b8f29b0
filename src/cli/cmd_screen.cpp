// `embargo screen FILE|-`: judge every row of a customs or shipment table.
// docs/cli-check-screen.md describes the columns, formats and exit codes.

#include <iostream>
#include <memory>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "embargo/cap_report.hpp"
#include "embargo/screen.hpp"
#include "embargo/screen_report.hpp"
#include "embargo/version.hpp"
#include "embargo/writers.hpp"

#include "atomic_output.hpp"
#include "context.hpp"
#include "fail_on.hpp"
#include "progress.hpp"
#include "screen_input.hpp"

namespace embargo::cli {

namespace {

struct screen_options {
    std::string input;
    std::string output;
    std::string format;
    std::string input_format;
    std::string profile;     // a built-in profile's name or a mapping file
    std::string hs_edition;  // every row's, where the row does not say
    std::string fail_on = "indeterminate";
    bool summary = false;
    bool no_summary = false;
    bool no_progress = false;
    bool caps = false;
    std::string caps_format = "text";
    std::string report;  // --report FILE: the HTML report (embargo/screen_report.hpp)
    std::uint64_t max_capped_rows = default_max_capped_rows;
    unsigned threads = 0;  // one per core
};

int run_screen(const context& ctx, const screen_options& o) {
    auto& err = std::cerr;
    const auto fail_on_value = parse_fail_on(o.fail_on);  // checked by CLI11 already

    if (o.caps && o.caps_format == "json" && o.summary) {
        err << "embargo: screen: --summary and --caps-format json would share standard output; "
               "drop --summary (the summary then goes to standard error)\n";
        return exit_usage;
    }
    if (o.report == "-" && (o.summary || o.caps || o.output == "-")) {
        err << "embargo: screen: --report - and "
            << (o.summary ? "--summary"
                : o.caps  ? "--caps"
                          : "-o -")
            << " would share standard output; write the report to a file\n";
        return exit_usage;
    }

    // The input first: a missing file is the user's most likely mistake.
    const bool from_stdin = o.input == "-";
    std::unique_ptr<screen_input> input;
    {
        std::string error;
        input = screen_input::open(o.input, error);
        if (!input) {
            err << "embargo: screen: " << error << '\n';
            return exit_usage;
        }
    }

    const auto loaded = load(ctx.global, err);
    if (!loaded) return exit_usage;

    input_format in_format = input_format::csv;
    if (!o.input_format.empty())
        in_format = *parse_input_format(o.input_format);
    else if (o.input.ends_with(".jsonl") || o.input.ends_with(".ndjson"))
        in_format = input_format::jsonl;
    output_format out_format =
        in_format == input_format::jsonl ? output_format::jsonl : output_format::csv;
    if (!o.format.empty()) out_format = *parse_output_format(o.format);  // checked by CLI11

    // --summary or --caps without -o prints that instead of the rows.
    const bool write_rows = (!o.summary && !o.caps && o.report != "-") || !o.output.empty();
    std::unique_ptr<output_sink> out;
    std::unique_ptr<record_writer> sink;
    if (write_rows) {
        std::string error;
        out = output_sink::open(o.output, error);
        if (!out) {
            err << "embargo: screen: " << error << '\n';
            return exit_usage;
        }
        sink = make_writer(out_format, in_format, *out, err);
    }
    std::unique_ptr<output_sink> report_out;
    report_context report_info;
    if (!o.report.empty()) {
        std::string error;
        report_out = output_sink::open(o.report, error);
        if (!report_out) {
            err << "embargo: screen: " << error << '\n';
            return exit_usage;
        }
    }

    progress_line progress(err, !o.no_progress && ::isatty(STDERR_FILENO) != 0, input->size());
    embargo::screen_options options;
    options.reader.format = in_format;
    options.reader.max_line_length = ctx.global.limits.line_bytes;
    options.reader.max_fields = ctx.global.limits.fields;
    options.reader.file = from_stdin ? "<stdin>" : o.input;
    if (!o.profile.empty()) {
        if (const input_profile* builtin = find_builtin_profile(o.profile)) {
            // Built-in profiles live as long as the program.
            options.reader.profile =
                std::shared_ptr<const input_profile>(std::shared_ptr<void>(), builtin);
        } else if (o.profile.find('/') == std::string::npos &&
                   o.profile.find('.') == std::string::npos) {
            std::string names;
            for (const auto& p : builtin_profiles()) names += (names.empty() ? "" : ", ") + p.name;
            err << "embargo: screen: --profile " << o.profile << " is no profile embargo ships ("
                << names << ") and names no mapping file\n";
            return exit_usage;
        } else {
            auto mapping = load_profile(o.profile);
            if (!mapping) {
                for (const auto& d : mapping.diagnostics()) err << format(d) << '\n';
                return exit_usage;
            }
            options.reader.profile =
                std::make_shared<const input_profile>(std::move(mapping).value());
        }
    }
    if (!o.hs_edition.empty()) {
        const auto year = hs_edition_year(o.hs_edition);
        if (!year) {
            err << "embargo: screen: --hs-edition " << o.hs_edition
                << " is not an HS edition; expected HS1992, HS1996, HS2002, HS2007, HS2012, HS2017 "
                   "or HS2022 (or Comtrade's H0 ... H6)\n";
            return exit_usage;
        }
        options.reader.hs_edition = *year;
    }
    options.max_capped_rows = o.max_capped_rows;
    options.threads = o.threads;
    options.breakdown = report_out != nullptr;
    options.on_diagnostic = [&](const diagnostic& d) {
        progress.clear();
        err << format(d) << '\n';
        if (report_out) report_info.note(d);
    };
    options.on_progress = [&](std::uint64_t rows, std::uint64_t bytes) {
        progress.tick(rows, bytes);
    };
    options.on_read_end = [&] { progress.clear(); };
    const std::string& name = options.reader.file;
    // With quotas in the rules, the cap ledger revises capped verdicts
    // (embargo/screen.hpp).
    screener screening(loaded->engine, options);
    const screen_result result = screening.run(input->stream(), sink.get());
    const screen_stats& stats = result.stats;
    const screen_status r = result.status;
    if (r == screen_status::too_many_capped_rows || r == screen_status::spool_failed ||
        r == screen_status::read_failed) {
        if (r == screen_status::too_many_capped_rows)
            err << format(*result.problem) << '\n';
        else if (r == screen_status::spool_failed)
            err << "embargo: screen: cannot hold back the rows from line " << result.first_held_line
                << " on (the first under a quota) until the cap ledger has read the whole input: "
                << result.error << " (set TMPDIR to a directory with room for them)\n";
        else
            err << "embargo: screen: cannot read " << name << ": " << input->read_error() << '\n';
        // A file is left as it was; standard output keeps the rows
        // written before the failure, which the message says are not all.
        if (!o.output.empty())
            err << "embargo: screen: " << o.output << " was left as it was\n";
        else if (out && out->commit())
            err << "embargo: screen: the rows written to standard output are incomplete\n";
        return exit_usage;
    }
    const bool readable = r != screen_status::unreadable;
    if (!readable) {
        err << "embargo: screen: " << name
            << " cannot be read as a table of trade records; nothing was "
            << "judged" << (o.output.empty() ? "" : " and " + o.output + " was left as it was")
            << '\n';
        return exit_usage;
    }
    if (input->stream().bad()) {
        err << "embargo: screen: reading " << (from_stdin ? "standard input" : o.input)
            << " failed: " << input->read_error();
        if (!o.output.empty()) err << "; " << o.output << " was left as it was";
        err << '\n';
        return exit_usage;
    }
    if (out && !out->commit()) {
        err << "embargo: screen: " << out->error() << '\n';
        return exit_usage;
    }
    // The report also when rows were unreadable: it lists them.
    if (report_out) {
        report_info.input = name;
        report_info.version = std::string(embargo::version());
        report_info.rules_origin = loaded->origin;
        report_out->write(format_html(stats, loaded->engine->rules(), report_info));
        if (!report_out->commit()) {
            err << "embargo: screen: " << report_out->error() << '\n';
            return exit_usage;
        }
    }
    if (o.summary)
        std::cout << format_text(stats, loaded->engine->rules());
    else if (!o.no_summary)
        err << format_text(stats, loaded->engine->rules());
    if (o.caps) {
        const cap_report report = make_cap_report(screening.ledger());
        std::cout << (o.caps_format == "json" ? format_json(report) : format_text(report));
    }
    std::cout.flush();
    if (stats.errors > 0) {
        err << "embargo: screen: " << stats.errors << " of " << stats.rows
            << (stats.rows == 1 ? " row" : " rows") << " could not be read and "
            << (stats.errors == 1 ? "was" : "were") << " not judged (errors above)";
        if (stats.ledger_rows > 0)
            err << "; the cap ledger did not count " << (stats.errors == 1 ? "it" : "them")
                << ", so its totals and verdicts hold only if "
                << (stats.errors == 1 ? "it" : "they") << " used no quota";
        err << '\n';
        return exit_usage;
    }
    return fail_on_value->reached(stats.worst) ? exit_reached : exit_ok;
}

}  // namespace

void add_screen_command(CLI::App& app, context& ctx) {
    auto o = std::make_shared<screen_options>();
    auto* cmd = app.add_subcommand(
        "screen",
        "Judge every row of a customs or shipment table (CSV with a header, or JSON Lines)");
    cmd->add_option("input", o->input, "The table to read; - for standard input")
        ->required()
        ->type_name("FILE|-");
    cmd->add_option("-o,--output", o->output,
                    "Write the rows to FILE, replacing it only when the run succeeds (default: "
                    "standard output)")
        ->type_name("FILE");
    cmd->add_option("--format", o->format,
                    "Output format: csv, jsonl or json (default: the input's)")
        ->check(CLI::IsMember({"csv", "jsonl", "json"}))
        ->type_name("FORMAT");
    cmd->add_option(
           "--input-format", o->input_format,
           "Input format: csv or jsonl (default: jsonl for *.jsonl and *.ndjson, else csv)")
        ->check(CLI::IsMember({"csv", "jsonl", "ndjson"}))
        ->type_name("FORMAT");
    cmd->add_option("--profile", o->profile,
                    "Read a data set as its provider publishes it: comtrade, comtrade-plus, baci, "
                    "comext, or a mapping file (docs/profiles.md); default: recognised from the "
                    "header")
        ->type_name("NAME|FILE");
    cmd->add_option("--hs-edition", o->hs_edition,
                    "The HS edition of rows that do not give theirs (HS2017, H5; default: the "
                    "profile's, the file name's as BACI names it, or the one in force at each "
                    "row's date)")
        ->type_name("EDITION");
    cmd->add_option("--fail-on", o->fail_on, std::string(fail_on_help))
        ->check(CLI::IsMember(
            {"prohibited", "indeterminate", "capped", "carved_out", "unrestricted", "none"}))
        ->type_name("STATUS");
    cmd->add_flag(
        "--summary", o->summary,
        "Print the summary on standard output (in place of the rows, unless -o is given)");
    cmd->add_flag("--no-summary", o->no_summary, "Do not print the summary on standard error");
    cmd->add_flag("--no-progress", o->no_progress, "No progress line, even on a terminal");
    auto* caps = cmd->add_flag("--caps", o->caps,
                               "Print the cap report (per quota and period: used, cap, %, the days "
                               "75/90/95 % were reached) on standard output, in place of the rows "
                               "unless -o is given");
    cmd->add_option("--caps-format", o->caps_format, "The cap report's format: text or json")
        ->check(CLI::IsMember({"text", "json"}))
        ->needs(caps)
        ->type_name("FORMAT")
        ->default_str("text");
    cmd->add_option("--report", o->report,
                    "Write an HTML report to FILE (value and rows by verdict per year, the "
                    "headings flagged, the flows carved out, the unreadable rows), replacing it "
                    "only when the run succeeds; - for standard output, in place of the rows "
                    "unless -o is given")
        ->type_name("FILE");
    cmd->add_option("--max-capped-rows", o->max_capped_rows,
                    "At most N rows under a quota, which the cap ledger holds in memory")
        ->check(CLI::PositiveNumber)
        ->type_name("N")
        ->default_str("1000000");
    cmd->add_option("--threads", o->threads,
                    "Judge CSV input on N threads; the output is the same for every N (default: "
                    "one per core; 1: read, judge and write on one thread)")
        ->check(CLI::Range(1U, 1024U))
        ->type_name("N")
        ->default_str("cores");
    cmd->callback([&ctx, o] { ctx.exit = run_screen(ctx, *o); });
}

}  // namespace embargo::cli
