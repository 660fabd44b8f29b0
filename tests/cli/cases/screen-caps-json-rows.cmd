screen tests/cli/data/refined-2018.csv --format json --no-summary
