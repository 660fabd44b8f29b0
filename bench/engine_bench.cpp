// embargo's benchmarks (Google Benchmark): rule-set load and compile, the
// engine's throughput and per-call latency on a million generated records,
// the reference evaluator on the same records, the CSV reader, and a fixed
// calibration loop that the regression gate divides by.
//
// The records come from generator.hpp with the seed of `bench/run`, built in
// memory with the same parsing helpers a reader uses, so every benchmark sees
// the lines of the CSV that the end-to-end and baseline runs read.
//
// Environment: EMBARGO_RULES (regime directory; default the repository's
// rules/un/dprk), EMBARGO_BENCH_RECORDS (default 1,000,000),
// EMBARGO_BENCH_REFERENCE_RECORDS (default 100,000: the reference evaluator
// takes microseconds per record), EMBARGO_BENCH_SEED (default 2017).

#include <algorithm>
#include <array>
#include <benchmark/benchmark.h>
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <numeric>
#include <sstream>
#include <stdexcept>

#include "embargo/engine.hpp"
#include "embargo/rules.hpp"
#include "embargo/screen.hpp"
#include "embargo/writers.hpp"

#include "generator.hpp"
#include "io/csv.hpp"
#include "support/reference_evaluator.hpp"

using namespace embargo;

namespace {

std::uint64_t env_number(const char* name, std::uint64_t fallback) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return fallback;
    return std::strtoull(v, nullptr, 10);
}

std::filesystem::path rules_dir() {
    const char* v = std::getenv("EMBARGO_RULES");
    return v != nullptr && *v != '\0' ? std::filesystem::path(v)
                                      : std::filesystem::path(EMBARGO_BENCH_RULES);
}

std::shared_ptr<const rule_set> load_or_throw(const std::filesystem::path& dir) {
    auto loaded = load_rules(dir);
    if (!loaded.ok()) {
        std::string errors;
        for (const auto& d : loaded.diagnostics()) errors += format(d) + "\n";
        throw std::runtime_error("cannot load " + dir.string() + ":\n" + errors);
    }
    return loaded.value();
}

// Every rule file under the rules root (the regime directory's grandparent,
// as rules/un/dprk sits in rules/), read into memory the way the command
// embeds them.
struct in_memory_rules {
    std::vector<rule_source> sources;
    std::string regime_dir;
};

