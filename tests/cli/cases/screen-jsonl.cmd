screen tests/cli/data/shipments.jsonl --no-summary
