// Correlation tables between HS editions, and the catalogue's questions that
// span editions: which edition a record's date implies, and which codes of
// the rules' edition correspond to the record's code.

#include <algorithm>
#include <cctype>

#include "io/csv.hpp"
#include "embargo/nomenclature.hpp"

namespace embargo {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool same_name(std::string_view a, std::string_view b) { return lower(a) == lower(b); }

// The year of an edition named HSyyyy, or 0.
int edition_year(std::string_view name) {
    if (name.size() != 6 || !same_name(name.substr(0, 2), "hs")) return 0;
    int y = 0;
    for (char c : name.substr(2)) {
        if (c < '0' || c > '9') return 0;
        y = y * 10 + (c - '0');
    }
    return y;
}

}  // namespace

std::optional<hs_correlation> hs_correlation::read(std::string newer, std::string older, std::string_view csv,
                                                   std::string_view file, std::vector<diagnostic>& diagnostics) {
    hs_correlation table;
    table.newer_ = std::move(newer);
    table.older_ = std::move(older);
    const std::string newer_column = lower(table.newer_), older_column = lower(table.older_);
    auto error = [&](int line, int column, std::string message) {
        diagnostics.push_back({"hs.data-correlation", severity::error, {std::string(file), line, column},
                               std::move(message)});
    };
    detail::csv_reader reader(csv);
    if (reader.next() != detail::csv_status::record) {
        error(1, 1, "expected a header row naming the columns " + newer_column + " and " + older_column);
        return std::nullopt;
    }
    const auto& header = reader.record();
    const auto* n = std::find(header.begin(), header.end(), newer_column);
    const auto* o = std::find(header.begin(), header.end(), older_column);
    if (n == header.end() || o == header.end()) {
        error(header.line(), 1, "the header has no column " + (n == header.end() ? newer_column : older_column));
        return std::nullopt;
    }
    const auto ni = static_cast<std::size_t>(n - header.begin()), oi = static_cast<std::size_t>(o - header.begin());
    std::size_t errors = 0;
    for (detail::csv_status st; (st = reader.next()) != detail::csv_status::end;) {
        if (st == detail::csv_status::error) {
            diagnostics.push_back(reader.error());
            if (++errors == 50) return std::nullopt;
            continue;
        }
        const auto& r = reader.record();
        if (r.size() <= std::max(ni, oi)) {
            error(r.line(), 1, "expected a value in columns " + newer_column + " and " + older_column);
            if (++errors == 50) return std::nullopt;
            continue;
        }
        auto a = hs_code::parse(r[ni]);
        auto b = hs_code::parse(r[oi]);
        if (!a || !b || a->digits() != 6 || b->digits() != 6) {
            const auto at = (!a || a->digits() != 6) ? r.position(ni) : r.position(oi);
            error(r.line(), at.column, "expected two 6-digit subheadings");
            if (++errors == 50) return std::nullopt;
            continue;
        }
        table.links_.push_back({a->key(), b->key()});
    }
    if (errors != 0) return std::nullopt;
    std::sort(table.links_.begin(), table.links_.end(),
              [](const link& x, const link& y) { return x.newer != y.newer ? x.newer < y.newer : x.older < y.older; });
    return table;
}

void hs_catalogue::add(hs_correlation correlation) {
    for (auto& c : correlations_) {
        if (same_name(c.newer(), correlation.newer()) && same_name(c.older(), correlation.older())) {
            c = std::move(correlation);
            return;
        }
    }
    correlations_.push_back(std::move(correlation));
}

const hs_edition* hs_catalogue::edition_on(day d) const {
    const int year = static_cast<int>(std::chrono::year_month_day{d}.year());
    const hs_edition* best = nullptr;
    const hs_edition* earliest = nullptr;
    for (const auto& e : editions_) {
        const int y = edition_year(e.name());
        if (y == 0) continue;
        if (earliest == nullptr || y < edition_year(earliest->name())) earliest = &e;
        if (y <= year && (best == nullptr || y > edition_year(best->name()))) best = &e;
    }
    return best != nullptr ? best : earliest;
}

std::vector<hs_code> hs_catalogue::correspondents(const hs_code& code, std::string_view from,
                                                  std::string_view to) const {
    std::vector<hs_code> out;
    const hs_edition* source = find(from);
    if (source == nullptr) return out;
    // The subheadings of `from` the code stands for.
    std::vector<hs_key> subheadings;
    if (code.digits() >= 6) {
        const hs_code six = code.prefix(6);
        if (source->contains(six)) subheadings.push_back(six.key());
    } else {
        const auto range = code.interval();
        for (auto it = source->codes().lower_bound(code); it != source->codes().end(); ++it) {
            if (!range.contains(it->first.key())) break;
            if (it->first.digits() == 6) subheadings.push_back(it->first.key());
        }
    }
    if (same_name(from, to)) {
        for (auto k : subheadings) out.push_back(hs_code::from_key(k, 6));
        return out;
    }
    for (const auto& table : correlations_) {
        const bool forward = same_name(table.newer(), from) && same_name(table.older(), to);
        const bool backward = same_name(table.older(), from) && same_name(table.newer(), to);
        if (!forward && !backward) continue;
        for (auto k : subheadings) {
            if (forward) {
                auto it = std::lower_bound(table.links().begin(), table.links().end(), k,
                                           [](const hs_correlation::link& l, hs_key key) { return l.newer < key; });
                for (; it != table.links().end() && it->newer == k; ++it) out.push_back(hs_code::from_key(it->older, 6));
            } else {
                for (const auto& l : table.links())
                    if (l.older == k) out.push_back(hs_code::from_key(l.newer, 6));
            }
        }
        break;
    }
    std::sort(out.begin(), out.end());
    out.erase(std::unique(out.begin(), out.end()), out.end());
    return out;
}

}  // namespace embargo