in_memory_rules read_sources(const std::filesystem::path& regime) {
    const auto dir = std::filesystem::canonical(regime);
    const auto root = dir.parent_path().parent_path();
    in_memory_rules out;
    out.regime_dir = std::filesystem::relative(dir, root).generic_string();
    for (const auto& entry : std::filesystem::recursive_directory_iterator(root)) {
        const auto ext = entry.path().extension();
        if (!entry.is_regular_file() || (ext != ".yaml" && ext != ".csv")) continue;
        std::ifstream in(entry.path(), std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        out.sources.push_back(
            {std::filesystem::relative(entry.path(), root).generic_string(), text.str()});
    }
    std::sort(out.sources.begin(), out.sources.end(),
              [](const rule_source& a, const rule_source& b) { return a.path < b.path; });
    return out;
}

// The shared inputs, built once on first use.
struct inputs {
    std::shared_ptr<const rule_set> rules;
    std::shared_ptr<const engine> compiled;
    std::vector<checked_record> records;  // checked once, as a reader does per row
    std::string csv;                      // the same lines as CSV text, header first

    static const inputs& get() {
        static const inputs in = make();
        return in;
    }

private:
    static inputs make() {
        inputs in;
        in.rules = load_or_throw(rules_dir());
        in.compiled = engine::compile(in.rules);
        const std::uint64_t count = env_number("EMBARGO_BENCH_RECORDS", 1'000'000);
        bench::table_generator gen(*in.rules, env_number("EMBARGO_BENCH_SEED", 2017));
        bench::table_row row;
        in.records.reserve(count);
        bool first = true;
        for (const auto name : bench::csv_header()) {
            if (!first) in.csv += ',';
            in.csv += name;
            first = false;
        }
        in.csv += '\n';
        for (std::uint64_t i = 0; i < count; ++i) {
            gen.next(row);
            in.records.push_back(in.rules->check(bench::to_record(row)).value());
            bench::append_csv_line(in.csv, row);
        }
        return in;
    }
};

// ---- load and compile ----------------------------------------------------

void load_compile_disk(benchmark::State& state) {
    const auto dir = rules_dir();
    for (auto _ : state) {
        auto rules = load_or_throw(dir);
        auto e = engine::compile(rules);
        benchmark::DoNotOptimize(e.get());
    }
}
BENCHMARK(load_compile_disk)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void load_compile_memory(benchmark::State& state) {
    const auto sources = read_sources(rules_dir());
    for (auto _ : state) {
        auto loaded = load_rules(sources.sources, sources.regime_dir);
        if (!loaded.ok()) {
            state.SkipWithError("the in-memory rules do not load");
            return;
        }
        auto e = engine::compile(loaded.value());
        benchmark::DoNotOptimize(e.get());
    }
}
BENCHMARK(load_compile_memory)->Unit(benchmark::kMillisecond)->MinTime(2.0);

void compile_only(benchmark::State& state) {
    const auto rules = load_or_throw(rules_dir());
    for (auto _ : state) {
        auto e = engine::compile(rules);
        benchmark::DoNotOptimize(e.get());
    }
}
BENCHMARK(compile_only)->Unit(benchmark::kMicrosecond);

// ---- evaluation ------------------------------------------------------------

// Every record once per iteration, into one reused verdict: the loop of a
// screen, without the reading and writing.
void evaluate_throughput(benchmark::State& state) {
    const auto& in = inputs::get();
    verdict v;
    std::array<std::uint64_t, 5> seen{};
    for (auto _ : state) {
        for (const auto& r : in.records) {
            in.compiled->evaluate(r, v);
            ++seen[static_cast<std::size_t>(v.status)];
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(in.records.size()));
    const auto total =
        static_cast<double>(std::accumulate(seen.begin(), seen.end(), std::uint64_t{0}));
    for (std::size_t s = 0; s < seen.size(); ++s)
        state.counters[std::string("share_") + std::string(to_string(static_cast<status>(s)))] =
            static_cast<double>(seen[s]) / total;
}
BENCHMARK(evaluate_throughput)->Unit(benchmark::kMillisecond)->MinTime(3.0);

// Only the lines that involve the DPRK: the third that does the work. They
// are copied next to each other: reached through pointers into the whole
// table, every record was a cache miss the prefetcher could not foresee, and
// the benchmark measured the harness's memory latency, not the engine.
void evaluate_throughput_dprk_lines(benchmark::State& state) {
    const auto& in = inputs::get();
    std::vector<checked_record> dprk;
    const country_code kp = in.rules->regimes().front().target;
    for (const auto& r : in.records)
        if (r->exporter == kp || r->importer == kp) dprk.push_back(r);
    verdict v;
    for (auto _ : state) {
        for (const auto& r : dprk) {
            in.compiled->evaluate(r, v);
            benchmark::DoNotOptimize(v.status);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(dprk.size()));
}
BENCHMARK(evaluate_throughput_dprk_lines)->Unit(benchmark::kMillisecond)->MinTime(3.0);

// Per-call latency: each record once, in table order, each call timed on its
// own with steady_clock (the TSC through the vDSO here, about 20 ns a read).
// The figures include one clock read; `clock_ns` is the median cost of a pair
// of reads with nothing between them, to subtract if wanted. The time Google
// Benchmark reports for this one is the whole pass, clock reads included.
void evaluate_latency(benchmark::State& state) {
    using clock = std::chrono::steady_clock;
    const auto& in = inputs::get();
    std::vector<std::int64_t> samples(in.records.size());
    std::vector<std::int64_t> empty(100'000);
    verdict v;
    for (const auto& r : in.records) in.compiled->evaluate(r, v);  // warm the verdict's capacity
    for (auto _ : state) {
        for (std::size_t i = 0; i < in.records.size(); ++i) {
            const auto t0 = clock::now();
            in.compiled->evaluate(in.records[i], v);
            const auto t1 = clock::now();
            benchmark::DoNotOptimize(v.status);
            samples[i] = std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
        }
    }
    for (auto& e : empty) {
        const auto t0 = clock::now();
        const auto t1 = clock::now();
        e = std::chrono::duration_cast<std::chrono::nanoseconds>(t1 - t0).count();
    }
    auto quantile = [](std::vector<std::int64_t>& xs, double q) {
        const auto k = static_cast<std::size_t>(q * static_cast<double>(xs.size() - 1));
        std::nth_element(xs.begin(), xs.begin() + static_cast<std::ptrdiff_t>(k), xs.end());
        return static_cast<double>(xs[k]);
    };
    state.counters["p50_ns"] = quantile(samples, 0.50);
    state.counters["p90_ns"] = quantile(samples, 0.90);
    state.counters["p99_ns"] = quantile(samples, 0.99);
    state.counters["p999_ns"] = quantile(samples, 0.999);
    state.counters["max_ns"] =
        static_cast<double>(*std::max_element(samples.begin(), samples.end()));
    state.counters["clock_ns"] = quantile(empty, 0.50);
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(in.records.size()));
}
BENCHMARK(evaluate_latency)->Unit(benchmark::kMillisecond)->Iterations(1);

// One record, hot in cache, Google Benchmark's own loop: the best case of a
// compliance tool that judges one order line per request.
void evaluate_one(benchmark::State& state, std::string code, std::string exporter,
                  std::string importer, std::string date) {
    const auto& in = inputs::get();
    trade_record r;
    r.id = "1";
    r.code = hs_code::parse(code).value();
    r.exporter = country_code::parse(exporter).value();
    r.importer = country_code::parse(importer).value();
    r.origin = r.exporter;
    r.period = period::parse(date).value();
    r.quantity = quantity{1000, unit::t};
    r.value = money::of_cents(5'000'000);
    const checked_record checked = in.rules->check(std::move(r)).value();
    verdict v;
    for (auto _ : state) {
        in.compiled->evaluate(checked, v);
        benchmark::DoNotOptimize(v.status);
    }
}
BENCHMARK_CAPTURE(evaluate_one, coal_from_dprk, "270112", "KP", "CN", "2018-03");
BENCHMARK_CAPTURE(evaluate_one, diesel_to_dprk, "271019", "CN", "KP", "2019-06");
BENCHMARK_CAPTURE(evaluate_one, chapter_27_from_dprk, "27", "KP", "CN", "2017-09");
BENCHMARK_CAPTURE(evaluate_one, no_dprk_party, "847130", "CN", "US", "2019-06");

// The reference evaluator on the first records of the same table.
void reference_throughput(benchmark::State& state) {
    const auto& in = inputs::get();
    const std::size_t n = std::min<std::size_t>(
        in.records.size(), env_number("EMBARGO_BENCH_REFERENCE_RECORDS", 100'000));
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) {
            auto v = testing::reference_evaluate(*in.rules, in.records[i].record());
            benchmark::DoNotOptimize(v.status);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n));
}
BENCHMARK(reference_throughput)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// The engine on the same first records, so the ratio compares like with like.
void evaluate_throughput_reference_subset(benchmark::State& state) {
    const auto& in = inputs::get();
    const std::size_t n = std::min<std::size_t>(
        in.records.size(), env_number("EMBARGO_BENCH_REFERENCE_RECORDS", 100'000));
    verdict v;
    for (auto _ : state) {
        for (std::size_t i = 0; i < n; ++i) {
            in.compiled->evaluate(in.records[i], v);
            benchmark::DoNotOptimize(v.status);
        }
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(n));
}
BENCHMARK(evaluate_throughput_reference_subset)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// ---- reading ---------------------------------------------------------------

// The CSV reader alone over the generated table in memory: the floor of what
// `embargo screen` spends reading.
void csv_read(benchmark::State& state) {
    const auto& in = inputs::get();
    std::size_t fields = 0;
    for (auto _ : state) {
        detail::csv_reader reader(in.csv);
        while (reader.next() == detail::csv_status::record) fields += reader.record().size();
    }
    benchmark::DoNotOptimize(fields);
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(in.csv.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(in.records.size()));
}
BENCHMARK(csv_read)->Unit(benchmark::kMillisecond)->MinTime(2.0);

// An estimate of `embargo screen` on one core until the command lands: the
// CSV in memory is read, each line made a record (reusing one), judged, and
// written as CSV with the verdict, measures, citations and reasons, into a
// buffer that is dropped every MiB instead of written to a file. No file
// I/O, no ledger; the real command adds those. The argument stops it after a
// stage (1 read, 2 make records, 3 judge, 4 write), so the differences give
// each stage's cost: where a second core could take a share.
// Fields are short: one pass over their bytes beats find_first_of, which
// calls memchr once per character sought.
void append_field(std::string& out, std::string_view field) {
    bool plain = true;
    for (char ch : field) plain &= ch != ',' && ch != '"' && ch != '\n' && ch != '\r';
    if (plain) {
        out += field;
        return;
    }
    out += '"';
    for (char ch : field) {
        if (ch == '"') out += '"';
        out += ch;
    }
    out += '"';
}

void screen_kernel(benchmark::State& state) {
    const auto stages = state.range(0);
    const auto& in = inputs::get();
    const rule_set& rules = *in.rules;
    std::uint64_t lines = 0;
    std::uint64_t written = 0;
    for (auto _ : state) {
        detail::csv_reader reader(in.csv);
        if (reader.next() != detail::csv_status::record) {
            state.SkipWithError("no header");
            return;
        }
        const std::size_t columns = reader.record().size();
        std::vector<std::string> fact_names;
        for (std::size_t i = bench::record_columns; i < columns; ++i)
            fact_names.emplace_back(reader.record()[i]);
        trade_record r;
        verdict v;
        std::string out;
        std::string measures, citations, reasons;
        while (reader.next() == detail::csv_status::record) {
            const auto& f = reader.record();
            ++lines;
            if (stages < 2) continue;
            r.id.assign(f[0]);
            auto code = hs_code::parse(f[1]);
            auto exporter = country_code::parse(f[2]);
            auto importer = country_code::parse(f[3]);
            auto period = period::parse(f[5]);
            if (!code || !exporter || !importer || !period) {
                state.SkipWithError("a generated line does not read");
                return;
            }
            r.code = *code;
            r.exporter = *exporter;
            r.importer = *importer;
            r.period = *period;
            r.origin.reset();
            if (!f[4].empty()) {
                if (auto o = country_code::parse(f[4])) r.origin = *o;
            }
            r.quantity.reset();
            if (!f[6].empty()) {
                double q = 0;
                std::from_chars(f[6].data(), f[6].data() + f[6].size(), q);
                if (auto u = parse_unit(f[7])) r.quantity = quantity{q, *u};
            }
            r.value.reset();
            if (!f[8].empty()) {
                if (auto m = money::parse(f[8])) r.value = *m;
            }
            r.facts.clear();
            for (std::size_t i = bench::record_columns; i < f.size(); ++i)
                if (!f[i].empty()) r.set_fact(fact_names[i - bench::record_columns], f[i]);

            if (stages < 3) continue;
            // Checked as the reader checks a row; the record comes back
            // after judging, its buffers kept for the next line.
            auto checked = rules.check(std::move(r));
            if (!checked) {
                state.SkipWithError("a generated line does not check");
                return;
            }
            in.compiled->evaluate(*checked, v);
            r = std::move(checked).value().release();
            if (stages < 4) continue;

            out += f.text();  // the input columns as they came
            out += ',';
            out += to_string(v.status);
            measures.clear();
            citations.clear();
            reasons.clear();
            for (const auto& finding : v.findings) {
                const measure& m = rules.measures()[finding.measure];
                if (!measures.empty()) {
                    measures += ';';
                    citations += ';';
                    reasons += "; ";
                }
                measures += m.id;
                citations += m.citation;
                reasons += describe(finding, rules, r);
            }
            out += ',';
            append_field(out, measures);
            out += ',';
            append_field(out, citations);
            out += ',';
            append_field(out, reasons);
            out += '\n';
            if (out.size() >= (std::size_t{1} << 20U)) {
                written += out.size();
                out.clear();
            }
        }
        written += out.size();
        benchmark::DoNotOptimize(out.data());
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(in.csv.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(lines));
    state.counters["output_bytes_per_line"] =
        static_cast<double>(written) / static_cast<double>(lines);
}
BENCHMARK(screen_kernel)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3.0)
    ->ArgName("stages")
    ->Arg(4)
    ->Arg(1)
    ->Arg(2)
    ->Arg(3);

// The library's screener, as `embargo screen` runs it (reader, engine, cap
// ledger, CSV writer), on the table in memory with its output dropped every
// MiB: the command less its file I/O. The argument is screen_options::threads;
// timed by the wall clock, since with threads the calling thread's CPU time
// misses the workers'.
class dropped_output final : public output_buffer {
public:
    void flush() override {
        bytes += buffer().size();
        buffer().clear();
    }
    std::uint64_t bytes = 0;
};

void screen_library(benchmark::State& state) {
    const auto& in = inputs::get();
    screen_options options;
    options.threads = static_cast<unsigned>(state.range(0));
    std::uint64_t rows = 0;
    for (auto _ : state) {
        std::istringstream table(in.csv);
        dropped_output out;
        std::ostringstream warnings;
        const auto writer = make_writer(output_format::csv, input_format::csv, out, warnings);
        const screen_result r = screen(table, in.compiled, writer.get(), options);
        if (r.status != screen_status::done || r.stats.errors != 0) {
            state.SkipWithError("the generated table does not screen");
            return;
        }
        out.flush();
        rows += r.stats.rows;
        benchmark::DoNotOptimize(out.bytes);
    }
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations()) *
                            static_cast<std::int64_t>(in.csv.size()));
    state.SetItemsProcessed(static_cast<std::int64_t>(rows));
}
BENCHMARK(screen_library)
    ->Unit(benchmark::kMillisecond)
    ->MinTime(3.0)
    ->UseRealTime()
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2);

// ---- calibration -------------------------------------------------------------

// A fixed workload of the same kind as the engine's (binary searches in a
// small sorted table, branchy integer code), so that the regression gate can
// compare the engine's time to it and not to the wall clock of whichever
// machine runs the gate.
void calibration(benchmark::State& state) {
    std::vector<std::uint64_t> table(4096);
    bench::splitmix64 fill(1);
    for (auto& t : table) t = fill.next() % 10'000'000'000ULL;
    std::sort(table.begin(), table.end());
    for (auto _ : state) {
        bench::splitmix64 rng(7);
        std::uint64_t acc = 0;
        for (int i = 0; i < 1'000'000; ++i) {
            const std::uint64_t key = rng.next() % 10'000'000'000ULL;
            acc += static_cast<std::uint64_t>(std::upper_bound(table.begin(), table.end(), key) -
                                              table.begin());
        }
        benchmark::DoNotOptimize(acc);
    }
    state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) * 1'000'000);
}
BENCHMARK(calibration)->Unit(benchmark::kMillisecond)->MinTime(2.0);

}  // namespace

BENCHMARK_MAIN();
