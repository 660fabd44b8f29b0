audit --format json tests/cli/data/audit-lints
