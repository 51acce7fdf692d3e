"""Validate stage: an article without title or body, or outside the crawl window, is dropped and counted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem


class ArticleDropped(DropItem):
    """A page that is not stored, with a machine-readable ``reason``."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.reason = reason


def drop_reason(article: ItemAdapter, since: date | None, until: date | None = None) -> str | None:
    """Why the article must not be stored (``gone``, ``no_title``, ``no_body``, ``too_old``, ``too_new``)."""
    if article.get("http_status") in (404, 410):
        return "gone"
    if not article.get("title"):
        return "no_title"
    if not article.get("body"):
        return "no_body"
    published = article.get("published_at")
    day = datetime.fromisoformat(published).date() if published else None
    if day and since and day < since:
        return "too_old"
    if day and until and day > until:
        return "too_new"
    return None


class ValidatePipeline:
    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        # The spider owns the crawl window; a single-URL crawl has none.
        spider = self.crawler.spider
        reason = drop_reason(adapter, getattr(spider, "since", None), getattr(spider, "until", None))
        if reason:
            self.crawler.stats.inc_value(f"abplive/dropped/{reason}")
            raise ArticleDropped(reason, adapter["url"])
        return item
