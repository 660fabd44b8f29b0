screen tests/cli/data/shipments.csv --no-summary --fail-on none
