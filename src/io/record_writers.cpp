// The record writers (embargo/writers.hpp): CSV, JSON Lines, one JSON
// array. Output is written by hand into the buffer, not built as a JSON
// document: rows are streamed, and a million of them should cost the time of
// copying their bytes, not of a DOM each. The JSON string writer below is
// the library's one for streamed output.

#include <algorithm>
#include <array>
#include <cstring>
#include <map>
#include <ostream>
#include <set>

#include "embargo/writers.hpp"

#include "base/text.hpp"

namespace embargo {

namespace {

bool is_verdict_column(std::string_view name) {
    // Trimmed and without regard to case, as the record readers read a header.
    name = detail::trim(name);
    return std::any_of(verdict_columns.begin(), verdict_columns.end(),
                       [&](std::string_view v) { return detail::iequals(name, v); });
}

// RFC 4180: quoted when it holds a delimiter, a quote or a line break. A
// table lookup per byte: this runs for every cell of every row.
constexpr std::array<bool, 256> csv_special = [] {
    std::array<bool, 256> t{};
    t[static_cast<unsigned char>(',')] = t[static_cast<unsigned char>('"')] = true;
    t[static_cast<unsigned char>('\r')] = t[static_cast<unsigned char>('\n')] = true;
    return t;
}();

void csv_cell(std::string& b, std::string_view s) {
    bool plain = true;
    for (char c : s) plain &= !csv_special[static_cast<unsigned char>(c)];
    if (plain) {
        b.append(s);
        return;
    }
    b.push_back('"');
    for (char c : s) {
        if (c == '"') b.push_back('"');
        b.push_back(c);
    }
    b.push_back('"');
}

// A JSON string; bytes that are not UTF-8 become U+FFFD so that the output
// is always valid JSON.
void json_string(std::string& b, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    b.push_back('"');
    for (std::size_t i = 0; i < s.size();) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
            b.push_back(static_cast<char>(c));
            ++i;
            continue;
        }
        if (c == '"' || c == '\\') {
            b.push_back('\\');
            b.push_back(static_cast<char>(c));
            ++i;
        } else if (c < 0x20) {
            switch (c) {
                case '\n':
                    b.append("\\n");
                    break;
                case '\r':
                    b.append("\\r");
                    break;
                case '\t':
                    b.append("\\t");
                    break;
                default:
                    b.append("\\u00");
                    b.push_back(hex[c >> 4U]);
                    b.push_back(hex[c & 15U]);
            }
            ++i;
        } else if (const std::size_t n = detail::utf8_sequence_length(s, i); n > 0) {
            b.append(s.substr(i, n));
            i += n;
        } else {
            b.append("\\ufffd");
            ++i;
        }
    }
    b.push_back('"');
}

class csv_record_writer final : public record_writer {
public:
    csv_record_writer(output_buffer& out, std::ostream& err, bool fixed_columns)
        : out_(out), err_(err), fixed_(fixed_columns) {}

protected:
    void begin(const std::vector<std::string>& columns) override {
        names_ = columns;
        std::string& b = out_.buffer();
        bool first = true;
        for (std::size_t i = 0; i < names_.size(); ++i) {
            if (is_verdict_column(names_[i])) continue;
            index_.emplace(names_[i], kept_.size());
            kept_.push_back(i);
            if (!first) b.push_back(',');
            csv_cell(b, names_[i]);
            first = false;
        }
        for (auto v : verdict_columns) {
            if (!first) b.push_back(',');
            b.append(v);
            first = false;
        }
        b.push_back('\n');
        cells_.resize(kept_.size());
        all_kept_ = kept_.size() == names_.size();
    }

public:
    void input_part(std::string& b, const input_row& row) override {
        const auto& fields = row.fields;
        const int line = row.line;
        if (fixed_ && all_kept_ && !row.text.empty() && plain(row.text)) {
            // Without a quote or a carriage return the row is its cells
            // joined by commas, none quoted and none needing it: what the
            // loop below would write, in one copy. (Empty text: a caller
            // that has no row as read, or a row of one empty cell, which
            // the loop writes alike.)
            b.append(row.text);
            b.push_back(',');
        } else if (fixed_ || same_columns(fields)) {
            for (std::size_t i : kept_) {
                csv_cell(b, fields[i].text);
                b.push_back(',');
            }
        } else {
            // JSON Lines input: the columns were fixed by the first row.
            std::fill(cells_.begin(), cells_.end(), std::string_view{});
            for (const auto& f : fields) {
                if (is_verdict_column(f.name)) continue;
                if (const auto it = index_.find(f.name); it != index_.end()) {
                    cells_[it->second] = f.text;
                } else if (warned_.insert(std::string(f.name)).second) {
                    err_ << "embargo: screen: key " << detail::quote_for_message(f.name)
                         << " (line " << line
                         << ") is not a column of the CSV output, whose columns the first row "
                            "fixed; left out of "
                            "the CSV (use --format jsonl to keep every key)\n";
                }
            }
            for (auto c : cells_) {
                csv_cell(b, c);
                b.push_back(',');
            }
        }
    }

