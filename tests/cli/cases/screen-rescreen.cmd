screen tests/cli/data/screened.csv --no-summary
