"""The crawl's clock: one "now" for everything time-dependent in a crawl; a run can be pinned to a day.

``ABPLIVE_TODAY`` (``YYYY-MM-DD``) pins the crawl to a day: the clock then reads the machine's time of day on
that day (the wall clock moved by whole days), so the window, a backfill's last day, revisit ages and the
stored ``crawled_at`` / ``first_seen_at`` / ``last_seen_at`` all agree, whatever the machine's date. Unset,
it is the wall clock. The day is the site's (ABP's daily sitemaps are named by IST day).

Wall-clock by design (docs/development.md): what records when the process itself ran, not what the archive
holds — the ``crawls`` row's start and end, cron's log names, and Retry-After arithmetic against the
server's own clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

# Every ABP site publishes in IST; its daily sitemaps are named by IST day.
SITE_ZONE: tzinfo = timezone(timedelta(hours=5, minutes=30))


def pinned_today(value: str | None) -> date | None:
    """The ``ABPLIVE_TODAY`` setting as a date, None when unset; a ``ValueError`` with one line if bad."""
    if not value or not str(value).strip():
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError:
        raise ValueError(f"-s ABPLIVE_TODAY={value}: expected a date as YYYY-MM-DD") from None


@dataclass(frozen=True)
class CrawlClock:
    """The wall clock, or the wall clock moved by whole days so that its date (in ``zone``) is ``pinned``."""

    pinned: date | None = None
    zone: tzinfo = SITE_ZONE

    @classmethod
    def from_settings(cls, settings: Any) -> CrawlClock:
        """The clock of a crawl with these Scrapy settings; a ``ValueError`` if ``ABPLIVE_TODAY`` is bad."""
        return cls(pinned_today(settings.get("ABPLIVE_TODAY")))

    def now(self) -> datetime:
        """The current moment, timezone-aware, in UTC."""
        wall = datetime.now(self.zone)
        if self.pinned is not None:
            wall += self.pinned - wall.date()
        return wall.astimezone(UTC)

    def today(self) -> date:
        """The current day in the site's zone."""
        return self.now().astimezone(self.zone).date()

    def stamp(self) -> str:
        """``now()`` as stored: ISO 8601 to the second, with its offset."""
        return self.now().isoformat(timespec="seconds")
