screen tests/cli/data/no-such.csv
