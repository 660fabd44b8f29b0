screen tests/cli/data/missing-columns.csv
