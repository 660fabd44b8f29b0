screen tests/io/profiles/mapping.csv --profile tests/io/profiles/mapping.yaml --regime un/dprk --fail-on none
