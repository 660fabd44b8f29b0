screen tests/io/profiles/mapping.csv --profile tests/io/profiles/mapping-bad.yaml
