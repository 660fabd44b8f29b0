// The Python module's native part, `embargo._embargo`: the library's public
// API as the package (python/embargo/) needs it, and nothing of src/.
//
// A frame is screened by the library's own screener, so that every rule of
// `embargo screen` (reading, checking, the cap ledger, threads) holds for it
// unchanged: the columns are written as one CSV text in C++ (with a leading
// `__embargo_row` column that numbers the rows), screened with the GIL
// released, and each judged row comes back through a record writer that
// keeps only its verdict cells, in a compact binary form, under its row
// number. Rows that cannot be read are named by the screener's diagnostics,
// whose lines map back to rows through the line each row starts on. No
// Python code runs per row; per cell, only the C API's conversions.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "embargo/embargo.hpp"

#include "embedded_rules.hpp"

namespace py = pybind11;
using namespace embargo;

namespace {

constexpr std::string_view row_column = "__embargo_row";

py::dict diagnostic_dict(const diagnostic& d) {
    py::dict out;
    out["id"] = d.id;
    out["severity"] = std::string(to_string(d.severity));
    out["file"] = d.where.file;
    out["line"] = d.where.line;
    out["column"] = d.where.column;
    out["message"] = d.message;
    out["text"] = format(d);
    return out;
}

py::list diagnostic_list(const std::vector<diagnostic>& ds) {
    py::list out;
    for (const auto& d : ds) out.append(diagnostic_dict(d));
    return out;
}

// The engine and what loaded it.
struct loaded_engine {
    std::shared_ptr<const engine> judge;
    std::string origin;  // "built-in un/dprk" or the directory
};

// (engine or None, diagnostics): the package raises RulesError on None.
py::tuple load(const std::optional<std::string>& dir, const std::vector<std::string>& regimes) {
    load_options options;
    options.regimes = regimes;
    rules_result r = [&] {
        if (dir) return load_rules(std::filesystem::path(*dir), {}, options);
        return load_rules(cli::embedded_sources(), cli::default_rules, {}, options);
    }();
    py::list diagnostics = diagnostic_list(r.diagnostics());
    if (!r) return py::make_tuple(py::none(), diagnostics);
    loaded_engine e{engine::compile(*r),
                    dir ? *dir : "built-in rules/" + std::string(cli::default_rules)};
    return py::make_tuple(py::cast(std::move(e)), diagnostics);
}

// The cells of one record, named as `embargo check` names its flags.
using named_cells = std::vector<std::pair<std::string, std::string>>;

result<checked_record> record_of(const named_cells& cells, const rule_set& rules) {
    std::vector<input_field> fields;
    fields.reserve(cells.size());
    for (const auto& [name, text] : cells) fields.push_back({name, text});
    return record_from_fields(fields, rules);
}

// (verdict as `check --format json` gives it, or None; diagnostics).
py::tuple check(const loaded_engine& e, const named_cells& cells) {
    auto r = record_of(cells, e.judge->rules());
    py::list diagnostics = diagnostic_list(r.diagnostics());
    if (!r) return py::make_tuple(py::none(), diagnostics);
    checked_shipment s{std::move(r).value(), {}, {}, 0, {}};
    e.judge->evaluate(s.record, s.result);
    return py::make_tuple(format_json(s, e.judge->rules()), diagnostics);
}

// --- A frame as CSV ---------------------------------------------------------

void csv_text(std::string& out, std::string_view s) {
    if (s.find_first_of(",\"\r\n") == std::string_view::npos) {
        out.append(s);
        return;
    }
    out.push_back('"');
    for (char c : s) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

// One cell from a Python value: None is an empty cell; str as it is; bool
// as true/false; int and float as decimals (NaN empty); anything else
// through str(). Counts the line breaks it writes, for the row-to-line map.
void csv_value(std::string& out, PyObject* v, int& breaks) {
    if (v == Py_None) return;
    if (PyUnicode_Check(v)) {
        Py_ssize_t n = 0;
        const char* s = PyUnicode_AsUTF8AndSize(v, &n);
        if (s == nullptr) throw py::error_already_set();
        const std::string_view text(s, static_cast<std::size_t>(n));
        breaks += static_cast<int>(std::count(text.begin(), text.end(), '\n'));
        csv_text(out, text);
        return;
    }
    if (PyBool_Check(v)) {
        out.append(v == Py_True ? "true" : "false");
        return;
    }
    if (PyFloat_Check(v)) {
        const double d = PyFloat_AS_DOUBLE(v);
        if (std::isnan(d)) return;
        if (std::isfinite(d)) {
            char buf[400];
            const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::fixed);
            if (r.ec == std::errc()) {
                out.append(buf, r.ptr);
                return;
            }
        }
    }
    py::str text = py::reinterpret_steal<py::str>(PyObject_Str(v));
    if (!text) throw py::error_already_set();
    const std::string s = text;
    breaks += static_cast<int>(std::count(s.begin(), s.end(), '\n'));
    csv_text(out, s);
}

// --- What comes back ---------------------------------------------------------

// Keeps each written row's verdict cells: its row number (from the
// `__embargo_row` cell), its status and the three joined cells, each
// length-prefixed. Rows carry no state from one to the next, so the
// threaded screen may format them on its workers.
class verdict_capture final : public record_writer {
public:
    explicit verdict_capture(output_buffer& out) : out_(out) {}

