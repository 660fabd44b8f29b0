// libFuzzer target for the CSV reader (src/io/csv.hpp). Invariants: no crash,
// the reader ends, limits hold, and a stream read in small chunks gives the
// same records and errors as the whole buffer. The first byte picks small
// limits and the chunk size. Build and run: tests/fuzz/run.
#include <cstdint>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

#include "io/csv.hpp"

namespace {
template <class Reader>
std::vector<std::string> drain(Reader& reader, const embargo::detail::csv_options& options) {
    std::vector<std::string> out;
    for (;;) {
        const auto st = reader.next();
        if (st == embargo::detail::csv_status::end) return out;
        if (st == embargo::detail::csv_status::error) {
            const auto& e = reader.error();
            out.push_back("!" + e.id + "@" + std::to_string(e.where.line) + ":" +
                          std::to_string(e.where.column));
            continue;
        }
        const auto& r = reader.record();
        if (r.size() > options.max_fields || r.size() == 0) std::abort();
        std::string joined = std::to_string(r.line());
        for (std::string_view f : r) {
            joined += '|';
            joined += f;
        }
        out.push_back(std::move(joined));
    }
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    // The first byte picks the options and the chunk size.
    embargo::detail::csv_options options;
    options.max_line_length = 1 + (data[0] & 0x3FU);
    options.max_fields = 1 + ((data[0] >> 6U) & 3U);
    options.skip_blank_lines = (data[0] & 0x20U) != 0;
    const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);
    embargo::detail::csv_reader whole(text, options);
    const auto expected = drain(whole, options);
    std::istringstream in(text);
    embargo::detail::csv_stream_reader stream(in, options, 1 + (data[0] % 7U));
    if (drain(stream, options) != expected) std::abort();
    return 0;
}
