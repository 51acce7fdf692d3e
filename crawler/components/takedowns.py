"""Downloader middleware: an article that redirects away from articles has been taken down.

A removed article is often redirected to its section or the home page. Followed, that redirect would reach a
page already fetched (Scrapy's duplicate filter drops it) or a listing (no article): either way the archive
would never learn of the removal. An article request whose redirect leads to a URL that is not an article
(by the site's URL rules) is not followed; the spider gets the redirect and records the takedown. A
redirect to another URL of the same article (a new slug) is followed as usual.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urljoin

from scrapy import Request

from crawler.sites.urls import CONTENT_KINDS, classify_url

REDIRECTS = (301, 302, 303, 307, 308)
# Set by the spider on article requests.
ARTICLE_REQUEST = "abplive_article"


class TakedownRedirectMiddleware:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> TakedownRedirectMiddleware:
        return cls(crawler)

    def process_response(self, request: Request, response: Any, spider: Any = None) -> Any:
        if response.status in REDIRECTS and request.meta.get(ARTICLE_REQUEST):
            location = response.headers.get(b"Location", b"").decode("latin-1")
            target = self.crawler.spider.options.target_for(request.url)
            redirected_to = classify_url(urljoin(request.url, location), target.site) if target else None
            if location and target and redirected_to not in CONTENT_KINDS:
                # Scrapy's RedirectMiddleware (and HttpErrorMiddleware) pass on a status the request handles.
                handled = request.meta.get("handle_httpstatus_list", [])
                request.meta["handle_httpstatus_list"] = [*handled, response.status]
        return response