    void input_part(std::string& b, const input_row& row) override {
        // The first cell is the row number this module wrote: anything else
        // is a bug, never a verdict put on another row.
        std::uint32_t n = 0;
        const std::string_view t = row.fields.empty() ? std::string_view() : row.fields[0].text;
        const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), n);
        if (ec != std::errc() || end != t.data() + t.size() || row.fields[0].name != row_column)
            throw std::logic_error("embargo: a judged row without its row number");
        append_raw(b, n);
    }
    void verdict_part(std::string& b, status s, const decided_findings& d) override {
        b.push_back(static_cast<char>(s));
        for (int c = 0; c < 4; ++c) {
            scratch_.clear();
            if (c == 0) d.join_regimes(scratch_);
            if (c == 1) d.join_measures(scratch_);
            if (c == 2) d.join_citations(scratch_);
            if (c == 3) d.join_reasons(scratch_);
            append_raw(b, static_cast<std::uint32_t>(scratch_.size()));
            b.append(scratch_);
        }
    }
    void end() override {}
    output_buffer& output() noexcept override { return out_; }
    std::unique_ptr<record_writer> clone_for_rows() const override {
        auto w = std::make_unique<verdict_capture>(out_);
        w->mark_started();
        return w;
    }

    static void append_raw(std::string& b, std::uint32_t n) {
        char raw[sizeof n];
        std::memcpy(raw, &n, sizeof n);
        b.append(raw, sizeof n);
    }
    static std::uint32_t read_raw(std::string_view& s) {
        std::uint32_t n = 0;
        if (s.size() < sizeof n) throw std::runtime_error("embargo: truncated verdict record");
        std::memcpy(&n, s.data(), sizeof n);
        s.remove_prefix(sizeof n);
        return n;
    }

protected:
    void begin(const std::vector<std::string>&) override {}

private:
    output_buffer& out_;
    std::string scratch_;
};

class memory_output final : public output_buffer {
public:
    void flush() override {
        all.append(buffer());
        buffer().clear();
    }
    std::string all;
};

py::str utf8(std::string_view s) {
    // Cells are the library's own text (ids, citations, reasons), UTF-8 by
    // construction; "replace" keeps a frame whole should one not be.
    PyObject* o = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "replace");
    if (o == nullptr) throw py::error_already_set();
    return py::reinterpret_steal<py::str>(o);
}

