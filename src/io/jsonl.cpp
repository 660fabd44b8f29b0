#include "io/jsonl.hpp"

#include <istream>
#include <string>

#include <nlohmann/json.hpp>

#include "base/text.hpp"
#include "io/chunked_input.hpp"

namespace embargo::detail {

namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

// Collects the top-level keys and scalar values of one object. Returning
// false from a callback stops the parser; `error` then says why.
class flat_object_handler {
public:
    using json = nlohmann::json;

    flat_object_handler(std::size_t max_fields, std::vector<json_cell>& cells, std::size_t& count,
                        diagnostic& error)
        : max_fields_(max_fields), cells_(cells), count_(count), error_(error) {}

    bool null() { return value({}, false); }
    bool boolean(bool b) { return value(b ? "true" : "false", false); }
    bool number_integer(json::number_integer_t n) { return value(std::to_string(n), false); }
    bool number_unsigned(json::number_unsigned_t n) { return value(std::to_string(n), false); }
    // `raw` is the number as written: 2710.10 stays 2710.10.
    bool number_float(json::number_float_t, const json::string_t& raw) { return value(raw, false); }
    bool string(json::string_t& s) { return value(s, true); }
    bool binary(json::binary_t&) { return fail("jsonl.syntax", "binary values are not JSON text"); }

    bool start_object(std::size_t) {
        if (depth_++ == 0) return true;
        return fail("jsonl.nested", nested_message());
    }
    bool end_object() {
        --depth_;
        return true;
    }
    bool start_array(std::size_t) {
        if (depth_ == 0)
            return fail("jsonl.not-object", "a line must hold one JSON object, not an array");
        return fail("jsonl.nested", nested_message());
    }
    bool end_array() { return true; }

    bool key(json::string_t& k) {
        for (std::size_t i = 0; i < count_; ++i) {
            if (cells_[i].name == k)
                return fail("jsonl.duplicate-key",
                            "key " + quote_for_message(k) + " appears twice in the object");
        }
        if (count_ == max_fields_)
            return fail("jsonl.too-many-fields",
                        "the object has more than " + std::to_string(max_fields_) + " keys");
        if (cells_.size() == count_) cells_.emplace_back();
        json_cell& c = cells_[count_++];
        c.name.assign(k);
        c.text.clear();
        c.quoted = false;
        return true;
    }

    bool parse_error(std::size_t position, const std::string& token,
                     const nlohmann::detail::exception& ex) {
        error_.where.column = static_cast<int>(position);
        if (ex.id == 406) {
            // Valid JSON, but beyond a double: what the CSV reader says of 1e400.
            error_.id = "record.bad-number";
            error_.message =
                "the number " + token + " is too large to hold; expected a finite decimal number";
            return false;
        }
        // "[json.exception.parse_error.101] parse error at line 1, column 7: syntax error ..."
        std::string what = ex.what();
        const auto colon = what.find(": ");
        if (colon != std::string::npos) what.erase(0, colon + 2);
        error_.id = "jsonl.syntax";
        error_.message = "not a JSON object: " + what;
        return false;
    }

private:
    bool value(std::string_view text, bool quoted) {
        if (depth_ == 0)
            return fail("jsonl.not-object", "a line must hold one JSON object, not a single value");
        json_cell& c = cells_[count_ - 1];
        c.text.assign(text);
        c.quoted = quoted;
        return true;
    }

    std::string nested_message() const {
        std::string m = "the value of ";
        m += count_ > 0 ? quote_for_message(cells_[count_ - 1].name) : std::string("a key");
        m += " is an object or array; values must be strings, numbers, booleans or null (facts are "
             "top-level keys)";
        return m;
    }

    bool fail(const char* id, std::string message) {
        error_.id = id;
        error_.message = std::move(message);
        error_.where.column = 0;
        return false;
    }

    std::size_t max_fields_;
    std::vector<json_cell>& cells_;
    std::size_t& count_;
    diagnostic& error_;
    int depth_ = 0;
};

}  // namespace

line_stream_reader::line_stream_reader(std::istream& in, std::size_t max_length,
                                       std::size_t chunk_size)
    : in_(in), max_length_(max_length), chunk_size_(chunk_size == 0 ? 1 : chunk_size) {}

bool line_stream_reader::fill() {
    if (eof_ || failed_) return false;
    const std::size_t got = read_chunk(in_, buffer_, pos_, chunk_size_);
    bytes_ += got;
    if (in_.bad()) failed_ = true;
    if (got < chunk_size_) eof_ = true;
    return got > 0;
}

line_stream_reader::status line_stream_reader::next() {
    if (failed_) return status::end;  // the read error was reported once
    bool skipping = false;            // inside a line longer than the limit
    for (;;) {
        const std::size_t nl = buffer_.find('\n', pos_);
        if (nl != std::string::npos) {
            const std::size_t start = pos_;
            pos_ = nl + 1;
            ++number_;
            if (skipping || nl - start > max_length_) return status::too_long;
            std::size_t end = nl;
            if (end > start && buffer_[end - 1] == '\r') --end;
            line_ = std::string_view(buffer_).substr(start, end - start);
            if (number_ == 1 && line_.substr(0, utf8_bom.size()) == utf8_bom)
                line_.remove_prefix(utf8_bom.size());
            return status::line;
        }
        if (buffer_.size() - pos_ > max_length_) {
            // Drop what is held of the over-long line and read on to its end.
            skipping = true;
            pos_ = buffer_.size();
        }
        if (!fill()) {
            if (failed_) return status::io_error;
            if (pos_ >= buffer_.size()) {
                if (!skipping) return status::end;
                ++number_;
                return status::too_long;
            }
            // The last line has no terminator.
            const std::size_t start = pos_;
            pos_ = buffer_.size();
            ++number_;
            if (skipping) return status::too_long;
            std::size_t end = buffer_.size();
            if (end > start && buffer_[end - 1] == '\r') --end;
            line_ = std::string_view(buffer_).substr(start, end - start);
            if (number_ == 1 && line_.substr(0, utf8_bom.size()) == utf8_bom)
                line_.remove_prefix(utf8_bom.size());
            return status::line;
        }
    }
}

bool parse_json_object_line(std::string_view line, std::size_t max_fields,
                            std::vector<json_cell>& cells, std::size_t& count, diagnostic& error) {
    count = 0;
    flat_object_handler handler(max_fields, cells, count, error);
    return nlohmann::json::sax_parse(line.begin(), line.end(), &handler);
}

}  // namespace embargo::detail
