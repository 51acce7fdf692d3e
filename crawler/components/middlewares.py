"""Downloader middleware: honour a server's ``Retry-After`` before Scrapy's RetryMiddleware retries."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from typing import Any


def retry_after_seconds(value: bytes | str | None, now: datetime) -> float | None:
    """Seconds a ``Retry-After`` header asks for (seconds or an HTTP date); None if absent or invalid."""
    if not value:
        return None
    text = value.decode("latin-1") if isinstance(value, bytes) else value
    try:
        return max(0.0, float(text.strip()))
    except ValueError:
        pass
    try:
        return max(0.0, (parsedate_to_datetime(text) - now).total_seconds())
    except (TypeError, ValueError):
        return None


class RetryAfterMiddleware:
    """Waits what a 429 / 503 response's ``Retry-After`` asks (up to ``RETRY_AFTER_MAX`` seconds).

    It sits just after RetryMiddleware in the response chain, so the retry it triggers comes after the wait;
    a longer wait than the cap is not honoured (the retry, if any, happens as usual).
    """

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler
        self.cap = crawler.settings.getfloat("RETRY_AFTER_MAX")

    @classmethod
    def from_crawler(cls, crawler: Any) -> RetryAfterMiddleware:
        return cls(crawler)

    async def process_response(self, request: Any, response: Any) -> Any:
        if response.status in (429, 503):
            delay = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC))
            if delay is not None and delay <= self.cap:
                self.crawler.stats.inc_value("abplive/retry_after/waits")
                await asyncio.sleep(delay)
        return response
