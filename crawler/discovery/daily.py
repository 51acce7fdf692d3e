"""The window's daily news sitemaps (``news-DD-MM-YYYY.xml``), requested by date, one day after another per
site: the next day's file is queued behind this day's articles (``articles.ARTICLE_PRIORITY``)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from scrapy import Request

from crawler.discovery.articles import HANDLES_GONE
from crawler.discovery.sitemaps import sitemap_request
from crawler.options import CrawlOptions, Target


def daily_sitemap_request(
    target: Target,
    day: int,
    options: CrawlOptions,
    max_size: int,
    callback: Callable[..., Any],
    errback: Callable[..., Any],
) -> Request:
    """The request for the ``day``-th day of the window's sitemap days, on ``target``'s site; a missing
    day (404/410) is the callback's to count."""
    url = target.daily_sitemap_url(options.sitemap_days[day])
    request = sitemap_request(url, max_size, callback, errback)
    request.meta.update(HANDLES_GONE)
    request.cb_kwargs["day"] = day
    return request


def next_day(url: str, day: int, options: CrawlOptions) -> tuple[Target, int] | None:
    """The site and day index to read after the daily sitemap ``url`` (day ``day``); None after the last."""
    target = options.target_for(url)
    if target and day + 1 < len(options.sitemap_days):
        return target, day + 1
    return None
