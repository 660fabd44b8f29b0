// libFuzzer target for goods selectors (and, through them, HS codes):
//   clang++ -std=c++20 -g -O1 -fsanitize=fuzzer,address,undefined -Iinclude -Isrc \
//     tests/fuzz/selector_fuzz.cpp src/selector.cpp src/selector_grammar.cpp src/hs.cpp \
//     src/nomenclature.cpp src/csv.cpp src/quoting.cpp src/diagnostic.cpp -o selector_fuzz
// Invariants: no crash, errors point inside the text, intervals are sorted,
// disjoint and non-adjacent, and a non-empty selector's rendering parses
// back to it.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "embargo/nomenclature.hpp"
#include "embargo/selector.hpp"

namespace {
const embargo::hs_edition* edition() {
    static const auto e = [] {
        std::vector<embargo::diagnostic> ds;
        return embargo::hs_edition::read(
            "HSFUZZ",
            "section,hscode,description,parent,level\n"
            "I,01,Animals,TOTAL,2\nI,0101,Horses,01,4\nI,010121,Pure-bred,0101,6\n"
            "II,84,Machines,TOTAL,2\nII,8471,Computers,84,4\nII,847130,Laptops,8471,6\n",
            "fuzz.csv", "section,name\nI,Animals\nII,Machines\n", "sections.csv", ds);
    }();
    return e ? &*e : nullptr;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    for (const embargo::hs_edition* e : {static_cast<const embargo::hs_edition*>(nullptr), edition()}) {
        auto r = embargo::goods_selector::parse(text, e);
        if (!r) {
            if (r.error().offset > size || r.error().id.empty()) std::abort();
            continue;
        }
        const auto& ivs = r->intervals();
        for (std::size_t i = 0; i < ivs.size(); ++i) {
            if (ivs[i].empty() || ivs[i].last > embargo::hs_key_end) std::abort();
            if (i > 0 && ivs[i - 1].last >= ivs[i].first) std::abort();
        }
        if (ivs.empty()) continue;  // `84 except all`: nothing to render
        const auto round = embargo::goods_selector::parse(
            embargo::goods_selector::from_intervals(ivs).text(), nullptr);
        if (!round || round->intervals() != ivs) std::abort();
    }
    return 0;
}
