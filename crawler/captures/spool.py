"""The capture writer's own process: exchanges in through a queue, WARC files and their index out.

A crawl is one Python process whose one core extraction and the store already keep busy; building WARC
records (warcio, digests, gzip) in a thread of it cost a fifth of its pages a second (make bench). In a
process of its own the work goes to the machine's other core. The process ends at ``None``, closing its
file, and answers with what it wrote and what it could not; it also ends, closing its file, when the crawl was
killed outright.
"""

from __future__ import annotations

import multiprocessing
import os
import queue
import threading
import time
from multiprocessing.queues import Queue
from pathlib import Path
from typing import Any

from crawler.captures.writer import CaptureWriter, Written
from crawler.storage.captures import write_captures
from crawler.storage.schema import StoreError, open_database

INDEX_BATCH = 500
# How often an idle writer checks that its crawl is still alive (a crawl killed outright never says None).
PARENT_CHECK_SECONDS = 1.0
MAX_REPORTED_ERRORS = 20


def write_all(
    exchanges: Queue, results: Queue, folder: Path, info: dict[str, str], max_bytes: int, db_path: str,
    timeout: float,
) -> None:  # fmt: skip
    """Write every exchange until ``None``; put ``{"written", "failed", "errors"}`` on ``results``."""
    writer = CaptureWriter(folder, info, max_bytes)
    report: dict[str, Any] = {"written": 0, "failed": 0, "errors": []}
    pending: list[Written] = []
    crawl = multiprocessing.parent_process()
    waiting = threading.Event()  # set while the loop waits for the next exchange, not while it writes one
    if crawl is not None:
        threading.Thread(target=_end_with, args=(crawl, waiting, writer), daemon=True).start()
    while True:
        waiting.set()
        try:
            exchange = exchanges.get(timeout=PARENT_CHECK_SECONDS)
        except queue.Empty:
            if crawl is not None and not crawl.is_alive():
                break  # the crawl was killed outright: close what it sent, whole records only, and end
            continue
        finally:
            waiting.clear()
        if exchange is None:
            break
        try:
            pending.append(writer.write(exchange))
            report["written"] += 1
        except OSError as exc:
            _failed(report, f"could not write the capture of {exchange.url} to {folder}: {exc}")
        if len(pending) >= INDEX_BATCH:
            _index(pending, db_path, timeout, report)
    try:
        writer.close()
    except OSError as exc:
        _failed(report, f"could not close the capture file in {folder}: {exc}")
    _index(pending, db_path, timeout, report)
    results.put(report)


def _end_with(crawl: Any, waiting: threading.Event, writer: CaptureWriter) -> None:
    """A crawl killed outright while putting an exchange on the queue leaves half a message, on which the
    writer's read would wait for ever (it holds the queue's other end itself): once the crawl is gone and the
    writer has been waiting for two checks, its file is closed, whole records only, and the process ends."""
    idle = 0
    while True:
        time.sleep(PARENT_CHECK_SECONDS)
        if crawl.is_alive():
            idle = 0
            continue
        idle = idle + 1 if waiting.is_set() else 0
        if idle >= 2:
            try:
                writer.close()
            finally:
                os._exit(0)


def _index(pending: list[Written], db_path: str, timeout: float, report: dict[str, Any]) -> None:
    records = list(pending)
    pending.clear()
    try:
        db = open_database(db_path, timeout)
        try:
            write_captures(db, records)
        finally:
            db.close()
    except (StoreError, OSError) as exc:
        _failed(report, f"could not index {len(records)} captures in {db_path}: {exc}", count=0)


def _failed(report: dict[str, Any], message: str, count: int = 1) -> None:
    report["failed"] += count
    if len(report["errors"]) < MAX_REPORTED_ERRORS:
        report["errors"].append(message)
