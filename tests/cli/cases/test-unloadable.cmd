test tests/cli/data/unloadable
