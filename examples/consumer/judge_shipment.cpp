// Loads a rule set once and judges one shipment: 15 tonnes of raw silk from
// the DPRK to China in June 2022.
//   judge_shipment RULES_DIR      (e.g. /usr/local/share/embargo/rules/un/dprk)
#include <embargo/embargo.hpp>

#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: judge_shipment RULES_DIR\n";
        return 2;
    }
    const auto loaded = embargo::load_rules(argv[1]);
    if (!loaded.ok()) {
        for (const auto& d : loaded.diagnostics) std::cerr << embargo::format(d) << '\n';
        return 2;
    }
    const auto engine = embargo::engine::compile(loaded.rules);

    embargo::trade_record silk;
    silk.code = embargo::hs_code::parse("5002.00").value();
    silk.exporter = embargo::country_code::parse("KP").value();
    silk.importer = embargo::country_code::parse("CN").value();
    silk.period = embargo::period::parse("2022-06").value();
    silk.quantity = embargo::quantity{15, embargo::unit::t};

    const embargo::verdict v = engine->evaluate(silk);
    std::cout << embargo::to_string(v.status) << '\n';
    for (const auto& f : v.findings) {
        const auto& m = engine->rules().measures()[f.measure];
        std::cout << "  " << m.citation << ": " << embargo::to_string(f.status) << " - "
                  << embargo::describe(f, engine->rules(), silk) << '\n';
    }
    return v.status == embargo::status::prohibited ? 0 : 1;
}
