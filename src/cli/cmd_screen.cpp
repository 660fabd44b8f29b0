// `embargo screen FILE|-`: judge every row of a customs or shipment table.
// docs/cli-check-screen.md describes the columns, formats and exit codes.

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <unistd.h>

#include <CLI/CLI.hpp>

#include "context.hpp"
#include "screen.hpp"

namespace embargo::cli {

namespace {

struct screen_options {
    std::string input;
    std::string output;
    std::string format;
    std::string input_format;
    std::string fail_on = "indeterminate";
    bool summary = false;
    bool no_summary = false;
    bool no_progress = false;
};

bool ends_with(std::string_view s, std::string_view suffix) {
    return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

int run_screen(const context& ctx, const screen_options& o) {
    auto& err = std::cerr;
    const auto fail_on_value = parse_fail_on(o.fail_on);  // checked by CLI11 already

    // The input first: a missing file is the user's most likely mistake.
    const bool from_stdin = o.input == "-";
    std::ifstream file;
    std::uint64_t size = 0;
    if (!from_stdin) {
        std::error_code ec;
        if (std::filesystem::is_directory(o.input, ec)) {
            err << "embargo: screen: cannot read " << o.input << ": it is a directory\n";
            return exit_usage;
        }
        file.open(o.input, std::ios::binary);
        if (!file) {
            err << "embargo: screen: cannot read " << o.input << ": " << std::strerror(errno)
                << '\n';
            return exit_usage;
        }
        size = std::filesystem::file_size(o.input, ec);
        if (ec) size = 0;
    }
    std::istream& in = from_stdin ? std::cin : file;

    const auto loaded = load(ctx.global, err);
    if (!loaded) return exit_usage;

    input_format in_format = input_format::csv;
    if (!o.input_format.empty())
        in_format = *parse_input_format(o.input_format);
    else if (ends_with(o.input, ".jsonl") || ends_with(o.input, ".ndjson"))
        in_format = input_format::jsonl;
    output_format out_format =
        in_format == input_format::jsonl ? output_format::jsonl : output_format::csv;
    if (o.format == "csv")
        out_format = output_format::csv;
    else if (o.format == "jsonl")
        out_format = output_format::jsonl;
    else if (o.format == "json")
        out_format = output_format::json;

    // --summary without -o prints the summary instead of the rows.
    const bool write_rows = !o.summary || !o.output.empty();
    std::unique_ptr<output_sink> out;
    std::unique_ptr<row_sink> sink;
    if (write_rows) {
        std::string error;
        out = output_sink::open(o.output, error);
        if (!out) {
            err << "embargo: screen: " << error << '\n';
            return exit_usage;
        }
        sink = make_sink(out_format, in_format, *out, err);
    }

    screen_setup setup{*loaded->engine, {}, !o.no_progress && ::isatty(STDERR_FILENO) != 0, size};
    setup.reader.format = in_format;
    setup.reader.max_line_length = ctx.global.limits.line_bytes;
    setup.reader.max_fields = ctx.global.limits.fields;
    setup.reader.file = from_stdin ? "<stdin>" : o.input;
    setup.reader.reserved_columns.assign(verdict_columns.begin(), verdict_columns.end());
    screen_stats stats;
    // The cap ledger will pass a hook here (see screen.hpp); without it a
    // capped row keeps the engine's `capped`.
    const row_hook no_hook;
    if (screen_pass(in, setup, sink.get(), no_hook, stats, &err) == pass_result::unreadable) {
        err << "embargo: screen: " << setup.reader.file
            << " cannot be read as a table of trade records; nothing was "
            << "judged" << (o.output.empty() ? "" : " and " + o.output + " was left as it was")
            << '\n';
        return exit_usage;
    }
    if (from_stdin && std::cin.bad()) {
        err << "embargo: screen: reading standard input failed\n";
        return exit_usage;
    }
    if (out && !out->commit()) {
        err << "embargo: screen: " << out->error() << '\n';
        return exit_usage;
    }
    if (o.summary)
        write_summary(std::cout, stats, loaded->engine->rules());
    else if (!o.no_summary)
        write_summary(err, stats, loaded->engine->rules());
    std::cout.flush();
    if (stats.errors > 0) {
        err << "embargo: screen: " << stats.errors << " of " << stats.rows
            << (stats.rows == 1 ? " row" : " rows") << " could not be read and "
            << (stats.errors == 1 ? "was" : "were") << " not judged (errors above)\n";
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
    cmd->add_option("--fail-on", o->fail_on, std::string(fail_on_help))
        ->check(CLI::IsMember(
            {"prohibited", "indeterminate", "capped", "carved_out", "unrestricted", "none"}))
        ->type_name("STATUS");
    cmd->add_flag(
        "--summary", o->summary,
        "Print the summary on standard output (in place of the rows, unless -o is given)");
    cmd->add_flag("--no-summary", o->no_summary, "Do not print the summary on standard error");
    cmd->add_flag("--no-progress", o->no_progress, "No progress line, even on a terminal");
    cmd->callback([&ctx, o] { ctx.exit = run_screen(ctx, *o); });
}

}  // namespace embargo::cli
