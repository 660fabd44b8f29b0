screen tests/cli/data/refined-2018.csv --max-capped-rows 5
