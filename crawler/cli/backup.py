"""``make backup``: a consistent snapshot of the archive, verified, while a crawl may be writing it.

Usage: ``python -m crawler.cli.backup DB DEST_DIR [--keep 7] [--warc DIR]``.

SQLite's online backup API copies the database from one read transaction: the snapshot is the archive as of
one moment, whatever a crawl commits meanwhile (the database is in WAL mode, so the crawl is not held up).
The copy is written as ``<name>-<UTC stamp>.db.partial``, checked (``PRAGMA integrity_check``, and the row
counts of every table against the source's in the same transaction), then renamed; the newest ``--keep``
backups are kept. WARC captures (``--warc``, the cron default ``warc/`` beside the database) are listed with
it: they are append-only files, copied by any file tool (docs/operations.md).
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crawler.reporting.progress import Progress
from crawler.reporting.words import counted
from crawler.storage.schema import StoreError, check_archive

# Pages a backup step copies (16 MB of 4 KB pages): the progress moves a step at a time.
BACKUP_STEP_PAGES = 4096
# The tables counted, and what a row of each is called.
TABLES = {
    "articles": "article", "article_versions": "earlier version", "article_events": "takedown event",
    "captures": "capture", "crawls": "crawl", "dropped": "dropped page",
}  # fmt: skip


class BackupError(RuntimeError):
    """The backup could not be made or did not verify; the message says why."""


@dataclass(frozen=True)
class Backup:
    path: Path
    counts: dict[str, int]


def backup(db: Path, dest: Path, keep: int) -> Backup:
    """Snapshot ``db`` into ``dest``, verify it, keep the newest ``keep``; a ``BackupError`` if it fails."""
    try:
        check_archive(db)
    except StoreError as exc:
        raise BackupError(str(exc)) from exc
    dest.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
    final = dest / f"{db.stem}-{stamp}.db"
    partial = final.with_name(final.name + ".partial")
    try:
        source = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
        try:
            source.execute("begin")  # one read transaction: the counts and the copy see the same moment
            expected = _counts(source)
            target = sqlite3.connect(partial)
            progress = _BackupProgress(db.name)
            try:
                # In steps, for the progress; the read transaction keeps every step on the same snapshot.
                source.backup(target, pages=BACKUP_STEP_PAGES, progress=progress.step)
                # One self-contained file (the copy inherits WAL mode, whose side files would be left behind).
                target.execute("pragma journal_mode = delete")
            finally:
                target.close()
                progress.close()
            source.execute("commit")
        finally:
            source.close()
        copy = sqlite3.connect(f"file:{partial}?mode=ro", uri=True)
        try:
            integrity = copy.execute("pragma integrity_check").fetchone()[0]
            counts = _counts(copy)
        finally:
            copy.close()
    except sqlite3.Error as exc:
        partial.unlink(missing_ok=True)
        raise BackupError(f"cannot back up {db}: {exc}") from exc
    if integrity != "ok" or counts != expected:
        partial.unlink(missing_ok=True)
        raise BackupError(
            f"the backup of {db} did not verify: integrity {integrity}, rows {counts} != {expected}"
        )
    partial.rename(final)
    for old in sorted(dest.glob(f"{db.stem}-*.db"))[:-keep]:
        old.unlink()
    return Backup(final, counts)


class _BackupProgress:
    """The copy's pages as progress, started once SQLite says how many there are."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.progress: Progress | None = None

    def step(self, status: int, remaining: int, total: int) -> None:
        if self.progress is None:
            self.progress = Progress(f"backup of {self.name}", total, "page")
        self.progress.set(total - remaining)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.close()


def _counts(conn: sqlite3.Connection) -> dict[str, int]:
    present = {name for (name,) in conn.execute("select name from sqlite_master where type = 'table'")}
    return {
        table: conn.execute(f"select count(*) from [{table}]").fetchone()[0]
        for table in TABLES
        if table in present
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Back up the crawl database, consistently and verified")
    parser.add_argument("db", type=Path)
    parser.add_argument("dest", type=Path, help="folder of the backups")
    parser.add_argument("--keep", type=int, default=7, help="newest backups kept (default 7)")
    parser.add_argument("--warc", type=Path, help="the WARC captures folder, listed with the backup")
    args = parser.parse_args(argv)
    try:
        made = backup(args.db, args.dest, max(args.keep, 1))
    except BackupError as exc:
        print(f"backup: {exc}", file=sys.stderr)
        return 1
    rows = ", ".join(counted(count, TABLES[table]) for table, count in made.counts.items())
    print(f"backup: {made.path} ({made.path.stat().st_size:,} bytes; integrity ok; {rows})")
    warc = args.warc or args.db.parent / "warc"
    if warc.is_dir():
        files = sorted(path for path in warc.iterdir() if ".warc" in path.name)
        size = sum(path.stat().st_size for path in files)
        print(
            f"backup: WARC captures to copy with it: {counted(len(files), 'file')}, {size:,} bytes in {warc}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
