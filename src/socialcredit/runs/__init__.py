"""The run directory: its record (`metrics.json`, a versioned schema), its series table, and
writing and reading it all at once. It writes files; it never renders."""
