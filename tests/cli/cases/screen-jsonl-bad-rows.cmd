screen tests/cli/data/bad-rows.jsonl --no-summary
