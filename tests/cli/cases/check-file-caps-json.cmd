check --file tests/cli/data/diesel-deliveries-2018.yaml --format json
