check --file tests/cli/data/bad-shipment.yaml
