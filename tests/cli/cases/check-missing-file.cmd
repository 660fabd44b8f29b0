check --file tests/cli/data/no-such.yaml
