"""Import and export: plain text, JSONL and CoNLL."""
