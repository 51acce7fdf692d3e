"""Validate stage: an article without title or body, or outside the crawl window, is dropped and counted."""

from __future__ import annotations

import logging
from typing import Any

from itemadapter import ItemAdapter
from scrapy.exceptions import DropItem

from crawler import stats as keys
from crawler.monitoring.health import COVERED_FIELDS
from crawler.options import Window
from crawler.validation import drop_reason

logger = logging.getLogger(__name__)


class ArticleDropped(DropItem):
    """A page that is not stored, with a machine-readable ``reason``."""

    def __init__(self, reason: str, url: str) -> None:
        super().__init__(f"{reason}: {url}")
        self.reason = reason


def drift_warning(counts: dict[str, int], threshold: float, min_articles: int) -> str | None:
    """A warning when too few article pages matched a known template (``fallback`` or nothing did)."""
    total = sum(counts.values())
    matched = total - counts.get("fallback", 0) - counts.get("none", 0)
    if total < min_articles or (total - matched) / total <= threshold:
        return None
    return (
        f"known templates matched {matched} of {total} articles — the site layout may have changed; "
        f"run `make canary` to see which fields still match"
    )


class ValidatePipeline:
    """Drops incomplete articles, counts how each page was extracted, and raises the template-drift alarm,
    judged per site: one redesigned site must not hide behind seven healthy ones."""

    def __init__(self, crawler: Any, window: Window) -> None:
        self.crawler = crawler
        self.window = window
        self.extraction_counts: dict[str, dict[str, int]] = {}  # site -> method -> pages

    @classmethod
    def from_crawler(cls, crawler: Any) -> ValidatePipeline:
        # The window as the spider parsed it from its arguments (a single-URL crawl has none).
        return cls(crawler, crawler.spider.options.window)

    def close_spider(self) -> None:
        settings = self.crawler.settings
        for site, counts in sorted(self.extraction_counts.items()):
            warning = drift_warning(
                counts,
                settings.getfloat("ABPLIVE_DRIFT_THRESHOLD"),
                settings.getint("ABPLIVE_DRIFT_MIN_ARTICLES"),
            )
            if warning:
                self.crawler.stats.set_value(keys.DRIFT_ALARM, 1)
                self.crawler.stats.set_value(keys.for_site(keys.DRIFT_ALARM, site), 1)
                logger.warning("%s: %s", site, warning)

    def process_item(self, item: object) -> object:
        adapter = ItemAdapter(item)
        site = adapter.get("site") or ""
        # Only pages with a title count for drift: empty or error pages say nothing about the templates.
        if adapter.get("http_status") == 200:
            # Field coverage per site, which the alerts judge (crawler.monitoring).
            keys.count_for_site(self.crawler.stats, keys.FIELDS + "pages", site)
            for name in COVERED_FIELDS:
                if adapter.get(name):
                    keys.count_for_site(self.crawler.stats, keys.FIELDS + name, site)
        if adapter.get("http_status") == 200 and adapter.get("title"):
            method = adapter.get("extraction") or "none"
            counts = self.extraction_counts.setdefault(site, {})
            counts[method] = counts.get(method, 0) + 1
            keys.count_for_site(self.crawler.stats, keys.EXTRACTION + method, site)
        reason = drop_reason(adapter, self.window)
        if reason:
            keys.count_for_site(self.crawler.stats, keys.DROPPED + reason, site)
            raise ArticleDropped(reason, adapter["url"])
        return item
