#include "hs/edition_translation.hpp"

#include <algorithm>

#include "base/day_number.hpp"
#include "base/text.hpp"

namespace embargo {
namespace detail {

namespace {

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

template <class T>
void sort_unique(std::vector<T>& v) {
    std::sort(v.begin(), v.end());
    v.erase(std::unique(v.begin(), v.end()), v.end());
}

}  // namespace

int edition_year(std::string_view name) noexcept {
    if (name.size() != 6 || !iequals(name.substr(0, 2), "hs")) return 0;
    int y = 0;
    for (char c : name.substr(2)) {
        if (c < '0' || c > '9') return 0;
        y = y * 10 + (c - '0');
    }
    return y;
}

table_direction direction_of(const hs_correlation& table, std::string_view from,
                             std::string_view to) noexcept {
    if (iequals(table.newer(), from) && iequals(table.older(), to)) return table_direction::forward;
    if (iequals(table.older(), from) && iequals(table.newer(), to))
        return table_direction::backward;
    return table_direction::none;
}

edition_links::edition_links(const hs_catalogue& catalogue, std::string_view from,
                             std::string_view to) {
    for (const auto& table : catalogue.correlations()) {
        const table_direction direction = direction_of(table, from, to);
        if (direction == table_direction::none) continue;
        const bool forward = direction == table_direction::forward;
        for (const auto& l : table.links())
            links_.emplace_back(forward ? l.newer : l.older, forward ? l.older : l.newer);
    }
    sort_unique(links_);
}

std::vector<hs_key> edition_links::correspondents(const hs_edition& source,
                                                  const hs_code& code) const {
    std::vector<hs_key> out;
    for (hs_key k : source.subheadings_under(code.digits() > 6 ? code.prefix(6) : code)) {
        auto it = std::lower_bound(links_.begin(), links_.end(), std::pair<hs_key, hs_key>{k, 0});
        for (; it != links_.end() && it->first == k; ++it) out.push_back(it->second);
    }
    sort_unique(out);
    return out;
}

std::vector<code_translation> translate_edition(const hs_catalogue& catalogue,
                                                const hs_edition& from, const hs_edition& to) {
    std::vector<code_translation> out;
    if (iequals(from.name(), to.name())) return out;
    const edition_links links(catalogue, from.name(), to.name());
    if (links.empty()) return out;  // no table: every code reads as itself
    for (const auto& entry : from.codes()) {
        std::vector<hs_key> goods = links.correspondents(from, entry.first);
        if (goods.empty() || goods == to.subheadings_under(entry.first)) continue;
        out.push_back({entry.first, std::move(goods)});
    }
    return out;  // from.codes() is ordered by code
}

edition_map edition_map::build(const hs_catalogue& catalogue, const std::string& rules_edition) {
    edition_map map;
    const hs_edition* rules = catalogue.find(rules_edition);
    for (const auto& e : catalogue.editions()) {
        const int year = edition_year(e.name());
        if (year == 0) continue;
        edition ed;
        ed.year = year;
        ed.from = first_day(year);
        ed.rules_edition = rules != nullptr && iequals(e.name(), rules->name());
        if (!ed.rules_edition && rules != nullptr) {
            for (const code_translation& t : translate_edition(catalogue, e, *rules)) {
                entry en{t.code, {static_cast<std::uint32_t>(map.intervals.size()), 0}};
                for (hs_key k : t.goods) {
                    const hs_interval iv = hs_code::from_key(k, 6).interval();
                    if (map.intervals.size() > en.goods.begin &&
                        map.intervals.back().last == iv.first)
                        map.intervals.back().last = iv.last;  // adjacent: merge
                    else
                        map.intervals.push_back(iv);
                }
                en.goods.end = static_cast<std::uint32_t>(map.intervals.size());
                ed.entries.push_back(en);
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
    std::stable_sort(map.editions.begin(), map.editions.end(),
                     [](const edition& a, const edition& b) { return a.from < b.from; });
    return map;
}

bool edition_map::ships(int year) const noexcept {
    return std::any_of(editions.begin(), editions.end(),
                       [&](const edition& e) { return e.year == year; });
}

std::int32_t edition_map::first_day(int year) noexcept {
    return day_number(std::chrono::sys_days{std::chrono::year{year} / 1 / 1});
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

record_translations::record_translations(const hs_catalogue& catalogue, const hs_edition& rules) {
    for (const hs_edition& e : catalogue.editions()) {
        edition_translations t{e.name(), {}};
        for (code_translation& tr : translate_edition(catalogue, e, rules)) {
            translation out{tr.code, {}};
            out.goods.reserve(tr.goods.size());
            for (hs_key k : tr.goods) out.goods.push_back(hs_code::from_key(k, 6));
            t.codes.push_back(std::move(out));
        }
        if (!t.codes.empty()) editions_.push_back(std::move(t));
    }
}

const std::vector<hs_code>* record_translations::find(std::string_view edition,
                                                      const hs_code& code) const {
    for (const auto& t : editions_) {
        if (t.edition != edition) continue;
        const auto it =
            std::lower_bound(t.codes.begin(), t.codes.end(), code,
                             [](const translation& x, const hs_code& c) { return x.code < c; });
        return it != t.codes.end() && it->code == code ? &it->goods : nullptr;
    }
    return nullptr;
}

}  // namespace detail

const hs_edition* hs_catalogue::edition_on(day d) const {
    const int year = static_cast<int>(std::chrono::year_month_day{d}.year());
    const hs_edition* best = nullptr;
    const hs_edition* earliest = nullptr;
    for (const auto& e : editions_) {
        const int y = detail::edition_year(e.name());
        if (y == 0) continue;
        if (earliest == nullptr || y < detail::edition_year(earliest->name())) earliest = &e;
        if (y <= year && (best == nullptr || y > detail::edition_year(best->name()))) best = &e;
    }
    return best != nullptr ? best : earliest;
}

std::vector<hs_code> hs_catalogue::correspondents(const hs_code& code, std::string_view from,
                                                  std::string_view to) const {
    std::vector<hs_code> out;
    const hs_edition* source = find(from);
    if (source == nullptr) return out;
    const std::vector<hs_key> keys =
        detail::iequals(from, to)
            ? source->subheadings_under(code.digits() > 6 ? code.prefix(6) : code)
            : detail::edition_links(*this, from, to).correspondents(*source, code);
    for (hs_key k : keys) out.push_back(hs_code::from_key(k, 6));
    return out;
}

}  // namespace embargo
