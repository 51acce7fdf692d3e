"""Validate stage: an article without title or body, or older than the window, is dropped and counted."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem


def drop_reason(article: ItemAdapter, since: date | None) -> str | None:
    """Why the article must not be stored (``no_title``, ``no_body``, ``too_old``), or ``None``."""
    if not article.get("title"):
        return "no_title"
    if not article.get("body"):
        return "no_body"
    published = article.get("published_at")
    if since and published and datetime.fromisoformat(published).date() < since:
        return "too_old"
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
        reason = drop_reason(adapter, getattr(self.crawler.spider, "since", None))
        if reason:
            self.crawler.stats.inc_value(f"abplive/dropped/{reason}")
            raise DropItem(f"{reason}: {adapter['url']}")
        return item
