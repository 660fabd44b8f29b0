#pragma once
// A trade record written as a YAML (or JSON) map: rule tests and shipment
// files (`embargo check --file`) share this reader, so a shipment behaves in
// `check` exactly as it does in a test.
//
//   {id: S1, hs: "271019", exporter: CN, importer: KP, origin: CN, date: 2018-04,
//    quantity: 1000, unit: t, value_usd: 700000, facts: {purpose: livelihood}}

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "embargo/record.hpp"
#include "embargo/rules.hpp"
#include "embargo/shipments.hpp"

#include "rules/yaml_document.hpp"

namespace embargo::detail {

// Reads `n` into a record. Problems go to `out` with file:line:col; ids:
// `record.wrong-type`, `record.missing-field`, `record.unknown-field`,
// `record.bad-number`, `record.bad-quantity`, `record.unknown-unit`,
// `record.bad-country`, the `hs.*` and `date.*`/`period.*` ids, and those of
// rule_set::check (unknown code, unknown or malformed facts).
std::optional<checked_record> read_record(const yaml_node& n, const std::string& file,
                                          const rule_set& rules, std::vector<diagnostic>& out);

// The shipments of a YAML or JSON text (`embargo check --file`): one record
// map, a list of them, or `{shipments: [...]}`. Returns the records that can
// be read, in file order; every problem goes to `out`. Ids: those of
// parse_yaml (`yaml.too-large` when the text is over `limits.max_bytes`),
// `check.unknown-key` (a `shipments:` file that holds other keys),
// `check.wrong-type`, `check.no-shipments`, and those of read_record.
std::vector<located_record> read_shipments(std::string_view text, const std::string& file,
                                           const rule_set& rules, const yaml_limits& limits,
                                           std::vector<diagnostic>& out);

}  // namespace embargo::detail
