"""Live blogs' entries: ``live_entries`` (one row per entry, its latest text) and ``live_entry_versions``
(every earlier text of an edited entry). Plain sqlite-utils, no Scrapy; called by the store inside its batch's
transaction.

Entries accumulate: each visit adds the new ones, keeps an edited one's earlier text as a version, and marks
the ones the page no longer shows (``shown = 0``, an AMP list drops its oldest) — none is ever deleted. The
live blog's ``articles`` row says whether it is still live (``live``), which its revisits follow.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlite_utils import Database

from crawler.extraction.liveblog import is_closed_title
from crawler.markup.dates import parse_datetime
from crawler.storage.article_texts import FTS_TOKENIZE

ENTRY_COLUMNS: dict[str, type] = {
    "url": str,  # the live blog's
    "entry_id": str,  # the update's own id or #fragment, else a hash of its time, headline and text
    "published_at": str,
    "headline": str,
    "body": str,
    "first_seen_at": str,
    "last_seen_at": str,
    "shown": int,  # 1 while the page shows it
    "version_count": int,
    "edited": int,
}
VERSION_COLUMNS: dict[str, type] = {
    "url": str,
    "entry_id": str,
    "version": int,  # 1 = its first text
    "published_at": str,
    "headline": str,
    "body": str,
    "captured_at": str,  # when the crawler first saw this text
}
# A live blog whose entries did not change for this long is taken as closed: its revisits stop.
QUIET_CLOSES_AFTER = timedelta(hours=24)


def ensure_live_entries_schema(db: Database) -> None:
    db.table("live_entries").create(
        ENTRY_COLUMNS, pk=("url", "entry_id"), not_null={"shown", "version_count", "edited"},
        defaults={"shown": 1, "version_count": 1, "edited": 0}, if_not_exists=True,
    )  # fmt: skip
    db.table("live_entry_versions").create(
        VERSION_COLUMNS, pk=("url", "entry_id", "version"), if_not_exists=True
    )
    # Entries are searched like articles (the search_live_entries canned query), with the same tokenizer.
    if not db.table("live_entries").detect_fts():
        db.table("live_entries").enable_fts(["headline", "body"], create_triggers=True, tokenize=FTS_TOKENIZE)


@dataclass
class EntryChanges:
    new: int = 0
    edited: int = 0
    # False for a visit older than the blog's latest (a replayed capture): it says nothing of the blog now.
    current: bool = True

    @property
    def any(self) -> bool:
        return bool(self.new or self.edited)


def write_entries(db: Database, url: str, entries: list[dict[str, Any]], seen_at: str) -> EntryChanges:
    """Merge one visit's entries (as the page lists them) into the blog's, inside the caller's transaction.
    A visit older than the blog's latest (a replayed capture) adds what it has, never marks or re-edits."""
    columns = (
        "entry_id",
        "published_at",
        "headline",
        "body",
        "first_seen_at",
        "last_seen_at",
        "version_count",
    )
    stored = {
        row[0]: dict(zip(columns, row, strict=True))
        for row in db.execute(f"select {', '.join(columns)} from live_entries where url = ?", [url])
    }
    latest_visit = max((entry["last_seen_at"] or "" for entry in stored.values()), default="")
    current = seen_at >= latest_visit
    changes = EntryChanges(current=current)
    for entry in entries:
        before = stored.get(entry["entry_id"])
        key = {"url": url, "entry_id": entry["entry_id"]}
        if before is None:
            changes.new += 1
            db.table("live_entries").insert(
                key | _text(entry) | {"first_seen_at": seen_at, "last_seen_at": seen_at, "shown": 1}
            )
        elif current and _text(before) != _text(entry):
            changes.edited += 1
            count = before["version_count"] or 1
            # captured_at of the earlier text: when it was last seen as it was.
            db.table("live_entry_versions").insert(
                key | _text(before) | {"version": count, "captured_at": before["last_seen_at"]}, ignore=True
            )
            db.table("live_entries").update(
                (url, entry["entry_id"]),
                _text(entry) | {"last_seen_at": seen_at, "shown": 1, "version_count": count + 1, "edited": 1},
            )
        else:
            db.execute(
                "update live_entries set first_seen_at = min(first_seen_at, :at), "
                "last_seen_at = max(last_seen_at, :at), shown = shown or :current "
                "where url = :url and entry_id = :entry_id",
                key | {"at": seen_at, "current": int(current)},
            )
    if current:
        shown = {entry["entry_id"] for entry in entries}
        dropped = [entry_id for entry_id in stored if entry_id not in shown]
        db.conn.executemany(
            "update live_entries set shown = 0 where url = ? and entry_id = ?", [(url, e) for e in dropped]
        )
    return changes


def _text(entry: dict[str, Any]) -> dict[str, Any]:
    return {"published_at": entry["published_at"], "headline": entry["headline"], "body": entry["body"]}


def still_live(row: dict[str, Any], changes: EntryChanges, entries_changed_at: str | None) -> bool:
    """Whether a live blog is still live after a visit at ``row["crawled_at"]``: not when its coverage has
    ended, its title says HIGHLIGHTS, or its entries did not change for ``QUIET_CLOSES_AFTER``."""
    seen = parse_datetime(row.get("crawled_at"))
    ended = parse_datetime(row.get("coverage_end"))
    if (ended and seen and ended <= seen) or is_closed_title(row.get("title")):
        return False
    last_change = seen if changes.any else parse_datetime(entries_changed_at)
    return not (seen and last_change and seen - last_change >= QUIET_CLOSES_AFTER)
