#pragma once
// The relation graph between acts and measures, held in Boost.Graph.
//
// Vertices are instruments, measures and exemptions; edges point from the
// later act to the one it acts on (`2371/OP8 --replaces--> 2321/OP26`). The
// loader uses the graph for two things the law needs: a cycle ("A replaces B
// replaces A") is an error that names the cycle, and the load order of
// instruments is a topological order. `embargo graph` writes it as DOT
// (boost::write_graphviz) or JSON.

#include <string>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "embargo/rules.hpp"

namespace embargo::detail {

enum class graph_node_kind : unsigned char { instrument, measure, exemption };

struct graph_vertex {
    std::string id;
    graph_node_kind kind = graph_node_kind::measure;
    std::string label;  // a second line for display: citation or title
};

struct graph_edge {
    relation_kind kind = relation_kind::supersedes;
};

using relation_digraph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                                               graph_vertex, graph_edge>;

// Builds the graph; edges whose ends are unknown are skipped (the loader has
// reported them already).
relation_digraph build_relation_graph(const std::vector<graph_vertex>& vertices,
                                      const std::vector<relation>& relations);
relation_digraph build_relation_graph(const rule_set& rules);

// The ids along one cycle (first id repeated at the end), or empty.
std::vector<std::string> find_cycle(const relation_digraph& g);

// Vertex indices so that every vertex comes after those it acts on (the
// earlier acts first). Requires an acyclic graph.
std::vector<std::size_t> acting_order(const relation_digraph& g);

}  // namespace embargo::detail
