// Loads a rule set once and judges one shipment: 15 tonnes of cotton fabric
// from the DPRK to China in June 2022 (textiles, 2375 OP16). Shows that the
// rule set refuses a record with a misspelt fact, then prints the verdict of
// the checked record with each finding, then the shipment as `embargo screen --format
// jsonl` writes a row: its cells, verdict, measures, citations and reason.
//   judge_shipment RULES_DIR      (e.g. /usr/local/share/embargo/rules/un/dprk)
#include <iostream>
#include <vector>

#include <embargo/embargo.hpp>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: judge_shipment RULES_DIR\n";
        return 2;
    }
    const auto loaded = embargo::load_rules(argv[1]);
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics()) std::cerr << embargo::format(d) << '\n';
        return 2;
    }
    const auto engine = embargo::engine::compile(loaded.value());

    embargo::trade_record fabric;
    fabric.code = embargo::hs_code::parse("5208.12").value();
    fabric.exporter = embargo::country_code::parse("KP").value();
    fabric.importer = embargo::country_code::parse("CN").value();
    fabric.period = embargo::period::parse("2022-06").value();
    fabric.quantity = embargo::quantity{15, embargo::unit::t};

    fabric.set_fact("prupose", "commercial");  // misspelt: the check says so
    if (auto refused = engine->rules().check(fabric); !refused)
        std::cout << "refused: " << refused.error().message << " [" << refused.error().id << "]\n";
    fabric.facts.clear();
    const auto checked = engine->rules().check(fabric);
    if (!checked) {
        for (const auto& d : checked.diagnostics()) std::cerr << embargo::format(d) << '\n';
        return 2;
    }

    const embargo::verdict v = engine->evaluate(*checked);
    std::cout << embargo::to_string(v.status) << '\n';
    for (const auto& f : v.findings) {
        const embargo::measure& m = v.measure_of(f);
        std::cout << "  " << m.citation << ": " << embargo::to_string(f.status) << " - "
                  << embargo::describe(v, f, checked->record()) << '\n';
    }

    {
        const std::vector<embargo::input_field> cells{
            {"id", "fabric-1"},  {"hs_code", "5208.12"},    {"exporter", "KP"}, {"importer", "CN"},
            {"date", "2022-06"}, {"quantity", "15", false}, {"unit", "t"}};
        embargo::decided_findings decided;
        decided.fill(v, engine->rules(), checked->record());
        embargo::ostream_output out(std::cout);  // flushed when it goes
        const auto writer = embargo::make_writer(embargo::output_format::jsonl,
                                                 embargo::input_format::csv, out, std::cerr);
        writer->start({});
        writer->write({cells, {}, 0}, v.status, decided);
        writer->end();
    }
    return v.status == embargo::status::prohibited ? 0 : 1;
}
