screen tests/cli/data/shipments.csv --summary
