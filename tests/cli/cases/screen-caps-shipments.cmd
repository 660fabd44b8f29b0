screen tests/cli/data/shipments.csv --caps --no-summary --fail-on none
