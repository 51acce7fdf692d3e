"""The ``articles`` table's writes: one batch of stored, changed, seen, removed and dropped articles in one
transaction, with the history columns of each row (versions and events are ``crawler.storage.history``'s)."""

from __future__ import annotations

from collections import Counter
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

from crawler.markup.dates import parse_datetime
from crawler.sites.urls import LIVEBLOG
from crawler.storage.article_texts import JOIN, column_source, without_text, write_texts
from crawler.storage.counts import count_new
from crawler.storage.history import CONTENT_COLUMNS, event_row, version_row
from crawler.storage.live_entries import QUIET_CLOSES_AFTER, still_live, write_entries
from crawler.storage.past_captures import is_past, write_past


def newest_first(published_at: str | None, first_seen_at: str | None) -> float:
    """The sort key of ``newest_first``: minus the Julian day (as SQLite's ``julianday``) of the time."""
    moment = parse_datetime(published_at) or parse_datetime(first_seen_at)
    return -(moment.timestamp() / 86400 + 2440587.5) if moment else -2440587.5


def first_history(row: dict[str, Any]) -> dict[str, Any]:
    """The history columns of an article stored for the first time (its only version is its row)."""
    at = row.get("crawled_at")
    return {
        "first_seen_at": at,
        "version_count": 1,
        "last_changed_at": at,
        "removed_at": None,
        "edited": 0,
        "removed": 0,
        "newest_first": newest_first(row.get("published_at"), at),
    }


class BatchCounts(dict[str, int]):
    """Articles ``new``, ``updated``, ``unchanged`` and ``removed`` in a batch (and, from replayed captures,
    ``reextracted`` and ``backfilled``); ``by_site``: per site."""

    def __init__(self) -> None:
        super().__init__(new=0, updated=0, unchanged=0, removed=0)
        self.by_site: dict[str, Counter[str]] = {}

    def add(self, outcome: str, site: str | None) -> None:
        self[outcome] = self.get(outcome, 0) + 1
        self.by_site.setdefault(site or "", Counter())[outcome] += 1

    def merge(self, other: BatchCounts) -> None:
        """Add another batch's counts."""
        for outcome, count in other.items():
            self[outcome] = self.get(outcome, 0) + count
        for site, counts in other.by_site.items():
            self.by_site.setdefault(site, Counter()).update(counts)


def upsert_articles(
    db: Database,
    rows: list[dict[str, Any]],
    drops: list[dict[str, Any]],
    touches: list[dict[str, Any]] | tuple[()] = (),
) -> BatchCounts:
    """Write one batch in one transaction; count articles ``new``, ``updated``, ``unchanged``, ``removed``.

    A new article is stored with its version 1; changed content becomes the next version; unchanged content
    only updates when it was seen (its full-text rows are not touched). A ``gone`` drop of a stored article
    marks it removed and keeps it; an article that answers again is no longer removed. ``touches`` are
    revisits answered 304 Not Modified: only when they were seen is recorded.
    """
    if not db.conn.in_transaction:
        # The write lock first: a transaction that has read cannot wait for another writer's lock (SQLite
        # answers "locked" at once), one that holds it reads and writes the batch as one snapshot.
        db.execute("begin immediate")
    try:
        return _write_batch(db, rows, drops, touches)
    except BaseException:
        db.conn.rollback()
        raise


