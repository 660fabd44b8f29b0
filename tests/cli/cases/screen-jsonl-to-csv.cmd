screen tests/cli/data/shipments.jsonl --format csv --no-summary
