"""The crawl database: schema, upserts, the known-URL check and the run log. sqlite-utils, no Scrapy.

Tables: ``articles`` (one row per article, full-text indexed), ``dropped`` (pages fetched but not stored, so
cron runs do not refetch them), ``crawls`` (one row per run).
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler import stats as keys
from crawler.extraction.dates import parse_datetime

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
}
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
    "drift_alarm": int,  # 1 when too few pages matched a known template
    "stats": str,  # JSON of every Scrapy stat, for what the columns do not show
}
FTS_COLUMNS = ["title", "summary", "body"]
# FTS5's default tokenizer treats Devanagari vowel signs (category M) as separators and splits every Hindi
# word apart; counting marks as word characters gives exact word matches.
FTS_TOKENIZE = "unicode61 categories 'L* N* Co M*'"


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


_TABLES = (
    ("articles", ARTICLE_COLUMNS, "url"),
    ("dropped", DROPPED_COLUMNS, "url"),
    ("crawls", CRAWL_COLUMNS, "id"),
)


def ensure_schema(db: Database) -> None:
    """Create or upgrade in place: missing tables, columns, indexes and full-text index are added.

    A ``StoreError`` for a database whose tables cannot be upserted by key (a view, no primary key, an
    integer key): refused at start-up, before a single batch would fail."""
    check_keys(db)
    for name, columns, pk in _TABLES:
        table = db.table(name)
        existing = table.columns_dict if table.exists() else {}
        table.create(columns, pk=pk, if_not_exists=True)
        for column, column_type in columns.items():
            if existing and column not in existing:
                table.add_column(column, column_type)
        if name == "articles" and existing and "published_date" not in existing:
            with db.conn:
                db.execute("update articles set published_date = substr(published_at, 1, 10)")
    articles = db.table("articles")
    for column in ("published_at", "published_date", "author", "section"):
        articles.create_index([column], if_not_exists=True)
    db.table("crawls").create_index(["started_at"], if_not_exists=True)
    if not articles.detect_fts():
        articles.enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE)


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


def upsert_articles(db: Database, rows: list[dict[str, Any]], drops: list[dict[str, Any]]) -> dict[str, int]:
    """Write articles and drops in one transaction; count articles ``new``, ``updated`` or ``unchanged``."""
    known = {}
    if rows:
        urls = [row["url"] for row in rows]
        query = f"select url, content_hash from articles where url in ({','.join('?' * len(urls))})"
        known = dict(db.execute(query, urls))
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        if row["url"] not in known:
            counts["new"] += 1
        elif known[row["url"]] == row["content_hash"]:
            counts["unchanged"] += 1
        else:
            counts["updated"] += 1
    with db.conn:
        if rows:
            db.table("articles").upsert_all(rows, pk="url", batch_size=len(rows))
            # A page stored now is no longer a drop.
            stored = [row["url"] for row in rows]
            db.execute(f"delete from dropped where url in ({','.join('?' * len(stored))})", stored)
        if drops:
            db.table("dropped").upsert_all(drops, pk="url", batch_size=len(drops))
    return counts


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
    """Record how a run ended, from its Scrapy stats."""
    dropped = keys.family(stats, keys.DROPPED)
    with db.conn:
        db.table("crawls").update(
            crawl_id,
            {
                "finished_at": finished_at,
                "finish_reason": reason,
                "pages_fetched": stats.get("response_received_count", 0),
                "articles_new": stats.get(keys.ARTICLES + "new", 0),
                "articles_updated": stats.get(keys.ARTICLES + "updated", 0),
                "articles_unchanged": stats.get(keys.ARTICLES + "unchanged", 0),
                "articles_dropped": sum(dropped.values()),
                "dropped_by_reason": json.dumps(dropped, ensure_ascii=False, sort_keys=True),
                "skipped_known": stats.get(keys.SKIPPED + "known", 0),
                "errors": stats.get("log_count/ERROR", 0) - stats.get("retry/max_reached", 0),
                "fetch_failures": sum(keys.family(stats, keys.FAILED).values()),
                "extraction_counts": json.dumps(keys.family(stats, keys.EXTRACTION), sort_keys=True),
                "drift_alarm": stats.get(keys.DRIFT_ALARM, 0),
                "stats": json.dumps(stats, ensure_ascii=False, sort_keys=True, default=str),
            },
        )
