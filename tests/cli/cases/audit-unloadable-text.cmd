audit tests/cli/data/unloadable
