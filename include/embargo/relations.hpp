#pragma once
// The relation graph of a rule set, written for people and tools.
//
// Instruments, measures and exemptions are the nodes; `amends`, `supersedes`,
// `replaces`, `extends` and `carves out of` are the edges, from the later act
// to the one it acts on. `embargo graph` prints these; `dot -Tsvg` renders
// the DOT form.

#include <string>

#include "embargo/export.hpp"
#include "embargo/rules.hpp"

namespace embargo {

// Graphviz DOT, written with boost::write_graphviz.
EMBARGO_API std::string relation_graph_dot(const rule_set& rules);

// {"nodes": [{id, kind, label, ...}], "edges": [{from, to, kind}], "load_order": [...]}
EMBARGO_API std::string relation_graph_json(const rule_set& rules);

}  // namespace embargo
