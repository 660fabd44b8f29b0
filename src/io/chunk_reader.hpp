#pragma once
// CSV rows of one input handed over in pieces: the threaded screen
// (src/screen/parallel_pass.cpp) cuts its input into chunks and gives each
// worker's reader one chunk at a time. It is record_reader with another
// source: the same header mapping, row assembly and diagnostics, so that a
// row read from a chunk is the row the stream reader gives.
//
// A chunk is read as if a record started at its first byte, at the line the
// caller gives. Whether that holds is known only once the chunk before has
// been read: if it ended inside a record (a quoted cell with a line break,
// or a row cut in the middle), stopped_at() is where that record begins and
// the caller reads that tail and the next chunk again, in order.

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/io.hpp"

namespace embargo::detail {

class csv_chunk_reader {
public:
    // `rules` must outlive the reader; options.format is taken as CSV.
    csv_chunk_reader(const rule_set& rules, reader_options options);
    ~csv_chunk_reader();
    csv_chunk_reader(const csv_chunk_reader&) = delete;
    csv_chunk_reader& operator=(const csv_chunk_reader&) = delete;

    // Reads the header from the input's first bytes (`final`: they are all
    // of it), as record_reader::start() does, with the same diagnostics.
    // header_end() is where the rows begin in `data`; next_line() the line
    // there.
    bool start(std::string_view data, bool final);
    std::size_t header_end() const noexcept;

    // The next piece, read from its first byte at `line` (`resync`: skipping
    // to the next line break after an error), `final` if no input follows.
    // `piece` must stay valid while its rows are read.
    void feed(std::string_view piece, int line, bool resync, bool final);
    // As record_reader::next(), with `end` at the end of the piece.
    row_status next();

    // After `end`: where the piece's unfinished record begins (the piece's
    // size if none), the line there and whether the parser is skipping to a
    // line break, to hand on to whoever reads on.
    std::size_t stopped_at() const noexcept;
    int next_line() const noexcept;
    bool resyncing() const noexcept;

    // As record_reader's.
    const checked_record& record() const;
    std::span<const input_field> fields() const noexcept;
    std::string_view text() const noexcept;
    int line() const noexcept;
    const std::vector<diagnostic>& diagnostics() const noexcept;
    const std::vector<std::string>& columns() const noexcept;

private:
    std::unique_ptr<record_reader::impl> impl_;
};

}  // namespace embargo::detail
