// libFuzzer target for goods selectors and HS codes. Invariants: no crash,
// errors point inside the text, intervals are sorted, disjoint and
// non-adjacent, a non-empty selector's rendering parses back to it, and an
// HS code prints (plain and dotted) to text that parses back to it. Build
// and run: tests/fuzz/run.
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string_view>

#include "embargo/hs.hpp"
#include "embargo/nomenclature.hpp"
#include "embargo/selector.hpp"

namespace {
const embargo::hs_edition* edition() {
    static const auto e = [] {
        return embargo::hs_edition::read(
            "HSFUZZ",
            "section,hscode,description,parent,level\n"
            "I,01,Animals,TOTAL,2\nI,0101,Horses,01,4\nI,010121,Pure-bred,0101,6\n"
            "II,84,Machines,TOTAL,2\nII,8471,Computers,84,4\nII,847130,Laptops,8471,6\n",
            "fuzz.csv", "section,name\nI,Animals\nII,Machines\n", "sections.csv");
    }();
    return e ? &*e : nullptr;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    if (const auto code = embargo::hs_code::parse(text)) {
        for (const std::string& printed : {code->str(), code->dotted()}) {
            const auto again = embargo::hs_code::parse(printed);
            if (!again || again->key() != code->key() || again->digits() != code->digits())
                std::abort();
        }
    } else if (code.error().where.offset > size || !code.error().id.starts_with("hs.")) {
        std::abort();
    }
    // Small limits now and then, to reach the limit paths with short inputs.
    const embargo::selector_limits limits =
        size % 5 == 0 ? embargo::selector_limits{48, 2} : embargo::selector_limits{};
    for (const embargo::hs_edition* e :
         {static_cast<const embargo::hs_edition*>(nullptr), edition()}) {
        auto r = embargo::goods_selector::parse(text, e, limits);
        if (!r) {
            if (r.error().where.offset > size || r.error().id.empty()) std::abort();
            continue;
        }
        const auto& ivs = r->intervals();
        for (std::size_t i = 0; i < ivs.size(); ++i) {
            if (ivs[i].empty() || ivs[i].last > embargo::hs_key_end) std::abort();
            if (i > 0 && ivs[i - 1].last >= ivs[i].first) std::abort();
        }
        if (ivs.empty()) continue;  // `84 except all`: nothing to render
        // A rendering may be longer than the text it came from: no length limit.
        const auto round =
            embargo::goods_selector::parse(embargo::goods_selector::from_intervals(ivs).text(),
                                           nullptr, {std::numeric_limits<std::size_t>::max(), 32});
        if (!round || round->intervals() != ivs) std::abort();
    }
    return 0;
}
