screen tests/cli/data/shipments.csv --format json --no-summary
