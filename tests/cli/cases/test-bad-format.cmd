test --format sarif
