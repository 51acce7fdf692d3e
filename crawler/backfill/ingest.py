"""Stage 2 of a backfill, the one writer: finished shards stored in the archive through the store's own
functions (``store_batch``, as a replay's store pipeline writes them), their captures indexed, the file
recorded in ``backfill_files``, then the shard marked as ingested. Killed at any point, it starts again at
the first shard not marked; a shard stored twice stores nothing twice (the same captures are unchanged, or a
re-extraction)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from crawler.backfill.shards import FileReport, finished_shards, read_shard, shard_path
from crawler.clock import CrawlClock
from crawler.settings import SQLITE_BATCH_SIZE
from crawler.storage.backfill_files import record_file
from crawler.storage.batches import store_batch
from crawler.storage.captures import write_captures

INGESTED = "ingested"


@dataclass
class Totals:
    """What the backfill did so far: files, bytes and records read, articles stored by outcome, pages by
    what became of them, and the files that could not be read."""

    files: int = 0
    bytes: int = 0
    records: int = 0
    stored: Counter[str] = field(default_factory=Counter)
    pages: Counter[str] = field(default_factory=Counter)
    failed: dict[str, str] = field(default_factory=dict)

    def add(self, report: FileReport) -> None:
        self.files += 1
        self.bytes += report.size
        self.records += report.records
        self.pages.update(report.counts)
        if report.error:
            self.failed[report.file] = report.error


def pending_shards(work_dir: Path, tasks: int, finished: bool) -> list[Path]:
    """Shards to ingest now, in task order (the files' date order, so that an article's captures come in
    time order, as a replay of the same files stores them): while stage 1 runs, those up to the first task
    not yet finished; once it has ended, every one left."""
    ready = {shard.name: shard for shard in finished_shards(work_dir)}
    pending = []
    for rank in range(tasks):
        shard = ready.get(shard_path(work_dir, rank).name)
        if shard is None:
            if finished:
                continue
            break
        if not _marker(work_dir, shard).exists():
            pending.append(shard)
    return pending


def ingest_shard(db: Database, work_dir: Path, shard: Path, totals: Totals, clock: CrawlClock) -> None:
    report, lines = read_shard(shard)
    rows = [value for kind, value in lines if kind == "row"]
    drops = [value for kind, value in lines if kind == "drop"]
    captures = [value for kind, value in lines if kind == "capture"]
    for first in range(0, max(len(rows), len(drops), 1), SQLITE_BATCH_SIZE):
        batch = rows[first : first + SQLITE_BATCH_SIZE]
        dropped = list({row["url"]: row for row in drops[first : first + SQLITE_BATCH_SIZE]}.values())
        if batch or dropped:
            totals.stored.update(store_batch(db, batch, dropped))
    write_captures(db, captures)
    record_file(
        db,
        {
            "file": report.file, "size": report.size, "records": report.records, "articles": len(rows),
            "counts": report.counts, "error": report.error, "ingested_at": clock.stamp(),
        },
    )  # fmt: skip
    totals.add(report)
    marker = _marker(work_dir, shard)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()


def forget_shard(work_dir: Path, rank: int) -> None:
    """Task ``rank``'s shard and its ingested mark removed: the next run stores what it finds then (a file
    that could not be read may be whole by then)."""
    shard = shard_path(work_dir, rank)
    _marker(work_dir, shard).unlink(missing_ok=True)
    shard.unlink(missing_ok=True)


def _marker(work_dir: Path, shard: Path) -> Path:
    return work_dir / INGESTED / shard.name
