"""Why a request failed, as a short name for stats and logs."""

from __future__ import annotations

from typing import Any

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.spidermiddlewares.httperror import HttpError
from twisted.internet import defer, error
from twisted.web.client import ResponseFailed

# Scrapy >= 2.14 raises its own download exceptions; Twisted's are kept for older download handlers.
_REASONS: tuple[tuple[str, tuple[type[BaseException], ...]], ...] = (
    ("timeout", (DownloadTimeoutError, error.TimeoutError, error.TCPTimedOutError, defer.TimeoutError)),
    ("too_large", (DownloadCancelledError, defer.CancelledError)),  # past the size limit
    (
        "connection",
        (
            ResponseDataLossError,
            DownloadConnectionRefusedError,
            DownloadFailedError,
            error.ConnectionRefusedError,
            error.ConnectionLost,
            error.ConnectError,
            ResponseFailed,
        ),
    ),
    ("dns", (CannotResolveHostError, error.DNSLookupError)),
    ("ignored", (IgnoreRequest,)),  # e.g. a redirect loop
)


def failure_reason(failure: Any) -> str:
    """``http_503``, ``timeout``, ``too_large``, ``connection``, ``dns``, ``ignored``, or the error type."""
    if failure.check(HttpError):
        return f"http_{failure.value.response.status}"
    for reason, types in _REASONS:
        if failure.check(*types):
            return reason
    return failure.type.__name__


def failure_message(failure: Any) -> str:
    """What went wrong, for the log line: the exception's own words, or a description where it has none (a
    download cancelled past its size limit carries no message when the server sent no length)."""
    message = str(failure.value).strip()
    if message:
        return message
    if failure_reason(failure) == "too_large":
        return "it grew past its size limit (DOWNLOAD_MAXSIZE; for sitemaps ABPLIVE_SITEMAP_MAXSIZE)"
    return failure.type.__name__


# Failures of the network, not of the crawler: one line each in the log, their traceback only at DEBUG.
NETWORK_REASONS = ("timeout", "connection", "dns")


def network_reason(error: BaseException) -> str | None:
    """``timeout``, ``connection`` or ``dns`` for a failure of the network; None for anything else."""
    return next(
        (reason for reason, types in _REASONS if reason in NETWORK_REASONS and isinstance(error, types)), None
    )
