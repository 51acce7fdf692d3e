"""Spider middleware: article requests for pages the archive already holds, unchanged, are not made.

The idea of scrapy-deltafetch, keyed by what a news archive knows: the URL, and the sitemap ``lastmod``
against the stored copy's own dates (``crawler.storage.archive.KnownArticles``). Only requests the spider
marks with ``meta[CHECK_KNOWN]`` are checked: discovered articles, not an explicitly named one or a rendered
refetch.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from pathlib import Path
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured

from crawler import stats as keys
from crawler.storage.archive import KnownArticles

CHECK_KNOWN = "abplive_check_known"


class KnownArticlesMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.known: KnownArticles | None = None
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

    def spider_closed(self, spider: Any) -> None:
        if self.known:
            self.known.close()

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterable[Any]:
        return (entry for entry in result if self._wanted(entry))

    async def process_spider_output_async(
        self, response: Any, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for entry in result:
            if self._wanted(entry):
                yield entry

    def _wanted(self, entry: Any) -> bool:
        if self.known is None or not isinstance(entry, Request) or not entry.meta.get(CHECK_KNOWN):
            return True
        if self.known.needs_fetch(entry.url, entry.meta.get("sitemap_lastmod")):
            return True
        self.crawler.stats.inc_value(keys.SKIPPED + "known")
        return False
