#include "hs/edition_translation.hpp"

#include <algorithm>
#include <map>

namespace embargo::detail {

namespace {

std::int32_t day_number(day d) noexcept { return static_cast<std::int32_t>(d.time_since_epoch().count()); }

int year_of(const std::string& name) {
    int y = 0;
    for (std::size_t i = 2; i < name.size(); ++i) y = y * 10 + (name[i] - '0');
    return y;
}

// Where edition::listed keeps a code: subheadings, then headings, then
// chapters; `listed_bits` for any other length.
constexpr std::uint64_t heading_bits = 1'000'000;
constexpr std::uint64_t chapter_bits = heading_bits + 10'000;
constexpr std::uint64_t listed_bits = chapter_bits + 100;

std::uint64_t listed_bit(const hs_code& code) noexcept {
    const int d = code.digits();
    if (d == 6) return code.key() / 10'000;
    if (d == 4) return heading_bits + code.key() / 1'000'000;
    if (d == 2) return chapter_bits + code.key() / 100'000'000;
    return listed_bits;
}

}  // namespace

edition_map edition_map::build(const hs_catalogue& catalogue, const std::string& rules_edition) {
    edition_map map;
    const hs_edition* rules = catalogue.find(rules_edition);
    for (const auto& e : catalogue.editions()) {
        const int year = e.name().size() == 6 ? year_of(e.name()) : 0;
        if (year == 0) continue;
        edition ed;
        ed.from = day_number(std::chrono::sys_days{std::chrono::year{year} / 1 / 1});
        ed.rules_edition = rules != nullptr && e.name() == rules->name();
        if (!ed.rules_edition && rules != nullptr) {
            // Subheading links between this edition and the rules', in the
            // direction this edition -> rules, whichever way the table runs.
            std::map<hs_key, std::vector<hs_key>> links;
            for (const auto& table : catalogue.correlations()) {
                const bool forward = table.newer() == e.name() && table.older() == rules->name();
                const bool backward = table.older() == e.name() && table.newer() == rules->name();
                if (!forward && !backward) continue;
                for (const auto& l : table.links()) {
                    if (forward) links[l.newer].push_back(l.older);
                    else links[l.older].push_back(l.newer);
                }
            }
            for (auto& [k, v] : links) {
                std::sort(v.begin(), v.end());
                v.erase(std::unique(v.begin(), v.end()), v.end());
            }
            if (!links.empty()) {
                for (const auto& [code, description] : e.codes()) {
                    std::vector<hs_key> correspondents;
                    for (hs_key k : e.subheadings_under(code)) {
                        const auto it = links.find(k);
                        if (it != links.end()) correspondents.insert(correspondents.end(), it->second.begin(), it->second.end());
                    }
                    std::sort(correspondents.begin(), correspondents.end());
                    correspondents.erase(std::unique(correspondents.begin(), correspondents.end()), correspondents.end());
                    // Reads as itself: the rules' edition has the code with
                    // exactly these subheadings under it.
                    if (correspondents.empty() || correspondents == rules->subheadings_under(code)) continue;
                    entry en{code, {static_cast<std::uint32_t>(map.intervals.size()), 0}};
                    for (hs_key k : correspondents) {
                        const hs_interval iv = hs_code::from_key(k, 6).interval();
                        if (map.intervals.size() > en.goods.begin && map.intervals.back().last == iv.first)
                            map.intervals.back().last = iv.last;  // adjacent: merge
                        else
                            map.intervals.push_back(iv);
                    }
                    en.goods.end = static_cast<std::uint32_t>(map.intervals.size());
                    ed.entries.push_back(en);
                }
            }
        }
        if (!ed.entries.empty()) {
            ed.listed.assign((listed_bits + 63) / 64, 0);
            for (const entry& en : ed.entries) {
                const std::uint64_t bit = listed_bit(en.code);
                if (bit < listed_bits) ed.listed[bit / 64] |= std::uint64_t{1} << (bit % 64);
            }
        }
        map.editions.push_back(std::move(ed));
    }
    std::sort(map.editions.begin(), map.editions.end(),
              [](const edition& a, const edition& b) { return a.from < b.from; });
    return map;
}

span32 edition_map::translate(const hs_code& code, std::int32_t day) const noexcept {
    if (editions.empty()) return {};
    // The latest edition in force on the day; the earliest before all.
    auto it = std::upper_bound(editions.begin(), editions.end(), day,
                               [](std::int32_t d, const edition& e) { return d < e.from; });
    const edition& ed = it == editions.begin() ? editions.front() : *std::prev(it);
    if (ed.rules_edition || ed.entries.empty()) return {};
    const hs_code key = code.digits() > 6 ? code.prefix(6) : code;
    const std::uint64_t bit = listed_bit(key);
    if (bit >= listed_bits || ((ed.listed[bit / 64] >> (bit % 64)) & 1U) == 0) return {};
    const auto e = std::lower_bound(ed.entries.begin(), ed.entries.end(), key,
                                    [](const entry& x, const hs_code& c) { return x.code < c; });
    if (e == ed.entries.end() || e->code != key) return {};
    return e->goods;
}

}  // namespace embargo::detail
