"""Scrapy extension: one crawl writes a database at a time, however it was started.

The lock is the one cron takes (``<database>.lock``, an ``flock``): a second ``scrapy crawl`` or Scrapyd job
on the same database ends at once, before anything is fetched, with one line saying why — as cron does.
Cron holds the lock itself for its crawl and passes ``-s ABPLIVE_DB_LOCK=False``. The lock is released when
the process ends, however it ends.
"""

from __future__ import annotations

import fcntl
from pathlib import Path
from typing import IO, Any

from scrapy import signals
from scrapy.exceptions import NotConfigured

from crawler.errors import StartupError


def lock_path(db: Path) -> Path:
    """The lock file of a database, the same for every spelling of its path (a symlink, a relative path)."""
    return Path(f"{db.resolve()}.lock")


class DatabaseLock:
    def __init__(self, crawler: Any, db: Path) -> None:
        self.path = lock_path(db)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.file: IO[str] | None = open(self.path, "w")  # noqa: SIM115 - held for the whole crawl
        except OSError as exc:
            raise StartupError(
                f"abplive: cannot use SQLite database {db}: cannot take its lock {self.path}: {exc.strerror}"
            ) from None
        try:
            fcntl.flock(self.file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.file.close()
            raise StartupError(
                f"abplive: another crawl is writing {db.resolve()}; not starting a second one"
            ) from None
        crawler.signals.connect(self.release, signal=signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Any) -> DatabaseLock:
        if not crawler.settings.getbool("ABPLIVE_DB_LOCK"):
            raise NotConfigured
        return cls(crawler, Path(crawler.settings.get("SQLITE_PATH")))

    def release(self) -> None:
        if self.file is not None:
            self.file.close()  # closing the file releases its flock
            self.file = None
