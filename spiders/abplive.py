"""The ``abplive`` spider: discovers article URLs and hands each page to the pure extractor. Routing only.

Discovery uses Scrapy's public sitemap tools (``sitemap_urls_from_robots``, ``Sitemap``, ``sitemap_filter``);
what a request needs later (its sitemap lastmod, which statuses its callback handles) travels in its meta.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterable
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy import Request, signals
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import SitemapSpider
from scrapy.utils.sitemap import sitemap_urls_from_robots

from crawler import stats as keys
from crawler.captures.reader import Captured, CaptureReader, Skipped, warc_files
from crawler.clock import CrawlClock
from crawler.components.capture import CAPTURE_ID
from crawler.components.failures import failure_message, failure_reason
from crawler.components.known import CHECK_KNOWN, NEEDS_NEW_ARTICLES
from crawler.components.render import RenderUnavailable, playwright_settings, render_meta
from crawler.components.replay import REPLAYED
from crawler.components.sitemaps import SitemapTooLarge, read_sitemap, sitemap_body
from crawler.components.takedowns import ARTICLE_REQUEST, REDIRECTS
from crawler.errors import StartupError
from crawler.extraction.article import extract_article
from crawler.extraction.feeds import FeedError, feed_items
from crawler.items import Article
from crawler.options import CrawlOptions, Target, parse_options
from crawler.sites import Site
from crawler.sites.urls import CONTENT_KINDS, classify_url, without_query

GONE = (404, 410)
NOT_MODIFIED = 304
# For the requests whose callbacks handle a missing page themselves (HttpErrorMiddleware passes them on).
HANDLES_GONE = {"handle_httpstatus_list": list(GONE)}
# Article requests outrank discovery: the scheduler holds one sitemap slice's articles at a time, not a
# whole backfill's, so memory depends on neither the length of the crawl nor the size of a sitemap.
ARTICLE_PRIORITY = 1
# A sitemap's article URLs become requests this many at a time; the rest wait as plain (url, lastmod) pairs
# in the request for the next slice (a 200,000-URL sitemap as requests at once took 659 MB).
SITEMAP_SLICE = 1000


class AbpliveSpider(SitemapSpider):
    name = "abplive"
    # Not SitemapSpider's own walk: parse_sitemap reads sitemaps, through the public sitemap_filter hook.
    sitemap_rules: ClassVar = []
    link_extractor = LinkExtractor()

    options: CrawlOptions
    clock: CrawlClock
    arguments: dict[str, str]

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
        spider = super().from_crawler(crawler, *args)
        spider.options = options
        spider.clock = clock
        spider.arguments = dict(kwargs)
        spider.allowed_domains = hostnames
        crawler.signals.connect(spider.request_dropped, signal=signals.request_dropped)
        return spider

    async def start(self) -> AsyncIterator[Any]:
        if self.options.warc:
            for request in self._replay_requests():
                yield request
            return
        if self.options.url:
            yield self._article_request(self.options.url, check_known=False)
            return
        for target in self.options.targets:
            for request in self._discovery_requests(target):
                yield request

    def _replay_requests(self) -> Iterable[Request]:
        """One request per wanted article response in the WARC files, answered by the replay middleware;
        every other record is counted by kind and skipped."""
        reader = CaptureReader(self._not_replayed)
        for path in warc_files(list(self.options.warc)):
            for entry in reader.read(path):
                if isinstance(entry, Captured):
                    yield Request(
                        entry.url, callback=self.parse_article, errback=self.fetch_failed,
                        meta={REPLAYED: entry, ARTICLE_REQUEST: True, "dont_redirect": True},
                        dont_filter=True,
                    )  # fmt: skip
                elif isinstance(entry, Skipped):
                    self.crawler.stats.inc_value(keys.REPLAY_SKIPPED + entry.kind)
                else:
                    self.crawler.stats.inc_value(keys.REPLAY_CORRUPT)
                    self.logger.error(
                        "unreadable WARC %s at offset %d (the rest of it is skipped): %s",
                        entry.warc_file, entry.offset, entry.message,
                    )  # fmt: skip

    def _not_replayed(self, url: str) -> str | None:
        """Why a captured URL is not replayed (None: it is): another host, or not an article page. Matched by
        host, whatever the scheme or port the capture used."""
        target = self._target_by_host(url)
        if target is None:
            return "other_host"
        kind = classify_url(url, target.site)
        return None if kind in self.options.kinds else f"not_article_{kind}"

    def _discovery_requests(self, target: Target) -> Iterable[Request]:
        """Where a site's articles are found: robots.txt's sitemaps, the window's daily sitemaps, the home
        page and the sections' listings, and the RSS feeds (which update within minutes; sitemaps may lag)."""
        yield Request(
            f"{target.base_url}/robots.txt",
            self.parse_robots,
            errback=self.discovery_failed,
            meta=HANDLES_GONE,
        )
        if self.options.sitemap_days:
            yield self._daily_sitemap_request(target, 0)
        yield self._listing_request(f"{target.base_url}/")
        yield self._feed_request(target.feed_url(target.site.home_feed))
        for section in self.options.sections:
            yield self._listing_request(target.listing_url(section, 1), section, 1)
            yield self._feed_request(target.feed_url(section))

    def parse_robots(self, response: Response) -> Iterable[Request]:
        if response.status in GONE:
            return
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            if self._wanted_sitemap(url, None):
                yield self._sitemap_request(url, self.parse_sitemap)

    def parse_sitemap(self, response: Response) -> Iterable[Request]:
        """A sitemap index's wanted sitemaps, or a urlset's wanted article URLs (with their lastmod)."""
        try:
            body = sitemap_body(response)
        except SitemapTooLarge as exc:
            # What it lists is not crawled: an error of the run, like a sitemap that cannot be fetched.
            self._count(keys.DISCOVERY_FAILED + "too_large")
            self.logger.error("sitemap too large, not read: %s (%s)", response.url, exc)
            return
        sitemap = read_sitemap(body) if body else None
        if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
            self._count(keys.SITEMAPS_INVALID)
            self.logger.warning("not a sitemap, not read: %s", response.url)
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
        slice, behind this slice's articles. It is a ``data:`` URL: served locally, not by the site, and
        pickled with its entries by JOBDIR queues like any request."""
        for url, lastmod in entries[:SITEMAP_SLICE]:
            yield self._article_request(url, lastmod=lastmod)
        if len(entries) > SITEMAP_SLICE:
            self._count(keys.SITEMAP_SLICES)
            yield Request(
                "data:,",
                callback=self.parse_sitemap_slice,
                cb_kwargs={"entries": entries[SITEMAP_SLICE:]},
                dont_filter=True,  # one data: URL for every slice; never offsite
            )

    def parse_daily_sitemap(self, response: Response, day: int) -> Iterable[Request]:
        # Daily files are requested by date, not because a page listed them: a missing day is normal.
        if response.status in GONE:
            self._count(keys.SITEMAPS_MISSING_DAYS)
        else:
            yield from self.parse_sitemap(response)
        yield from self._next_daily_sitemap(response.request.url, day)

    def daily_sitemap_failed(self, failure: Any) -> Iterable[Request]:
        self.discovery_failed(failure)
        yield from self._next_daily_sitemap(failure.request.url, failure.request.cb_kwargs["day"])

    def _next_daily_sitemap(self, url: str, day: int) -> Iterable[Request]:
        """The window's days are read one after another, per site: the next day's file is queued behind this
        day's articles (see ARTICLE_PRIORITY)."""
        target = self.options.target_for(url)
        if target and day + 1 < len(self.options.sitemap_days):
            yield self._daily_sitemap_request(target, day + 1)

    def _daily_sitemap_request(self, target: Target, day: int) -> Request:
        url = target.daily_sitemap_url(self.options.sitemap_days[day])
        request = self._sitemap_request(url, self.parse_daily_sitemap, errback=self.daily_sitemap_failed)
        request.meta.update(HANDLES_GONE)
        request.cb_kwargs["day"] = day
        return request

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
        """The entries worth a request: sitemaps in the window, article URLs (without query) in the window."""
        self._count(keys.SITEMAPS_PARSED)
        is_urlset = getattr(entries, "type", None) == "urlset"
        for entry in entries:
            loc, lastmod = entry.get("loc", ""), entry.get("lastmod")
            if not is_urlset:
                if self._wanted_sitemap(loc, lastmod):
                    yield entry
            elif self._is_article(loc):
                self._count(keys.SITEMAP_ARTICLE_URLS)
                if self._before_window(lastmod):
                    self._count(keys.SKIPPED + "old_lastmod")
                else:
                    yield {**entry, "loc": without_query(loc)}

    def parse_feed(self, response: Response) -> Iterable[Request]:
        """An RSS 2.0 feed's article links whose ``pubDate`` is in the window."""
        if response.status in GONE:
            return
        try:
            items = feed_items(response.body)
        except FeedError as exc:
            self._count(keys.FEEDS_INVALID)
            self.logger.warning("not a readable RSS feed, not read: %s (%s)", response.url, exc)
            return
        self._count(keys.FEEDS_PARSED)
        for url, published in items:
            if not self._is_article(url):
                continue
            self._count(keys.FEED_ARTICLE_URLS)
            if self._before_window(published):
                self._count(keys.SKIPPED + "old_pubdate")
            else:
                yield self._article_request(without_query(url))

    def _feed_request(self, url: str) -> Request:
        request = self._sitemap_request(url, self.parse_feed)
        request.meta.update(HANDLES_GONE)
        return request

    def parse_listing(
        self, response: Response, section: str | None = None, page: int = 1
    ) -> Iterable[Request]:
        """A listing's article links; then its next page, one page after another, up to ``-a pages``. A
        missing page, one without articles, or one whose articles the archive all holds ends the walk."""
        if response.status in GONE or not isinstance(response, TextResponse):
            return
        # Links are compared by origin: LinkExtractor's allow_domains rejects hosts that carry a port.
        target = self.options.target_for(response.url)
        articles = [
            url
            for url in (without_query(link.url) for link in self.link_extractor.extract_links(response))
            if target and self.options.target_for(url) == target and self._is_article(url)
        ]
        for url in articles:
            yield self._article_request(url)
        if target and section and articles and page < self.options.pages:
            request = self._listing_request(target.listing_url(section, page + 1), section, page + 1)
            request.meta[NEEDS_NEW_ARTICLES] = True
            yield request

    def _listing_request(self, url: str, section: str | None = None, page: int = 1) -> Request:
        return Request(
            url,
            callback=self.parse_listing,
            errback=self.discovery_failed,
            meta=dict(HANDLES_GONE),
            cb_kwargs={"section": section, "page": page} if section else None,
        )

    def parse_article(self, response: Response, plain: Article | None = None) -> Iterable[Article | Request]:
        """Extract the page; in auto mode a page that looks incomplete is fetched once more, rendered."""
        self._count(keys.ARTICLE_PAGES)
        if response.meta.get("playwright"):
            self._count(keys.RENDER_PAGES)
        for result in self._article_results(response, plain):
            if isinstance(result, Article):
                replayed: Captured | None = response.meta.get(REPLAYED)
                result.capture_id = replayed.record_id if replayed else response.meta.get(CAPTURE_ID)
                result.source = replayed.warc_file if replayed else "live"
            yield result

    def _article_results(self, response: Response, plain: Article | None) -> Iterable[Article | Request]:
        lastmod = response.meta.get("sitemap_lastmod")
        replayed = response.meta.get(REPLAYED)
        # A replayed page was seen when it was captured; a fetched one now, on the crawl's clock.
        now = _iso_seconds(replayed.fetched_at) if replayed else self.clock.stamp()
        requested = (response.meta.get("redirect_urls") or [response.url])[0]
        site = self._site(requested)
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
        content_type = (_header(response, b"Content-Type") or "").lower()
        if not isinstance(response, TextResponse) or (content_type and "html" not in content_type):
            self._count(keys.DROPPED + "not_html", response.url)
            self.logger.warning("not an HTML page, not stored: %s", response.url)
            return
        try:
            # A UTF-8 page goes to the parser as it came, not decoded and encoded again.
            html = response.body if response.encoding == "utf-8" else response.text
            article = extract_article(response.url, html, site, sitemap_lastmod=lastmod)
        except Exception as exc:  # a page no rule foresaw: recorded as a drop, so it cannot fail every run
            self.logger.warning("could not extract %s (%s: %s)", response.url, type(exc).__name__, exc)
            yield Article(
                without_query(response.url), site.key, site.language, extraction="error", crawled_at=now
            )
            return
        article.crawled_at = now
        article.etag = _header(response, b"ETag")
        article.last_modified = _header(response, b"Last-Modified")
        if article.canonical_ignored:
            self._count(keys.CANONICAL_IGNORED)
        found_body = article.body or article.body_node is not None
        incomplete = article.has_expander or (article.title and not found_body)
        if self.options.render == "auto" and incomplete and not response.meta.get("playwright"):
            self._count(keys.RENDER_RETRIED)
            yield self._article_request(
                response.url, lastmod=lastmod, rendered=True, plain=article, check_known=False
            )
            return
        yield article

    def fetch_failed(self, failure: Any) -> Iterable[Article]:
        """An article that could not be fetched (HTTP error after retries, timeout, reset, too large): logged
        and counted by reason; not stored, so the next run asks again. A page the browser could not render
        keeps what its plain fetch found."""
        reason = failure_reason(failure)
        self._count(keys.FAILED + reason, failure.request.url)
        self.logger.warning(
            "could not fetch %s (%s): %s", failure.request.url, reason, failure_message(failure)
        )
        plain = failure.request.cb_kwargs.get("plain")
        if plain is not None:
            self._count(keys.RENDER_FAILED)
            yield plain

    def discovery_failed(self, failure: Any) -> None:
        """robots.txt, a sitemap or a listing could not be fetched: an error of the run (one line, no
        traceback), since what it lists is not crawled."""
        reason = failure_reason(failure)
        self._count(keys.DISCOVERY_FAILED + reason)  # not an article: kept out of failed/
        self.logger.error(
            "could not fetch %s (%s): %s", failure.request.url, reason, failure_message(failure)
        )

    def _article_request(
        self,
        url: str,
        *,
        lastmod: str | None = None,
        rendered: bool = False,
        plain: Article | None = None,
        check_known: bool = True,
    ) -> Request:
        mode = self.options.render
        patterns = self.settings.getlist("ABPLIVE_RENDER_URL_PATTERNS")
        if mode == "all" or (mode == "auto" and any(re.search(p, url) for p in patterns)):
            rendered = True
        # A deleted article is recorded (so later runs skip it); the known-URL middleware reads the lastmod.
        meta: dict[str, Any] = {**HANDLES_GONE, CHECK_KNOWN: check_known, ARTICLE_REQUEST: True}
        if lastmod:
            meta["sitemap_lastmod"] = lastmod
        if rendered:
            meta |= render_meta(self._site(url), self.settings.getfloat("ABPLIVE_RENDER_TIMEOUT"))
        return Request(
            url,
            callback=self.parse_article,
            errback=self.fetch_failed,
            priority=ARTICLE_PRIORITY,
            meta=meta,
            cb_kwargs={"plain": plain} if plain is not None else None,
            dont_filter=plain is not None,  # the second, rendered fetch of a page already fetched plain
        )

    def revisit_request(self, url: str, etag: str | None, last_modified: str | None) -> Request:
        """A stored article fetched again to catch an edit the sitemap did not announce: asked conditionally,
        so an unchanged page answers 304 without a body."""
        request = self._article_request(url, check_known=False)
        request.meta["handle_httpstatus_list"] = [*GONE, NOT_MODIFIED]
        if etag:
            request.headers["If-None-Match"] = etag
        if last_modified:
            request.headers["If-Modified-Since"] = last_modified
        return request

    def request_dropped(self, request: Request) -> None:
        # A redirect back to a URL already requested: the scheduler's dupefilter ends the loop silently.
        if request.meta.get("redirect_times"):
            self._count(keys.FAILED + "redirect_loop", request.url)
            self.logger.warning("redirect loop, not followed: %s", " -> ".join(request.meta["redirect_urls"]))

    def _sitemap_request(self, url: str, callback: Any, errback: Any = None) -> Request:
        size_limit = {"download_maxsize": self.settings.getint("ABPLIVE_SITEMAP_MAXSIZE")}
        return Request(url, callback=callback, errback=errback or self.discovery_failed, meta=size_limit)

    def _site(self, url: str) -> Site:
        """The profile of the crawled site a URL is on (the offsite middleware lets no other origin in; a
        replayed capture is matched by its host, whatever scheme or port it was captured with)."""
        target = self.options.target_for(url) or self._target_by_host(url)
        return target.site if target else self.options.targets[0].site

    def _target_by_host(self, url: str) -> Target | None:
        """The site a captured URL is on: by host (and by port only for a copy's origin, -a base_url)."""
        parts = urlsplit(url)
        for target in self.options.targets:
            origin = urlsplit(target.base_url)
            if origin.hostname == parts.hostname and origin.port in (None, parts.port):
                return target
        return None

    def _is_article(self, url: str) -> bool:
        target = self.options.target_for(url)
        if target is None:
            self._count(keys.SKIPPED + "other_origin")
            return False
        kind = classify_url(url, target.site)
        if kind not in (*self.options.kinds, "other"):
            self._count(keys.SKIPPED + kind)  # not a page to store, or a kind switched off (-a kinds)
        return kind in self.options.kinds

    def _before_window(self, lastmod: str | None) -> bool:
        since = self.options.since
        return bool(since and lastmod and lastmod[:10] < since.isoformat())

    def _wanted_sitemap(self, url: str, lastmod: str | None) -> bool:
        """False for a sitemap unchanged since before the window, a daily one for a day outside it, or one
        the backfill requests by date anyway (fetched twice, it would be dropped as a duplicate, and with it
        the rest of the backfill's days)."""
        day = self._site(url).daily_sitemap_date(url)
        if (day and not self.options.window.holds(day)) or self._before_window(lastmod):
            self._count(keys.SKIPPED + "sitemap_out_of_window")
            return False
        if day in self.options.sitemap_days:
            self._count(keys.SKIPPED + "sitemap_read_by_date")
            return False
        return True

    def _count(self, key: str, url: str | None = None) -> None:
        """Count ``key``; given the URL it concerns, for that URL's site too (``crawls.sites``)."""
        if url:
            keys.count_for_site(self.crawler.stats, key, self._site(url).key)
        else:
            self.crawler.stats.inc_value(key)


def _header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def _iso_seconds(warc_date: str) -> str:
    """A WARC-Date (``2026-11-25T04:15:02.123456Z``) as the archive stores times: to the second, UTC."""
    return datetime.fromisoformat(warc_date).astimezone(UTC).isoformat(timespec="seconds")
