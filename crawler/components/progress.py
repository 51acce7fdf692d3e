"""Scrapy extension: a crawl's progress as a person watches it (``crawler.reporting.progress``).

A backfill (``-a since``) moves by days of its window read, a replay (``-a warc=``) by bytes of its WARC
files, a history crawl (``-a archive=``) by the index's slices read (captures listed, identical, fetched),
any other crawl by pages; each shows the articles stored. On a terminal it is one refreshed line (the log is
written above it); otherwise a backfill, replay or history crawl logs a progress line a minute, and other
crawls leave that to Scrapy's own LogStats.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured
from tqdm.contrib.logging import logging_redirect_tqdm
from twisted.internet.task import LoopingCall

from crawler import stats as keys
from crawler.captures.reader import warc_files
from crawler.reporting.progress import Progress

# Seconds between two readings of the crawl's counters.
TICK = 0.5


class CrawlProgress:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.progress: Progress | None = None
        self.measure = "response_received_count"
        self.loop = LoopingCall(self.tick)
        self.redirect = contextlib.ExitStack()
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlProgress:
        if not crawler.settings.getbool("ABPLIVE_PROGRESS"):
            raise NotConfigured
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        options = spider.options
        log = logging.getLogger(spider.name)
        if options.archive:
            # A history crawl moves by the index's slices (days, or Common Crawl's crawls) read.
            self.measure = keys.ARCHIVE_SLICES
            self.progress = Progress("history", None, "slice", interval=60, log=log)
        elif options.warc:
            total = sum(path.stat().st_size for path in warc_files(list(options.warc)) if path.is_file())
            self.measure = keys.REPLAY_BYTES
            self.progress = Progress("replay", total, "B", unit_scale=True, interval=60, log=log)
        elif options.sitemap_days and not options.url:
            self.measure = keys.SITEMAP_DAYS_READ
            total = len(options.sitemap_days) * len(options.targets)
            self.progress = Progress("backfill", total, "day", interval=60, log=log)
        else:
            self.progress = Progress("crawl", None, "page", interval=float("inf"), log=log)
        if self.progress.bar is not None:
            # Log lines are written above the refreshed line, not through it.
            self.redirect.enter_context(logging_redirect_tqdm([logging.root]))
        self.loop.start(TICK, now=False)

    def tick(self) -> None:
        stats = self.crawler.stats
        stored = (stats.get_value(keys.ARTICLES + "new") or 0) + (
            stats.get_value(keys.ARTICLES + "updated") or 0
        )
        counts = {"stored": stored}
        if self.measure == keys.ARCHIVE_SLICES:
            captures = keys.family(stats.get_stats(), keys.ARCHIVE)
            for measure in ("listed", "identical", "fetched"):
                counts[measure] = sum(v for k, v in captures.items() if k.endswith("/" + measure))
        elif self.measure != "response_received_count":
            counts["pages"] = stats.get_value("response_received_count") or 0
        if self.progress is not None:
            self.progress.set(stats.get_value(self.measure) or 0, **counts)

    def spider_closed(self, spider: Any) -> None:
        if self.loop.running:
            self.loop.stop()
        if self.progress is not None:
            self.tick()
            self.progress.close()
        self.redirect.close()
