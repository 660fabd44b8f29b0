screen --frobnicate tests/cli/data/shipments.csv
