"""Errors the crawler reports to its user rather than as a bug."""

from __future__ import annotations


class StartupError(Exception):
    """A crawl that cannot start because of how it was asked for: a bad argument or setting, an unusable
    database, no browser for rendering. Its message is one line, shown as it is; only that crawl fails."""
