// The screen report (embargo/screen_report.hpp): one HTML page, its charts
// drawn here as inline SVG.
//
// Written for the questions an analyst asks of a country's trade with a
// target across the years: how the flows changed as the measures came in,
// what is still unrestricted, what an exemption carves out. Every number
// the charts show is in a table too, so the text alone holds the totals
// (and a screen reader, a diff or a test can read them). Input cells reach
// the page only through escaped(); numbers are formatted by
// base/number_format, as the summary formats them.

#include "embargo/screen_report.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <map>
#include <string_view>

#include "embargo/explain.hpp"

#include "base/number_format.hpp"
#include "base/text.hpp"
#include "screen/screen_pass.hpp"

namespace embargo {

void report_context::note(const diagnostic& d) {
    if (d.severity != severity::error) return;
    ++error_count;
    if (errors.size() < max_listed_errors) errors.push_back(d);
}

namespace {

constexpr std::size_t statuses = 5;

// By status index. Okabe and Ito's palette, which readers with a colour
// deficiency tell apart; unrestricted in grey, as the absence of a finding.
constexpr std::array<std::string_view, statuses> colours{"#9aa4ae", "#009e73", "#cc79a7", "#e69f00",
                                                         "#d55e00"};

// Most severe first, as the summary lists them; the bars stack the other
// way, prohibited at the foot where the years compare best.
constexpr std::array<status, statuses> by_severity{status::prohibited, status::indeterminate,
                                                   status::capped, status::carved_out,
                                                   status::unrestricted};

std::size_t index(status s) noexcept {
    return static_cast<std::size_t>(s);
}

std::string escaped(std::string_view text) {
    return detail::xml_escaped(text, false);
}

std::string count_text(std::uint64_t n) {
    return detail::number_text(static_cast<double>(n));
}

std::string rows_text(std::uint64_t n) {
    return count_text(n) + (n == 1 ? " row" : " rows");
}

std::string unvalued_text(std::uint64_t n) {
    return rows_text(n) + " without a USD value";
}

// A coordinate, to a tenth of a pixel.
std::string px(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    std::string s = buf;
    if (s.size() > 2 && s.compare(s.size() - 2, 2, ".0") == 0) s.resize(s.size() - 2);
    return s;
}

// An axis label: "500", "20 k", "1.5 M", "3 bn".
std::string short_text(double v) {
    const char* suffix = "";
    double scaled = v;
    if (v >= 1e9) {
        scaled = v / 1e9;
        suffix = " bn";
    } else if (v >= 1e6) {
        scaled = v / 1e6;
        suffix = " M";
    } else if (v >= 1e3) {
        scaled = v / 1e3;
        suffix = " k";
    }
    return px(scaled) + suffix;
}

// A value in USD with the rows that give none: "12,700,000" and, beneath,
// "1 row without a USD value"; "no USD value" when no row gives one.
std::string value_cell(const screen_tally& t) {
    if (t.rows == 0) return "<td class=\"num zero\">0</td>";
    if (t.unvalued == t.rows)
        return "<td class=\"num\"><span class=\"note\">no USD value</span></td>";
    std::string out = "<td class=\"num\">" + detail::cents_text(t.usd_cents);
    if (t.unvalued > 0) out += "<br><span class=\"note\">" + unvalued_text(t.unvalued) + "</span>";
    return out + "</td>";
}

std::string rows_cell(std::uint64_t n) {
    return n == 0 ? std::string("<td class=\"num zero\">0</td>")
                  : "<td class=\"num\">" + count_text(n) + "</td>";
}

std::string swatch(status s) {
    return "<span class=\"swatch\" style=\"background:" + std::string(colours[index(s)]) +
           "\"></span>";
}

std::string verdict_label(status s) {
    return swatch(s) + "<span class=\"verdict\">" + std::string(to_string(s)) + "</span>";
}

std::string heading_cells(const rule_set& rules, const hs_code& heading) {
    std::string out = "<td class=\"code\">" + escaped(heading.dotted()) + "</td><td>";
    if (const auto d = describe_code(rules, heading)) out += escaped(d->description);
    return out + "</td>";
}

screen_tally sum(const std::array<screen_tally, statuses>& tallies) {
    screen_tally total;
    for (const auto& t : tallies) total.add(t);
    return total;
}

// The years a chart spans: every year from the first to the last, so that
// a gap shows as one; only the years with rows when they span more than a
// lifetime of trade statistics (a mistyped date, say).
std::vector<int> chart_years(const screen_breakdown& b) {
    std::vector<int> years;
    if (b.by_year.empty()) return years;
    const int first = b.by_year.begin()->first;
    const int last = b.by_year.rbegin()->first;
    if (last - first < 60) {
        for (int y = first; y <= last; ++y) years.push_back(y);
    } else {
        for (const auto& entry : b.by_year) years.push_back(entry.first);
    }
    return years;
}

// A round step for about four grid lines up to `top`: 1, 2 or 5 times a
// power of ten.
double grid_step(double top) {
    const double raw = top / 4;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (const double m : {1.0, 2.0, 5.0})
        if (m * magnitude >= raw) return m * magnitude;
    return 10 * magnitude;
}

// Stacked bars per year, one segment per verdict, as inline SVG.
void write_chart(std::string& out, const screen_breakdown& b, bool value, std::string_view title) {
    const std::vector<int> years = chart_years(b);
    const auto amount = [&](const screen_tally& t) {
        if (!value) return static_cast<double>(t.rows);
        return std::max(0.0, static_cast<double>(t.usd_cents) / 100);
    };
    double top = 0;
    for (const auto& [year, tallies] : b.by_year) {
        double total = 0;
        for (const auto& t : tallies) total += amount(t);
        top = std::max(top, total);
    }
    constexpr double width = 1080;
    constexpr double height = 300;
    constexpr double left = 70;
    constexpr double right = 10;
    constexpr double above = 22;
    constexpr double below = 30;
    const double plot_w = width - left - right;
    const double plot_h = height - above - below;
    const double step = top > 0 ? grid_step(top) : 1;
    const double axis = top > 0 ? std::ceil(top / step) * step : 4;
    const auto y_of = [&](double v) { return above + plot_h * (1 - v / axis); };

    out += "<svg class=\"chart\" viewBox=\"0 0 " + px(width) + " " + px(height) +
           "\" width=\"100%\" role=\"img\" aria-label=\"" + detail::xml_escaped(title) +
           "\" xmlns=\"http://www.w3.org/2000/svg\">\n";
    for (double v = 0; v <= axis + step / 2; v += step) {
        const std::string y = px(y_of(v));
        out += "<line class=\"grid\" x1=\"" + px(left) + "\" x2=\"" + px(width - right) +
               "\" y1=\"" + y + "\" y2=\"" + y + "\"/><text class=\"axis\" x=\"" + px(left - 8) +
               "\" y=\"" + y + "\" dy=\"4\" text-anchor=\"end\">" + short_text(v) + "</text>\n";
    }
    const double slot = plot_w / static_cast<double>(std::max<std::size_t>(years.size(), 1));
    const double bar = std::min(64.0, slot * 0.62);
    const auto label_every = static_cast<std::size_t>(std::ceil(44 / slot));
    for (std::size_t i = 0; i < years.size(); ++i) {
        const int year = years[i];
        const double x = left + slot * static_cast<double>(i) + (slot - bar) / 2;
        const double middle = x + bar / 2;
        if (i % label_every == 0)
            out += "<text class=\"axis\" x=\"" + px(middle) + "\" y=\"" + px(height - below + 18) +
                   "\" text-anchor=\"middle\">" + std::to_string(year) + "</text>\n";
        const auto found = b.by_year.find(year);
        if (found == b.by_year.end()) continue;
        double base = 0;
        for (std::size_t k = statuses; k-- > 0;) {
            const status s = by_severity[k];
            const screen_tally& t = found->second[index(s)];
            const double v = amount(t);
            if (v <= 0) continue;
            const double y0 = y_of(base);
            const double y1 = y_of(base + v);
            base += v;
            out += "<rect x=\"" + px(x) + "\" y=\"" + px(y1) + "\" width=\"" + px(bar) +
                   "\" height=\"" + px(std::max(y0 - y1, 0.5)) + "\" fill=\"" +
                   std::string(colours[index(s)]) + "\"><title>" + std::to_string(year) + " " +
                   std::string(to_string(s)) + ": " +
                   (value ? "USD " + detail::cents_text(t.usd_cents) + ", " : std::string()) +
                   rows_text(t.rows) + "</title></rect>\n";
        }
        if (base > 0)
            out += "<text class=\"total\" x=\"" + px(middle) + "\" y=\"" + px(y_of(base) - 6) +
                   "\" text-anchor=\"middle\">" + short_text(base) + "</text>\n";
    }
    out += "<line class=\"baseline\" x1=\"" + px(left) + "\" x2=\"" + px(width - right) +
           "\" y1=\"" + px(y_of(0)) + "\" y2=\"" + px(y_of(0)) + "\"/>\n</svg>\n";
}

void write_legend(std::string& out) {
    out += "<p class=\"legend\">";
    for (const status s : by_severity) out += "<span>" + verdict_label(s) + "</span>";
    out += "</p>\n";
}

// The numbers of a chart, year by year, with the totals.
void write_year_table(std::string& out, const screen_breakdown& b, bool value) {
    out += "<table class=\"years\"><thead><tr><th>year</th>";
    for (const status s : by_severity) out += "<th class=\"num\">" + verdict_label(s) + "</th>";
    out += "<th class=\"num\">all</th></tr></thead>\n<tbody>\n";
    std::array<screen_tally, statuses> totals{};
    for (const auto& [year, tallies] : b.by_year) {
        out += "<tr><th scope=\"row\">" + std::to_string(year) + "</th>";
        for (const status s : by_severity) {
            const screen_tally& t = tallies[index(s)];
            out += value ? value_cell(t) : rows_cell(t.rows);
            totals[index(s)].add(t);
        }
        const screen_tally all = sum(tallies);
        out += (value ? value_cell(all) : rows_cell(all.rows)) + "</tr>\n";
    }
    out += "</tbody><tfoot><tr><th scope=\"row\">all years</th>";
    for (const status s : by_severity) {
        const screen_tally& t = totals[index(s)];
        out += value ? value_cell(t) : rows_cell(t.rows);
    }
    const screen_tally all = sum(totals);
    out += (value ? value_cell(all) : rows_cell(all.rows)) + "</tr></tfoot></table>\n";
}

void write_header(std::string& out, const screen_stats& stats, const rule_set& rules,
                  const report_context& context) {
    out += "<header>\n<p class=\"kicker\">embargo screen report</p>\n<h1>" +
           escaped(context.input) + "</h1>\n<dl class=\"meta\">\n<dt>rules</dt><dd>" +
           escaped(rules.name()) + "</dd>\n<dt>revision</dt><dd><code>" +
           escaped(rules.revision()) + "</code></dd>\n<dt>from</dt><dd>" +
           escaped(context.rules_origin) + "</dd>\n<dt>embargo</dt><dd>" +
           escaped(context.version) + "</dd>\n</dl>\n";

    screen_tally all;
    screen_tally flagged;
    for (std::size_t s = 0; s < statuses; ++s) {
        screen_tally t;
        t.rows = stats.by_status[s];
        t.unvalued = stats.unvalued_by_status[s];
        t.usd_cents = stats.usd_cents_by_status[s];
        all.add(t);
        if (s == index(status::prohibited) || s == index(status::indeterminate)) flagged.add(t);
    }
    const auto card = [&](std::string_view label, const std::string& figure,
                          const std::string& note) {
        out += "<div class=\"card\"><div class=\"label\">" + std::string(label) +
               "</div><div class=\"figure\">" + figure + "</div><div class=\"note\">" + note +
               "</div></div>\n";
    };
    out += "<div class=\"cards\">\n";
    card("rows read", count_text(stats.rows),
         count_text(stats.judged) + " judged, " + count_text(stats.errors) + " unreadable");
    card("value judged", "USD " + detail::cents_text(all.usd_cents),
         all.unvalued > 0 ? unvalued_text(all.unvalued) : std::string("every row gives one"));
    card("flagged (prohibited or indeterminate)", rows_text(flagged.rows),
         "USD " + detail::cents_text(flagged.usd_cents) +
             (flagged.unvalued > 0 ? "; " + unvalued_text(flagged.unvalued) : std::string()));
    out += "</div>\n";

    out +=
        "<table class=\"verdicts\"><thead><tr><th>verdict</th><th class=\"num\">rows</th><th "
        "class=\"num\">value USD</th><th class=\"num\">share of value</th></tr></thead>\n"
        "<tbody>\n";
    for (const status s : by_severity) {
        const std::size_t si = index(s);
        screen_tally t;
        t.rows = stats.by_status[si];
        t.unvalued = stats.unvalued_by_status[si];
        t.usd_cents = stats.usd_cents_by_status[si];
        std::string share = "&#8211;";
        if (all.usd_cents > 0 && t.usd_cents >= 0) {
            char buf[32];
            std::snprintf(
                buf, sizeof buf, "%.1f %%",
                100.0 * static_cast<double>(t.usd_cents) / static_cast<double>(all.usd_cents));
            share = buf;
        }
        out += "<tr><th scope=\"row\">" + verdict_label(s) + "</th>" + rows_cell(t.rows) +
               value_cell(t) + "<td class=\"num\">" + share + "</td></tr>\n";
    }
    out += "</tbody></table>\n</header>\n";
}

void write_years(std::string& out, const screen_breakdown& b) {
    out += "<section id=\"years\">\n<h2>By year</h2>\n";
    if (b.by_year.empty()) {
        out += "<p>No row was judged.</p>\n</section>\n";
        return;
    }
    out += "<p>Each row counts in the year its period starts in.</p>\n";
    write_legend(out);
    out += "<figure>\n<figcaption>Value in USD by verdict</figcaption>\n";
    write_chart(out, b, true, "Value in USD by verdict, per year");
    std::string unvalued;
    for (const auto& [year, tallies] : b.by_year) {
        const std::uint64_t n = sum(tallies).unvalued;
        if (n > 0)
            unvalued +=
                (unvalued.empty() ? "" : "; ") + std::to_string(year) + ": " + unvalued_text(n);
    }
    if (!unvalued.empty())
        out += "<p class=\"note\">Not in the bars, which show value: " + unvalued + ".</p>\n";
    out += "</figure>\n";
    write_year_table(out, b, true);
    out += "<figure>\n<figcaption>Rows by verdict</figcaption>\n";
    write_chart(out, b, false, "Rows by verdict, per year");
    out += "</figure>\n";
    write_year_table(out, b, false);
    out += "</section>\n";
}

void write_flagged(std::string& out, const screen_breakdown& b, const rule_set& rules) {
    constexpr std::size_t shown = 20;
    out +=
        "<section id=\"flagged\">\n<h2>HS headings flagged</h2>\n"
        "<p>Rows found prohibited or indeterminate, by the heading of their code (its "
        "first four digits; a chapter row under its chapter), most value first, with the "
        "measures that flag them.</p>\n";
    struct heading_row {
        hs_code heading;
        screen_tally prohibited;
        screen_tally indeterminate;
        screen_tally all;
    };
    std::vector<heading_row> headings;
    for (const auto& [key, tally] : b.flagged) {
        if (headings.empty() || headings.back().heading != key.first)
            headings.push_back({key.first, {}, {}, {}});
        heading_row& h = headings.back();
        (key.second == status::prohibited ? h.prohibited : h.indeterminate).add(tally);
        h.all.add(tally);
    }
    if (headings.empty()) {
        out += "<p>No row was found prohibited or indeterminate.</p>\n</section>\n";
        return;
    }
    std::stable_sort(headings.begin(), headings.end(),
                     [](const heading_row& x, const heading_row& y) {
                         if (x.all.usd_cents != y.all.usd_cents)
                             return x.all.usd_cents > y.all.usd_cents;
                         return x.all.rows > y.all.rows;
                     });
    out +=
        "<table class=\"flagged\"><thead><tr><th>heading</th><th>description</th><th "
        "class=\"num\">" +
        verdict_label(status::prohibited) +
        "<br>rows</th><th class=\"num\">value USD</th><th "
        "class=\"num\">" +
        verdict_label(status::indeterminate) +
        "<br>rows</th><th class=\"num\">value USD</th><th>measures</th></tr></thead>\n"
        "<tbody>\n";
    for (std::size_t i = 0; i < std::min(shown, headings.size()); ++i) {
        const heading_row& h = headings[i];
        out += "<tr>" + heading_cells(rules, h.heading) + rows_cell(h.prohibited.rows) +
               value_cell(h.prohibited) + rows_cell(h.indeterminate.rows) +
               value_cell(h.indeterminate) + "<td class=\"measures\">";
        // The measures of this heading, the ones that flag most rows first.
        std::vector<std::pair<std::uint32_t, screen_tally>> measures;
        for (auto it = b.flagged_by_measure.lower_bound({h.heading, 0, status::unrestricted});
             it != b.flagged_by_measure.end() && std::get<0>(it->first) == h.heading; ++it) {
            const std::uint32_t m = std::get<1>(it->first);
            if (measures.empty() || measures.back().first != m)
                measures.emplace_back(m, screen_tally{});
            measures.back().second.add(it->second);
        }
        std::stable_sort(measures.begin(), measures.end(), [](const auto& x, const auto& y) {
            return x.second.rows > y.second.rows;
        });
        for (const auto& [m, tally] : measures) {
            if (m >= rules.measures().size()) continue;
            const measure& which = rules.measures()[m];
            out += "<div><code>" + escaped(which.id) + "</code> " + escaped(which.citation) +
                   " <span class=\"note\">" + rows_text(tally.rows) + "</span></div>";
        }
        out += "</td></tr>\n";
    }
    out += "</tbody></table>\n";
    if (headings.size() > shown) {
        screen_tally rest;
        for (std::size_t i = shown; i < headings.size(); ++i) rest.add(headings[i].all);
        out += "<p>And " + count_text(headings.size() - shown) +
               " more headings flagged: " + rows_text(rest.rows) + ", USD " +
               detail::cents_text(rest.usd_cents) +
               (rest.unvalued > 0 ? " (" + unvalued_text(rest.unvalued) + ")" : std::string()) +
               ".</p>\n";
    }
    out += "</section>\n";
}

void write_exempted(std::string& out, const screen_breakdown& b, const rule_set& rules) {
    out +=
        "<section id=\"exempted\">\n<h2>Carved out and capped</h2>\n"
        "<p>Rows an exemption takes out of a measure (carved_out), or under a quota "
        "(capped), by the exemption that applies, heading and year.</p>\n";
    if (b.exempted.empty()) {
        out += "<p>No row was carved out or capped.</p>\n</section>\n";
        return;
    }
    auto it = b.exempted.begin();
    while (it != b.exempted.end()) {
        const std::uint32_t e = std::get<0>(it->first);
        auto end = it;
        screen_tally total;
        for (; end != b.exempted.end() && std::get<0>(end->first) == e; ++end)
            total.add(end->second);
        out += "<div class=\"exemption\">\n<h3>";
        if (e < rules.exemptions().size()) {
            const exemption& which = rules.exemptions()[e];
            out += "<code>" + escaped(which.id) + "</code> " + escaped(which.citation) + "</h3>\n";
            if (!which.summary.empty())
                out += "<p class=\"summary\">" + escaped(which.summary) + "</p>\n";
        } else {
            out += "no exemption named</h3>\n";
        }
        out += "<p>" + rows_text(total.rows) + ", USD " + detail::cents_text(total.usd_cents) +
               (total.unvalued > 0 ? " (" + unvalued_text(total.unvalued) + ")" : std::string()) +
               ".</p>\n<table class=\"exempted\"><thead><tr><th>heading</th><th>description</th>"
               "<th>year</th><th>verdict</th><th class=\"num\">rows</th><th class=\"num\">value "
               "USD</th></tr></thead>\n<tbody>\n";
        for (; it != end; ++it) {
            out += "<tr>" + heading_cells(rules, std::get<1>(it->first)) + "<td>" +
                   std::to_string(std::get<2>(it->first)) + "</td><td>" +
                   verdict_label(std::get<3>(it->first)) + "</td>" + rows_cell(it->second.rows) +
                   value_cell(it->second) + "</tr>\n";
        }
        out += "</tbody></table>\n</div>\n";
    }
    out += "</section>\n";
}

void write_unreadable(std::string& out, const screen_stats& stats, const report_context& context) {
    out += "<section id=\"unreadable\">\n<h2>Rows that could not be read</h2>\n";
    if (stats.errors == 0 && context.error_count == 0) {
        out += "<p>Every row was read.</p>\n</section>\n";
        return;
    }
    out += "<p>" + rows_text(stats.errors) + " could not be read" +
           (context.error_count != stats.errors
                ? " (" + count_text(context.error_count) +
                      (context.error_count == 1 ? " error" : " errors") + ")"
                : std::string()) +
           "; they were not judged and are in no count above.</p>\n";
    if (!context.errors.empty()) {
        out +=
            "<table class=\"errors\"><thead><tr><th class=\"num\">line</th><th "
            "class=\"num\">column</th><th>error</th><th>message</th></tr></thead>\n<tbody>\n";
        for (const diagnostic& d : context.errors)
            out += "<tr><td class=\"num\">" + std::to_string(d.where.line) +
                   "</td><td class=\"num\">" +
                   (d.where.column > 0 ? std::to_string(d.where.column) : std::string()) +
                   "</td><td><code>" + escaped(d.id) + "</code></td><td>" + escaped(d.message) +
                   "</td></tr>\n";
        out += "</tbody></table>\n";
    }
    if (context.error_count > context.errors.size())
        out += "<p>And " + count_text(context.error_count - context.errors.size()) + " more.</p>\n";
    out += "</section>\n";
}

void write_footer(std::string& out, const rule_set& rules, const report_context& context) {
    out +=
        "<footer>\n<h2>What these rules do not screen</h2>\n<p><strong>unrestricted is not "
        "clearance.</strong> It means that no measure these rules encode applies to the row; "
        "what HS codes cannot express is not screened, and must be checked apart:</p>\n";
    const std::vector<std::string> items = rules.not_screened();
    if (items.empty()) {
        out += "<p>(The rules list nothing.)</p>\n";
    } else {
        out += "<ul class=\"unscreened\">\n";
        for (const auto& item : items) out += "<li>" + escaped(item) + "</li>\n";
        out += "</ul>\n";
    }
    out += "<p class=\"note\">Made by embargo " + escaped(context.version) + " with the rules " +
           escaped(rules.name()) + " (revision " + escaped(rules.revision()) + ", " +
           escaped(context.rules_origin) + ").</p>\n</footer>\n";
}

constexpr std::string_view style = R"(
:root { color-scheme: light; -webkit-print-color-adjust: exact; print-color-adjust: exact; }
body { margin: 0; background: #fff; color: #1d2329;
  font: 15px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
main { max-width: 1100px; margin: 0 auto; padding: 28px 40px 40px; }
h1 { font-size: 26px; margin: 2px 0 10px; word-break: break-all; }
h2 { font-size: 19px; margin: 36px 0 8px; padding-bottom: 4px; border-bottom: 1px solid #d5dae0; }
h3 { font-size: 15px; margin: 18px 0 4px; }
p { margin: 6px 0; max-width: 80ch; }
code { font: 13px ui-monospace, "DejaVu Sans Mono", Menlo, Consolas, monospace; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: 12px; color: #5b6670; margin: 0; }
.meta { display: grid; grid-template-columns: max-content 1fr; gap: 2px 14px; margin: 0 0 16px; font-size: 13px; }
.meta dt { color: #5b6670; } .meta dd { margin: 0; word-break: break-word; }
.cards { display: flex; gap: 14px; margin: 14px 0; }
.card { flex: 1; border: 1px solid #d5dae0; border-radius: 6px; padding: 10px 14px; }
.card .label { font-size: 12px; color: #5b6670; }
.card .figure { font-size: 24px; font-weight: 600; font-variant-numeric: tabular-nums; }
.note { font-size: 12px; color: #5b6670; }
table { border-collapse: collapse; margin: 10px 0 18px; font-size: 13px; font-variant-numeric: tabular-nums; }
th, td { padding: 4px 10px; border-bottom: 1px solid #e6e9ed; text-align: left; vertical-align: top; }
thead th { font-weight: 600; border-bottom: 2px solid #c3cad2; }
tfoot th, tfoot td { border-top: 2px solid #c3cad2; font-weight: 600; }
.num { text-align: right; white-space: nowrap; }
.zero { color: #b3bac2; }
.code { white-space: nowrap; font-weight: 600; }
.swatch { display: inline-block; width: 11px; height: 11px; border-radius: 2px; margin-right: 5px; vertical-align: -1px; }
.legend > span { margin-right: 18px; font-size: 13px; white-space: nowrap; }
figure { margin: 14px 0 4px; }
figcaption { font-weight: 600; font-size: 14px; }
.chart { display: block; max-width: 100%; height: auto; }
.chart text { font: 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; fill: #3c4650; }
.chart .total { font-weight: 600; fill: #1d2329; }
.chart .grid { stroke: #e6e9ed; } .chart .baseline { stroke: #7d8791; }
rect { shape-rendering: crispEdges; }
table.flagged, table.exempted { width: 100%; }
.measures div { margin-bottom: 2px; white-space: nowrap; }
.summary { color: #3c4650; font-size: 13px; }
.unscreened { columns: 2; column-gap: 32px; font-size: 12px; padding-left: 18px; }
.unscreened li { break-inside: avoid; margin-bottom: 4px; }
footer { margin-top: 36px; }
@media print {
  body { font-size: 10pt; } main { max-width: none; padding: 0; }
  h2 { break-after: avoid; } tr, figure, .card { break-inside: avoid; }
}
)";

}  // namespace

std::string format_html(const screen_stats& stats, const rule_set& rules,
                        const report_context& context) {
    std::string out;
    out +=
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        "<meta name=\"generator\" content=\"embargo " +
        detail::xml_escaped(context.version) +
        "\">\n<title>embargo screen: " + escaped(context.input) + "</title>\n<style>" +
        std::string(style) + "</style>\n</head>\n<body>\n<main>\n";
    write_header(out, stats, rules, context);
    if (stats.breakdown) {
        write_years(out, *stats.breakdown);
        write_flagged(out, *stats.breakdown, rules);
        write_exempted(out, *stats.breakdown, rules);
    } else {
        out +=
            "<p>The screen kept no breakdown by year, heading and exemption "
            "(screen_options::breakdown was not set).</p>\n";
    }
    write_unreadable(out, stats, context);
    write_footer(out, rules, context);
    out += "</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace embargo
