"""Store stage: articles upserted into SQLite (WAL, batched transactions, Hindi-safe full-text search)."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

from itemadapter import ItemAdapter
from sqlite_utils import Database

logger = logging.getLogger(__name__)

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
FTS_COLUMNS = ["title", "summary", "body"]
# FTS5's default tokenizer treats Devanagari vowel signs (category M) as separators and splits every Hindi
# word apart; counting marks as word characters gives exact word matches.
FTS_TOKENIZE = "unicode61 categories 'L* N* Co M*'"


class StoreError(RuntimeError):
    """The database cannot be opened or written; the message says which file and why."""


def open_database(path: str | Path) -> Database:
    """Open (creating folder, file and schema as needed) the crawl database in WAL mode."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        db = Database(path)
        db.enable_wal()
        ensure_schema(db)
    except (OSError, sqlite3.Error) as exc:
        raise StoreError(f"cannot use SQLite database {path}: {exc}") from exc
    return db


def ensure_schema(db: Database) -> None:
    """Create or upgrade in place: missing table, columns, indexes and full-text index are added."""
    articles = db.table("articles")
    articles.create(ARTICLE_COLUMNS, pk="url", if_not_exists=True)
    existing = articles.columns_dict
    for name, column_type in ARTICLE_COLUMNS.items():
        if name not in existing:
            articles.add_column(name, column_type)
    if "published_date" not in existing:
        with db.conn:
            db.execute("update articles set published_date = substr(published_at, 1, 10)")
    for column in ("published_at", "published_date", "author", "section"):
        articles.create_index([column], if_not_exists=True)
    if not articles.detect_fts():
        articles.enable_fts(FTS_COLUMNS, create_triggers=True, tokenize=FTS_TOKENIZE)


def upsert_articles(db: Database, rows: list[dict[str, Any]]) -> dict[str, int]:
    """Upsert rows in one transaction; count them ``new``, ``updated`` or ``unchanged`` (by content hash)."""
    urls = [row["url"] for row in rows]
    placeholders = ",".join("?" * len(urls))
    known = dict(db.execute(f"select url, content_hash from articles where url in ({placeholders})", urls))
    counts = {"new": 0, "updated": 0, "unchanged": 0}
    for row in rows:
        if row["url"] not in known:
            counts["new"] += 1
        elif known[row["url"]] == row["content_hash"]:
            counts["unchanged"] += 1
        else:
            counts["updated"] += 1
    with db.conn:
        db.table("articles").upsert_all(rows, pk="url", batch_size=len(rows))
    return counts


def article_row(item: object) -> dict[str, Any]:
    adapter = ItemAdapter(item)
    row = {name: adapter.get(name) for name in ARTICLE_COLUMNS if name in adapter.field_names()}
    row["published_date"] = (row["published_at"] or "")[:10] or None
    return row


class SQLiteStorePipeline:
    """Buffers items and writes them in batches; whatever is buffered is written when the spider closes."""

    def __init__(self, crawler: Any, path: str, batch_size: int) -> None:
        self.crawler = crawler
        self.path = path
        self.batch_size = batch_size
        self.buffer: list[dict[str, Any]] = []
        # Opened at start-up so an unusable path fails before anything is crawled.
        self.db = open_database(path)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SQLiteStorePipeline:
        settings = crawler.settings
        try:
            return cls(crawler, settings.get("SQLITE_PATH"), settings.getint("SQLITE_BATCH_SIZE"))
        except StoreError as exc:
            # A start-up error of the user's set-up: one line, no traceback.
            raise SystemExit(f"abplive: {exc}") from None

    def process_item(self, item: object) -> object:
        self.buffer.append(article_row(item))
        if len(self.buffer) >= self.batch_size:
            self.flush()
        return item

    def close_spider(self) -> None:
        self.flush()
        if self.buffer:
            self.crawler.stats.set_value("abplive/store/unsaved", len(self.buffer))
            logger.error(
                "%d articles could not be stored in %s; refetch them with -a url=…: %s",
                len(self.buffer),
                self.path,
                " ".join(row["url"] for row in self.buffer),
            )
        self.db.close()

    def flush(self) -> None:
        if not self.buffer:
            return
        # Duplicates inside one batch (the same article via two routes) collapse to the last copy.
        rows = list({row["url"]: row for row in self.buffer}.values())
        try:
            counts = upsert_articles(self.db, rows)
        except sqlite3.Error as exc:
            # Kept in the buffer: the next flush (at the latest when the spider closes) tries again.
            self.crawler.stats.inc_value("abplive/store/errors")
            logger.error("could not store %d articles in %s, will retry: %s", len(rows), self.path, exc)
            return
        self.buffer.clear()
        for outcome, count in counts.items():
            self.crawler.stats.inc_value(f"abplive/articles/{outcome}", count)
