test --verbose tests/cli/data/small
