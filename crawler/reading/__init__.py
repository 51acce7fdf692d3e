"""The archive as a reader sees it in Datasette: pure helpers for its templates and pages (no Datasette)."""
