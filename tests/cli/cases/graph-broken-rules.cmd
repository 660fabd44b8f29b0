graph tests/cli/data/rules-broken
