screen tests/cli/data/bad-rows.csv --no-summary
