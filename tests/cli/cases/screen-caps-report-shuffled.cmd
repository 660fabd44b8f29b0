screen tests/cli/data/refined-2018-shuffled.csv --caps --summary
