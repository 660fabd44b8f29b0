screen examples/un-regimes-mixed.csv --summary --fail-on none
