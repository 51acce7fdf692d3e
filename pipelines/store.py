"""Store stage: articles upserted into SQLite in batched transactions; drops recorded for later runs."""

from __future__ import annotations

import asyncio
import logging
import os
import sqlite3
from typing import Any

from itemadapter import ItemAdapter
from scrapy import signals

from crawler import stats as keys
from crawler.errors import StartupError
from crawler.storage.batches import article_row, dropped_row, store_batch
from crawler.storage.schema import StoreError, open_database
from pipelines.validate import ArticleDropped

logger = logging.getLogger(__name__)

# Database errors that every later batch would meet too: the crawl stops, with this finish reason, instead of
# fetching pages it cannot store. (SQLite's primary result codes; a "database is locked" is waited out.)
UNWRITABLE = {
    sqlite3.SQLITE_READONLY_DBMOVED: "database_gone",  # the file was deleted or moved under the crawl
    sqlite3.SQLITE_FULL: "disk_full",
    sqlite3.SQLITE_READONLY: "database_read_only",
    sqlite3.SQLITE_IOERR: "database_unwritable",
    sqlite3.SQLITE_CANTOPEN: "database_unwritable",
}


class SQLiteStorePipeline:
    """Buffers items and writes them in batches; whatever is buffered is written when the spider closes.

    A batch is written in a worker thread: SQLite does its work (full-text indexing, mostly) without holding
    Python's lock, so the crawl goes on extracting pages meanwhile, and a write waiting for another writer's
    lock holds up only the items of that batch, not the whole crawl. Batches are written one at a time.
    """

    def __init__(self, crawler: Any, path: str, batch_size: int, timeout: float) -> None:
        self.crawler = crawler
        self.path = path
        self.batch_size = batch_size
        self.rows: list[dict[str, Any]] = []
        self.drops: list[dict[str, Any]] = []
        self.touches: list[dict[str, Any]] = []  # revisits answered 304: only when they were seen
        # Buffered pages at which the next write is attempted; raised by a batch after a failed write.
        self.flush_at = batch_size
        self.writing = asyncio.Lock()
        self.closing: asyncio.Future[None] | None = None
        # Opened at start-up so an unusable path fails before anything is crawled.
        self.db = open_database(path, timeout)
        self.inode = os.stat(path).st_ino
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SQLiteStorePipeline:
        settings = crawler.settings
        try:
            return cls(
                crawler,
                settings.get("SQLITE_PATH"),
                settings.getint("SQLITE_BATCH_SIZE"),
                settings.getfloat("SQLITE_TIMEOUT"),
            )
        except StoreError as exc:
            raise StartupError(f"abplive: {exc}") from None

    async def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        if adapter.get("http_status") == 304:
            self.touches.append({"url": adapter["url"], "crawled_at": adapter.get("crawled_at")})
            self.crawler.stats.inc_value(keys.REVISITS_NOT_MODIFIED)
        else:
            self.rows.append(article_row(item))
        await self._flush_when_full()
        return item

    async def item_dropped(self, item: object, exception: BaseException) -> None:
        if isinstance(exception, ArticleDropped):
            self.drops.append(dropped_row(item, exception.reason))
            await self._flush_when_full()

    async def close_spider(self) -> None:
        await self.flush()
        unsaved = self.rows + self.drops + self.touches
        if unsaved:
            self.crawler.stats.set_value(keys.STORE_UNSAVED, len(unsaved))
            logger.error(
                "%d pages could not be stored in %s; refetch them with -a url=…: %s",
                len(unsaved),
                self.path,
                " ".join(row["url"] for row in unsaved),
            )
        self.db.close()

    def _stop_when_unwritable(self, exc: sqlite3.Error) -> None:
        """A full disk, or a database folder made read-only or removed, refuses every batch to come: stop
        fetching (what is buffered stays unstored, so the next run fetches it again) and end the run with the
        reason (``disk_full``, ``database_gone``, ``database_read_only``, ``database_unwritable``), which
        cron reports."""
        code = getattr(exc, "sqlite_errorcode", None) or 0
        reason = UNWRITABLE.get(code) or UNWRITABLE.get(code & 0xFF)
        if reason is not None:
            self._stop(reason, exc)

    def _stop(self, reason: str, exc: BaseException) -> None:
        if self.crawler.stats.get_value(keys.STORE_STOPPED):
            return
        self.crawler.stats.set_value(keys.STORE_STOPPED, reason)
        said = reason.replace("_", " ")
        logger.error("%s: %s cannot be written (%s); the crawl stops", said, self.path, exc)
        # Not awaited here: closing the spider flushes this pipeline, which waits for this write to end.
        self.closing = asyncio.ensure_future(self.crawler.engine.close_spider_async(reason=reason))

    def _same_database_file(self) -> bool:
        try:
            return os.stat(self.path).st_ino == self.inode
        except OSError:
            return False

    def _buffered(self) -> int:
        return len(self.rows) + len(self.drops) + len(self.touches)

    async def _flush_when_full(self) -> None:
        if self._buffered() >= self.flush_at:
            await self.flush()

    async def flush(self) -> None:
        async with self.writing:
            if not self._buffered():
                return
            if not self._same_database_file():
                # SQLite would go on writing into the deleted file: nothing stored there would be kept.
                self._stop("database_gone", FileNotFoundError(f"{self.path} was deleted or replaced"))
                return
            # Taken out of the buffers, which fill up again while the batch is written.
            rows, drops, touches = self.rows, self.drops, self.touches
            self.rows, self.drops, self.touches = [], [], []
            try:
                counts = await asyncio.to_thread(store_batch, self.db, rows, drops, touches)
            except BaseException as exc:
                # Back in the buffers: tried again a batch later, and at the latest when the spider closes.
                self.rows[:0], self.drops[:0], self.touches[:0] = rows, drops, touches
                if not isinstance(exc, sqlite3.Error):
                    raise  # not the database refusing the batch: a bug, or the crawl being torn down
                self.crawler.stats.inc_value(keys.STORE_ERRORS)
                self._stop_when_unwritable(exc)
                pages = len({row["url"] for row in rows}) + len({row["url"] for row in drops}) + len(touches)
                logger.error("could not store %d pages in %s, will retry: %s", pages, self.path, exc)
                self.flush_at = self._buffered() + self.batch_size
                return
            self.flush_at = self.batch_size
            for outcome, count in counts.items():
                self.crawler.stats.inc_value(keys.ARTICLES + outcome, count)
            for site, site_counts in counts.by_site.items():
                for outcome, count in site_counts.items():
                    self.crawler.stats.inc_value(keys.for_site(keys.ARTICLES + outcome, site), count)