// Screens the columns `names` (each a list of Python values, all as long)
// and returns a dict: `verdict`, `regimes`, `measures`, `citations`, `reason` (one
// entry per row; an unreadable row's verdict is "unreadable" and its reason
// the diagnostic), `ledger_rows` (without the ledger: the rows it would have
// taken), `status`, `diagnostics` (header and warnings, with `row`),
// `summary` (the command's text), `caps` (the cap report as JSON text),
// `stats`.
py::dict screen_columns(const loaded_engine& e, const std::vector<std::string>& names,
                        const std::vector<py::list>& columns, unsigned threads, bool apply_ledger,
                        std::uint64_t max_capped_rows) {
    if (names.size() != columns.size())
        throw std::invalid_argument("embargo: as many column names as columns");
    const std::size_t rows = columns.empty() ? 0 : columns[0].size();
    for (const auto& c : columns)
        if (c.size() != rows) throw std::invalid_argument("embargo: columns of unequal length");

    // The CSV, and the line each row starts on (the header is line 1).
    std::string csv;
    csv.reserve(rows * (names.size() * 8 + 8));
    csv.append(row_column);
    int breaks = 0;
    for (const auto& n : names) {
        csv.push_back(',');
        csv_text(csv, n);
        breaks += static_cast<int>(std::count(n.begin(), n.end(), '\n'));
    }
    csv.push_back('\n');
    std::vector<int> first_line(rows);
    int line = 2 + breaks;
    for (std::size_t r = 0; r < rows; ++r) {
        first_line[r] = line;
        breaks = 0;
        csv.append(std::to_string(r));
        for (const auto& c : columns) {
            csv.push_back(',');
            csv_value(csv, PyList_GET_ITEM(c.ptr(), static_cast<Py_ssize_t>(r)), breaks);
        }
        csv.push_back('\n');
        line += 1 + breaks;
    }
    const auto row_of_line = [&](int l) -> std::optional<std::size_t> {
        auto it = std::upper_bound(first_line.begin(), first_line.end(), l);
        if (it == first_line.begin()) return std::nullopt;
        return static_cast<std::size_t>(it - first_line.begin() - 1);
    };

    std::vector<diagnostic> diagnostics;
    std::vector<int> ledger_lines;
    screen_options options;
    options.reader.file = "frame";
    options.reader.reserved_columns.emplace_back(row_column);
    options.threads = threads;
    options.apply_ledger = apply_ledger;
    options.max_capped_rows = max_capped_rows;
    options.on_diagnostic = [&](const diagnostic& d) { diagnostics.push_back(d); };
    options.on_ledger_row = [&](int l) { ledger_lines.push_back(l); };
    memory_output out;
    verdict_capture capture(out);
    screener s(e.judge, options);
    screen_result result;
    std::string caps;
    std::string summary;
    {
        py::gil_scoped_release unlocked;
        std::istringstream in(std::move(csv));
        result = s.run(in, &capture);
        out.flush();
        summary = format_text(result.stats, e.judge->rules());
        if (apply_ledger && has_quotas(e.judge->rules()))
            caps = format_json(make_cap_report(s.ledger()));
    }

    // Every row starts out unread; the written ones are filled in.
    static const char* status_names[] = {"unrestricted", "carved_out", "capped", "indeterminate",
                                         "prohibited"};
    py::str empty("");
    py::str unreadable("unreadable");
    std::vector<py::str> statuses;
    for (const char* n : status_names) statuses.emplace_back(n);
    py::list verdict(rows), regimes(rows), measures(rows), citations(rows), reason(rows);
    for (std::size_t r = 0; r < rows; ++r) {
        verdict[r] = unreadable;
        regimes[r] = empty;
        measures[r] = empty;
        citations[r] = empty;
        reason[r] = empty;
    }
    std::vector<bool> written(rows, false);
    std::string_view rest(out.all);
    while (!rest.empty()) {
        const std::uint32_t r = verdict_capture::read_raw(rest);
        if (r >= rows || rest.empty()) throw std::runtime_error("embargo: bad verdict record");
        const auto st = static_cast<std::size_t>(static_cast<unsigned char>(rest[0]));
        rest.remove_prefix(1);
        if (st >= statuses.size()) throw std::runtime_error("embargo: bad verdict record");
        verdict[r] = statuses[st];
        py::list* cells[] = {&regimes, &measures, &citations, &reason};
        for (py::list* cell : cells) {
            const std::uint32_t n = verdict_capture::read_raw(rest);
            if (rest.size() < n) throw std::runtime_error("embargo: truncated verdict record");
            (*cell)[r] = n == 0 ? empty : utf8(rest.substr(0, n));
            rest.remove_prefix(n);
        }
        written[r] = true;
    }

    // Row errors mark their rows; the rest go back to the caller.
    py::list other;
    for (const auto& d : diagnostics) {
        const auto r = d.where.line >= 2 ? row_of_line(d.where.line) : std::nullopt;
        if (r && d.severity == severity::error && !written[*r]) {
            std::string text = d.message + " [" + d.id + "]";
            const std::string current = py::str(reason[*r]);
            if (!current.empty()) text = current + " | " + text;
            reason[*r] = utf8(text);
            continue;
        }
        py::dict dd = diagnostic_dict(d);
        dd["row"] = r ? py::cast(*r) : py::none();
        other.append(dd);
    }
    if (result.problem) {
        py::dict dd = diagnostic_dict(*result.problem);
        const auto r = row_of_line(result.problem->where.line);
        dd["row"] = r ? py::cast(*r) : py::none();
        other.append(dd);
    }
    py::list ledger_rows;
    for (int l : ledger_lines)
        if (const auto r = row_of_line(l)) ledger_rows.append(*r);

    static const char* screen_status_names[] = {"done", "unreadable", "too_many_capped_rows",
                                                "spool_failed", "read_failed"};
    py::dict stats;
    stats["rows"] = result.stats.rows;
    stats["judged"] = result.stats.judged;
    stats["unreadable"] = result.stats.errors;
    stats["ledger_rows"] = result.stats.ledger_rows;
    py::dict out_dict;
    out_dict["verdict"] = verdict;
    out_dict["regimes"] = regimes;
    out_dict["measures"] = measures;
    out_dict["citations"] = citations;
    out_dict["reason"] = reason;
    out_dict["ledger_rows"] = ledger_rows;
    out_dict["status"] = screen_status_names[static_cast<std::size_t>(result.status)];
    out_dict["error"] = result.error;
    out_dict["diagnostics"] = other;
    out_dict["summary"] = summary;
    out_dict["caps"] = caps;
    out_dict["stats"] = stats;
    return out_dict;
}

