#pragma once
// Reading a stream in chunks into a buffer that keeps only the unread tail:
// what the CSV and JSON Lines stream readers share, so that a file of a
// million lines costs the memory of one line and one chunk.

#include <cstddef>
#include <istream>
#include <string>

namespace embargo::detail {

// Drops buffer[0, pos) (read already), sets pos to 0 and appends up to
// `chunk_size` bytes from `in`. Returns how many bytes it appended: fewer
// than `chunk_size` at the end of the stream or on a read error (in.bad()).
inline std::size_t read_chunk(std::istream& in, std::string& buffer, std::size_t& pos,
                              std::size_t chunk_size) {
    buffer.erase(0, pos);
    pos = 0;
    const std::size_t old = buffer.size();
    buffer.resize(old + chunk_size);
    in.read(buffer.data() + old, static_cast<std::streamsize>(chunk_size));
    const auto got = static_cast<std::size_t>(in.gcount());
    buffer.resize(old + got);
    return got;
}

}  // namespace embargo::detail
