"""A history crawl (``-a archive=ia|cc|URL``): the captures of the crawl's sites that an archive's index
names, one request each, in the order of the window's slices (days, or Common Crawl's crawls).

The index is read in a thread (``crawler.archives.index``: cdx_toolkit is blocking), a slice at a time, as
the scheduler asks for requests. A capture is not requested when its page is of no wanted kind (the site
profiles' URL rules, ``-a kinds``) or when a capture of that URL with the same digest was already read, in
an earlier run (``archive_captures``) or in this one (counted as identical). Each (archive, host, window)
has a cursor: at the end of a run, the slices whose captures were all read (stored, or judged and recorded)
are marked done, and the window finished when all are; a later run lists from the first slice not done.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from scrapy import Request, signals
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from crawler import stats as keys
from crawler.archives.index import ArchiveIndex, Slice
from crawler.archives.responses import ArchivedCapture
from crawler.archives.sources import COMMONCRAWL, WAYBACK, Archive, archive_for
from crawler.clock import CrawlClock
from crawler.components.archive import ARCHIVED
from crawler.discovery.scope import Scope
from crawler.sites import SITES
from crawler.sites.urls import without_query
from crawler.storage.archive_captures import (
    crawled_hosts,
    cursor,
    newest_capture,
    save_cursor,
    stored_digests,
)
from crawler.storage.schema import open_database

logger = logging.getLogger(__name__)

# Every host an ABP site has had: its own, and those before 2020.
ABP_HOSTS = frozenset(host for site in SITES.values() for host in (site.host, *site.former_hosts))


def archive_endpoints(settings: Any) -> dict[str, str]:
    """The public archives' addresses (settings, so a test or a mirror can stand in)."""
    return {
        "wayback_cdx": settings.get("ABPLIVE_WAYBACK_CDX"),
        "wayback_replay": settings.get("ABPLIVE_WAYBACK_REPLAY"),
        "cc_index": settings.get("ABPLIVE_CC_INDEX"),
        "cc_data": settings.get("ABPLIVE_CC_DATA"),
    }


def archive_slots(archive: str, settings: Any) -> dict[str, Any]:
    """``DOWNLOAD_SLOTS`` with the archive's host as a slot of its own: ``ABPLIVE_ARCHIVE_CONCURRENCY``
    requests at a time, whatever the per-site limits."""
    host = archive_for(archive, archive_endpoints(settings)).host
    concurrency = settings.getint("ABPLIVE_ARCHIVE_CONCURRENCY")
    return {**settings.getdict("DOWNLOAD_SLOTS"), host: {"concurrency": concurrency}}


@dataclass
class _Window:
    """One host's window in this run: its slices listed, and the captures requested from each."""

    host: str
    name: str  # "<since>/<until>"
    listed: dict[str, list[tuple[str, str]]] = field(default_factory=dict)  # slice -> [(url, timestamp)]
    all_slices: list[str] = field(default_factory=list)


