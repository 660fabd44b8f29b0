#include "support/rule_generator.hpp"

#include <sstream>

#include "embargo/numbers.hpp"

#include "support/files.hpp"

namespace embargo::testing {

namespace {

template <class T>
const T& pick(std::mt19937_64& rng, const std::vector<T>& v) {
    return v[std::uniform_int_distribution<std::size_t>(0, v.size() - 1)(rng)];
}

bool chance(std::mt19937_64& rng, double p) {
    return std::bernoulli_distribution(p)(rng);
}

int between(std::mt19937_64& rng, int lo, int hi) {
    return std::uniform_int_distribution<int>(lo, hi)(rng);
}

day random_day(std::mt19937_64& rng, int first_year, int last_year) {
    const day lo = std::chrono::sys_days{std::chrono::year{first_year} / 1 / 1};
    const day hi = std::chrono::sys_days{std::chrono::year{last_year} / 12 / 31};
    return lo + std::chrono::days{between(rng, 0, static_cast<int>((hi - lo).count()))};
}

std::string code_of_length(std::mt19937_64& rng, std::size_t digits) {
    std::string c;
    while (c.size() < digits) {
        c = pick(rng, hs2017_codes());
    }
    return c.substr(0, digits);
}

std::string selector_term(std::mt19937_64& rng) {
    const int kind = between(rng, 0, 19);
    if (kind == 0) return "all";
    if (kind <= 2) {
        static const std::vector<std::string> sections{"I", "V", "XI", "XV", "XVI", "XVII", "XX"};
        return "section " + pick(rng, sections);
    }
    if (kind <= 5) {
        std::string a = code_of_length(rng, 2), b = code_of_length(rng, 2);
        if (b < a) std::swap(a, b);
        return a + "-" + b;
    }
    const std::size_t len = static_cast<std::size_t>(2 * between(rng, 1, 3));
    return code_of_length(rng, len);
}

std::string selector(std::mt19937_64& rng) {
    std::string s = selector_term(rng);
    for (int n = between(rng, 0, 3); n > 0; --n) s += ", " + selector_term(rng);
    if (chance(rng, 0.2))
        s += " except " + code_of_length(rng, static_cast<std::size_t>(2 * between(rng, 1, 3)));
    return s;
}

std::string atom(std::mt19937_64& rng) {
    switch (between(rng, 0, 13)) {
        case 0:
            return "flag";
        case 1:
            return "not flag";
        case 2:
            return "approval";
        case 3:
            return "amount > " + std::to_string(between(rng, 0, 200)) + ".5";
        case 4:
            return "amount <= " + std::to_string(between(rng, 0, 200));
        case 5:
            return "signed < " + to_string(random_day(rng, 2000, 2025));
        case 6:
            return "signed >= " + to_string(random_day(rng, 2000, 2025));
        case 7:
            return "kind == \"b\"";
        case 8:
            return "kind in [\"a\", \"c\"]";
        case 9:
            return "partner != \"KP\"";
        case 10:
            return "origin == \"RU\"";
        case 11:
            return "unit_value > 100";
        case 12:
            return "quantity >= 5 and unit == \"t\"";
        default:
            return chance(rng, 0.5) ? "true" : "false";
    }
}

std::string condition_text(std::mt19937_64& rng, int depth = 0) {
    if (depth >= 3 || chance(rng, 0.45)) return atom(rng);
    const int kind = between(rng, 0, 2);
    if (kind == 0) return "not (" + condition_text(rng, depth + 1) + ")";
    const std::string op = kind == 1 ? " and " : " or ";
    std::string s = "(" + condition_text(rng, depth + 1);
    for (int n = between(rng, 1, 3); n > 0; --n) s += op + condition_text(rng, depth + 1);
    return s + ")";
}

// YAML single quotes: conditions hold double quotes.
std::string sq(const std::string& s) {
    return "'" + s + "'";
}

std::string disputed_block(std::mt19937_64& rng, const std::string& indent) {
    std::string y = indent + "disputed:\n";
    for (int n = between(rng, 1, 2); n > 0; --n)
        y += indent + "  - {goods: \"" + selector(rng) + "\", note: N" +
             std::to_string(between(rng, 1, 2)) + "}\n";
    return y;
}

}  // namespace

const std::vector<rule_source>& hs_sources() {
    static const std::vector<rule_source> sources = [] {
        std::vector<rule_source> s;
        for (const char* name : {"hs2012.csv", "hs2017.csv", "hs2022.csv", "sections.csv",
                                 "hs2017_hs2012_correlation.csv", "hs2022_hs2017_correlation.csv",
                                 "hs2022_hs2012_correlation.csv"})
            s.push_back({std::string("hs/") + name,
                         read_file(std::string(EMBARGO_SOURCE_DIR "/rules/hs/") + name)});
        return s;
    }();
    return sources;
}

const std::vector<std::string>& hs2017_codes() {
    static const std::vector<std::string> codes = [] {
        std::vector<std::string> out;
        std::istringstream in(hs_sources()[1].text);
        std::string line;
        std::getline(in, line);  // header
        while (std::getline(in, line)) {
            // section,hscode,...: the first two fields are never quoted.
            const auto a = line.find(',');
            const auto b = line.find(',', a + 1);
            const std::string code = line.substr(a + 1, b - a - 1);
            if (code.empty() || code[0] < '0' || code[0] > '9' || code.rfind("99", 0) == 0)
                continue;
            out.push_back(code);
        }
        return out;
    }();
    return codes;
}

std::vector<rule_source> generate_rule_set(std::mt19937_64& rng) {
    std::vector<rule_source> out = hs_sources();
    out.push_back({"gen/regime.yaml", R"(regime: gen/test
title: generated
target: KP
hs_edition: HS2017
nomenclature: ../hs
verified: )" + to_string(random_day(rng, 2005, 2024)) +
                                          R"(
facts:
  flag: {type: boolean, meaning: a flag}
  approval: {type: boolean, meaning: defaults to false, default: false}
  amount: {type: number, meaning: a number}
  signed: {type: date, meaning: a date}
  kind: {type: text, meaning: a closed text, values: [a, b, c]}
  partner: {type: country, meaning: a country}
notes:
  N1: First note. More text.
  N2: Second note.
)"});
    std::vector<std::pair<std::string, day>> measures;  // id, from
    int exemption_count = 0;
    for (int file = 0, files = between(rng, 1, 3); file < files; ++file) {
        std::ostringstream y;
        y << "instrument: GEN/" << file << "\nadopted: 2000-01-01\n";
        // A disputed instrument: the differential test reads it each way.
        if (file == 0 && chance(rng, 0.5)) y << "standing: {disputed: N2}\n";
        y << "measures:\n";
        for (int k = 0, n = between(rng, 2, 12); k < n; ++k) {
            std::string id =
                "m";  // built piecewise: GCC 12 -O3 warns falsely (-Wrestrict) on "m" + ...
            id += std::to_string(file);
            id += '-';
            id += std::to_string(k);
            const day from = random_day(rng, 2001, 2022);
            static const std::vector<std::string> directions{"to-target", "from-target", "both"};
            y << "  - id: " << id << "\n    citation: GEN " << id
              << "\n    direction: " << pick(rng, directions) << "\n    goods: \"" << selector(rng)
              << "\"\n    from: " << to_string(from) << "\n";
            // Another state than the regime's: flows are judged per target.
            if (chance(rng, 0.2)) y << "    target: RU\n";
            if (chance(rng, 0.3))
                y << "    until: " << to_string(from + std::chrono::days{between(rng, 1, 3000)})
                  << "\n";
            else if (chance(rng, 0.3))
                y << "    expires: " << to_string(from + std::chrono::days{between(rng, 0, 3000)})
                  << "\n";
            if (chance(rng, 0.4)) y << "    when: " << sq(condition_text(rng)) << "\n";
            if (chance(rng, 0.2)) y << disputed_block(rng, "    ");
            if (chance(rng, 0.25)) {
                y << "    wind_down:\n      last_day: "
                  << to_string(from + std::chrono::days{between(rng, 0, 120)})
                  << "\n      when: " << sq(condition_text(rng)) << "\n";
                if (chance(rng, 0.3)) y << "      goods: \"" << selector(rng) << "\"\n";
                if (chance(rng, 0.2)) y << disputed_block(rng, "      ");
            }
            if (!measures.empty() && chance(rng, 0.2)) {
                const auto& old = pick(rng, measures);
                if (old.second < from)
                    y << "    " << (chance(rng, 0.5) ? "supersedes" : "replaces") << ": ["
                      << old.first << "]\n";
            }
            measures.emplace_back(id, from);
        }
        y << "exemptions:\n";
        for (int k = 0, n = between(rng, 0, 6); k < n; ++k) {
            y << "  - id: e" << exemption_count++ << "\n    carves_out: ["
              << pick(rng, measures).first;
            if (chance(rng, 0.3)) y << ", " << pick(rng, measures).first;
            y << "]\n";
            if (chance(rng, 0.5)) y << "    goods: \"" << selector(rng) << "\"\n";
            if (chance(rng, 0.2)) y << disputed_block(rng, "    ");
            if (chance(rng, 0.3)) {
                const day from = random_day(rng, 2001, 2022);
                y << "    from: " << to_string(from) << "\n";
                if (chance(rng, 0.5))
                    y << "    until: " << to_string(from + std::chrono::days{between(rng, 1, 2000)})
                      << "\n";
            }
            if (chance(rng, 0.7)) y << "    when: " << sq(condition_text(rng)) << "\n";
            if (chance(rng, 0.25))
                y << "    quota: {limits: [{amount: 1000, unit: t}], period: calendar-year, start: "
                     "2018-01-01}\n";
        }
        out.push_back({"gen/i" + std::to_string(file) + ".yaml", y.str()});
    }
    return out;
}

trade_record generate_record(std::mt19937_64& rng) {
    trade_record r;
    static const std::vector<std::size_t> lengths{2, 4, 6, 6, 6, 8, 10};
    const std::size_t length = pick(rng, lengths);
    std::string code = code_of_length(rng, std::min<std::size_t>(length, 6));
    while (code.size() < length)
        code += static_cast<char>('0' + between(rng, 0, 9));  // a national extension
    r.code = hs_code::parse(code).value();
    static const std::vector<std::string> countries{"KP", "KP", "KP", "CN", "RU", "US"};
    r.exporter = country_code::parse(pick(rng, countries)).value();
    r.importer = country_code::parse(pick(rng, countries)).value();
    if (chance(rng, 0.7)) r.origin = country_code::parse(pick(rng, countries)).value();
    const day d = random_day(rng, 1999, 2026);
    const std::chrono::year_month_day ymd{d};
    switch (between(rng, 0, 2)) {
        case 0:
            r.period = period::of_day(d);
            break;
        case 1: {
            const std::chrono::year_month ym{ymd.year(), ymd.month()};
            r.period = {std::chrono::sys_days{ym / 1},
                        std::chrono::sys_days{ym / std::chrono::last}, period_kind::month};
            break;
        }
        default:
            r.period = {std::chrono::sys_days{ymd.year() / 1 / 1},
                        std::chrono::sys_days{ymd.year() / 12 / 31}, period_kind::year};
    }
    // The edition a statistics row names: shipped ones read through their
    // correlation tables, older ones at their heading.
    if (chance(rng, 0.25)) {
        static const std::vector<int> editions{1996, 2007, 2012, 2012, 2017, 2022, 2022};
        r.hs_edition = pick(rng, editions);
    }
    if (chance(rng, 0.6)) {
        static const std::vector<unit> units{unit::items, unit::items, unit::t, unit::kg,
                                             unit::bbl};
        r.quantity = quantity{static_cast<double>(between(rng, 0, 400)), pick(rng, units)};
    }
    if (chance(rng, 0.6)) r.value = money::of_cents(std::int64_t{between(rng, 0, 40000)} * 100);
    struct fact_choice {
        const char* name;
        std::vector<std::string> values;
    };
    static const std::vector<fact_choice> choices{
        {"flag", {"true", "false", "TRUE", "maybe", ""}},
        {"approval", {"true", "false", ""}},
        {"amount", {"0", "12.5", "100", "150.25", "12x", "nan", ""}},
        {"signed", {"2010-05-01", "2017-09-10", "2017-09-11", "2021-12-31", "2017-02-30", ""}},
        {"kind", {"a", "b", "c", "d", ""}},
        {"partner", {"KP", "CN", "kp", "K", ""}},
        {"unrelated", {"x"}},
    };
    for (const auto& c : choices)
        if (chance(rng, 0.55)) r.facts.push_back({c.name, pick(rng, c.values)});
    return r;
}

std::string dump_yaml(const std::vector<rule_source>& sources) {
    std::string out;
    for (const auto& s : sources)
        if (s.path.size() > 5 && s.path.compare(s.path.size() - 5, 5, ".yaml") == 0)
            out += "--- " + s.path + "\n" + s.text;
    return out;
}

std::string dump_record(const trade_record& r) {
    std::string out = "hs=" + r.code.str() + " " + std::string(r.exporter.str()) + "->" +
                      std::string(r.importer.str());
    if (r.origin) out += " origin=" + std::string(r.origin->str());
    out += " period=" + r.period.str();
    if (r.hs_edition != 0) out += " edition=HS" + std::to_string(r.hs_edition);
    if (r.quantity)
        out +=
            " qty=" + std::to_string(r.quantity->amount) + std::string(to_string(r.quantity->unit));
    if (r.value) out += " usd=" + cents_text(r.value->cents());
    for (const auto& f : r.facts) out += " " + f.name + "=" + f.value;
    return out;
}

}  // namespace embargo::testing
