audit tests/cli/data/audit-lints
