// libFuzzer target for the HS nomenclature reader (hs_edition::read): the
// tables of codes a regime names come from outside too. The input is cut at
// the first line `%%`: before it the nomenclature CSV, after it the section
// names. Invariants: no crash; an edition that is not returned says why; one
// that is returned holds only chapters, headings and subheadings, never
// chapter 99, each code's description found under its own code, every
// section's chapters in the edition and ascending, and its codes accepted
// with any national extension. Build and run: tests/fuzz/run.

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "embargo/nomenclature.hpp"

#include "fuzz_support.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace embargo;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    const auto cut = text.find("\n%%\n");
    const std::string_view codes = text.substr(0, cut);
    const std::string_view sections =
        cut == std::string_view::npos ? std::string_view{} : text.substr(cut + 4);
    const auto edition = hs_edition::read("HSFUZZ", codes, "hs.csv", sections, "sections.csv");
    const std::vector<diagnostic>& diagnostics = edition.diagnostics();
    for (const auto& d : diagnostics) {
        fuzz::require(d.id.starts_with("hs."), "a nomenclature diagnostic has an hs.* id");
        fuzz::require(!d.message.empty(), "a diagnostic has a message");
    }
    if (!edition) {
        fuzz::require(has_errors(diagnostics), "an edition that is not returned says why");
        return 0;
    }
    for (const auto& [code, description] : edition->codes()) {
        const int d = code.digits();
        fuzz::require(d == 2 || d == 4 || d == 6, "codes are chapters, headings and subheadings");
        fuzz::require(code.str().rfind("99", 0) != 0, "chapter 99 is a reporting code, never HS");
        fuzz::require(edition->contains(code) && edition->accepts(code),
                      "a code it holds is accepted");
        const auto found = edition->description(code);
        fuzz::require(found && *found == description, "a code is described by its own entry");
        if (d == 6) {
            const auto national = hs_code::from_key(code.key() + 1234, 10);
            fuzz::require(edition->accepts(national),
                          "a national extension of a subheading is accepted");
        }
    }
    for (const auto& s : edition->sections()) {
        for (std::size_t i = 0; i < s.chapters.size(); ++i) {
            fuzz::require(s.chapters[i] >= 1 && s.chapters[i] <= 98,
                          "a section's chapters are chapters");
            fuzz::require(i == 0 || s.chapters[i - 1] < s.chapters[i],
                          "a section's chapters ascend");
        }
    }
    return 0;
}
