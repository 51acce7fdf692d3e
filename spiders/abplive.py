"""The ``abplive`` spider: discovers article URLs and hands each page to the pure extractor. Routing only."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import SitemapSpider
from scrapy.utils.sitemap import sitemap_urls_from_robots

from crawler.items import Article
from crawler.options import CrawlOptions, parse_options
from crawler.pages.abplive import parse_article
from crawler.urls import ARTICLE, classify_url, without_query


class AbpliveSpider(SitemapSpider):
    name = "abplive"
    # sitemap_filter has already kept only article URLs and wanted sitemaps.
    sitemap_rules: ClassVar = [("", "parse_article")]
    sitemap_follow: ClassVar = [""]
    link_extractor = LinkExtractor()

    options: CrawlOptions
    # Sitemap lastmod per article URL, the last fallback for its publication date.
    lastmods: dict[str, str]

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> AbpliveSpider:
        try:
            options = parse_options(
                kwargs,
                today=datetime.now(UTC).date(),
                default_days=crawler.settings.getint("ABPLIVE_SINCE_DAYS"),
            )
        except ValueError as exc:
            # A bad argument is the user's mistake: one line, no traceback, exit status 2.
            raise SystemExit(f"abplive: {exc}") from None
        spider = super().from_crawler(crawler, *args)
        spider.options = options
        spider.allowed_domains = [options.hostname]
        spider.lastmods = {}
        return spider

    @property
    def since(self) -> date | None:
        return self.options.since

    async def start(self) -> AsyncIterator[Any]:
        if self.options.url:
            yield Request(self.options.url, callback=self.parse_article)
            return
        yield Request(f"{self.options.base_url}/robots.txt", callback=self.parse_robots)
        for url in [f"{self.options.base_url}/", *self.options.listing_urls()]:
            yield Request(url, callback=self.parse_listing)

    def parse_robots(self, response: Response) -> Iterable[Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if self._wanted_sitemap(url):
                yield Request(url, callback=self._parse_sitemap)

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        is_urlset = getattr(entries, "type", None) == "urlset"
        for entry in entries:
            loc, lastmod = entry.get("loc", ""), entry.get("lastmod")
            if self.since and lastmod and lastmod[:10] < self.since.isoformat():
                self._count("skipped/old_lastmod")
            elif not is_urlset:
                if self._wanted_sitemap(loc):
                    yield entry
            elif self._is_article(loc):
                entry["loc"] = without_query(loc)
                if lastmod:
                    self.lastmods[entry["loc"]] = lastmod
                yield entry

    def parse_listing(self, response: Response) -> Iterable[Request]:
        if not isinstance(response, TextResponse):
            return
        # Links are compared by origin: LinkExtractor's allow_domains rejects hosts that carry a port.
        for link in self.link_extractor.extract_links(response):
            if link.url.startswith(f"{self.options.base_url}/") and self._is_article(link.url):
                yield Request(without_query(link.url), callback=self.parse_article)

    def parse_article(self, response: Response) -> Iterable[Article]:
        lastmod = self.lastmods.pop(response.url, None)
        if not isinstance(response, TextResponse):
            self._count("dropped/not_html")
            self.logger.warning("not an HTML page, not stored: %s", response.url)
            return
        article = parse_article(response.url, response.text, self.options.site, sitemap_lastmod=lastmod)
        article.crawled_at = datetime.now(UTC).isoformat(timespec="seconds")
        yield article

    def _is_article(self, url: str) -> bool:
        kind = classify_url(url, self.options.site)
        if kind not in (ARTICLE, "other"):
            self._count(f"skipped/{kind}")
        return kind == ARTICLE

    def _wanted_sitemap(self, url: str) -> bool:
        """False for a daily sitemap (``news-DD-MM-YYYY.xml``) whose day is before the crawl window."""
        day = self.options.site.daily_sitemap_date(url)
        if day and self.since and day < self.since:
            self._count("skipped/sitemap_out_of_window")
            return False
        return True

    def _count(self, key: str) -> None:
        self.crawler.stats.inc_value(f"abplive/{key}")