def _write_batch(
    db: Database,
    rows: list[dict[str, Any]],
    drops: list[dict[str, Any]],
    touches: list[dict[str, Any]] | tuple[()],
) -> BatchCounts:
    gone = [drop["url"] for drop in drops if drop["reason"] == "gone"]
    stored = _stored(db, [row["url"] for row in rows] + gone)
    # The content a new version is diffed against: read only for the articles whose content changed.
    previous_content = _contents(
        db,
        [
            row["url"]
            for row in rows
            if row["url"] in stored and stored[row["url"]]["content_hash"] != row["content_hash"]
        ],
    )
    counts = BatchCounts()
    new, changed, seen, versions, events, past = [], [], [], [], [], []
    for row in rows:
        url, at, previous = row["url"], row.get("crawled_at"), stored.get(row["url"])
        if previous is not None and is_past(row, previous):
            past.append((row, previous))
            continue
        if previous is None:
            counts.add("new", row.get("site"))
            new.append(row | first_history(row))
            continue  # its only version is its row: version 1 is written when a second content comes
        if previous["removed_at"]:
            events.append(event_row(url, "returned", at))
        if previous["content_hash"] == row["content_hash"]:
            counts.add("unchanged", row.get("site"))
            seen.append({key: row.get(key) for key in ("url", "crawled_at", "etag", "last_modified")})
            continue
        counts.add("updated", row.get("site"))
        count = previous["version_count"] or 1
        if count == 1:  # its first content, so far only in its row, becomes version 1
            versions.append(version_row(previous_content[url], 1, None))
        history = {
            "version_count": count + 1,
            "last_changed_at": at,
            "removed_at": None,
            "edited": 1,
            "removed": 0,
        }
        # Else it keeps its key (of when it was first seen), given again: an upsert of several rows writes
        # every column any of them has, null where a row has none.
        history["newest_first"] = (
            newest_first(row["published_at"], None) if row.get("published_at") else previous["newest_first"]
        )
        changed.append(row | history)
        versions.append(version_row(row, count + 1, previous_content[url]))
    removed, plain_drops = [], []
    for drop in drops:
        (removed if drop["reason"] == "gone" and drop["url"] in stored else plain_drops).append(drop)
    for drop in removed:
        if not stored[drop["url"]]["removed_at"]:
            counts.add("removed", stored[drop["url"]]["site"])
            events.append(event_row(drop["url"], "removed", drop["crawled_at"]))
    with db.conn:
        articles = db.table("articles")
        if new:
            _insert_new(db, [_as_stored(row) for row in new])
        if changed:
            articles.upsert_all(map(_as_stored, changed), pk="url", batch_size=len(changed))
        write_texts(db, new + changed)
        for row, previous in past:
            counts.add(write_past(db, row, previous), row.get("site"))
        db.conn.executemany(
            "update articles set crawled_at = :crawled_at, etag = :etag, last_modified = :last_modified, "
            "removed_at = null, removed = 0 where url = :url",
            seen,
        )
        db.conn.executemany("update articles set crawled_at = :crawled_at where url = :url", touches)
        # A live blog that answers 304 for a day has no new entry: closed, like one whose page is unchanged.
        db.conn.executemany(
            "update articles set live = 0 where url = :url and live = 1 and julianday(:crawled_at) "
            "- julianday(coalesce(entries_changed_at, first_seen_at)) >= :quiet_days",
            [touch | {"quiet_days": QUIET_CLOSES_AFTER.total_seconds() / 86400} for touch in touches],
        )
        db.conn.executemany(
            "update articles set removed_at = coalesce(removed_at, :crawled_at), removed = 1 "
            "where url = :url",
            removed,
        )
        for row in rows:
            if row.get("kind") == LIVEBLOG:
                _write_live_blog(db, row, stored.get(row["url"]))
        if versions:
            # ignore: a version 1 an older store wrote at the first store is that same content.
            db.table("article_versions").insert_all(
                versions, pk=("url", "version"), batch_size=len(versions), ignore=True
            )
        if events:
            db.table("article_events").insert_all(events, batch_size=len(events))
        if rows:
            # A page stored now is no longer a drop.
            urls = [row["url"] for row in rows]
            db.execute(f"delete from dropped where url in ({','.join('?' * len(urls))})", urls)
        if plain_drops:
            db.table("dropped").upsert_all(plain_drops, pk="url", batch_size=len(plain_drops))
    return counts


_STORED_COLUMNS = (
    "url", "site", "content_hash", "version_count", "removed_at", "capture_id", "crawled_at", "first_seen_at",
    "entries_changed_at", "newest_first",
)  # fmt: skip


def _as_stored(row: dict[str, Any]) -> dict[str, Any]:
    """A row as ``articles`` holds it: no text (``article_texts``), no entries (``live_entries``)."""
    return {key: value for key, value in without_text(row).items() if key != "live_entries"}


def _insert_new(db: Database, rows: list[dict[str, Any]]) -> None:
    """New ``articles`` rows through one prepared statement. sqlite-utils' ``insert_all`` (multi-row
    statements of 32 rows) took 12.6 s for 10,000 new rows in batches of 1,000 into the 1,000,000-article
    archive of bench/archive.py, this 8.5 s (median of four, commits included)."""
    columns = list(dict.fromkeys(key for row in rows for key in row))
    db.conn.executemany(
        f"insert into articles ({', '.join(f'[{column}]' for column in columns)}) "
        f"values ({', '.join(f':{column}' for column in columns)})",
        [{column: jsonify_if_needed(row.get(column)) for column in columns} for row in rows],
    )
    count_new(db, rows)


def _write_live_blog(db: Database, row: dict[str, Any], stored: dict[str, Any] | None) -> None:
    """A live blog's entries from this visit, and whether it is still live (judged by its latest visit only:
    a replayed older capture adds its entries, not its state)."""
    at = row.get("crawled_at")
    changes = write_entries(db, row["url"], row.get("live_entries") or [], at or "")
    if not changes.current:
        return
    changed_at = at if changes.any else (stored or {}).get("entries_changed_at")
    db.execute(
        "update articles set live = ?, entries_changed_at = ? where url = ?",
        [int(still_live(row, changes, changed_at)), changed_at, row["url"]],
    )


def _stored(db: Database, urls: list[str]) -> dict[str, dict[str, Any]]:
    """What the archive holds of these URLs: the hash of their content and their history columns."""
    return _select(db, urls, _STORED_COLUMNS)


def _contents(db: Database, urls: list[str]) -> dict[str, dict[str, Any]]:
    """The stored content of these URLs, as a version row is made of it."""
    return _select(db, urls, CONTENT_COLUMNS, JOIN)


def _select(
    db: Database, urls: list[str], columns: tuple[str, ...], source: str = "articles"
) -> dict[str, dict[str, Any]]:
    if not urls:
        return {}
    selected = ", ".join(map(column_source, columns))
    query = f"select {selected} from {source} where articles.url in ({','.join('?' * len(urls))})"
    return {row[0]: dict(zip(columns, row, strict=True)) for row in db.execute(query, urls)}
