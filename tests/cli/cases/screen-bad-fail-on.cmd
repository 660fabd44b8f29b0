screen tests/cli/data/shipments.csv --fail-on maybe