// --- A ledger fed over time ----------------------------------------------------

struct py_ledger {
    std::shared_ptr<const engine> judge;
    cap_ledger ledger;
    explicit py_ledger(const loaded_engine& e) : judge(e.judge), ledger(e.judge) {}

    py::list open(const std::string& exemption, const std::string& period_start,
                  const std::vector<double>& used) {
        const auto start = parse_day(period_start);
        if (!start) return diagnostic_list(start.diagnostics());
        const auto r = ledger.open(exemption, *start, used);
        return diagnostic_list(r.diagnostics());
    }

    // Judges a batch of records and counts it after every batch before,
    // ordered by period (cap_ledger::apply of a batch). Returns (verdicts as
    // JSON text, or None for a record that could not be read; diagnostics
    // with `row`). Nothing is counted when any record cannot be read.
    py::tuple feed(const std::vector<named_cells>& records) {
        const rule_set& rules = judge->rules();
        std::vector<checked_shipment> shipments;
        py::list problems;
        for (std::size_t i = 0; i < records.size(); ++i) {
            auto r = record_of(records[i], rules);
            for (const auto& d : r.diagnostics()) {
                py::dict dd = diagnostic_dict(d);
                dd["row"] = i;
                problems.append(dd);
            }
            if (r) shipments.push_back({std::move(r).value(), {}, {}, i + 1, {}});
        }
        py::list verdicts;
        if (shipments.size() != records.size()) return py::make_tuple(verdicts, problems);
        for (auto& c : shipments) judge->evaluate(c.record, c.result);
        std::vector<ledger_entry> entries;
        entries.reserve(shipments.size());
        for (auto& c : shipments) entries.push_back({&c.record.record(), &c.result, c.line});
        for (const auto& n : ledger.apply(entries)) {
            checked_shipment& c = shipments[n.entry];
            c.notes.push_back({n.finding, describe(n, rules, c.record.record())});
        }
        for (const auto& c : shipments) verdicts.append(format_json(c, rules));
        return py::make_tuple(verdicts, problems);
    }

    std::string report(const std::string& format) const {
        const cap_report report = make_cap_report(ledger);
        if (format == "json") return format_json(report);
        if (format == "text") return format_text(report);
        throw std::invalid_argument("embargo: a cap report is \"text\" or \"json\", not \"" +
                                    format + "\"");
    }
};

}  // namespace

PYBIND11_MODULE(_embargo, m) {
    m.doc() = "The native part of the embargo package; use `import embargo`.";
    m.attr("version") = std::string(version());
    py::class_<loaded_engine>(m, "Engine")
        .def_property_readonly("origin", [](const loaded_engine& e) { return e.origin; })
        .def_property_readonly("regime",
                               [](const loaded_engine& e) { return e.judge->rules().name(); })
        .def_property_readonly("has_quotas",
                               [](const loaded_engine& e) { return has_quotas(e.judge->rules()); });
    m.def("load", &load, py::arg("rules"), py::arg("regimes"));
    m.def("check", &check, py::arg("engine"), py::arg("cells"));
    m.def("screen", &screen_columns, py::arg("engine"), py::arg("names"), py::arg("columns"),
          py::arg("threads"), py::arg("apply_ledger"), py::arg("max_capped_rows"));
    py::class_<py_ledger>(m, "Ledger")
        .def(py::init<const loaded_engine&>())
        .def("open", &py_ledger::open)
        .def("feed", &py_ledger::feed)
        .def("report", &py_ledger::report);
}
