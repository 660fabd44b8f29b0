// Correlation tables between HS editions: reading the UNSD tables, and
// keeping one per pair in the catalogue. What the tables are used for, the
// translation of a code from one edition to another, is
// hs/edition_translation.cpp.

#include <algorithm>

#include "embargo/nomenclature.hpp"

#include "base/text.hpp"
#include "io/csv.hpp"

namespace embargo {

result<hs_correlation> hs_correlation::read(std::string newer, std::string older,
                                            std::string_view csv, std::string_view file) {
    std::vector<diagnostic> diagnostics;
    hs_correlation table;
    table.newer_ = std::move(newer);
    table.older_ = std::move(older);
    const std::string newer_column = detail::lower(table.newer_),
                      older_column = detail::lower(table.older_);
    auto error = [&](int line, int column, std::string message) {
        diagnostics.push_back({"hs.data-correlation",
                               severity::error,
                               {std::string(file), line, column},
                               std::move(message)});
    };
    detail::csv_reader reader(csv);
    if (reader.next() != detail::csv_status::record) {
        error(1, 1,
              "expected a header row naming the columns " + newer_column + " and " + older_column);
        return result<hs_correlation>(std::move(diagnostics));
    }
    const auto& header = reader.record();
    const auto* n = std::find(header.begin(), header.end(), newer_column);
    const auto* o = std::find(header.begin(), header.end(), older_column);
    if (n == header.end() || o == header.end()) {
        error(header.line(), 1,
              "the header has no column " + (n == header.end() ? newer_column : older_column));
        return result<hs_correlation>(std::move(diagnostics));
    }
    const auto ni = static_cast<std::size_t>(n - header.begin()),
               oi = static_cast<std::size_t>(o - header.begin());
    std::size_t errors = 0;
    for (detail::csv_status st; (st = reader.next()) != detail::csv_status::end;) {
        if (st == detail::csv_status::error) {
            diagnostics.push_back(reader.error());
            if (++errors == 50) return result<hs_correlation>(std::move(diagnostics));
            continue;
        }
        const auto& r = reader.record();
        if (r.size() <= std::max(ni, oi)) {
            error(r.line(), 1,
                  "expected a value in columns " + newer_column + " and " + older_column);
            if (++errors == 50) return result<hs_correlation>(std::move(diagnostics));
            continue;
        }
        auto a = hs_code::parse(r[ni]);
        auto b = hs_code::parse(r[oi]);
        if (!a || !b || a->digits() != 6 || b->digits() != 6) {
            const auto at = (!a || a->digits() != 6) ? r.position(ni) : r.position(oi);
            error(r.line(), at.column, "expected two 6-digit subheadings");
            if (++errors == 50) return result<hs_correlation>(std::move(diagnostics));
            continue;
        }
        table.links_.push_back({a->key(), b->key()});
    }
    if (errors != 0) return result<hs_correlation>(std::move(diagnostics));
    std::sort(table.links_.begin(), table.links_.end(), [](const link& x, const link& y) {
        return x.newer != y.newer ? x.newer < y.newer : x.older < y.older;
    });
    return {std::move(table), std::move(diagnostics)};
}

void hs_catalogue::add(hs_correlation correlation) {
    for (auto& c : correlations_) {
        if (detail::iequals(c.newer(), correlation.newer()) &&
            detail::iequals(c.older(), correlation.older())) {
            c = std::move(correlation);
            return;
        }
    }
    correlations_.push_back(std::move(correlation));
}

}  // namespace embargo
