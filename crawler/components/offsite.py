"""Downloader middleware: the crawl never leaves its site, and its site is an origin, not a host name.

Scrapy's OffsiteMiddleware compares host names only: a redirect to another port of the same host, or a
sitemap entry there, would be followed and stored under that origin. This keeps its counting and logging and
asks for the same scheme, host and port as one of the crawl's sites (``base_url``).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.offsite import OffsiteMiddleware

from crawler.components.archive import ARCHIVED


class SameOriginMiddleware(OffsiteMiddleware):
    def should_follow(self, request: Request, spider: Any) -> bool:
        # A history crawl's requests go to its archive (crawler.components.archive refuses every other).
        return spider.options.target_for(request.url) is not None or ARCHIVED in request.meta
