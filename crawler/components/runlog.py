"""A Scrapy extension that records every run in the database's ``crawls`` table."""

from __future__ import annotations

import logging
import sqlite3
import uuid
from datetime import UTC, datetime
from typing import Any

from scrapy import signals

from crawler import stats as keys
from crawler.storage.crawls import finish_crawl, start_crawl
from crawler.storage.schema import StoreError, open_database

logger = logging.getLogger(__name__)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class CrawlRunLog:
    """Writes a ``running`` row when the spider opens and completes it, from the stats, when it closes.

    A run killed outright keeps its ``running`` row: that is the record that it never finished.
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.crawl_id = crawler.settings.get("CRAWL_ID") or uuid.uuid4().hex
        self.path = crawler.settings.get("SQLITE_PATH")
        self.timeout = crawler.settings.getfloat("SQLITE_TIMEOUT")
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlRunLog:
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        self.crawler.stats.set_value(keys.CRAWL_ID, self.crawl_id)
        self._write(start_crawl, self.crawl_id, now(), getattr(spider, "arguments", {}))

    def spider_closed(self, spider: Any, reason: str) -> None:
        # A Scrapyd job (its arguments carry _job) stopped by a signal was cancelled (cancel.json).
        if reason == "shutdown" and "_job" in getattr(spider, "arguments", {}):
            reason = "cancelled"
        self._write(finish_crawl, self.crawl_id, now(), reason, self.crawler.stats.get_stats())

    def _write(self, record: Any, *args: Any) -> None:
        # The run log must never stop a crawl: a failure here is logged (and so counted as an error).
        try:
            db = open_database(self.path, self.timeout)
            try:
                record(db, *args)
            finally:
                db.close()
        except (StoreError, sqlite3.Error) as exc:
            logger.error("could not record the run in %s: %s", self.path, exc)
