#include "fuzz_support.hpp"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <set>
#include <sstream>

#include "engine/engine_access.hpp"
#include "lang/compiled_condition.hpp"
#include "support/files.hpp"
#include "support/reference_evaluator.hpp"
#include "support/rule_generator.hpp"

namespace embargo::fuzz {

using embargo::testing::read_file;

namespace {

std::string show(const verdict& v) {
    std::string out = std::string(to_string(v.status)) + " [";
    for (const auto& f : v.findings)
        out += " m" + std::to_string(f.measure) + ":" + std::string(to_string(f.status)) + " e" +
               (f.exemption == no_exemption ? std::string("-") : std::to_string(f.exemption)) +
               " r" + std::to_string(f.reasons) + " d" + std::to_string(f.disputed) + " x" +
               std::to_string(f.missing);
    return out + " ]";
}

template <class T, std::size_t N>
const T& pick(byte_reader& in, const std::array<T, N>& a) {
    return a[in.byte() % N];
}

template <class T>
const T& pick(byte_reader& in, const std::vector<T>& v) {
    return v[in.u16() % v.size()];
}

std::string day_text(day d) {
    return to_string(d);
}

day some_day(byte_reader& in, const boundaries& b) {
    static const day first = std::chrono::sys_days{std::chrono::year{2005} / 1 / 1};
    static const day last = std::chrono::sys_days{std::chrono::year{2025} / 12 / 31};
    if (!b.days.empty() && in.byte() % 2 == 0) {
        const day d = pick(in, b.days) + std::chrono::days{static_cast<int>(in.byte() % 3) - 1};
        return std::clamp(d, earliest_day, day_max - std::chrono::days{1});
    }
    return first + std::chrono::days{in.u16() % ((last - first).count() + 1)};
}

void add_days(const validity& v, std::vector<day>& out) {
    if (v.from != earliest_day) out.push_back(v.from);
    if (!v.open_ended()) out.push_back(v.until);
}

void add_keys(const goods_selector& g, std::vector<hs_key>& out) {
    for (const auto& iv : g.intervals()) {
        out.push_back(iv.first);
        out.push_back(iv.last);
    }
}

void add_condition(const condition& c, std::vector<day>& out) {
    if (c.empty()) return;
    for (const auto& lit : c.compiled()->literals)
        if (lit.type == fact_type::date) out.push_back(lit.date);
}

}  // namespace

void require(bool ok, std::string_view what) {
    if (ok) return;
    std::fprintf(stderr, "fuzz check failed: %.*s\n", static_cast<int>(what.size()), what.data());
    std::abort();
}

const engine& shipped_engine() {
    static const std::shared_ptr<const engine> e = [] {
        auto loaded = load_rules(std::filesystem::path(EMBARGO_SOURCE_DIR "/rules/un/dprk"));
        if (!loaded.ok()) {
            for (const auto& d : loaded.diagnostics())
                std::fprintf(stderr, "%s\n", format(d).c_str());
            require(false, "the shipped rules do not load");
        }
        return engine::compile(loaded.value());
    }();
    return *e;
}

namespace {

// The headings (4 digits) that codes of 4 digits or more name in `text`,
// dots aside: `2710.12` and `271019` both name 2710.
void add_headings(std::string_view text, std::set<std::string>& out) {
    std::string digits;
    for (std::size_t i = 0; i <= text.size(); ++i) {
        const char c = i < text.size() ? text[i] : ' ';
        if (c >= '0' && c <= '9') {
            digits += c;
        } else if (c != '.' || digits.empty()) {
            if (digits.size() >= 4) out.insert(digits.substr(0, 4));
            digits.clear();
        }
    }
}

}  // namespace

// HS2017 cut down to what the shipped rules and their tests name: every
// chapter and heading, and the subheadings of the headings they name.
// Parsing the whole table (850 KB) for every input took half of the rules
// target's time; this keeps every seed loadable at a third of the cost.
const std::vector<rule_source>& hs_sources() {
    static const std::vector<rule_source> sources = [] {
        std::set<std::string> headings;
        for (const auto& dir : {"/rules/un/dprk", "/rules/un/dprk/tests"})
            for (const auto& e :
                 std::filesystem::directory_iterator(EMBARGO_SOURCE_DIR + std::string(dir)))
                if (e.path().extension() == ".yaml")
                    add_headings(read_file(e.path().string()), headings);
        std::istringstream in(read_file(EMBARGO_SOURCE_DIR "/rules/hs/hs2017.csv"));
        std::string table;
        std::string line;
        for (bool header = true; std::getline(in, line); header = false) {
            // section,hscode,...: the first two fields are never quoted.
            const auto a = line.find(',');
            const auto b = line.find(',', a + 1);
            const std::string code = a == std::string::npos ? "" : line.substr(a + 1, b - a - 1);
            if (header || code.size() <= 4 || headings.count(code.substr(0, 4)) != 0)
                table += line + '\n';
        }
        return std::vector<rule_source>{
            {"hs/hs2017.csv", std::move(table)},
            {"hs/sections.csv", read_file(EMBARGO_SOURCE_DIR "/rules/hs/sections.csv")}};
    }();
    return sources;
}

boundaries boundaries_of(const rule_set& rules) {
    boundaries b;
    for (const auto& m : rules.measures()) {
        add_keys(m.goods, b.keys);
        for (const auto& d : m.disputed) add_keys(d.goods, b.keys);
        add_days(m.in_force, b.days);
        add_days(m.declared, b.days);
        add_condition(m.when, b.days);
        if (m.wind_down) {
            b.days.push_back(m.wind_down->last_day);
            b.days.push_back(m.wind_down->last_day + std::chrono::days{1});
            add_condition(m.wind_down->when, b.days);
        }
    }
    for (const auto& e : rules.exemptions()) {
        if (e.goods) add_keys(*e.goods, b.keys);
        for (const auto& d : e.disputed) add_keys(d.goods, b.keys);
        add_days(e.valid, b.days);
        add_condition(e.when, b.days);
        if (e.quota) b.days.push_back(e.quota->start);
    }
    for (auto* v : {&b.keys}) {
        std::sort(v->begin(), v->end());
        v->erase(std::unique(v->begin(), v->end()), v->end());
    }
    std::sort(b.days.begin(), b.days.end());
    b.days.erase(std::unique(b.days.begin(), b.days.end()), b.days.end());
    return b;
}

trade_record decode_record(byte_reader& in, const rule_set& rules, const boundaries& b) {
    static constexpr std::array<int, 7> lengths{2, 4, 6, 7, 8, 9, 10};
    static constexpr std::array<std::string_view, 4> countries{"KP", "CN", "RU", "US"};
    trade_record r;

    // The code.
    const int digits = pick(in, lengths);
    switch (in.byte() % 4) {
        case 0:
        case 1:
            if (!b.keys.empty()) {
                hs_key key = pick(in, b.keys);
                if (key > 0 && in.byte() % 2 == 0) --key;  // the last key before the boundary
                r.code = hs_code::from_key(std::min(key, hs_key_end - 1), digits);
                break;
            }
            [[fallthrough]];
        case 2: {
            std::string code = pick(in, testing::hs2017_codes());
            while (code.size() < static_cast<std::size_t>(digits))
                code += static_cast<char>('0' + in.byte() % 10);
            r.code = hs_code::parse(code.substr(0, static_cast<std::size_t>(digits))).value();
            break;
        }
        default:
            r.code = hs_code::from_key(
                (static_cast<hs_key>(in.u32()) * 7919U + in.byte()) % hs_key_end, digits);
    }

    r.exporter = country_code::parse(pick(in, countries)).value();
    r.importer = country_code::parse(pick(in, countries)).value();
    if (const std::size_t o = in.byte() % 5U; o < countries.size())
        r.origin = country_code::parse(countries[o]).value();

    // The period, parsed from text as a reader would.
    const std::string d = day_text(some_day(in, b));
    const auto kind = in.byte() % 3;
    r.period = period::parse(kind == 0 ? d : kind == 1 ? d.substr(0, 7) : d.substr(0, 4)).value();

    static constexpr std::array<double, 9> amounts{0, 0.5, 1, 99, 100, 101, 5000, 500'000, 1e12};
    if (const auto q = in.byte(); q % 3 != 0)
        r.quantity = quantity{pick(in, amounts), static_cast<unit>(q % 13)};
    if (const auto v = in.byte(); v % 3 != 0) {
        r.value = money::of_cents(
            static_cast<std::int64_t>(pick(in, amounts) * 100 * (v % 2 == 0 ? 1 : 100)));
        if (v % 7 == 0) r.value->currency = {'E', 'U', 'R'};
    }

    // Facts: absent, empty, well formed or malformed.
    for (const auto& f : rules.facts().all()) {
        if (f.builtin) continue;
        const auto choice = in.byte() % 8;
        if (choice < 3) continue;
        std::string value;
        if (choice == 3) {
            value = "";
        } else if (choice == 7) {
            static constexpr std::array<std::string_view, 6> bad{"maybe", "1e999", "2017-02-30",
                                                                 "K",     "nan",   " "};
            value = pick(in, bad);
        } else {
            switch (f.type) {
                case fact_type::boolean:
                    value = in.byte() % 2 == 0 ? "true" : "false";
                    break;
                case fact_type::number: {
                    static constexpr std::array<std::string_view, 6> numbers{
                        "0", "1", "100", "100.5", "-1", "1000000"};
                    value = pick(in, numbers);
                    break;
                }
                case fact_type::date:
                    value = day_text(some_day(in, b));
                    break;
                case fact_type::country:
                    value = pick(in, countries);
                    break;
                case fact_type::text:
                    if (!f.values.empty() && in.byte() % 4 != 0)
                        value = pick(in, f.values);
                    else
                        value = in.byte() % 2 == 0 ? "Rajin" : "other";
                    break;
            }
        }
        r.facts.push_back({f.name, value});
    }
    if (in.byte() % 16 == 0) r.facts.push_back({"undeclared", "true"});
    if (in.byte() % 16 == 0)
        r.facts.push_back({"origin", "KP"});  // a built-in given as a free fact
    return r;
}

void check_against_reference(const engine& e, const trade_record& record) {
    thread_local verdict fast;
    // Unchecked: decoded records carry malformed and undeclared facts on
    // purpose, which both evaluators read as unknown.
    detail::engine_access::evaluate(e, record, fast);
    const verdict slow = testing::reference_evaluate(e.rules(), record);
    if (fast.status == slow.status && fast.findings == slow.findings) return;
    std::fprintf(stderr, "engine and reference disagree on %s\n  engine:    %s\n  reference: %s\n",
                 testing::dump_record(record).c_str(), show(fast).c_str(), show(slow).c_str());
    std::abort();
}

}  // namespace embargo::fuzz
