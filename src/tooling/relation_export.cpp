// DOT and JSON writers for the relation graph (relations.hpp).

#include <sstream>

#include <boost/graph/graphviz.hpp>
#include <nlohmann/json.hpp>

#include "embargo/relations.hpp"

#include "rules/relation_graph.hpp"

namespace embargo {

namespace {

std::string_view kind_name(detail::graph_node_kind k) {
    switch (k) {
        case detail::graph_node_kind::instrument:
            return "instrument";
        case detail::graph_node_kind::measure:
            return "measure";
        case detail::graph_node_kind::exemption:
            return "exemption";
    }
    return "measure";
}

// DOT string literal: quotes and backslashes escaped, newlines as \n.
std::string dot_quote(const std::string& s) {
    std::string out = "\"";
    for (char c : s) {
        if (c == '"' || c == '\\') out += '\\';
        if (c == '\n') {
            out += "\\n";
            continue;
        }
        out += c;
    }
    return out + "\"";
}

}  // namespace

std::string relation_graph_dot(const rule_set& rules) {
    const auto g = detail::build_relation_graph(rules);
    std::ostringstream out;
    const auto vertex_writer = [&](std::ostream& os, std::size_t v) {
        const auto& node = g[v];
        const char* shape = node.kind == detail::graph_node_kind::instrument ? "box"
                            : node.kind == detail::graph_node_kind::measure  ? "ellipse"
                                                                             : "note";
        std::string label = node.id;
        if (!node.label.empty() && node.label != node.id) label += "\n" + node.label;
        if (node.kind == detail::graph_node_kind::measure) {
            if (const auto* m = rules.find_measure(node.id)) label += "\n" + m->in_force.str();
        }
        os << "[label=" << dot_quote(label) << ", shape=" << shape << "]";
    };
    const auto edge_writer = [&](std::ostream& os,
                                 const detail::relation_digraph::edge_descriptor& e) {
        const auto kind = g[e].kind;
        os << "[label=" << dot_quote(std::string(to_string(kind)));
        if (kind == relation_kind::carves_out) os << ", style=dashed";
        os << "]";
    };
    const auto graph_writer = [&](std::ostream& os) {
        os << "rankdir=LR;\nlabel="
           << dot_quote(rules.regimes().size() == 1 && !rules.regimes().front().title.empty()
                            ? rules.regimes().front().title
                            : rules.name())
           << ";\nnode [fontname=\"Helvetica\", fontsize=10];\n";
    };
    boost::write_graphviz(out, g, vertex_writer, edge_writer, graph_writer);
    return out.str();
}

std::string relation_graph_json(const rule_set& rules) {
    const auto g = detail::build_relation_graph(rules);
    nlohmann::ordered_json doc;
    doc["regime"] = rules.name();
    auto& nodes = doc["nodes"] = nlohmann::ordered_json::array();
    for (std::size_t v = 0; v < boost::num_vertices(g); ++v) {
        nlohmann::ordered_json n{
            {"id", g[v].id}, {"kind", kind_name(g[v].kind)}, {"label", g[v].label}};
        if (const auto* m = rules.find_measure(g[v].id)) {
            n["from"] = to_string(m->in_force.from);
            n["until"] = m->in_force.open_ended()
                             ? nlohmann::ordered_json(nullptr)
                             : nlohmann::ordered_json(to_string(m->in_force.until));
            if (!m->superseded_by.empty()) n["superseded_by"] = m->superseded_by;
        }
        nodes.push_back(std::move(n));
    }
    auto& edges = doc["edges"] = nlohmann::ordered_json::array();
    for (auto [it, end] = boost::edges(g); it != end; ++it)
        edges.push_back({{"from", g[boost::source(*it, g)].id},
                         {"to", g[boost::target(*it, g)].id},
                         {"kind", to_string(g[*it].kind)}});
    auto& order = doc["load_order"] = nlohmann::ordered_json::array();
    for (auto i : rules.load_order()) order.push_back(rules.instruments()[i].symbol);
    return doc.dump(2) + "\n";
}

}  // namespace embargo
