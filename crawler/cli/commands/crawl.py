"""``scrapy crawl``, with a crawl that cannot start reported as one line instead of a traceback.

Scrapy's own command leaves a start-up exception to be printed, with its traceback, as an unretrieved task
or deferred error. Here a ``StartupError`` of a crawl prints its message; that crawl fails (exit status 1) and
any other crawl of the same process goes on. Other exceptions keep their traceback: they are bugs.
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import sys
from typing import Any

from scrapy.commands import crawl
from scrapy.exceptions import UsageError
from twisted.internet.defer import Deferred

from crawler import stats as keys
from crawler.errors import StartupError

logger = logging.getLogger(__name__)


def report_startup_errors(crawling: Deferred[Any] | asyncio.Future[Any]) -> None:
    """Attach to what ``CrawlerProcess.crawl`` returned (a deferred, or a task for AsyncCrawlerProcess)."""
    if isinstance(crawling, Deferred):
        crawling.addErrback(lambda failure: _report(failure.value))
    else:
        crawling.add_done_callback(lambda task: task.cancelled() or _report(task.exception()))


def _report(error: BaseException | None) -> None:
    if isinstance(error, StartupError):
        print(error, file=sys.stderr)
        # Run with a log file (cron, a Scrapyd job), the log must say it too: stderr may be read by nobody.
        if any(isinstance(handler, logging.FileHandler) for handler in logging.getLogger().handlers):
            logger.error("%s", error)
    elif error is not None:
        logger.critical("the crawl failed", exc_info=error)


class Command(crawl.Command):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider name: scrapy crawl abplive")
        assert self.crawler_process
        crawler = self._create_crawler(args[0])
        report_startup_errors(self.crawler_process.crawl(crawler, **opts.spargs))
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = 1
        elif crawler.stats is not None and crawler.stats.get_value(keys.EXIT_STATUS):
            self.exitcode = crawler.stats.get_value(keys.EXIT_STATUS)  # it reached no site
