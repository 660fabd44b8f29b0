screen tests/cli/data/reporter-partner.csv
