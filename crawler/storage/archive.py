"""The crawl database: schema, upserts, the known-URL check and the run log. sqlite-utils, no Scrapy.

Tables: ``articles`` (one row per article: its latest metadata; its text is in ``article_texts``, full-text
indexed: ``crawler.storage.article_texts``), ``dropped`` (pages fetched but not stored, so cron runs do not
refetch them), ``crawls`` (one row per run); the history of each article
(``article_versions``, ``article_events``) is ``crawler.storage.history``'s; search expands typed words
through the full-text index's vocabulary (``crawler.storage.search_vocabulary``).
"""

from __future__ import annotations

import json
import sqlite3
import sys
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database
from sqlite_utils.db import jsonify_if_needed

from crawler import stats as keys
from crawler.extraction.dates import parse_datetime
from crawler.extraction.urls import LIVEBLOG
from crawler.storage.article_texts import (
    JOIN,
    OLD_FTS_TABLE,
    TEXT_ONLY,
    column_source,
    ensure_texts_schema,
    holds_text,
    move_texts_out,
    without_text,
    write_texts,
)
from crawler.storage.captures import ensure_captures_schema
from crawler.storage.history import (
    CONTENT_COLUMNS,
    due_live_blogs,
    due_revisits,
    ensure_history_schema,
    event_row,
    version_row,
)
from crawler.storage.live_entries import (
    QUIET_CLOSES_AFTER,
    ensure_live_entries_schema,
    still_live,
    write_entries,
)
from crawler.storage.past_captures import is_past, write_past
from crawler.storage.search_vocabulary import ensure_vocabulary

# Column name -> type. Order is the table's column order.
ARTICLE_COLUMNS: dict[str, type] = {
    "url": str,
    "site": str,
    "language": str,
    "title": str,
    "summary": str,
    "body": str,
    "author": str,
    "published_at": str,
    # The page's own calendar day of published_at: SQLite's date() would shift IST times to UTC days.
    "published_date": str,
    "modified_at": str,
    "section": str,
    "tags": str,  # JSON array
    "image_url": str,
    "word_count": int,
    "extraction": str,
    "content_hash": str,
    "crawled_at": str,
    # The response's validators: a revisit asks with If-None-Match / If-Modified-Since.
    "etag": str,
    "last_modified": str,
    # Where the stored content was read: the capture's WARC-Record-ID (the captures table), and "live" or the
    # WARC file a replay read it from.
    "capture_id": str,
    "source": str,
    # "article", "liveblog", "gallery" or "video"; a live blog's coverage as its structured data states it.
    "kind": str,
    "coverage_start": str,
    "coverage_end": str,
}
# Kept by the store itself, not given by a page.
HISTORY_COLUMNS: dict[str, type] = {
    "first_seen_at": str,
    "version_count": int,
    "last_changed_at": str,  # when the crawler first saw the latest content
    # When a stored article answered 404/410 or redirected away; cleared if it comes back. Never deleted.
    "removed_at": str,
    # Newest first as an ascending, never-null key: minus the Julian day of published_at (else of when it was
    # first seen). Datasette's next-page clause for a descending sort adds "or column is null", which no
    # index serves; ascending on this key it is one index walk, for the whole table and for a site, section,
    # author or language. A stored column, not a generated one: SQLite reads a generated column from the row
    # even when an index holds it, and a row is ~10 KB of text.
    "newest_first": float,
    # Flags for facets (version_count > 1, removed_at set), stored for the same reason, each with its index.
    "edited": int,
    "removed": int,
    # Live blogs: 1 while live (revisited every ABPLIVE_LIVEBLOG_REVISIT_MINUTES), and when an entry was last
    # added or edited (crawler.storage.live_entries).
    "live": int,
    "entries_changed_at": str,
}
# The store's own columns that are never null: a facet or a next-page clause on them needs no "is null".
NOT_NULL_DEFAULTS = {"newest_first": 0.0, "edited": 0, "removed": 0, "live": 0, "kind": "article"}
# Indexes that lead with newest_first: with the primary key, since Datasette orders by it after the sort
# column and pages by both. Facets on site and language count these, their next pages included.
NEWEST_FIRST_INDEXES = [
    [*by, "newest_first", "url"] for by in ([], ["section"], ["author"], ["site"], ["language"], ["kind"])
]
# Columns a reader facets the whole table by (datasette/metadata.yml: site and kind by default, the others
# one click away).
FACET_COLUMNS = ("site", "kind", "language", "section", "author")
DROPPED_COLUMNS: dict[str, type] = {"url": str, "reason": str, "published_at": str, "crawled_at": str}
CRAWL_COLUMNS: dict[str, type] = {
    "id": str,
    "started_at": str,
    "finished_at": str,
    "finish_reason": str,  # "running" until the run ends; stays so if the process was killed
    "arguments": str,  # JSON object of the -a arguments
    "pages_fetched": int,
    "articles_new": int,
    "articles_updated": int,
    "articles_unchanged": int,
    "articles_dropped": int,
    "dropped_by_reason": str,  # JSON object
    "skipped_known": int,
    # ERROR lines, less Scrapy's per-page "Gave up retrying": those pages are in fetch_failures and are
    # asked for again by the next run, so one flaky article does not fail a cron run.
    "errors": int,
    "fetch_failures": int,
    "extraction_counts": str,  # JSON: article pages per method (abp, uikit, jsonld, fallback, none)
    "drift_alarm": int,  # 1 when too few pages matched a known template, on any site
    "sites": str,  # JSON: the same counts per site key (see crawl_counts), drift judged per site
    "stats": str,  # JSON of every Scrapy stat, for what the columns do not show
}


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


