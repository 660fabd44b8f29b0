check --hs 2701 --file tests/cli/data/shipments.yaml
