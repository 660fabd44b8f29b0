audit tests/cli/data/no-such-rules
