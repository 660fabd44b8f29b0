// The screen pass, its output formats (CSV, JSON Lines, one JSON array) and
// its summary. Output is written by hand into the sink's buffer, not built
// as a JSON document: rows are streamed, and a million of them should cost
// the time of copying their bytes, not of a DOM each.

#include "screen.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iomanip>
#include <map>
#include <ostream>
#include <set>

#include "base/number_format.hpp"
#include "base/text.hpp"

namespace embargo::cli {

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

class csv_row_sink final : public row_sink {
public:
    csv_row_sink(output_sink& out, std::ostream& err, bool fixed_columns)
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
        if (fixed_ && all_kept_ && plain(row.text)) {
            // Without a quote or a carriage return the row is its cells
            // joined by commas, none quoted and none needing it: what the
            // loop below would write, in one copy.
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
        for (std::size_t i = 0; i < d.measures.size(); ++i) {
            if (i > 0) scratch_.push_back(';');
            scratch_.append(d.measures[i]);
        }
        csv_cell(b, scratch_);
        b.push_back(',');
        scratch_.clear();
        for (std::size_t i = 0; i < d.citations.size(); ++i) {
            if (i > 0) scratch_.append("; ");
            scratch_.append(d.citations[i]);
        }
        csv_cell(b, scratch_);
        b.push_back(',');
        scratch_.clear();
        for (std::size_t i = 0; i < d.count; ++i) {
            if (i > 0) scratch_.append(" | ");
            scratch_.append(d.reasons[i]);
        }
        csv_cell(b, scratch_);
        b.push_back('\n');
    }

    void end() override {}
    output_sink& output() noexcept override { return out_; }

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

    output_sink& out_;
    std::ostream& err_;
    bool fixed_;  // CSV input: every row has the header's columns
    bool all_kept_ = false;  // no input column is one of the verdict columns
    std::vector<std::string> names_;
    std::vector<std::size_t> kept_;
    std::map<std::string, std::size_t, std::less<>> index_;
    std::vector<std::string_view> cells_;
    std::set<std::string, std::less<>> warned_;
    std::string scratch_;
};

// One object per row: JSON Lines, or the elements of one array.
class json_row_sink final : public row_sink {
public:
    json_row_sink(output_sink& out, bool array) : out_(out), array_(array) {}

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
        b.append("\",\"measures\":[");
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
    output_sink& output() noexcept override { return out_; }

private:
    output_sink& out_;
    bool array_;
    std::uint64_t rows_ = 0;
};

// A progress line on stderr, redrawn at most every half second, for large
// inputs on a terminal.
class progress_line {
public:
    progress_line(std::ostream* err, bool enabled, std::uint64_t size)
        : err_(err),
          enabled_(enabled && err != nullptr),
          size_(size),
          start_(clock::now()),
          last_(start_) {}

    void tick(std::uint64_t rows, std::uint64_t bytes) {
        if (!enabled_ || std::max(size_, bytes) < threshold) return;
        const auto now = clock::now();
        if (now - last_ < std::chrono::milliseconds(500)) return;
        last_ = now;
        const double seconds = std::chrono::duration<double>(now - start_).count();
        const double mb = static_cast<double>(bytes) / 1e6;
        char line[160];
        if (size_ > 0) {
            std::snprintf(line, sizeof line,
                          "\rembargo screen: %s rows, %.0f of %.0f MB (%.0f%%), %.0f MB/s\033[K",
                          detail::number_text(static_cast<double>(rows)).c_str(), mb,
                          static_cast<double>(size_) / 1e6,
                          100.0 * static_cast<double>(bytes) / static_cast<double>(size_),
                          seconds > 0 ? mb / seconds : 0.0);
        } else {
            std::snprintf(line, sizeof line, "\rembargo screen: %s rows, %.0f MB, %.0f MB/s\033[K",
                          detail::number_text(static_cast<double>(rows)).c_str(), mb,
                          seconds > 0 ? mb / seconds : 0.0);
        }
        *err_ << line << std::flush;
        shown_ = true;
    }

    void clear() {
        if (!shown_) return;
        *err_ << "\r\033[K" << std::flush;
        shown_ = false;
    }

private:
    using clock = std::chrono::steady_clock;
    static constexpr std::uint64_t threshold = std::uint64_t{8} << 20U;
    std::ostream* err_;
    bool enabled_;
    std::uint64_t size_;
    clock::time_point start_;
    clock::time_point last_;
    bool shown_ = false;
};

}  // namespace

