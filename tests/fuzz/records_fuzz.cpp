// libFuzzer target for the record readers behind `embargo screen` (CSV with
// a header, and JSON Lines), against the shipped rules. Invariants: no
// crash or hang (every call to next() moves on), an error row says why with
// an id and a line, a row the reader yields as a record passes the rule
// set's own check (so nothing unreadable is ever judged), a CSV record has
// one cell per column, and every record is judged alike by the engine and
// the reference evaluator. Build and run: tests/fuzz/run.
//
// The first byte picks the format, the chunk size and whether the row
// limits are small (to reach them with short inputs).

#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "embargo/io.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace embargo;
    if (size == 0) return 0;
    const engine& e = fuzz::shipped_engine();
    reader_options options;
    options.format = (data[0] & 1U) != 0 ? input_format::jsonl : input_format::csv;
    options.file = "fuzz";
    options.chunk_size = 1 + (data[0] >> 1U) % 64U;
    if ((data[0] & 0x80U) != 0) {
        options.max_line_length = 256;
        options.max_fields = 8;
    }
    options.reserved_columns = {"verdict"};
    std::istringstream in(std::string(reinterpret_cast<const char*>(data) + 1, size - 1));
    record_reader reader(in, e.rules(), options);
    const bool started = reader.start();
    if (!started) fuzz::require(has_errors(reader.diagnostics()), "a refused header says why");
    std::size_t rows = 0;
    for (;;) {
        const row_status st = reader.next();
        if (st == row_status::end) break;
        fuzz::require(++rows <= size + 1, "every row consumes input");
        if (st == row_status::error) {
            fuzz::require(has_errors(reader.diagnostics()), "an error row says why");
            for (const auto& d : reader.diagnostics()) {
                fuzz::require(!d.id.empty() && !d.message.empty(),
                              "a diagnostic has an id and a message");
                fuzz::require(d.where.file == "fuzz", "a diagnostic names the input");
            }
            continue;
        }
        fuzz::require(!has_errors(reader.diagnostics()), "a record row has no errors");
        const trade_record& r = reader.record().record();
        fuzz::require(reader.line() >= 1, "a record has a line");
        if (options.format == input_format::csv)
            fuzz::require(reader.fields().size() == reader.columns().size(), "one cell per column");
        fuzz::require(e.rules().check(r).ok(),
                      "a record the reader yields passes the rules' check");
        fuzz::check_against_reference(e, r);
    }
    return 0;
}
