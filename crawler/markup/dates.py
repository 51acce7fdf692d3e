"""ISO 8601 parsing shared by extraction (page dates) and the database (freshness checks)."""

from __future__ import annotations

from datetime import datetime


def parse_datetime(value: str | None, naive_offset: str = "+00:00") -> datetime | None:
    """An aware datetime from ISO 8601; a value without offset (or a bare date) gets ``naive_offset``.

    None for a missing or unparsable value: a page's bad date is a missing date, never an error.
    """
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = datetime.fromisoformat(f"{parsed.isoformat()}{naive_offset}")
    return parsed


def normalize_date(value: str | None, utc_offset: str) -> str | None:
    """ISO 8601 keeping the value's own offset; a naive value gets the site's. ``None`` if unparsable."""
    parsed = parse_datetime(value, utc_offset)
    return parsed.isoformat() if parsed else None
