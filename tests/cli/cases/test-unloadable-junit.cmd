test --format junit tests/cli/data/unloadable
