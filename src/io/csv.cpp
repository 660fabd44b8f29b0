#include "io/csv.hpp"

#include <bit>
#include <istream>
#include <limits>
#include <utility>

#include "base/text.hpp"
#include "io/chunked_input.hpp"

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace embargo::detail {
namespace {

constexpr std::string_view utf8_bom = "\xEF\xBB\xBF";

int to_int(std::size_t n) noexcept {
    return n > static_cast<std::size_t>(std::numeric_limits<int>::max())
               ? std::numeric_limits<int>::max()
               : static_cast<int>(n);
}

// Finds the bytes that end unquoted fields (the delimiter, '\n', '\r').
// Fields of customs tables are short and of every length, so a byte loop
// mispredicts its exit on almost every field, and even 16 bytes compared at
// a time leave a long chain of dependent steps per field. This marks every
// such byte of a 64-byte block in one mask, once, and then each field's end
// is a shift and a count of trailing zeros (bench/README.md has the effect).
// It reads nothing at or past `limit`: the last bytes are scanned one by one.
class field_end_finder {
public:
    field_end_finder(const char* data, std::size_t limit, char delimiter,
                     const std::array<bool, 256>& special)
        : d_(data), limit_(limit), delimiter_(delimiter), special_(special) {}

    // The first such byte in [p, limit), or limit.
    std::size_t next(std::size_t p) noexcept {
        for (;;) {
            if (p - block_ < 64) {  // p inside the marked block (unsigned: p >= block_)
                const std::uint64_t rest = mask_ >> (p - block_);
                if (rest != 0) return p + static_cast<std::size_t>(std::countr_zero(rest));
                p = block_ + 64;
            }
            if (limit_ - p < 64 || p > limit_) break;
            block_ = p;
            mask_ = mark(d_ + p);
        }
        while (p < limit_ && !special_[static_cast<unsigned char>(d_[p])]) ++p;
        return p;
    }

private:
    std::uint64_t mark(const char* block) const noexcept {
#if defined(__SSE2__)
        const __m128i delim = _mm_set1_epi8(delimiter_);
        const __m128i lf = _mm_set1_epi8('\n');
        const __m128i cr = _mm_set1_epi8('\r');
        std::uint64_t mask = 0;
        for (int i = 0; i < 4; ++i) {
            const __m128i chunk =
                _mm_loadu_si128(reinterpret_cast<const __m128i*>(block + std::ptrdiff_t{16} * i));
            const __m128i hit =
                _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(chunk, delim), _mm_cmpeq_epi8(chunk, lf)),
                             _mm_cmpeq_epi8(chunk, cr));
            mask |= std::uint64_t{static_cast<std::uint16_t>(_mm_movemask_epi8(hit))} << (16 * i);
        }
        return mask;
#else
        std::uint64_t mask = 0;
        for (int i = 0; i < 64; ++i)
            mask |= std::uint64_t{special_[static_cast<unsigned char>(block[i])]} << i;
        return mask;
#endif
    }

    const char* d_;
    std::size_t limit_;
    char delimiter_;
    const std::array<bool, 256>& special_;
    std::size_t block_ = std::numeric_limits<std::size_t>::max() - 64;  // none marked yet
    std::uint64_t mask_ = 0;
};

}  // namespace

csv_parser::csv_parser(csv_options options) : options_(options) {
    special_[static_cast<unsigned char>(options_.delimiter)] = true;
    special_['\n'] = true;
    special_['\r'] = true;
}

void csv_parser::reset() noexcept {
    line_ = 1;
    at_start_ = true;
    resync_ = false;
}

void csv_parser::resume(int line, bool resync) noexcept {
    line_ = line;
    at_start_ = false;
    resync_ = resync;
}

csv_status csv_parser::fail(std::size_t& pos, std::size_t resume, int line, const char* id,
                            csv_position where, std::string message) {
    error_.id = id;
    error_.severity = severity::error;
    error_.where = source_location{{}, where.line, where.column};
    error_.message = std::move(message);
    pos = resume;
    line_ = line;
    resync_ = true;
    return csv_status::error;
}