std::unique_ptr<row_sink> make_sink(output_format format, input_format input, output_sink& out,
                                    std::ostream& err) {
    switch (format) {
        case output_format::csv:
            return std::make_unique<csv_row_sink>(out, err, input == input_format::csv);
        case output_format::jsonl:
            return std::make_unique<json_row_sink>(out, false);
        case output_format::json:
            return std::make_unique<json_row_sink>(out, true);
    }
    return nullptr;
}

void screen_stats::count_status(const verdict& v) {
    ++by_status[static_cast<std::size_t>(v.status)];
    worst = std::max(worst, v.status);
    if (v.status == status::prohibited || v.status == status::indeterminate) {
        for (const auto& f : v.findings)
            if (f.status == v.status) ++flagged_by_measure[f.measure];
    }
}

void screen_stats::count_value(status s, std::optional<double> usd) {
    const auto si = static_cast<std::size_t>(s);
    if (usd)
        value_by_status[si] += *usd;
    else
        ++unvalued_by_status[si];
}

pass_result screen_pass(std::istream& in, const screen_setup& setup, row_sink* sink,
                        const row_hook& hook, screen_stats& stats, std::ostream* err,
                        row_spool* spool) {
    const rule_set& rules = setup.judge.rules();
    record_reader reader(in, rules, setup.reader);
    progress_line progress(err, setup.progress, setup.input_size);
    const auto report = [&](const std::vector<diagnostic>& ds) {
        if (err == nullptr || ds.empty()) return;
        progress.clear();
        for (const auto& d : ds) *err << format(d) << '\n';
    };
    const bool usable = reader.start();
    report(reader.diagnostics());
    if (!usable) return pass_result::unreadable;

    if (stats.flagged_by_measure.size() != rules.measures().size())
        stats.flagged_by_measure.assign(rules.measures().size(), 0);
    verdict v;
    v.findings.reserve(rules.measures().size());
    decided_findings decided;
    std::vector<finding_note> notes;
    bool spooling = false;  // a row was held: rows and values go to the spool
    for (;;) {
        const row_status st = reader.next();
        if (st == row_status::end) break;
        report(reader.diagnostics());
        ++stats.rows;
        if ((stats.rows & 4095U) == 0) progress.tick(stats.rows, reader.bytes_read());
        if (st == row_status::error) {
            ++stats.errors;
            continue;
        }
        const trade_record& record = reader.record();
        setup.judge.evaluate(record, v);
        notes.clear();
        row_action action = row_action::write;
        if (hook) {
            judged_row row{stats.judged, reader.line(), record, v, notes};
            action = hook(row);
            if (action == row_action::stop) {
                progress.clear();
                return pass_result::stopped;
            }
        }
        const bool held = action == row_action::hold;
        if (held && !spooling) {
            if (spool == nullptr || !spool->start()) {
                progress.clear();
                return pass_result::spool_failed;
            }
            spooling = true;
        }
        ++stats.judged;
        // A held row's verdict is counted by the caller once final; from
        // the first held row on, values are added in input order at the end.
        if (!held) stats.count_status(v);
        if (!spooling)
            stats.count_value(v.status, usd_value(record));
        else if (held)
            spool->tally_held();
        else
            spool->tally(v.status, usd_value(record));

        if (sink == nullptr) continue;
        sink->start(reader.columns());
        std::string& b = spooling ? spool->rows() : sink->output().buffer();
        sink->input_part(b, {reader.fields(), reader.text(), reader.line()});
        if (held) {
            spool->hole();
        } else {
            decided.fill(v, rules, record, notes);
            sink->verdict_part(b, v.status, decided);
        }
        if (spooling)
            spool->maybe_flush();
        else
            sink->output().maybe_flush();
    }
    if (sink != nullptr) {
        sink->start(reader.columns());
        if (!spooling) sink->end();
    }
    progress.clear();
    return pass_result::done;
}

