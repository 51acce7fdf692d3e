"""robots.txt's sitemaps, sitemap indexes and urlsets, read with Scrapy's public sitemap tools: the sitemaps
and article URLs worth a request (their lastmod in the window), in slices of ``SITEMAP_SLICE``."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import lxml.etree
from scrapy import Request
from scrapy.http import Response, XmlResponse
from scrapy.utils.gz import gunzip, gzip_magic_number
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from crawler import stats as keys
from crawler.discovery.articles import GONE, HANDLES_GONE
from crawler.discovery.scope import Scope
from crawler.options import Target
from crawler.sites.urls import without_query

# A sitemap's article URLs become requests this many at a time; the rest wait as plain (url, lastmod) pairs
# in the request for the next slice (a 200,000-URL sitemap as requests at once took 659 MB).
SITEMAP_SLICE = 1000


class SitemapTooLarge(Exception):
    """A gzip sitemap larger than its size limit once decompressed."""


def sitemap_request(
    url: str, max_size: int, callback: Callable[..., Any], errback: Callable[..., Any]
) -> Request:
    """A sitemap (or feed) request with the sitemap's own size limit."""
    return Request(url, callback=callback, errback=errback, meta={"download_maxsize": max_size})


def robots_request(target: Target, callback: Callable[..., Any], errback: Callable[..., Any]) -> Request:
    return Request(f"{target.base_url}/robots.txt", callback, errback=errback, meta=dict(HANDLES_GONE))


def sitemaps_in_robots(response: Response, scope: Scope) -> Iterator[str]:
    """The sitemaps robots.txt lists that the window wants."""
    if response.status in GONE:
        return
    for url in sitemap_urls_from_robots(response.body, base_url=response.url):
        if scope.wanted_sitemap(url, None):
            yield url


def read(response: Response, scope: Scope, logger: logging.Logger | logging.LoggerAdapter) -> Sitemap | None:
    """The sitemap index or urlset of a response; None (logged and counted) for anything else."""
    try:
        body = sitemap_body(response)
    except SitemapTooLarge as exc:
        # What it lists is not crawled: an error of the run, like a sitemap that cannot be fetched.
        scope.count(keys.DISCOVERY_FAILED + "too_large")
        logger.error("sitemap too large, not read: %s (%s)", response.url, exc)
        return None
    sitemap = read_sitemap(body) if body else None
    if sitemap is None or sitemap.type not in ("sitemapindex", "urlset"):
        scope.count(keys.SITEMAPS_INVALID)
        logger.warning("not a sitemap, not read: %s", response.url)
        return None
    return sitemap


def wanted_entries(entries: Iterable[dict[str, Any]], scope: Scope) -> Iterator[dict[str, Any]]:
    """The entries worth a request: sitemaps in the window, article URLs (without query) in the window."""
    scope.count(keys.SITEMAPS_PARSED)
    is_urlset = getattr(entries, "type", None) == "urlset"
    for entry in entries:
        loc, lastmod = entry.get("loc", ""), entry.get("lastmod")
        if not is_urlset:
            if scope.wanted_sitemap(loc, lastmod):
                yield entry
        elif scope.is_article(loc):
            scope.count(keys.SITEMAP_ARTICLE_URLS)
            if scope.before_window(lastmod):
                scope.count(keys.SKIPPED + "old_lastmod")
            else:
                yield {**entry, "loc": without_query(loc)}


def next_slice_request(
    entries: list[tuple[str, str | None]], scope: Scope, callback: Callable[..., Any]
) -> Request:
    """The request for a sitemap's next slice of entries, behind this slice's articles. It is a ``data:``
    URL: served locally, not by the site, and pickled with its entries by JOBDIR queues like any request."""
    scope.count(keys.SITEMAP_SLICES)
    return Request(
        "data:,",
        callback=callback,
        cb_kwargs={"entries": entries},
        dont_filter=True,  # one data: URL for every slice; never offsite
    )


def sitemap_body(response: Response) -> bytes | None:
    """The XML of a sitemap response, gunzipped when it is a gzip file; None when it cannot be a sitemap.

    A ``.xml.gz`` served with ``Content-Encoding: gzip`` arrives already decompressed by Scrapy's
    HttpCompressionMiddleware: it is XML then, not gzip.
    """
    if gzip_magic_number(response):
        limit = response.meta.get("download_maxsize", 0)
        try:
            return gunzip(response.body, max_size=limit)
        except ValueError:  # Scrapy's "decompressed past max_size"
            raise SitemapTooLarge(f"over {limit} bytes once decompressed") from None
        except (OSError, EOFError):
            return None  # a broken gzip file
    if isinstance(response, XmlResponse) or response.url.endswith((".xml", ".xml.gz")):
        return response.body
    return None


def read_sitemap(body: bytes) -> Sitemap | None:
    """Scrapy's streaming ``Sitemap`` over ``body``; None when the body is no XML at all."""
    try:
        return Sitemap(body)
    except (lxml.etree.LxmlError, StopIteration):
        return None