csv_status csv_parser::next(std::string_view data, std::size_t& pos, bool final) {
    const std::size_t size = data.size();
    for (;;) {
        if (resync_) {
            const std::size_t nl = data.find('\n', pos);
            if (nl == std::string_view::npos) {
                pos = size;
                return final ? csv_status::end : csv_status::need_more;
            }
            pos = nl + 1;
            ++line_;
            resync_ = false;
        }
        if (at_start_) {
            const std::string_view rest = data.substr(pos < size ? pos : size);
            if (!final && rest.size() < utf8_bom.size() &&
                utf8_bom.substr(0, rest.size()) == rest) {
                return csv_status::need_more;  // cannot tell yet whether a BOM starts here
            }
            if (rest.substr(0, utf8_bom.size()) == utf8_bom) pos += utf8_bom.size();
            at_start_ = false;
        }
        if (pos >= size) return final ? csv_status::end : csv_status::need_more;
        if (options_.skip_blank_lines) {
            if (data[pos] == '\n') {
                ++pos;
                ++line_;
                continue;
            }
            if (data[pos] == '\r') {
                if (pos + 1 == size && !final) return csv_status::need_more;
                if (pos + 1 < size && data[pos + 1] == '\n') {
                    pos += 2;
                    ++line_;
                    continue;
                }
            }
        }
        return read_record(data, pos, final);
    }
}