    void verdict_part(std::string& b, status s, const decided_findings& d) override {
        b.append(to_string(s));
        b.push_back(',');
        scratch_.clear();
        d.join_regimes(scratch_);
        csv_cell(b, scratch_);
        b.push_back(',');
        scratch_.clear();
        d.join_measures(scratch_);
        csv_cell(b, scratch_);
        b.push_back(',');
        scratch_.clear();
        d.join_citations(scratch_);
        csv_cell(b, scratch_);
        b.push_back(',');
        scratch_.clear();
        d.join_reasons(scratch_);
        csv_cell(b, scratch_);
        b.push_back('\n');
    }

    void end() override {}
    output_buffer& output() noexcept override { return out_; }

    std::unique_ptr<record_writer> clone_for_rows() const override {
        if (!fixed_) return nullptr;
        auto w = std::make_unique<csv_record_writer>(out_, err_, fixed_);
        w->mark_started();
        w->all_kept_ = all_kept_;
        w->names_ = names_;
        w->kept_ = kept_;
        w->index_ = index_;
        w->cells_ = cells_;
        return w;
    }

private:
    static bool plain(std::string_view text) {
        return std::memchr(text.data(), '"', text.size()) == nullptr &&
               std::memchr(text.data(), '\r', text.size()) == nullptr;
    }

    bool same_columns(std::span<const input_field> fields) const {
        if (fields.size() != names_.size()) return false;
        for (std::size_t i = 0; i < fields.size(); ++i)
            if (fields[i].name != names_[i]) return false;
        return true;
    }

    output_buffer& out_;
    std::ostream& err_;
    bool fixed_;             // CSV input: every row has the header's columns
    bool all_kept_ = false;  // no input column is one of the verdict columns
    std::vector<std::string> names_;
    std::vector<std::size_t> kept_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::vector<std::string_view> cells_;
    std::set<std::string, std::less<>> warned_;
    std::string scratch_;
};

// One object per row: JSON Lines, or the elements of one array.
class json_record_writer final : public record_writer {
public:
    json_record_writer(output_buffer& out, bool array) : out_(out), array_(array) {}

protected:
    void begin(const std::vector<std::string>&) override {
        if (array_) out_.put('[');
    }

public:
    void input_part(std::string& b, const input_row& row) override {
        if (array_) b.append(rows_ == 0 ? "\n" : ",\n");
        ++rows_;
        b.push_back('{');
        for (const auto& f : row.fields) {
            if (is_verdict_column(f.name)) continue;
            json_string(b, f.name);
            b.push_back(':');
            if (f.quoted)
                json_string(b, f.text);
            else if (f.text.empty())
                b.append("null");
            else
                b.append(f.text);  // a JSON number or boolean, as the input wrote it
            b.push_back(',');
        }
    }

    void verdict_part(std::string& b, status s, const decided_findings& d) override {
        b.append("\"verdict\":\"");
        b.append(to_string(s));
        b.append("\",\"regimes\":[");
        for (std::size_t i = 0; i < d.regimes.size(); ++i) {
            if (i > 0) b.push_back(',');
            json_string(b, d.regimes[i]);
        }
        b.append("],\"measures\":[");
        for (std::size_t i = 0; i < d.measures.size(); ++i) {
            if (i > 0) b.push_back(',');
            json_string(b, d.measures[i]);
        }
        b.append("],\"citations\":[");
        for (std::size_t i = 0; i < d.citations.size(); ++i) {
            if (i > 0) b.push_back(',');
            json_string(b, d.citations[i]);
        }
        b.append("],\"reason\":[");
        for (std::size_t i = 0; i < d.count; ++i) {
            if (i > 0) b.push_back(',');
            json_string(b, d.reasons[i]);
        }
        b.append("]}");
        if (!array_) b.push_back('\n');
    }

    void end() override {
        if (array_) out_.write(rows_ == 0 ? "]\n" : "\n]\n");
    }
    output_buffer& output() noexcept override { return out_; }

    std::unique_ptr<record_writer> clone_for_rows() const override {
        if (array_) return nullptr;
        auto w = std::make_unique<json_record_writer>(out_, false);
        w->mark_started();
        return w;
    }

private:
    output_buffer& out_;
    bool array_;
    std::uint64_t rows_ = 0;
};

}  // namespace

output_buffer::~output_buffer() = default;

ostream_output::~ostream_output() {
    flush();
}

void ostream_output::flush() {
    std::string& b = buffer();
    out_.write(b.data(), static_cast<std::streamsize>(b.size()));
    b.clear();
}

record_writer::~record_writer() = default;

std::unique_ptr<record_writer> record_writer::clone_for_rows() const {
    return nullptr;
}

std::string_view to_string(output_format f) noexcept {
    switch (f) {
        case output_format::csv:
            return "csv";
        case output_format::jsonl:
            return "jsonl";
        case output_format::json:
            return "json";
    }
    return "csv";
}

std::optional<output_format> parse_output_format(std::string_view text) noexcept {
    if (text == "csv") return output_format::csv;
    if (text == "jsonl" || text == "ndjson") return output_format::jsonl;
    if (text == "json") return output_format::json;
    return std::nullopt;
}

std::unique_ptr<record_writer> make_writer(output_format format, input_format input,
                                           output_buffer& out, std::ostream& warnings) {
    switch (format) {
        case output_format::csv:
            return std::make_unique<csv_record_writer>(out, warnings, input == input_format::csv);
        case output_format::jsonl:
            return std::make_unique<json_record_writer>(out, false);
        case output_format::json:
            return std::make_unique<json_record_writer>(out, true);
    }
    return nullptr;
}

}  // namespace embargo
