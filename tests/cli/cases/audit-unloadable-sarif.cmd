audit --format sarif tests/cli/data/unloadable
