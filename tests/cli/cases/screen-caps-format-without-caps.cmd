screen tests/cli/data/refined-2018.csv --caps-format json
