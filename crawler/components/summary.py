"""Scrapy extension: what a person sees at the end of a crawl, and no traceback for a network that fails.

After Scrapy's own closing lines, a few lines from the run's ``crawls`` record
(``crawler.reporting.summary.closing_summary``): articles per site, pages failed by reason, where the archive
is and how to browse it, the verdict cron would give. A crawl that reached no site says so in one line, and
``scrapy crawl`` exits 1 (``crawler.cli.commands.crawl``). While the crawl runs, an expected network failure
(DNS, refused or dropped connection, timeout) that Scrapy logs with its traceback (robots.txt's middleware
does) is one line; the traceback goes to the DEBUG log.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler import stats as keys
from crawler.components.failures import network_reason
from crawler.reporting.summary import RUN_FAILED, closing_summary, unreachable
from crawler.storage.crawls import read_crawl

logger = logging.getLogger(__name__)

# Where Scrapy logs a failed download with its traceback.
TRACEBACK_LOGGERS = ("scrapy.downloadermiddlewares.robotstxt", "scrapy.core.scraper")


class NetworkTracebacks(logging.Filter):
    """Keeps a network failure's record to its one line; its traceback is logged again at DEBUG."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if record.levelno > logging.DEBUG and error is not None and network_reason(error):
            logging.getLogger(record.name).debug(
                "traceback of: %s", record.getMessage(), exc_info=record.exc_info
            )
            record.exc_info = None
            record.exc_text = None
        return True


class CrawlSummary:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.tracebacks = NetworkTracebacks()
        for name in TRACEBACK_LOGGERS:
            logging.getLogger(name).addFilter(self.tracebacks)
        crawler.signals.connect(self.engine_stopped, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Any) -> CrawlSummary:
        if not crawler.settings.getbool("ABPLIVE_SUMMARY"):
            raise NotConfigured
        return cls(crawler)

    def engine_stopped(self) -> None:
        for name in TRACEBACK_LOGGERS:
            logging.getLogger(name).removeFilter(self.tracebacks)
        stats = self.crawler.stats.get_stats()
        if unreachable(stats):
            self.crawler.stats.set_value(keys.EXIT_STATUS, RUN_FAILED)
        database = self.crawler.settings.get("SQLITE_PATH")
        crawl = read_crawl(Path(database), stats.get(keys.CRAWL_ID, ""))
        if crawl is None:  # the run log could not write its record: it logged why
            return
        lines = closing_summary(crawl, database)
        print("\n".join(lines), file=sys.stderr, flush=True)
        # Run with a log file (cron, a Scrapyd job), the log says it too: stderr may be read by nobody.
        if self.crawler.settings.get("LOG_FILE"):
            for line in lines:
                logger.info("%s", line)
