test --format junit tests/cli/data/audit-lints