def open_database(path: str | Path, timeout: float = 30.0) -> Database:
    """Open (creating folder, file and schema as needed) the crawl database in WAL mode.

    ``timeout``: seconds a statement waits for another writer's lock before "database is locked".
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Not tied to the opening thread: the store pipeline writes its batches from a worker thread, one at a
        # time.
        db = Database(sqlite3.connect(path, timeout=timeout, check_same_thread=False))
        db.enable_wal()
        ensure_schema(db)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot use SQLite database {path}: {exc}") from exc
    return db


def check_readable(path: str | Path) -> None:
    """A ``StoreError`` unless ``path`` is an SQLite database that can be read (opened read-only)."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            conn.execute("pragma schema_version")
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot use SQLite database {path}: {exc}") from exc


# The text (standfirst and body) is in article_texts: a row here is ~1 KB, what listings, facets, sorts read.
_ARTICLES_TABLE = {c: t for c, t in (ARTICLE_COLUMNS | HISTORY_COLUMNS).items() if c not in TEXT_ONLY}
_TABLES = (
    ("articles", _ARTICLES_TABLE, "url"),
    ("dropped", DROPPED_COLUMNS, "url"),
    ("crawls", CRAWL_COLUMNS, "id"),
)


def ensure_schema(db: Database) -> None:
    """Create or upgrade in place: missing tables, columns, indexes and full-text index are added, and an
    archive whose ``articles`` still holds the text has it moved to ``article_texts`` (resumable).

    A ``StoreError`` for a database whose tables cannot be upserted by key (a view, no primary key, an
    integer key): refused at start-up, before a single batch would fail."""
    check_keys(db)
    for name, columns, pk in _TABLES:
        table = db.table(name)
        existing = table.columns_dict if table.exists() else {}
        _create_table(db, name, columns, pk)
        for column, column_type in columns.items():
            if existing and column not in existing:
                table.add_column(column, column_type, not_null_default=_not_null(name).get(column))
        if name == "articles" and existing:
            _fill_new_columns(db, existing)
    if holds_text(db) or db.table(OLD_FTS_TABLE).exists():
        move_texts_out(db, lambda name: _create_table(db, name, _ARTICLES_TABLE, "url"), _report_upgrade)
    articles = db.table("articles")
    # Facets, sorts and the canned queries read indexes: site, language, section and author facets their
    # newest-first indexes, articles per day and per author (with their optional :site) and the edited and
    # removed facets the indexes below; each sortable column (datasette/metadata.yml) its own, which also
    # serves a site, section or author sorted by it (their rows are walked in its order until a page is full).
    for columns in (
        ["published_at"],
        ["modified_at"],
        ["first_seen_at"],
        ["last_changed_at"],
        ["published_date", "site"],
        ["author", "published_date", "site"],
        ["edited"],
        ["removed"],
        ["live"],
    ):
        articles.create_index(columns, if_not_exists=True)
    # A facet counts the whole table (or a site of it) by one column: the narrowest index is the fastest
    # to read (0.07 s against 0.10 s through the newest-first one at 1,000,000 articles).
    for column in FACET_COLUMNS:
        articles.create_index([column], if_not_exists=True)
    for columns in NEWEST_FIRST_INDEXES:
        articles.create_index(columns, f"articles_{'_'.join(columns)}", if_not_exists=True)
    db.table("crawls").create_index(["started_at"], if_not_exists=True)
    ensure_texts_schema(db)
    ensure_vocabulary(db)
    ensure_history_schema(db)
    ensure_captures_schema(db)
    ensure_live_entries_schema(db)


