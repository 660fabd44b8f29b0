screen tests/cli/data/refined-2018-bad-rows.csv
