"""The home page and section listings (``/news/india``, ``/news/india/page-2``, …): their article links,
then the next page, one page after another up to ``-a pages``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.linkextractors import LinkExtractor

from crawler.components.known import NEEDS_NEW_ARTICLES
from crawler.discovery.articles import GONE, HANDLES_GONE
from crawler.discovery.scope import Scope
from crawler.sites.urls import without_query

_LINKS = LinkExtractor()


def listing_request(
    url: str,
    callback: Callable[..., Any],
    errback: Callable[..., Any],
    section: str | None = None,
    page: int = 1,
) -> Request:
    return Request(
        url,
        callback=callback,
        errback=errback,
        meta=dict(HANDLES_GONE),
        cb_kwargs={"section": section, "page": page} if section else None,
    )


def listed_articles(response: Response, scope: Scope) -> list[str]:
    """A listing's article links on its own site (without query); none for a missing page."""
    if response.status in GONE or not isinstance(response, TextResponse):
        return []
    # Links are compared by origin: LinkExtractor's allow_domains rejects hosts that carry a port.
    target = scope.options.target_for(response.url)
    if target is None:
        return []
    return [
        url
        for url in (without_query(link.url) for link in _LINKS.extract_links(response))
        if scope.options.target_for(url) == target and scope.is_article(url)
    ]


def next_page_request(
    response: Response,
    section: str | None,
    page: int,
    articles: list[str],
    scope: Scope,
    callback: Callable[..., Any],
    errback: Callable[..., Any],
) -> Request | None:
    """The section's next listing page, made only if this page listed an article the archive lacks (the
    known-URL middleware holds it back otherwise); None at ``-a pages``, on a page without articles, or the
    home page."""
    target = scope.options.target_for(response.url)
    if not (target and section and articles and page < scope.options.pages):
        return None
    request = listing_request(target.listing_url(section, page + 1), callback, errback, section, page + 1)
    request.meta[NEEDS_NEW_ARTICLES] = True
    return request
