"""RSS feeds (the home page's and each section's): their article links whose ``pubDate`` is in the window.
RSS updates within minutes; sitemaps may lag."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from typing import Any

from scrapy import Request
from scrapy.http import Response

from crawler import stats as keys
from crawler.discovery.articles import GONE, HANDLES_GONE
from crawler.discovery.scope import Scope
from crawler.discovery.sitemaps import sitemap_request
from crawler.extraction.feeds import FeedError, feed_items
from crawler.sites.urls import without_query


def feed_request(
    url: str, max_size: int, callback: Callable[..., Any], errback: Callable[..., Any]
) -> Request:
    request = sitemap_request(url, max_size, callback, errback)
    request.meta.update(HANDLES_GONE)
    return request


def feed_article_urls(
    response: Response, scope: Scope, logger: logging.Logger | logging.LoggerAdapter
) -> Iterator[str]:
    """An RSS 2.0 feed's article links (without query) whose ``pubDate`` is in the window."""
    if response.status in GONE:
        return
    try:
        items = feed_items(response.body)
    except FeedError as exc:
        scope.count(keys.FEEDS_INVALID)
        logger.warning("not a readable RSS feed, not read: %s (%s)", response.url, exc)
        return
    scope.count(keys.FEEDS_PARSED)
    for url, published in items:
        if not scope.is_article(url):
            continue
        scope.count(keys.FEED_ARTICLE_URLS)
        if scope.before_window(published):
            scope.count(keys.SKIPPED + "old_pubdate")
        else:
            yield without_query(url)
