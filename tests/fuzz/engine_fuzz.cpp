// libFuzzer target for the compiled engine: records decoded from the
// fuzzer's bytes (codes and days on the shipped rules' boundaries, facts
// well formed, malformed or missing) are judged by the engine and by the
// reference evaluator of the tests, which must agree finding for finding,
// as in tests/engine/engine_differential_test.cpp. Build and run: tests/fuzz/run.

#include <cstddef>
#include <cstdint>

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace embargo;
    const engine& e = fuzz::shipped_engine();
    static const fuzz::boundaries b = fuzz::boundaries_of(e.rules());
    fuzz::byte_reader in(data, size);
    // Several records per input, so that short inputs already say something.
    for (int i = 0; i < 8 && !in.empty(); ++i)
        fuzz::check_against_reference(e, fuzz::decode_record(in, e.rules(), b));
    return 0;
}
