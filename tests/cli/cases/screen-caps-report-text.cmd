screen tests/cli/data/refined-2018.csv --caps --no-summary
