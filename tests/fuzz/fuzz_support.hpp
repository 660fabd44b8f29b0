#pragma once
// What the fuzz targets share: the shipped rules loaded once, a reader of
// the fuzzer's bytes, records decoded from bytes so that they land on the
// boundaries of a rule set (codes and days where a measure starts or ends),
// and the check that holds the compiled engine to the reference evaluator.
// Every failed check aborts, which libFuzzer reports as a crash with the
// input that caused it.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/engine.hpp"
#include "embargo/record.hpp"
#include "embargo/rules.hpp"

namespace embargo::fuzz {

// Aborts with `what` on standard error when `ok` is false.
void require(bool ok, std::string_view what);

// The UN DPRK rules of this repository (rules/un/dprk), loaded once.
const engine& shipped_engine();

// The shipped HS nomenclature as rule sources under `hs/`: the sections,
// and HS2017 cut down to the chapters, the headings and the subheadings of
// the headings the shipped rules and tests name (each load parses it, so
// its size sets the pace of the rules target).
const std::vector<rule_source>& hs_sources();

// The fuzzer's bytes, read front to back; past the end every read is 0.
class byte_reader {
public:
    byte_reader(const std::uint8_t* data, std::size_t size) : data_(data), size_(size) {}
    bool empty() const noexcept { return pos_ >= size_; }
    std::uint8_t byte() noexcept { return pos_ < size_ ? data_[pos_++] : 0; }
    std::uint16_t u16() noexcept { return static_cast<std::uint16_t>(byte() | (byte() << 8U)); }
    std::uint32_t u32() noexcept {
        return static_cast<std::uint32_t>(u16() | (static_cast<std::uint32_t>(u16()) << 16U));
    }

private:
    const std::uint8_t* data_;
    std::size_t size_;
    std::size_t pos_ = 0;
};

// Where a rule set's verdicts can change: the ends of every goods interval
// and the days every validity, wind-down and quota starts or ends.
struct boundaries {
    std::vector<hs_key> keys;
    std::vector<day> days;
};
boundaries boundaries_of(const rule_set& rules);

// A record from bytes: a code of 2 to 10 digits at or next to a boundary
// (or a real HS2017 code, or any key), exporter and importer among KP, CN,
// RU and US, a day, month or year from 2005 to 2025 or next to a boundary
// day, an optional quantity and value, and each declared fact absent, empty,
// well formed or malformed; now and then a fact the regime does not declare.
trade_record decode_record(byte_reader& in, const rule_set& rules, const boundaries& b);

// Evaluates `record` with the engine and with the reference evaluator and
// aborts, printing both, unless they agree finding for finding.
void check_against_reference(const engine& e, const trade_record& record);

}  // namespace embargo::fuzz