void write_summary(std::ostream& out, const screen_stats& s, const rule_set& rules) {
    const auto n = [](std::uint64_t v) { return detail::number_text(static_cast<double>(v)); };
    out << "rows: " << n(s.rows) << " read, " << n(s.judged) << " judged, " << n(s.errors)
        << " unreadable\n";
    // Columns as wide as their widest figure, with two spaces at least
    // between them (a million rows and billions of dollars stay apart).
    std::size_t rows_width = 7;
    std::size_t value_width = 16;
    for (std::size_t si = 0; si < 5; ++si) {
        rows_width = std::max(rows_width, n(s.by_status[si]).size());
        value_width = std::max(value_width, detail::number_text(s.value_by_status[si]).size() + 2);
    }
    out << "  " << std::left << std::setw(14) << "verdict" << std::right
        << std::setw(static_cast<int>(rows_width)) << "rows" << std::setw(static_cast<int>(value_width))
        << "value USD" << '\n';
    for (int i = 4; i >= 0; --i) {
        const auto si = static_cast<std::size_t>(i);
        out << "  " << std::left << std::setw(14) << to_string(static_cast<status>(i)) << std::right
            << std::setw(static_cast<int>(rows_width)) << n(s.by_status[si])
            << std::setw(static_cast<int>(value_width))
            << detail::number_text(s.value_by_status[si]);
        if (s.unvalued_by_status[si] > 0 && s.unvalued_by_status[si] != s.by_status[si])
            out << "  (" << n(s.unvalued_by_status[si]) << " without a value)";
        else if (s.by_status[si] > 0 && s.unvalued_by_status[si] == s.by_status[si])
            out << "  (no value given)";
        out << '\n';
    }
    const std::size_t p = static_cast<std::size_t>(status::prohibited);
    const std::size_t q = static_cast<std::size_t>(status::indeterminate);
    const std::uint64_t flagged = s.by_status[p] + s.by_status[q];
    const std::uint64_t unvalued = s.unvalued_by_status[p] + s.unvalued_by_status[q];
    out << "flagged (prohibited or indeterminate): " << n(flagged)
        << (flagged == 1 ? " row" : " rows") << ", USD "
        << detail::number_text(s.value_by_status[p] + s.value_by_status[q]);
    if (unvalued > 0)
        out << " (" << n(unvalued) << (unvalued == 1 ? " row gives" : " rows give") << " no value)";
    out << '\n';

    const std::size_t u = static_cast<std::size_t>(status::unrestricted);
    if (s.by_status[u] > 0 && !rules.regime().not_screened.empty()) {
        out << "unrestricted: no measure of the rules applies; not screened against (check these apart):\n";
        for (const auto& item : rules.regime().not_screened) out << "  - " << item << '\n';
    }

    if (s.ledger_rows > 0) {
        std::uint64_t changed = 0;
        std::string changes;
        for (std::size_t before = 0; before < 5; ++before) {
            for (std::size_t after = 5; after-- > 0;) {
                const std::uint64_t c = s.ledger_changes[before][after];
                if (c == 0) continue;
                changed += c;
                changes += changes.empty() ? ": " : ", ";
                changes += n(c);
                changes += ' ';
                changes += to_string(static_cast<status>(before));
                changes += " -> ";
                changes += to_string(static_cast<status>(after));
            }
        }
        out << "cap ledger: " << n(s.ledger_rows) << (s.ledger_rows == 1 ? " row" : " rows")
            << " under a quota (or possibly so), "
            << (changed == 0 ? std::string("no verdict") : n(changed))
            << (changed == 1   ? " verdict"
                : changed == 0 ? ""
                               : " verdicts")
            << " changed" << changes << '\n';
    }

    std::vector<std::size_t> top;
    for (std::size_t i = 0; i < s.flagged_by_measure.size(); ++i)
        if (s.flagged_by_measure[i] > 0) top.push_back(i);
    std::stable_sort(top.begin(), top.end(), [&](std::size_t a, std::size_t b) {
        return s.flagged_by_measure[a] > s.flagged_by_measure[b];
    });
    if (top.size() > 10) top.resize(10);
    if (top.empty()) return;
    std::size_t width = 0;
    for (auto i : top) width = std::max(width, rules.measures()[i].id.size());
    out << "top flagged measures (rows):\n";
    for (auto i : top) {
        const measure& m = rules.measures()[i];
        out << "  " << std::right << std::setw(7) << n(s.flagged_by_measure[i]) << "  " << std::left
            << std::setw(static_cast<int>(width)) << m.id << "  " << m.citation << '\n';
    }
    out << std::right;
}

}  // namespace embargo::cli
