test tests/cli/data/audit-lints
