"""WARC replay (``-a warc=``): one request per wanted response record in the files, answered from the file by
the replay middleware; every other record is counted by kind and skipped, an unreadable one logged."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from scrapy import Request

from crawler import stats as keys
from crawler.captures.reader import Captured, CaptureReader, Skipped, warc_files
from crawler.components.replay import REPLAYED
from crawler.components.takedowns import ARTICLE_REQUEST
from crawler.discovery.scope import Scope


def replay_requests(
    paths: list[Path],
    scope: Scope,
    logger: logging.Logger | logging.LoggerAdapter,
    callback: Callable[..., Any],
    errback: Callable[..., Any],
) -> Iterator[Request]:
    reader = CaptureReader(scope.options.not_replayed)
    read_before = 0  # bytes of the files already read, for the progress (stats' REPLAY_BYTES)
    for path in warc_files(paths):
        for entry in reader.read(path):
            if isinstance(entry, Captured):
                scope.stats.set_value(keys.REPLAY_BYTES, read_before + entry.offset + entry.length)
                yield Request(
                    entry.url, callback=callback, errback=errback,
                    meta={REPLAYED: entry, ARTICLE_REQUEST: True, "dont_redirect": True},
                    dont_filter=True,
                )  # fmt: skip
            elif isinstance(entry, Skipped):
                scope.stats.inc_value(keys.REPLAY_SKIPPED + entry.kind)
            else:
                scope.stats.inc_value(keys.REPLAY_CORRUPT)
                logger.error(
                    "unreadable WARC %s at offset %d (the rest of it is skipped): %s",
                    entry.warc_file, entry.offset, entry.message,
                )  # fmt: skip
        read_before += path.stat().st_size if path.is_file() else 0
        scope.stats.set_value(keys.REPLAY_BYTES, read_before)
