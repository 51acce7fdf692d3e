"""The ``abplive`` spider: routing only. Which sources find the URLs (``crawler.discovery``), which callback
reads each response, what each yields; every article page goes to the pure extractor.

Discovery uses Scrapy's public sitemap tools (``sitemap_urls_from_robots``, ``Sitemap``, ``sitemap_filter``);
what a request needs later (its sitemap lastmod, which statuses its callback handles) travels in its meta.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any, ClassVar

from scrapy import Request, signals
from scrapy.exceptions import IgnoreRequest
from scrapy.http import Response
from scrapy.spiders import SitemapSpider

from crawler import stats as keys
from crawler.archives.responses import ArchivedCapture
from crawler.captures.reader import Captured
from crawler.clock import CrawlClock
from crawler.components.archive import ARCHIVED
from crawler.components.capture import CAPTURE_ID
from crawler.components.failures import failure_message, failure_reason
from crawler.components.pages import capture_time, page_article
from crawler.components.render import RenderUnavailable, playwright_settings
from crawler.components.replay import REPLAYED
from crawler.components.takedowns import REDIRECTS
from crawler.discovery import daily, feeds, listings, sitemaps
from crawler.discovery.archive import ArchiveRequests, archive_slots
from crawler.discovery.articles import GONE, NOT_MODIFIED, ArticleRequests
from crawler.discovery.replay import replay_requests
from crawler.discovery.scope import Scope
from crawler.errors import StartupError
from crawler.items import Article
from crawler.options import CrawlOptions, Target, parse_options
from crawler.sites.urls import CONTENT_KINDS, classify_url, without_query


class AbpliveSpider(SitemapSpider):
    name = "abplive"
    # Not SitemapSpider's own walk: parse_sitemap reads sitemaps, through the public sitemap_filter hook.
    sitemap_rules: ClassVar = []

    options: CrawlOptions
    clock: CrawlClock
    arguments: dict[str, str]
    scope: Scope
    articles: ArticleRequests
    history: ArchiveRequests | None = None

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> AbpliveSpider:
        try:
            clock = CrawlClock.from_settings(crawler.settings)
            options = parse_options(
                kwargs,
                today=clock.today(),
                default_days=crawler.settings.getint("ABPLIVE_SINCE_DAYS"),
            )
        except ValueError as exc:
            raise StartupError(f"abplive: {exc}") from None
        hostnames = [target.hostname for target in options.targets]
        if options.render != "none":
            settings = crawler.settings
            try:
                render_settings = playwright_settings(
                    hostnames,
                    settings.getint("ABPLIVE_RENDER_MAX_PAGES"),
                    settings.getfloat("ABPLIVE_RENDER_TIMEOUT"),
                )
            except RenderUnavailable as exc:
                raise StartupError(f"abplive: -a render={options.render}: {exc}") from None
            # Installed only now: scrapy-playwright's handler starts its driver as soon as it is loaded.
            settings.update(render_settings, priority="spider")
        if options.archive:
            crawler.settings.set("DOWNLOAD_SLOTS", archive_slots(options.archive, crawler.settings), "spider")
        spider = super().from_crawler(crawler, *args)
        spider.options = options
        spider.clock = clock
        spider.arguments = dict(kwargs)
        spider.allowed_domains = hostnames
        spider.scope = Scope(options, crawler)
        spider.articles = ArticleRequests(
            spider.scope, crawler.settings, spider.parse_article, spider.fetch_failed
        )
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        if options.archive:
            spider.history = ArchiveRequests(
                spider.scope, crawler, clock, spider.parse_article, spider.capture_failed
            )
            try:
                spider.history.check()
            except ValueError as exc:
                raise StartupError(f"abplive: -a archive={options.archive}: {exc}") from None
        return spider

    async def start(self) -> AsyncIterator[Any]:
        if self.history is not None:
            async for request in self.history.requests():
                yield request
        elif self.options.warc:
            for request in replay_requests(
                list(self.options.warc), self.scope, self.logger, self.parse_article, self.fetch_failed
            ):
                yield request
        elif self.options.url:
            yield self.articles.request(self.options.url, check_known=False)
        else:
            for target in self.options.targets:
                for request in self._discovery_requests(target):
                    yield request

    def _discovery_requests(self, target: Target) -> Iterable[Request]:
        """Where a site's articles are found: robots.txt's sitemaps, the window's daily sitemaps, the home
        page and the sections' listings, and the RSS feeds."""
        yield sitemaps.robots_request(target, self.parse_robots, self.discovery_failed)
        if self.options.sitemap_days:
            yield self._daily_sitemap_request(target, 0)
        yield listings.listing_request(f"{target.base_url}/", self.parse_listing, self.discovery_failed)
        yield self._feed_request(target.feed_url(target.site.home_feed))
        for section in self.options.sections:
            yield listings.listing_request(
                target.listing_url(section, 1), self.parse_listing, self.discovery_failed, section, 1
            )
            yield self._feed_request(target.feed_url(section))

    # robots.txt and sitemaps

    def parse_robots(self, response: Response) -> Iterable[Request]:
        for url in sitemaps.sitemaps_in_robots(response, self.scope):
            yield self._sitemap_request(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterable[Request]:
        """A sitemap index's wanted sitemaps, or a urlset's wanted article URLs (with their lastmod)."""
        sitemap = sitemaps.read(response, self.scope, self.logger)
        if sitemap is None:
            return
        entries = self.sitemap_filter(sitemap)
        if sitemap.type == "sitemapindex":
            for entry in entries:
                yield self._sitemap_request(entry["loc"], self.parse_sitemap)
        else:
            yield from self.parse_sitemap_slice(response, [(e["loc"], e.get("lastmod")) for e in entries])

    def parse_sitemap_slice(
        self, response: Response, entries: list[tuple[str, str | None]]
    ) -> Iterable[Request]:
        """Article requests for the first slice of a sitemap's entries; the rest in a request for the next
        slice, behind this slice's articles."""
        for url, lastmod in entries[: sitemaps.SITEMAP_SLICE]:
            yield self.articles.request(url, lastmod=lastmod)
        if len(entries) > sitemaps.SITEMAP_SLICE:
            yield sitemaps.next_slice_request(
                entries[sitemaps.SITEMAP_SLICE :], self.scope, self.parse_sitemap_slice
            )

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        return sitemaps.wanted_entries(entries, self.scope)

    def parse_daily_sitemap(self, response: Response, day: int) -> Iterable[Request]:
        # Daily files are requested by date, not because a page listed them: a missing day is normal.
        if response.status in GONE:
            self.scope.count(keys.SITEMAPS_MISSING_DAYS)
        else:
            yield from self.parse_sitemap(response)
        yield from self._next_daily_sitemap(response.request.url, day)

    def daily_sitemap_failed(self, failure: Any) -> Iterable[Request]:
        self.discovery_failed(failure)
        yield from self._next_daily_sitemap(failure.request.url, failure.request.cb_kwargs["day"])

    def _next_daily_sitemap(self, url: str, day: int) -> Iterable[Request]:
        self.scope.count(keys.SITEMAP_DAYS_READ)
        following = daily.next_day(url, day, self.options)
        if following:
            yield self._daily_sitemap_request(*following)

    def _daily_sitemap_request(self, target: Target, day: int) -> Request:
        return daily.daily_sitemap_request(
            target,
            day,
            self.options,
            self._sitemap_max_size,
            self.parse_daily_sitemap,
            self.daily_sitemap_failed,
        )

    # feeds and listings

    def parse_feed(self, response: Response) -> Iterable[Request]:
        for url in feeds.feed_article_urls(response, self.scope, self.logger):
            yield self.articles.request(url)

    def _feed_request(self, url: str) -> Request:
        return feeds.feed_request(url, self._sitemap_max_size, self.parse_feed, self.discovery_failed)

    def parse_listing(
        self, response: Response, section: str | None = None, page: int = 1
    ) -> Iterable[Request]:
        """A listing's article links; then its next page, one page after another, up to ``-a pages``. A
        missing page, one without articles, or one whose articles the archive all holds ends the walk."""
        articles = listings.listed_articles(response, self.scope)
        for url in articles:
            yield self.articles.request(url)
        following = listings.next_page_request(
            response, section, page, articles, self.scope, self.parse_listing, self.discovery_failed
        )
        if following:
            yield following

    # article pages

    def parse_article(self, response: Response, plain: Article | None = None) -> Iterable[Article | Request]:
        """Extract the page; in auto mode a page that looks incomplete is fetched once more, rendered."""
        self.scope.count(keys.ARTICLE_PAGES)
        if response.meta.get("playwright"):
            self.scope.count(keys.RENDER_PAGES)
        for result in self._article_results(response, plain):
            if isinstance(result, Article):
                replayed: Captured | None = response.meta.get(REPLAYED)
                result.capture_id = replayed.record_id if replayed else response.meta.get(CAPTURE_ID)
                result.source = replayed.warc_file if replayed else "live"
                archived: ArchivedCapture | None = response.meta.get(ARCHIVED)
                if archived is not None:
                    result.capture_id = result.capture_id or None
                    result.archive_capture = archived.row(result.url)
            yield result

    def _article_results(self, response: Response, plain: Article | None) -> Iterable[Article | Request]:
        lastmod = response.meta.get("sitemap_lastmod")
        replayed = response.meta.get(REPLAYED)
        # A replayed page was seen when it was captured; a fetched one now, on the crawl's clock.
        now = capture_time(replayed.fetched_at) if replayed else self.clock.stamp()
        requested = (response.meta.get("redirect_urls") or [response.url])[0]
        site = self.scope.site(requested)
        if response.status in (*GONE, NOT_MODIFIED):
            url = without_query(response.url)
            yield Article(url, site.key, site.language, http_status=response.status, crawled_at=now)
            return
        if response.status in REDIRECTS or (
            response.meta.get("redirect_urls") and classify_url(response.url, site) not in CONTENT_KINDS
        ):
            # Redirected to a listing or the home page (see TakedownRedirectMiddleware): taken down.
            yield Article(
                without_query(requested),
                site.key,
                site.language,
                extraction="redirected_away",
                crawled_at=now,
            )
            return
        article = page_article(response, site, now, lastmod)
        if article is None:
            self.scope.count(keys.DROPPED + "not_html", response.url)
            self.logger.warning("not an HTML page, not stored: %s", response.url)
            return
        if article.canonical_ignored:
            self.scope.count(keys.CANONICAL_IGNORED)
        found_body = article.body or article.body_node is not None
        incomplete = article.has_expander or (article.title and not found_body)
        if self.options.render == "auto" and incomplete and not response.meta.get("playwright"):
            self.scope.count(keys.RENDER_RETRIED)
            yield self.articles.request(
                response.url, lastmod=lastmod, rendered=True, plain=article, check_known=False
            )
            return
        yield article

    def fetch_failed(self, failure: Any) -> Iterable[Article]:
        """An article that could not be fetched (HTTP error after retries, timeout, reset, too large): logged
        and counted by reason; not stored, so the next run asks again. A page the browser could not render
        keeps what its plain fetch found."""
        reason = failure_reason(failure)
        self.scope.count(keys.FAILED + reason, failure.request.url)
        self.scope.note_failure(failure.request.url, reason)
        self.logger.warning(
            "could not fetch %s (%s): %s", failure.request.url, reason, failure_message(failure)
        )
        plain = failure.request.cb_kwargs.get("plain")
        if plain is not None:
            self.scope.count(keys.RENDER_FAILED)
            yield plain

    def capture_failed(self, failure: Any) -> Iterable[Article]:
        """A web archive's capture that could not be fetched; one that gave no page was counted already."""
        if failure.check(IgnoreRequest):
            return []
        return self.fetch_failed(failure)

    def revisit_request(self, url: str, etag: str | None, last_modified: str | None) -> Request:
        """A stored article's conditional revisit (asked for by the known-URL middleware)."""
        return self.articles.revisit(url, etag, last_modified)

    def request_dropped(self, request: Request) -> None:
        # A redirect back to a URL already requested: the scheduler's dupefilter ends the loop silently.
        if request.meta.get("redirect_times"):
            self.scope.count(keys.FAILED + "redirect_loop", request.url)
            self.logger.warning("redirect loop, not followed: %s", " -> ".join(request.meta["redirect_urls"]))

    def discovery_failed(self, failure: Any) -> None:
        """robots.txt, a sitemap or a listing could not be fetched: an error of the run (one line, no
        traceback), since what it lists is not crawled."""
        reason = failure_reason(failure)
        self.scope.count(keys.DISCOVERY_FAILED + reason)  # not an article: kept out of failed/
        self.scope.note_failure(failure.request.url, reason)
        self.logger.error(
            "could not fetch %s (%s): %s", failure.request.url, reason, failure_message(failure)
        )

    def _sitemap_request(self, url: str, callback: Any) -> Request:
        return sitemaps.sitemap_request(url, self._sitemap_max_size, callback, self.discovery_failed)

    @property
    def _sitemap_max_size(self) -> int:
        return self.settings.getint("ABPLIVE_SITEMAP_MAXSIZE")
