// Writes rows with hostile cells through every public record writer, for
// tests/io/roundtrip/writer_roundtrip.py to read back with Python's csv and
// json modules and compare cell by cell.
//   writer_roundtrip DIR
// DIR/expected.txt: one line per row, cells as `name=kind:hex` separated by
// spaces, hex the cell's bytes (kind `s` a string; `n` a bare JSON literal,
// a number or null). The verdict columns follow the input's. Then
// out.csv (rows from JSON Lines input: cells by name), out-fixed.csv (CSV
// input given without the row's text: cells by position), out.jsonl,
// out.json, and empty.json / empty.csv (no row at all).
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include <embargo/explain.hpp>
#include <embargo/writers.hpp>

namespace {

struct cell {
    std::string name;
    std::string text;
    bool quoted = true;
};

struct row {
    std::vector<cell> cells;
    embargo::status status = embargo::status::unrestricted;
    std::vector<std::string> regimes, measures, citations, reasons;
};

std::string hex(std::string_view s) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string h;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        h += digits[u >> 4U];
        h += digits[u & 15U];
    }
    return h.empty() ? "-" : h;
}

std::vector<std::string> column_names() {
    return {"id", "note,with comma", "say \"hi\"", "multi\nline", "value_usd", "formula", "empty"};
}

std::vector<row> hostile_rows() {
    const std::vector<std::string> names = column_names();
    const std::vector<std::vector<std::string>> texts{
        {"S1", "plain", "a \"quoted\" word", "line one\nline two", "12.5",
         "=HYPERLINK(\"http://x\",\"y\")", ""},
        {"S2, with comma", "cr\rhere and crlf\r\nthere", "tab\there",
         "back\\slash \\n not a newline", "", "+1+1", ""},
        {"S3", "ctrl \x01\x02\x1f\x7f end",
         "\xc3\xa9t\xc3\xa9 \xe6\x9d\xb1\xe4\xba\xac \xf0\x9f\x9a\xa2", "", "0", "-2+3",
         "@SUM(A1)"},
        {"", "\xff\x80 not UTF-8", ",", "\n", "1e3", "=", "\"\""},
    };
    std::vector<row> rows;
    for (std::size_t r = 0; r < texts.size(); ++r) {
        row x;
        for (std::size_t c = 0; c < names.size(); ++c) {
            // value_usd is a JSON number (bare), or null when empty.
            x.cells.push_back({names[c], texts[r][c], names[c] != "value_usd"});
        }
        rows.push_back(std::move(x));
    }
    rows[0].status = embargo::status::prohibited;
    rows[0].regimes = {"un/dprk"};
    rows[0].measures = {"2375/OP16"};
    rows[0].citations = {"S/RES/2375(2017) OP16"};
    rows[0].reasons = {"textiles, \"all\"; HS 50-63\nsecond line"};
    rows[1].status = embargo::status::indeterminate;
    rows[1].regimes = {"un/dprk", "un/somalia; \"quoted\""};
    rows[1].measures = {"2371/OP8", "2397/OP5"};
    rows[1].citations = {"S/RES/2371(2017), OP8", "S/RES/2397(2017) OP5"};
    rows[1].reasons = {"unknown: port\t(tab)", "cap \\ back\rslash \xc3\xa9"};
    rows[2].status = embargo::status::capped;
    rows[2].regimes = {"=un/x"};
    rows[2].measures = {"=cmd|'/c calc'!A0"};
    rows[2].citations = {""};
    rows[2].reasons = {"\x01 control"};
    return rows;  // rows[3]: unrestricted, no findings
}

std::string joined(const std::vector<std::string>& parts, std::string_view sep) {
    std::string s;
    for (std::size_t i = 0; i < parts.size(); ++i) {
        if (i > 0) s += sep;
        s += parts[i];
    }
    return s;
}

void write_all(const std::string& path, embargo::output_format format, embargo::input_format input,
               const std::vector<row>& rows, bool with_rows) {
    std::ofstream file(path, std::ios::binary);
    {
        embargo::ostream_output out(file);
        const auto writer = embargo::make_writer(format, input, out, std::cerr);
        writer->start(column_names());
        if (with_rows) {
            embargo::decided_findings decided;
            for (const auto& r : rows) {
                std::vector<embargo::input_field> fields;
                for (const auto& c : r.cells) fields.push_back({c.name, c.text, c.quoted});
                decided.regimes.assign(r.regimes.begin(), r.regimes.end());
                decided.measures.assign(r.measures.begin(), r.measures.end());
                decided.citations.assign(r.citations.begin(), r.citations.end());
                decided.reasons = r.reasons;
                decided.count = r.reasons.size();
                writer->write({fields, {}, 0}, r.status, decided);
            }
        }
        writer->end();
    }  // ostream_output flushes on destruction
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: writer_roundtrip DIR\n";
        return 2;
    }
    const std::string dir = argv[1];
    const auto rows = hostile_rows();
    std::ofstream expected(dir + "/expected.txt", std::ios::binary);
    for (const auto& r : rows) {
        for (const auto& c : r.cells)
            expected << hex(c.name) << '=' << (c.quoted ? 's' : 'n') << ':' << hex(c.text) << ' ';
        expected << hex("verdict") << "=s:" << hex(embargo::to_string(r.status)) << ' ';
        // CSV joins the lists (regimes and measures by ";", citations by "; ", reasons
        // by " | "); JSON gives arrays, written here one element per `+`.
        const auto list = [&](std::string_view name, const std::vector<std::string>& items,
                              std::string_view sep) {
            expected << hex(name) << "=l:" << hex(joined(items, sep)) << ':';
            for (std::size_t i = 0; i < items.size(); ++i)
                expected << (i > 0 ? "+" : "") << hex(items[i]);
            expected << ' ';
        };
        list("regimes", r.regimes, ";");
        list("measures", r.measures, ";");
        list("citations", r.citations, "; ");
        list("reason", r.reasons, " | ");
        expected << '\n';
    }
    using embargo::input_format;
    using embargo::output_format;
    write_all(dir + "/out.csv", output_format::csv, input_format::jsonl, rows, true);
    write_all(dir + "/out-fixed.csv", output_format::csv, input_format::csv, rows, true);
    write_all(dir + "/out.jsonl", output_format::jsonl, input_format::csv, rows, true);
    write_all(dir + "/out.json", output_format::json, input_format::csv, rows, true);
    write_all(dir + "/empty.json", output_format::json, input_format::csv, rows, false);
    write_all(dir + "/empty.csv", output_format::csv, input_format::csv, rows, false);
    return expected ? 0 : 1;
}
