#pragma once
// JSON Lines input for the record readers (io.hpp): a stream cut into lines
// with a length limit, and one line read as a flat JSON object.
//
// Each line is parsed with nlohmann's SAX interface rather than into a DOM:
// the reader needs only the top-level keys and their values as text, must
// refuse duplicate keys (a DOM silently keeps one) and nested values, and
// wants numbers exactly as written (`2710.10` must not become `2710.1`).
// No nlohmann type leaves this unit.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"

namespace embargo::detail {

// Lines of a stream, read in chunks. A line longer than `max_length` bytes
// is skipped with an error; memory stays within a chunk plus one line.
class line_stream_reader {
public:
    enum class status : std::uint8_t { line, too_long, end, io_error };

    line_stream_reader(std::istream& in, std::size_t max_length, std::size_t chunk_size);

    // The next line, without its terminator (`\n` or `\r\n`) and, on the
    // first line, without a UTF-8 byte order mark. Valid until the next call.
    status next();
    std::string_view line() const noexcept { return line_; }
    int line_number() const noexcept { return number_; }
    std::uint64_t bytes_read() const noexcept { return bytes_; }

private:
    bool fill();  // appends a chunk; false at the end of the stream

    std::istream& in_;
    std::size_t max_length_;
    std::size_t chunk_size_;
    std::string buffer_;
    std::size_t pos_ = 0;
    std::string_view line_;
    int number_ = 0;
    std::uint64_t bytes_ = 0;
    bool eof_ = false;
    bool failed_ = false;
};

// One top-level key of a JSON object and its value as text.
struct json_cell {
    std::string name;
    std::string text;     // strings unescaped; numbers as written; true/false; null empty
    bool quoted = false;  // a JSON string
};

// Reads `line` as one flat JSON object into `cells[0 .. count)` (the vector
// only grows, so that its strings are reused from line to line). On failure
// sets `error` (id, message, and where.column, 1-based) and returns false.
// Ids: `jsonl.syntax`, `jsonl.not-object`, `jsonl.nested`,
// `jsonl.duplicate-key`, `jsonl.too-many-fields`.
bool parse_json_object_line(std::string_view line, std::size_t max_fields,
                            std::vector<json_cell>& cells, std::size_t& count, diagnostic& error);

}  // namespace embargo::detail
