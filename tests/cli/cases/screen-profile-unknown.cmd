screen tests/io/profiles/mapping.csv --profile stata
