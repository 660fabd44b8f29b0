// embargo-bench-data: writes the benchmark inputs.
//
//   embargo-bench-data table --lines 1000000 --seed 2017 --out trade.csv
//   embargo-bench-data prefixes --out prefixes.csv
//
// `table` writes the generated customs table (generator.hpp). `prefixes`
// exports the shipped measures as the prefix list that users of a spreadsheet,
// pandas or SQL keep today, so that the baselines apply the same measures as
// embargo: one row per measure and HS prefix, with its direction and the
// validity the loader computed (supersessions applied). Each measure's goods,
// certain and disputed, are cut into prefixes at the HS levels (2, 4, 6, 8 or
// 10 digits) that users join on: `7207-7229` becomes 7207, 7208, ..., 7229.
// Conditions and exemptions do not fit a prefix list; a measure with a `when`
// is marked `conditional` and the baselines say "check" for it.

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>

#include "embargo/rules.hpp"

#include "generator.hpp"

using namespace embargo;

namespace {

std::shared_ptr<const rule_set> load_or_exit(const std::string& dir) {
    auto loaded = load_rules(std::filesystem::path(dir));
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics()) std::cerr << format(d) << '\n';
        std::cerr << "embargo-bench-data: cannot load the rules in " << dir << '\n';
        std::exit(2);
    }
    return loaded.value();
}

// Writes to `path` through a temporary file, so a failed run leaves no half file.
template <class F>
int write_file(const std::string& path, F body) {
    const std::string temp = path + ".tmp";
    {
        std::ofstream out(temp, std::ios::binary);
        if (!out) {
            std::cerr << "embargo-bench-data: cannot write " << temp << '\n';
            return 2;
        }
        body(out);
        out.flush();
        if (!out) {
            std::cerr << "embargo-bench-data: error writing " << temp << '\n';
            return 2;
        }
    }
    std::filesystem::rename(temp, path);
    return 0;
}

int write_table(const rule_set& rules, std::uint64_t lines, std::uint64_t seed,
                const std::string& path) {
    return write_file(path, [&](std::ostream& out) {
        std::string buffer;
        bool first = true;
        for (const auto name : bench::csv_header()) {
            if (!first) buffer += ',';
            buffer += name;
            first = false;
        }
        buffer += '\n';
        bench::table_generator gen(rules, seed);
        bench::table_row row;
        for (std::uint64_t i = 0; i < lines; ++i) {
            gen.next(row);
            bench::append_csv_line(buffer, row);
            if (buffer.size() > (1U << 20U)) {
                out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
                buffer.clear();
            }
        }
        out.write(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    });
}

// The prefixes of [first, last) at HS levels: greedily the widest aligned
// block of 10^(10-L) keys, L in {2, 4, 6, 8, 10}, that fits.
template <class F>
void for_each_prefix(hs_interval iv, F emit) {
    hs_key k = iv.first;
    while (k < iv.last) {
        int digits = 10;
        for (int level = 2; level <= 10; level += 2) {
            hs_key block = 1;
            for (int i = level; i < 10; ++i) block *= 10;
            if (k % block == 0 && k + block <= iv.last) {
                digits = level;
                break;
            }
        }
        const hs_code code = hs_code::from_key(k, digits);
        emit(code.str());
        hs_key block = 1;
        for (int i = digits; i < 10; ++i) block *= 10;
        k += block;
    }
}

int write_prefixes(const rule_set& rules, const std::string& path) {
    return write_file(path, [&](std::ostream& out) {
        out << "measure,citation,direction,prefix,from,until,conditional,disputed\n";
        for (const auto& m : rules.measures()) {
            if (m.in_force.empty()) continue;  // superseded before it began
            const std::string until =
                m.in_force.open_ended() ? "9999-12-31" : to_string(m.in_force.until);
            auto row = [&](const goods_selector& goods, bool disputed) {
                for (const auto& iv : goods.intervals())
                    for_each_prefix(iv, [&](const std::string& prefix) {
                        out << m.id << ",\"" << m.citation << "\"," << to_string(m.direction) << ','
                            << prefix << ',' << to_string(m.in_force.from) << ',' << until << ','
                            << (m.when.empty() ? 0 : 1) << ',' << (disputed ? 1 : 0) << '\n';
                    });
            };
            row(m.goods, false);
            for (const auto& d : m.disputed) row(d.goods, true);
        }
    });
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"Writes the inputs of embargo's benchmarks"};
    app.require_subcommand(1);
    std::string rules_dir = EMBARGO_BENCH_RULES;
    app.add_option("--rules", rules_dir, "regime directory")->capture_default_str();

    auto* table = app.add_subcommand("table", "the generated customs table (CSV)");
    std::uint64_t lines = 1'000'000;
    std::uint64_t seed = 2017;
    std::string table_out;
    table->add_option("--lines", lines, "lines to write")->capture_default_str();
    table->add_option("--seed", seed, "the generator's seed")->capture_default_str();
    table->add_option("--out", table_out, "output file")->required();

    auto* prefixes = app.add_subcommand("prefixes", "the measures as a prefix list (CSV)");
    std::string prefixes_out;
    prefixes->add_option("--out", prefixes_out, "output file")->required();

    CLI11_PARSE(app, argc, argv);
    const auto rules = load_or_exit(rules_dir);
    if (table->parsed()) return write_table(*rules, lines, seed, table_out);
    return write_prefixes(*rules, prefixes_out);
}
