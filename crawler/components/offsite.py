"""Downloader middleware: the crawl never leaves its site, and its site is an origin, not a host name.

Scrapy's OffsiteMiddleware compares host names only: a redirect to another port of the same host, or a
sitemap entry there, would be followed and stored under that origin. This keeps its counting and logging and
asks for the same scheme, host and port as the crawl's ``base_url``.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware

from crawler.extraction.urls import origin


class SameOriginMiddleware(OffsiteMiddleware):
    def should_follow(self, request: Request, spider: Any) -> bool:
        return origin(request.url) == origin(spider.options.base_url)