def _create_table(db: Database, name: str, columns: dict[str, type], pk: str) -> None:
    not_null = _not_null(name)
    db.table(name).create(columns, pk=pk, if_not_exists=True, not_null=set(not_null), defaults=not_null)


def _not_null(table: str) -> dict[str, Any]:
    return NOT_NULL_DEFAULTS if table in ("articles", "articles_narrow") else {}


def _report_upgrade(message: str) -> None:
    print(f"upgrading the archive in place: {message}", file=sys.stderr, flush=True)


def _fill_new_columns(db: Database, existing: dict[str, Any]) -> None:
    """Values for the derived columns an older database lacks; a flag's default (0) is right for most rows,
    so only the others are written."""
    fills = {
        "published_date": "update articles set published_date = substr(published_at, 1, 10) "
        "where published_at is not null",
        "newest_first": "update articles set newest_first = "
        "-julianday(coalesce(published_at, first_seen_at, crawled_at, '1970-01-01'))",
        "edited": "update articles set edited = 1 where version_count > 1",
        "removed": "update articles set removed = 1 where removed_at is not null",
    }
    with db.conn:
        for column, sql in fills.items():
            if column not in existing:
                db.execute(sql)


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


def check_keys(db: Database) -> None:
    """Each of the crawler's tables that exists is a table keyed by its text column, as upserts need."""
    views = set(db.view_names())
    for name, _, pk in _TABLES:
        if name in views:
            raise StoreError(f"{name} is a view in {_file(db)}, not a table: not a database of this crawler")
        table = db.table(name)
        if not table.exists():
            continue
        key_type = next((column.type for column in table.columns if column.name == pk), "")
        if table.pks != [pk] or "INT" in key_type.upper():
            raise StoreError(
                f"{name}.{pk} in {_file(db)} is not the table's text primary key: "
                "not a database of this crawler (or a damaged one)"
            )


def _file(db: Database) -> str:
    return next((row[2] for row in db.execute("pragma database_list") if row[1] == "main"), "the database")


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
        if row.get("published_at"):  # else it keeps the key of when it was first seen
            history["newest_first"] = newest_first(row["published_at"], None)
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
    "entries_changed_at",
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


def start_crawl(db: Database, crawl_id: str, started_at: str, arguments: dict[str, str]) -> None:
    with db.conn:
        db.table("crawls").upsert(
            {
                "id": crawl_id,
                "started_at": started_at,
                "finish_reason": "running",
                "arguments": json.dumps(arguments, ensure_ascii=False, sort_keys=True),
            },
            pk="id",
        )


def finish_crawl(db: Database, crawl_id: str, finished_at: str, reason: str, stats: dict[str, Any]) -> None:
    """Record how a run ended, from its Scrapy stats: the run's counts, and each site's."""
    sites = {site: crawl_counts(site_stats) for site, site_stats in sorted(keys.by_site(stats).items())}
    with db.conn:
        db.table("crawls").update(
            crawl_id,
            {
                "finished_at": finished_at,
                "finish_reason": reason,
                "pages_fetched": stats.get("response_received_count", 0),
                **{key: _json_if_dict(value) for key, value in crawl_counts(stats).items()},
                "skipped_known": stats.get(keys.SKIPPED + "known", 0),
                "errors": stats.get("log_count/ERROR", 0) - stats.get("retry/max_reached", 0),
                "sites": json.dumps(sites, ensure_ascii=False, sort_keys=True),
                "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
            },
        )


def crawl_counts(stats: dict[str, Any]) -> dict[str, Any]:
    """What the ``crawls`` table records of a run, or of a site in it: articles, drops, failures, methods."""
    dropped = keys.family(stats, keys.DROPPED)
    return {
        "articles_new": stats.get(keys.ARTICLES + "new", 0),
        "articles_updated": stats.get(keys.ARTICLES + "updated", 0),
        "articles_unchanged": stats.get(keys.ARTICLES + "unchanged", 0),
        "articles_dropped": sum(dropped.values()),
        "dropped_by_reason": dropped,
        "fetch_failures": sum(keys.family(stats, keys.FAILED).values()),
        "extraction_counts": keys.family(stats, keys.EXTRACTION),
        "drift_alarm": stats.get(keys.DRIFT_ALARM, 0),
    }


def _json_if_dict(value: Any) -> Any:
    return json.dumps(value, ensure_ascii=False, sort_keys=True) if isinstance(value, dict) else value
