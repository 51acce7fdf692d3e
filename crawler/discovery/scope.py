"""Which discovered URLs a crawl wants: its sites, its window, its kinds of page; every URL turned away is
counted by why."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from crawler import stats as keys
from crawler.options import CrawlOptions
from crawler.sites import Site
from crawler.sites.urls import classify_url


class Scope:
    """The crawl's options as answers about URLs, counting into the crawl's stats."""

    def __init__(self, options: CrawlOptions, crawler: Any) -> None:
        self.options = options
        self.crawler = crawler

    @property
    def stats(self) -> Any:
        # Read when counting: a crawler has its stats from the start of the crawl, after the spider is made.
        return self.crawler.stats

    def site(self, url: str) -> Site:
        """The profile of the crawled site a URL is on (the offsite middleware lets no other origin in; a
        replayed capture is matched by its host, whatever scheme or port it was captured with)."""
        target = self.options.target_for(url) or self.options.target_by_host(url)
        return target.site if target else self.options.targets[0].site

    def is_article(self, url: str) -> bool:
        """A page of a kind the crawl stores (``-a kinds``) on one of its origins."""
        target = self.options.target_for(url)
        if target is None:
            self.count(keys.SKIPPED + "other_origin")
            return False
        kind = classify_url(url, target.site)
        if kind not in (*self.options.kinds, "other"):
            self.count(keys.SKIPPED + kind)  # not a page to store, or a kind switched off (-a kinds)
        return kind in self.options.kinds

    def before_window(self, lastmod: str | None) -> bool:
        """A date (sitemap lastmod, feed pubDate) older than the window's first day."""
        since = self.options.since
        return bool(since and lastmod and lastmod[:10] < since.isoformat())

    def wanted_sitemap(self, url: str, lastmod: str | None) -> bool:
        """False for a sitemap unchanged since before the window, a daily one for a day outside it, or one
        the backfill requests by date anyway (fetched twice, it would be dropped as a duplicate, and with it
        the rest of the backfill's days)."""
        day = self.site(url).daily_sitemap_date(url)
        if (day and not self.options.window.holds(day)) or self.before_window(lastmod):
            self.count(keys.SKIPPED + "sitemap_out_of_window")
            return False
        if day in self.options.sitemap_days:
            self.count(keys.SKIPPED + "sitemap_read_by_date")
            return False
        return True

    def note_failure(self, url: str, reason: str) -> None:
        """Count a failed request by reason; the first failure of its host is kept for the closing summary."""
        key = keys.FIRST_FAILURE + (urlsplit(url).hostname or url)
        if self.stats.get_value(key) is None:
            self.stats.set_value(key, reason)

    def count(self, key: str, url: str | None = None) -> None:
        """Count ``key``; given the URL it concerns, for that URL's site too (``crawls.sites``)."""
        if url:
            keys.count_for_site(self.stats, key, self.site(url).key)
        else:
            self.stats.inc_value(key)
