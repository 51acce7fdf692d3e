"""The archive's schema: its tables, columns and indexes, created or upgraded in place when a database is
opened, and the schema version it is at (``PRAGMA user_version``; what each version changed is in
docs/storage.md). Each table family's own tables are created by its module (``ensure_*_schema``)."""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlite_utils import Database

from crawler.storage.archive_captures import ensure_archive_captures_schema
from crawler.storage.article_texts import (
    OLD_FTS_TABLE,
    TEXT_ONLY,
    ensure_texts_schema,
    holds_text,
    move_texts_out,
)
from crawler.storage.backfill_files import ensure_backfill_files_schema
from crawler.storage.captures import ensure_captures_schema
from crawler.storage.counts import ensure_counts_schema
from crawler.storage.crawls import CRAWL_COLUMNS
from crawler.storage.history import ensure_history_schema
from crawler.storage.live_entries import ensure_live_entries_schema
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
# The schema this code writes, kept in the database as PRAGMA user_version. docs/storage.md says what each
# version changed; an older archive is upgraded in place when opened, a newer one is refused.
SCHEMA_VERSION = 4


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


def open_database(path: str | Path, timeout: float = 30.0) -> Database:
    """Open (creating folder, file and schema as needed) the crawl database in WAL mode.

    ``timeout``: seconds a statement waits for another writer's lock before "database is locked".
    """
    path = Path(path)
    if path.is_file() and path.stat().st_size:
        check_archive(path, new=True)  # before anything is written to it, even WAL mode
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


def write_apart(path: str | Path, timeout: float, write: Callable[[Database], None]) -> None:
    """Open the archive, ``write`` to it (committed at its end) and close it: for a component that writes a
    few rows beside the store stage. Raises ``StoreError`` if the file cannot be opened or written."""
    db = open_database(path, timeout)
    try:
        with db.conn:
            write(db)
    except sqlite3.Error as exc:
        raise StoreError(f"cannot write to SQLite database {path}: {exc}") from exc
    finally:
        db.close()


def check_archive(path: str | Path, *, new: bool = False) -> None:
    """A ``StoreError`` in one line unless ``path`` is an archive of this crawler, looked at read-only (a
    foreign file is never changed): its ``articles`` table with a ``url`` column, as every layout of the
    archive had (``check_keys`` then says whether it can be written). ``new``: an empty database (no tables)
    is also accepted, as one this crawler may make its archive."""
    if not Path(path).is_file():
        raise StoreError(f"no archive at {path}")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            tables = [
                name
                for (name,) in conn.execute("select name from sqlite_master where type in ('table', 'view')")
                if not name.startswith("sqlite_")
            ]
            columns = {row[1] for row in conn.execute("pragma table_info(articles)")}
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot use SQLite database {path}: {exc}") from exc
    if not tables:
        if new:
            return
        raise StoreError(f"{path} is an empty database, not an archive yet: crawl into it first (make crawl)")
    if "url" not in columns:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise StoreError(
            f"{path} is not an abplive-crawler archive (its tables: {shown}); nothing in it was changed"
        )


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
    integer key), or one written by a newer version of the crawler: refused at start-up, before a single
    batch would fail."""
    found = schema_version(db)
    if found > SCHEMA_VERSION:
        raise StoreError(
            f"{_file(db)} has schema version {found}, newer than this crawler's {SCHEMA_VERSION}: "
            "upgrade abplive-crawler to write to it"
        )
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
        move_texts_out(
            db, lambda name: _create_table(db, name, _ARTICLES_TABLE, "url"), _report_upgrade, UPGRADE_PREFIX
        )
    articles = db.table("articles")
    # Facets, sorts and the canned queries read indexes: site, language, section and author facets their
    # newest-first indexes, articles per day (with its optional :site) and the edited and removed facets the
    # indexes below, the kept counts' triggers (crawler.storage.counts) the one by author and day; each
    # sortable column (datasette/metadata.yml) its own, which also serves a site, section or author sorted by
    # it (their rows are walked in its order until a page is full).
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
    ensure_backfill_files_schema(db)
    ensure_archive_captures_schema(db)
    ensure_counts_schema(db)
    if found != SCHEMA_VERSION:
        db.execute(f"pragma user_version = {SCHEMA_VERSION}")


def schema_version(db: Database) -> int:
    """The archive's schema version (``PRAGMA user_version``); 0 for a new database or one from before
    versions were kept."""
    return db.execute("pragma user_version").fetchone()[0]


def read_schema_version(path: str | Path) -> int:
    """``schema_version`` of the archive at ``path``, read without writing to it."""
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("pragma user_version").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise StoreError(f"cannot use SQLite database {path}: {exc}") from exc


def _create_table(db: Database, name: str, columns: dict[str, type], pk: str) -> None:
    not_null = _not_null(name)
    db.table(name).create(columns, pk=pk, if_not_exists=True, not_null=set(not_null), defaults=not_null)


def _not_null(table: str) -> dict[str, Any]:
    return NOT_NULL_DEFAULTS if table in ("articles", "articles_narrow") else {}


UPGRADE_PREFIX = "upgrading the archive in place: "


def _report_upgrade(message: str) -> None:
    print(f"{UPGRADE_PREFIX}{message}", file=sys.stderr, flush=True)


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
