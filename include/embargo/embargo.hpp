#pragma once
// Everything a program needs to judge trade flows with embargo:
//
//   auto loaded = embargo::load_rules("/usr/local/share/embargo/rules/un/dprk");
//   if (!loaded) { for (auto& d : loaded.diagnostics()) std::cerr << embargo::format(d) << '\n'; }
//   auto engine = embargo::engine::compile(*loaded);       // once; immutable, thread-safe
//   auto checked = engine->rules().check(record);          // unknown facts are errors
//   embargo::verdict v = engine->evaluate(*checked);       // per shipment or customs line
//
// Each header holds one concept; include them one by one to keep builds lean.

#include "embargo/audit.hpp"
#include "embargo/calendar.hpp"
#include "embargo/cap_report.hpp"
#include "embargo/condition.hpp"
#include "embargo/diagnostic.hpp"
#include "embargo/engine.hpp"
#include "embargo/explain.hpp"
#include "embargo/fact.hpp"
#include "embargo/hs.hpp"
#include "embargo/io.hpp"
#include "embargo/ledger.hpp"
#include "embargo/nomenclature.hpp"
#include "embargo/numbers.hpp"
#include "embargo/record.hpp"
#include "embargo/relations.hpp"
#include "embargo/report.hpp"
#include "embargo/rule_tests.hpp"
#include "embargo/rules.hpp"
#include "embargo/screen.hpp"
#include "embargo/screen_report.hpp"
#include "embargo/selector.hpp"
#include "embargo/shipments.hpp"
#include "embargo/verdict.hpp"
#include "embargo/version.hpp"
#include "embargo/writers.hpp"
