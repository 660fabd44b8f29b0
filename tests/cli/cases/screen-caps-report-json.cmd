screen tests/cli/data/refined-2018.csv --caps --caps-format json --no-summary
