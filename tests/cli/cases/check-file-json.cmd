check --file tests/cli/data/shipments.json --format json
