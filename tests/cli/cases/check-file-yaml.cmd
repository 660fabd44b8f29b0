check --file tests/cli/data/shipments.yaml
