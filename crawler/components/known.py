"""Spider middleware: article requests for pages the archive already holds, unchanged, are not made.

The idea of scrapy-deltafetch, keyed by what a news archive knows: the URL, and the sitemap ``lastmod``
against the stored copy's own dates (``crawler.storage.known_urls.KnownArticles``). Only requests the spider
marks with ``meta[CHECK_KNOWN]`` are checked: discovered articles, not an explicitly named one or a rendered
refetch.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from crawler import stats as keys
from crawler.clock import CrawlClock
from crawler.storage.known_urls import KnownArticles

CHECK_KNOWN = "abplive_check_known"
# A request made only if the response it came from led to at least one article request that was not
# dropped as known: a listing's next page, when this page listed nothing new.
NEEDS_NEW_ARTICLES = "abplive_needs_new_articles"


class KnownArticlesMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.known: KnownArticles | None = None
        self.clock = CrawlClock.from_settings(crawler.settings)
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Any) -> KnownArticlesMiddleware:
        if not crawler.settings.getbool("ABPLIVE_INCREMENTAL"):
            raise NotConfigured
        return cls(crawler)

    def spider_opened(self, spider: Any) -> None:
        options = spider.options
        path = Path(self.crawler.settings.get("SQLITE_PATH"))
        # A refresh refetches everything; a database that does not exist yet knows nothing.
        if not options.refresh and path.is_file():
            self.known = KnownArticles(path, options.since)

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """The spider's start requests, then its revisits: stored articles past a revisit point since their
        last fetch (ABPLIVE_REVISIT_HOURS after publication, at most ABPLIVE_REVISIT_MAX a run), asked for
        conditionally, so that an unchanged page costs a 304 and a stealth edit becomes a new version."""
        async for request in start:
            yield request
        spider, settings = self.crawler.spider, self.crawler.settings
        options = spider.options
        if self.known is None or options.url or options.warc or options.archive:  # these fetch no live page
            return
        due = self.known.due_revisits(
            self.clock.now(),
            [float(hours) for hours in settings.getlist("ABPLIVE_REVISIT_HOURS")],
            settings.getint("ABPLIVE_REVISIT_MAX"),
            [target.site.key for target in spider.options.targets],
        )
        # Live blogs still live, every ABPLIVE_LIVEBLOG_REVISIT_MINUTES: their new entries.
        live = self.known.due_live_blogs(
            self.clock.now(),
            settings.getfloat("ABPLIVE_LIVEBLOG_REVISIT_MINUTES"),
            settings.getint("ABPLIVE_REVISIT_MAX"),
            [target.site.key for target in spider.options.targets],
        )
        revisited = {article["url"] for article in due}
        for article in due + [blog for blog in live if blog["url"] not in revisited]:
            self.crawler.stats.inc_value(keys.REVISITS)
            yield spider.revisit_request(article["url"], article["etag"], article["last_modified"])

    def spider_closed(self, spider: Any) -> None:
        if self.known:
            self.known.close()

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterable[Any]:
        outcome = _Outcome()
        for entry in result:
            if self._wanted(entry, outcome):
                yield entry
        yield from self._held_back(outcome)

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        outcome = _Outcome()
        async for entry in result:
            if self._wanted(entry, outcome):
                yield entry
        for entry in self._held_back(outcome):
            yield entry

    def _held_back(self, outcome: _Outcome) -> list[Any]:
        if outcome.new_articles:
            return outcome.held
        if outcome.held:
            self.crawler.stats.inc_value(keys.SKIPPED + "listing_page_after_no_new", len(outcome.held))
        return []

    def _wanted(self, entry: Any, outcome: _Outcome) -> bool:
        """Whether to pass ``entry`` on now; a request that needs new articles is held back in ``outcome``."""
        if not isinstance(entry, Request):
            return True
        if entry.meta.get(NEEDS_NEW_ARTICLES):
            outcome.held.append(entry)
            return False
        if not entry.meta.get(CHECK_KNOWN):
            return True
        if self.known is None or self.known.needs_fetch(entry.url, entry.meta.get("sitemap_lastmod")):
            outcome.new_articles += 1
            return True
        self.crawler.stats.inc_value(keys.SKIPPED + "known")
        return False


@dataclass
class _Outcome:
    """What one response's output led to."""

    new_articles: int = 0
    held: list[Any] = field(default_factory=list)
