screen tests/cli/data/refined-2018.csv --fail-on none
