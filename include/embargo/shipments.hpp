#pragma once
// Shipment files: the trade records of a YAML or JSON text, as `embargo
// check --file` and rule tests read them. One record map, a list of them, or
// `{shipments: [...]}`:
//
//   {id: S1, hs: "271019", exporter: CN, importer: KP, origin: CN, date: 2018-04,
//    quantity: 1000, unit: t, value_usd: 700000, facts: {purpose: livelihood}}

#include <string>
#include <string_view>
#include <vector>

#include "embargo/diagnostic.hpp"
#include "embargo/export.hpp"
#include "embargo/record.hpp"
#include "embargo/rules.hpp"

namespace embargo {

// A record of a shipment file, checked, and the line its map starts on.
struct EMBARGO_API located_record {
    checked_record record;
    int line = 0;
};

// The records of a shipment file that can be read, in file order, with every
// problem (file:line:col) in diagnostics(). One bad shipment does not hide
// the others: the result holds a value whenever some record was read, so
// test has_errors(diagnostics()) to know whether all were; it holds none
// when no record could be read (the YAML is malformed, say).
// `limits` bounds the text (max_file_bytes: `yaml.too-large`), its depth and
// its nodes. Ids: those of the YAML reader (`yaml.*`), `check.unknown-key`
// (a `shipments:` file that holds other keys), `check.wrong-type`,
// `check.no-shipments`, `record.wrong-type`, `record.missing-field`,
// `record.unknown-field`, `record.bad-number`, `record.bad-quantity`,
// `record.unknown-unit`, `record.bad-country`, the `hs.*` and
// `date.*`/`period.*` ids, and those of rule_set::check.
EMBARGO_API result<std::vector<located_record>> read_shipments(std::string_view text,
                                                               const std::string& file,
                                                               const rule_set& rules,
                                                               const load_limits& limits = {});

}  // namespace embargo
