"""Storage: the SQLite archive (schema, upserts, full-text search, run records) through sqlite-utils."""
