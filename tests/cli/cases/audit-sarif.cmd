audit --format sarif tests/cli/data/audit-lints