// One pass over the record. Positions: `line` and `line_start` follow the
// newlines inside quoted fields, so that every field and error has its own
// line and column. A record is at most max_line_length bytes; scanning stops
// at `cap`, two bytes past that (room for a CRLF), so that neither a huge
// field nor an unclosed quote makes us read, or a stream reader buffer, more.
csv_status csv_parser::read_record(std::string_view data, std::size_t& pos, bool final) {
    const char* const d = data.data();
    const std::size_t size = data.size();
    const std::size_t start = pos;
    const std::size_t max = options_.max_line_length;
    const std::size_t cap = max > std::numeric_limits<std::size_t>::max() - 2 - start
                                ? std::numeric_limits<std::size_t>::max()
                                : start + max + 2;
    const std::size_t limit = size < cap ? size : cap;
    const char delimiter = options_.delimiter;
    field_end_finder field_ends(d, limit, delimiter, special_);

    int line = line_;
    std::size_t line_start = start;
    const auto where = [&](std::size_t p) {
        return csv_position{line, to_int(p - line_start + 1)};
    };
    const auto too_long = [&](std::size_t p) {
        return fail(pos, p, line, "csv.line-too-long", csv_position{line_, 1},
                    "record is longer than " + std::to_string(max) +
                        " bytes; expected at most that many bytes per record (is a quote "
                        "left open?)");
    };

    // Fields go straight into record_: views into `data`, except the escaped
    // ones, patched in at the end. (Gathering them in a list first and
    // copying it cost about a tenth of the reader's time; bench/README.md.)
    // So record() holds a half-read record after `error` or `need_more`.
    record_.fields_.clear();
    record_.positions_.clear();
    escaped_.clear();
    scratch_.clear();
    std::size_t p = start;
    std::size_t record_end = 0;  // where the terminator starts
    std::size_t next_pos = 0;    // past the terminator

    for (;;) {
        const csv_position field_at = where(p);
        if (record_.fields_.size() == options_.max_fields) {
            return fail(pos, p, line, "csv.too-many-fields", field_at,
                        "record has more than " + std::to_string(options_.max_fields) +
                            " fields; expected at most that many");
        }

        if (p < limit && d[p] == '"') {
            const csv_position quote_at = field_at;
            ++p;
            std::size_t segment = p;
            bool unescaped = false;
            std::size_t scratch_begin = scratch_.size();
            std::size_t content_end = 0;
            for (;;) {
                while (p < limit && d[p] != '"') {
                    if (d[p] == '\n') {
                        ++line;
                        line_start = p + 1;
                    }
                    ++p;
                }
                if (p == limit) {
                    if (limit == cap) return too_long(p);
                    if (!final) return csv_status::need_more;
                    return fail(pos, size, line, "csv.unbalanced-quote", quote_at,
                                "quoted field is never closed; expected a '\"' before the "
                                "end of the input");
                }
                // d[p] is a quote: `""` is an escaped quote, else the field ends.
                if (p + 1 == limit) {
                    if (limit == cap) return too_long(p);
                    if (!final) return csv_status::need_more;
                } else if (d[p + 1] == '"') {
                    if (!unescaped) {
                        unescaped = true;
                        scratch_begin = scratch_.size();
                    }
                    scratch_.append(d + segment, p + 1 - segment);
                    p += 2;
                    segment = p;
                    continue;
                }
                content_end = p;
                ++p;
                break;
            }
            if (unescaped) {
                scratch_.append(d + segment, content_end - segment);
                escaped_.push_back(
                    {record_.fields_.size(), scratch_begin, scratch_.size() - scratch_begin});
                record_.fields_.emplace_back();
            } else {
                record_.fields_.emplace_back(d + segment, content_end - segment);
            }
            record_.positions_.push_back(field_at);

            // After the closing quote: a delimiter, the end of the record, or nothing.
            if (p == limit) {
                if (limit == cap) return too_long(p);
                if (!final) return csv_status::need_more;
                record_end = next_pos = p;
                break;
            }
            const char c = d[p];
            if (c == delimiter) {
                ++p;
                continue;
            }
            if (c == '\n') {
                record_end = p;
                next_pos = p + 1;
                break;
            }
            if (c == '\r') {
                if (p + 1 == limit && limit == size && !final) return csv_status::need_more;
                if (p + 1 < limit && d[p + 1] == '\n') {
                    record_end = p;
                    next_pos = p + 2;
                    break;
                }
            }
            return fail(pos, p, line, "csv.bad-quote", where(p),
                        describe_char_at(data, p) +
                            " after the closing quote of a field; expected '" +
                            std::string(1, delimiter) + "' or the end of the line");
        }

        // Unquoted: runs to the delimiter or the end of the line. A quote
        // inside it is an ordinary character (`5" pipes`), as most writers
        // produce it; so is a carriage return not followed by a line feed.
        const std::size_t begin = p;
        char c = 0;
        for (;;) {
            p = field_ends.next(p);
            if (p == limit) break;
            c = d[p];
            if (c != '\r') break;
            if (p + 1 == limit) break;
            if (d[p + 1] == '\n') break;
            ++p;  // a lone CR is data
        }
        if (p == limit) {
            if (limit == cap) return too_long(p);
            if (!final) return csv_status::need_more;
            record_.fields_.emplace_back(d + begin, p - begin);
            record_.positions_.push_back(field_at);
            record_end = next_pos = p;
            break;
        }
        if (c == '\r' && p + 1 == limit) {
            if (limit == cap) return too_long(p);
            if (!final) return csv_status::need_more;
            // A CR as the last byte of the input is data, like any lone CR.
            record_.fields_.emplace_back(d + begin, p + 1 - begin);
            record_.positions_.push_back(field_at);
            record_end = next_pos = p + 1;
            break;
        }
        record_.fields_.emplace_back(d + begin, p - begin);
        record_.positions_.push_back(field_at);
        if (c == delimiter) {
            ++p;  // a delimiter at the very end of the input leaves one more, empty field
            continue;
        }
        record_end = p;
        next_pos = c == '\n' ? p + 1 : p + 2;
        break;
    }

    if (record_end - start > max) return too_long(record_end);

    for (const escaped_field& e : escaped_)
        record_.fields_[e.index] = {scratch_.data() + e.offset, e.size};
    record_.text_ = std::string_view(d + start, record_end - start);
    record_.line_ = line_;
    pos = next_pos;
    line_ = line + (next_pos > record_end ? 1 : 0);
    return csv_status::record;
}

diagnostic csv_io_error() {
    diagnostic d;
    d.id = "csv.io";
    d.severity = severity::error;
    d.message = "read error; expected a readable stream";
    return d;
}

csv_stream_reader::csv_stream_reader(std::istream& in, csv_options options, std::size_t chunk_size)
    : in_(in), parser_(options), chunk_size_(chunk_size == 0 ? 1 : chunk_size) {}

csv_status csv_stream_reader::next() {
    if (io_failed_) return csv_status::end;
    for (;;) {
        const csv_status st = parser_.next(buffer_, pos_, eof_);
        if (st != csv_status::need_more) return st;
        // Keep the unread tail (at most one record), then append a chunk.
        const std::size_t got = read_chunk(in_, buffer_, pos_, chunk_size_);
        bytes_read_ += got;
        if (in_.bad()) {
            io_failed_ = true;
            io_error_ = csv_io_error();
            return csv_status::error;
        }
        if (got < chunk_size_) eof_ = true;
    }
}

}  // namespace embargo::detail
