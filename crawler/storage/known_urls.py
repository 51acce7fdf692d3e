"""What the archive knows of a URL before it is requested: stored, dropped, and as of when; which stored
articles and live blogs are due a revisit. Read-only, indexed look-ups, fast at millions of rows."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.markup.dates import parse_datetime
from crawler.storage.history import due_live_blogs, due_revisits


@dataclass(frozen=True)
class Freshness:
    """What the database says about one URL before it is requested."""

    known: bool
    # The latest time the stored copy is known to reflect (max of crawled_at and the page's modified_at).
    as_of: datetime | None = None


class KnownArticles:
    """Indexed, per-URL lookups of what earlier runs stored or dropped: fast at millions of rows."""

    def __init__(self, path: str | Path, since: date | None) -> None:
        self.db = Database(sqlite3.connect(f"file:{path}?mode=ro", uri=True))
        self.since = since

    def freshness(self, url: str) -> Freshness:
        row = self.db.execute("select modified_at, crawled_at from articles where url = ?", [url]).fetchone()
        if row:
            return Freshness(True, _latest(*row))
        drop = self.db.execute(
            "select reason, published_at, crawled_at from dropped where url = ?", [url]
        ).fetchone()
        if not drop:
            return Freshness(False)
        reason, published_at, crawled_at = drop
        # Too old for the window it was fetched in, maybe not for this one (a backfill reaches further back).
        if (
            reason == "too_old"
            and self.since
            and published_at
            and published_at[:10] >= self.since.isoformat()
        ):
            return Freshness(False)
        return Freshness(True, _latest(crawled_at))

    def needs_fetch(self, url: str, lastmod: str | None) -> bool:
        """True for a URL never seen, or one whose sitemap ``lastmod`` is newer than the stored copy."""
        freshness = self.freshness(url)
        if not freshness.known:
            return True
        changed = parse_datetime(lastmod)  # a lastmod without offset is taken as UTC
        return bool(changed and freshness.as_of and changed > freshness.as_of)

    def due_revisits(
        self, now: datetime, after_hours: list[float], limit: int, sites: list[str]
    ) -> list[dict[str, Any]]:
        return due_revisits(self.db, now, after_hours, limit, sites)

    def due_live_blogs(
        self, now: datetime, every_minutes: float, limit: int, sites: list[str]
    ) -> list[dict[str, Any]]:
        return due_live_blogs(self.db, now, every_minutes, limit, sites)

    def close(self) -> None:
        self.db.close()


def _latest(*values: str | None) -> datetime | None:
    times = [t for t in map(parse_datetime, values) if t]
    return max(times) if times else None