class ArchiveRequests:
    def __init__(
        self, scope: Scope, crawler: Any, clock: CrawlClock, callback: Callable[..., Any],
        errback: Callable[..., Any],
    ) -> None:  # fmt: skip
        self.scope = scope
        self.archive: Archive = archive_for(scope.options.archive or "", archive_endpoints(crawler.settings))
        self.index = ArchiveIndex(self.archive)
        self.clock = clock
        self.callback, self.errback = callback, errback
        self.db_path = crawler.settings.get("SQLITE_PATH")
        self.timeout = crawler.settings.getfloat("SQLITE_TIMEOUT")
        self.windows: list[_Window] = []
        # URL -> digests requested in this run: a capture equal to one already on its way is not fetched.
        self.requested: dict[str, set[str]] = {}
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def check(self) -> None:
        """At start-up: a collection URL that does not answer as a CDX server is a ``ValueError``."""
        self.index.check()

    async def requests(self) -> AsyncIterator[Request]:
        options = self.scope.options
        since, until = options.since or self.clock.today(), options.until or self.clock.today()
        window_name = f"{since}/{until}"
        self.scope.stats.set_value(keys.ARCHIVE_NAME, self.archive.name)
        await maybe_deferred_to_future(deferToThread(self._look_back, since, until))
        slices: list[Slice] = await maybe_deferred_to_future(deferToThread(self.index.slices, since, until))
        for host in (host for target in options.targets for host in (target.hostname, *target.former_hosts)):
            done = await maybe_deferred_to_future(deferToThread(self._cursor, host, window_name))
            if done and done["finished_at"]:
                logger.info("%s: %s already read from %s", host, window_name, self.archive.name)
                continue
            window = _Window(host, window_name, all_slices=[part.name for part in slices])
            self.windows.append(window)
            for part in slices:
                if done and done["done_through"] and part.name <= done["done_through"]:
                    continue
                try:
                    captures = await maybe_deferred_to_future(deferToThread(self._wanted, host, part))
                except Exception as exc:  # the index's answer, after cdx_toolkit's own retries
                    self.scope.stats.inc_value(f"{keys.ARCHIVE}{host}/index_failed")
                    logger.error(
                        "could not read %s's index of %s for %s (%s: %s); a later run asks again",
                        self.archive.name, host, part.name, type(exc).__name__, exc,
                    )  # fmt: skip
                    continue
                self.scope.stats.inc_value(keys.ARCHIVE_SLICES)
                window.listed[part.name] = [
                    (without_query(each.capture.url), each.capture.timestamp) for each in captures
                ]
                for archived in captures:
                    yield Request(
                        archived.fetch_url, headers=archived.headers, callback=self.callback,
                        errback=self.errback, dont_filter=True,
                        meta={ARCHIVED: archived, "dont_redirect": True, "download_slot": self.archive.host},
                    )  # fmt: skip

    def _wanted(self, host: str, part: Slice) -> list[ArchivedCapture]:
        """The slice's captures to fetch (runs in a thread)."""
        found = self.index.captures(host, part)
        stats, prefix = self.scope.stats, f"{keys.ARCHIVE}{host}/"
        stats.inc_value(prefix + "listed", len(found))
        wanted = []
        for capture in found:
            why = self.scope.options.not_replayed(capture.url)
            if why:
                stats.inc_value(keys.SKIPPED + why)
            else:
                wanted.append(capture)
        db = open_database(self.db_path, self.timeout)
        try:
            stored = stored_digests(db, sorted({without_query(capture.url) for capture in wanted}))
        finally:
            db.close()
        fetch = []
        for capture in wanted:
            url = without_query(capture.url)
            seen = self.requested.setdefault(url, stored.get(url, set()))
            if capture.digest and capture.digest in seen:
                stats.inc_value(prefix + "identical")
                continue
            if capture.digest:
                seen.add(capture.digest)
            fetch.append(ArchivedCapture(self.archive, host, capture))
        return fetch

    def _look_back(self, since: date, until: date) -> None:
        """What the closing summary says of a run that finds nothing (runs in a thread): the newest capture an
        earlier run read from this archive, and, of a pywb collection, how many captures it holds in the
        window of hosts this archive crawled that are no ABP site's (a local copy's: 127.0.0.1:8765)."""
        db = open_database(self.db_path, self.timeout)
        try:
            newest = newest_capture(db, self.archive.name)
            foreign = (
                sorted(crawled_hosts(db) - ABP_HOSTS)
                if self.archive.name not in (WAYBACK, COMMONCRAWL)
                else []
            )
        finally:
            db.close()
        if newest:
            self.scope.stats.set_value(keys.ARCHIVE_NEWEST_READ, f"{newest[:4]}-{newest[4:6]}-{newest[6:8]}")
        window = Slice("window", f"{since:%Y%m%d}000000", f"{until:%Y%m%d}235959")
        for host in foreign:
            try:
                found = len(self.index.captures(host, window))
            except Exception as exc:  # a hint only: the run goes on without it
                logger.info("could not count %s's captures of %s: %s", self.archive.name, host, exc)
                continue
            if found:
                self.scope.stats.set_value(f"{keys.ARCHIVE}{host}/not_abp", found)

    def _cursor(self, host: str, window: str) -> dict[str, Any] | None:
        db = open_database(self.db_path, self.timeout)
        try:
            return cursor(db, self.archive.name, host, window)
        finally:
            db.close()

    def spider_closed(self, spider: Any) -> None:
        """Mark done the slices whose captures were all read, in order, and a window all of whose are."""
        if not self.windows:
            return
        db = open_database(self.db_path, self.timeout)
        try:
            for window in self.windows:
                earlier = cursor(db, self.archive.name, window.host, window.name) or {}
                done_through, listed = earlier.get("done_through"), earlier.get("listed") or 0
                for name in window.all_slices:
                    if done_through and name <= done_through:
                        continue
                    if name not in window.listed or not _all_read(db, self.archive.name, window.listed[name]):
                        break
                    done_through, listed = name, listed + len(window.listed[name])
                finished = bool(window.all_slices) and done_through == window.all_slices[-1]
                save_cursor(
                    db,
                    {
                        "archive": self.archive.name, "host": window.host, "window": window.name,
                        "done_through": done_through, "listed": listed,
                        "finished_at": self.clock.stamp() if finished else None,
                    },
                )  # fmt: skip
        finally:
            db.close()


def _all_read(db: Any, archive: str, captures: list[tuple[str, str]]) -> bool:
    """Whether every (url, timestamp) has its ``archive_captures`` row (stored, or judged)."""
    for first in range(0, len(captures), 400):
        chunk = captures[first : first + 400]
        condition = " or ".join("(url = ? and timestamp = ?)" for _ in chunk)
        params = [archive, *(value for pair in chunk for value in pair)]
        (count,) = db.execute(
            f"select count(*) from archive_captures where archive = ? and ({condition})", params
        ).fetchone()
        if count < len(set(chunk)):
            return False
    return True
