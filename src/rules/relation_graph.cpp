#include "rules/relation_graph.hpp"

#include <algorithm>
#include <map>

#include <boost/graph/depth_first_search.hpp>
#include <boost/graph/topological_sort.hpp>

namespace embargo::detail {

relation_digraph build_relation_graph(const std::vector<graph_vertex>& vertices,
                                      const std::vector<relation>& relations) {
    relation_digraph g;
    std::map<std::string, std::size_t, std::less<>> index;
    for (const auto& v : vertices) {
        if (index.contains(v.id)) continue;
        index.emplace(v.id, boost::add_vertex(v, g));
    }
    for (const auto& r : relations) {
        const auto from = index.find(r.from);
        const auto to = index.find(r.to);
        if (from == index.end() || to == index.end()) continue;
        boost::add_edge(from->second, to->second, graph_edge{r.kind}, g);
    }
    return g;
}

relation_digraph build_relation_graph(const rule_set& rules) {
    std::vector<graph_vertex> vertices;
    for (const auto& i : rules.instruments())
        vertices.push_back({i.symbol, graph_node_kind::instrument, i.title});
    for (const auto& m : rules.measures())
        vertices.push_back({m.id, graph_node_kind::measure, m.citation});
    for (const auto& e : rules.exemptions())
        vertices.push_back({e.id, graph_node_kind::exemption, e.citation});
    return build_relation_graph(vertices, rules.relations());
}

namespace {

// Stops the search at the first back edge and keeps it: the back edge and
// the tree path between its ends are the cycle.
struct back_edge_found {};

struct cycle_recorder : boost::default_dfs_visitor {
    std::vector<std::size_t>* parent;
    std::pair<std::size_t, std::size_t>* back;

    void tree_edge(relation_digraph::edge_descriptor e, const relation_digraph& g) const {
        (*parent)[boost::target(e, g)] = boost::source(e, g);
    }
    void back_edge(relation_digraph::edge_descriptor e, const relation_digraph& g) const {
        *back = {boost::source(e, g), boost::target(e, g)};
        throw back_edge_found{};
    }
};

}  // namespace

std::vector<std::string> find_cycle(const relation_digraph& g) {
    const std::size_t n = boost::num_vertices(g);
    std::vector<std::size_t> parent(n, n);
    std::pair<std::size_t, std::size_t> back{n, n};
    try {
        boost::depth_first_search(g, boost::visitor(cycle_recorder{{}, &parent, &back}));
    } catch (const back_edge_found&) {
        // back = (u, v): v is an ancestor of u; walk u's parents up to v.
        std::vector<std::string> path;
        for (std::size_t at = back.first; at != back.second && at < n; at = parent[at])
            path.push_back(g[at].id);
        path.push_back(g[back.second].id);
        std::reverse(path.begin(), path.end());
        path.push_back(g[back.second].id);
        return path;
    }
    return {};
}

std::vector<std::size_t> acting_order(const relation_digraph& g) {
    // topological_sort emits vertices in reverse topological order: for an
    // edge later -> earlier, the earlier act comes out first. That is the
    // order in which acts took effect on each other.
    std::vector<std::size_t> order;
    order.reserve(boost::num_vertices(g));
    boost::topological_sort(g, std::back_inserter(order));
    return order;
}

}  // namespace embargo::detail
