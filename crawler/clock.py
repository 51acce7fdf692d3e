"""The crawl's "today": one input, so that a run (or a test) can be pinned to a day.

``ABPLIVE_TODAY`` (``YYYY-MM-DD``) fixes the day the default window and a backfill's last day are counted
from; unset, it is the current date on the site's own clock (ABP's daily sitemaps are named by IST day).
Timestamps of what happened (``crawled_at``, run records, log names) stay the real time.
"""

from __future__ import annotations

from datetime import date, datetime


def pinned_today(value: str | None) -> date | None:
    """The ``ABPLIVE_TODAY`` setting as a date, None when unset; a ``ValueError`` with one line if bad."""
    if not value or not str(value).strip():
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"-s ABPLIVE_TODAY={value}: expected a date as YYYY-MM-DD") from None


def today_at(utc_offset: str) -> date:
    """The current date at ``utc_offset`` (such as ``+05:30``)."""
    zone = datetime.fromisoformat(f"2000-01-01T00:00:00{utc_offset}").tzinfo
    return datetime.now(zone).date()
