graph
