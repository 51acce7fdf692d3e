"""Downloader middleware: Scrapy's retries, with a server's ``Retry-After`` honoured for its whole host."""

from __future__ import annotations

from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from time import monotonic
from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware

from crawler import stats as keys

# A slot without a delay skips its wait altogether: a held slot gets at least this one.
_HELD_SLOT_DELAY = 0.001


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


class RetryAfterMiddleware(RetryMiddleware):
    """RetryMiddleware (it replaces the built-in one), and when a 429 / 503 with ``Retry-After`` (up to
    ``RETRY_AFTER_MAX`` seconds) is retried, the host's download slot waits that long before its next request.

    Retry-After speaks for the host, so every request to it waits, not only the retry, and no response holds
    a download slot while waiting: the slot's ``lastseen`` and ``delay`` are moved, as AutoThrottle moves
    them. The slot's own delay is restored at the host's next good answer. A response that is not retried
    waits for nothing.
    """

    def __init__(self, settings: Any) -> None:
        super().__init__(settings)
        self.cap = settings.getfloat("RETRY_AFTER_MAX")
        # Slot key -> (the delay it had before a Retry-After held it, when the hold ends).
        self.held: dict[str, tuple[float, float]] = {}

    def process_response(self, request: Request, response: Any, spider: Any = None) -> Any:
        result = super().process_response(request, response)
        if isinstance(result, Request) and response.status in (429, 503):
            wait = retry_after_seconds(response.headers.get("Retry-After"), datetime.now(UTC))
            if wait is not None and wait <= self.cap:
                self._hold_host(request, wait)
        elif response.status < 400:
            self._release_host(request)
        return result

    def _hold_host(self, request: Request, wait: float) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        own_delay = self.held[key][0] if key in self.held else slot.delay
        slot.delay = max(slot.delay, _HELD_SLOT_DELAY)
        # The slot waits its delay after `lastseen`: moved ahead, the next request leaves `wait` from now.
        slot.lastseen = max(slot.lastseen, monotonic() + wait)
        self.held[key] = (own_delay, slot.lastseen)
        self.crawler.stats.inc_value(keys.RETRY_AFTER_WAITS)

    def _release_host(self, request: Request) -> None:
        downloader = self.crawler.engine.downloader
        key = downloader.get_slot_key(request)
        # A response that was already on its way when the host asked to wait does not end the hold.
        if key in self.held and monotonic() >= self.held[key][1]:
            own_delay, _ = self.held.pop(key)
            if (slot := downloader.slots.get(key)) is not None:
                slot.delay = own_delay
