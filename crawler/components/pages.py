"""An article page's response as the archive takes it: extracted by the pure extractor, dated, with its
validators; the same for a page fetched by a crawl and one read from a WARC file by a replay or a backfill."""

from __future__ import annotations

import logging
from datetime import UTC, datetime

from scrapy.http import Response, TextResponse

from crawler.extraction.article import extract_article
from crawler.items import Article
from crawler.sites import Site
from crawler.sites.urls import without_query

logger = logging.getLogger(__name__)


def page_article(
    response: Response, site: Site, crawled_at: str, lastmod: str | None = None
) -> Article | None:
    """The article of an HTML response, seen at ``crawled_at``; a page the extractor failed on as an
    ``error`` article (recorded as a drop, so it cannot fail every run); None for a response that is no HTML
    page."""
    content_type = (header(response, b"Content-Type") or "").lower()
    if not isinstance(response, TextResponse) or (content_type and "html" not in content_type):
        return None
    try:
        # A UTF-8 page goes to the parser as it came, not decoded and encoded again.
        html = response.body if response.encoding == "utf-8" else response.text
        article = extract_article(response.url, html, site, sitemap_lastmod=lastmod)
    except Exception as exc:  # a page no rule foresaw
        logger.warning("could not extract %s (%s: %s)", response.url, type(exc).__name__, exc)
        return Article(
            without_query(response.url), site.key, site.language, extraction="error", crawled_at=crawled_at
        )
    article.crawled_at = crawled_at
    article.etag = header(response, b"ETag")
    article.last_modified = header(response, b"Last-Modified")
    return article


def header(response: Response, name: bytes) -> str | None:
    value = response.headers.get(name)
    return value.decode("latin-1") if value else None


def capture_time(warc_date: str) -> str:
    """A WARC-Date (``2026-11-25T04:15:02.123456Z``) as the archive stores times: to the second, UTC."""
    return datetime.fromisoformat(warc_date).astimezone(UTC).isoformat(timespec="seconds")
