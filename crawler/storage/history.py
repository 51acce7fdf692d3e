"""What the archive remembers of an article over time: its versions, its removal and return, its revisits.

Tables: ``article_versions`` (one row per distinct content of an article, with a word diff against the
version before) and ``article_events`` (``removed``: it answered 404/410 or redirected away; ``returned``:
it answered again). Nothing is ever deleted by a crawl. Plain sqlite-utils, no Scrapy.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlite_utils import Database

from crawler.storage.diffs import word_diff

VERSION_COLUMNS: dict[str, type] = {
    "url": str,
    "version": int,  # 1, 2, … in the order the crawler saw them
    "content_hash": str,
    "title": str,
    "summary": str,
    "body": str,
    "modified_at": str,  # the page's own modified time, as it said
    "captured_at": str,  # when the crawler fetched this content
    "capture_id": str,  # the capture it was read from (the captures table), as the article row's
    "source": str,  # "live", or the WARC file a replay read it from
    "previous_title": str,  # the headline before, when it changed
    "words_added": int,  # against the version before (title, standfirst and body)
    "words_removed": int,
    "diff": str,  # the new text with removed [-words-] and added {+words+}, in context
}
EVENT_COLUMNS: dict[str, type] = {"url": str, "event": str, "at": str}
# An article's content as ``version_row`` reads it (its capture time as ``crawled_at``, as in a row).
CONTENT_COLUMNS = (
    "url", "title", "summary", "body", "modified_at", "crawled_at", "content_hash", "capture_id", "source",
)  # fmt: skip


def ensure_history_schema(db: Database) -> None:
    """The history tables (``articles``' own derived columns are ``crawler.storage.articles``')."""
    versions = db.table("article_versions")
    # The foreign key gives an article's row page in Datasette its link to the article's versions.
    versions.create(
        VERSION_COLUMNS, pk=("url", "version"), foreign_keys=[("url", "articles", "url")], if_not_exists=True
    )
    existing = versions.columns_dict
    for column, column_type in VERSION_COLUMNS.items():
        if column not in existing:  # an older archive: columns added since
            versions.add_column(column, column_type)
    versions.create_index(["captured_at"], if_not_exists=True)
    events = db.table("article_events")
    events.create(EVENT_COLUMNS, foreign_keys=[("url", "articles", "url")], if_not_exists=True)
    events.create_index(["url"], if_not_exists=True)
    events.create_index(["at"], if_not_exists=True)
    # The "removed articles" view reads only the removed ones, newest first, at any archive size.
    db.execute(
        "create index if not exists articles_removed_at on articles(removed_at) where removed_at is not null"
    )


def version_row(row: dict[str, Any], version: int, previous: dict[str, Any] | None) -> dict[str, Any]:
    """The version row of ``row``'s content as its version ``version``, diffed against ``previous``."""
    new_text, old_text = _text(row), _text(previous) if previous else ""
    diff = word_diff(old_text, new_text) if previous else None
    title_changed = previous is not None and previous.get("title") != row.get("title")
    return {
        "url": row["url"],
        "version": version,
        "content_hash": row.get("content_hash"),
        "title": row.get("title"),
        "summary": row.get("summary"),
        "body": row.get("body"),
        "modified_at": row.get("modified_at"),
        "captured_at": row.get("crawled_at"),
        "capture_id": row.get("capture_id"),
        "source": row.get("source"),
        "previous_title": previous.get("title") if title_changed else None,
        "words_added": diff.added if diff else None,
        "words_removed": diff.removed if diff else None,
        "diff": diff.text if diff else None,
    }


def _text(row: dict[str, Any]) -> str:
    return "\n\n".join(row.get(field) or "" for field in ("title", "summary", "body"))


def event_row(url: str, event: str, at: str | None) -> dict[str, Any]:
    return {"url": url, "event": event, "at": at}


def due_revisits(
    db: Database, now: datetime, after_hours: list[float], limit: int, sites: list[str]
) -> list[dict[str, Any]]:
    """Stored articles of ``sites`` that reached one of the revisit points (``after_hours`` after
    publication) since they were last fetched, newest first, at most ``limit``: with the headers for a
    conditional request."""
    if not after_hours or limit < 1 or not sites:
        return []
    # Due: the point is past, and the last fetch was before it.
    checkpoints = " or ".join(
        f"(julianday(published_at) + :h{n} <= julianday(:now)"
        f" and julianday(crawled_at) < julianday(published_at) + :h{n})"
        for n in range(len(after_hours))
    )
    params: dict[str, Any] = {f"h{n}": hours / 24 for n, hours in enumerate(after_hours)}
    # Only what the last checkpoint can still concern: an index range on published_at, not the whole table.
    params |= {"now": now.isoformat(), "oldest": (now - timedelta(hours=max(after_hours) + 24)).isoformat()}
    params |= {f"s{n}": site for n, site in enumerate(sites)}
    in_sites = ", ".join(f":s{n}" for n in range(len(sites)))
    sql = (
        "select url, etag, last_modified from articles where removed_at is null and published_at >= :oldest "
        f"and site in ({in_sites}) and ({checkpoints}) order by published_at desc limit {int(limit)}"
    )
    return [dict(zip(("url", "etag", "last_modified"), row, strict=True)) for row in db.execute(sql, params)]


def due_live_blogs(
    db: Database, now: datetime, every_minutes: float, limit: int, sites: list[str]
) -> list[dict[str, Any]]:
    """Live blogs still live (``articles.live``) of ``sites`` last fetched ``every_minutes`` ago or more,
    longest unfetched first, at most ``limit``: with the headers for a conditional request."""
    if every_minutes <= 0 or limit < 1 or not sites:
        return []
    in_sites = ", ".join(f":s{n}" for n in range(len(sites)))
    sql = (
        "select url, etag, last_modified from articles where live = 1 and removed_at is null "
        f"and site in ({in_sites}) and julianday(crawled_at) + :every <= julianday(:now) "
        f"order by crawled_at limit {int(limit)}"
    )
    params = {"every": every_minutes / 1440, "now": now.isoformat()} | {
        f"s{n}": s for n, s in enumerate(sites)
    }
    return [dict(zip(("url", "etag", "last_modified"), row, strict=True)) for row in db.execute(sql, params)]
