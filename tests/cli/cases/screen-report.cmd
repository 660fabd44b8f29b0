screen tests/cli/data/report-years.csv --rules tests/cli/data/report-rules --report - --fail-on none
