audit --fail-on warning tests/cli/data/small
