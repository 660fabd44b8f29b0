screen - --format jsonl --no-summary --fail-on none
