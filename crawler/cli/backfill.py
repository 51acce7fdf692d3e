"""Backfill the archive from WARC files at scale: one task a file on datatrove's executors (every core of this
machine, a Ray cluster, or Slurm), one writer storing what they find as they finish (docs/scaling.md).

    python -m crawler.cli.backfill PATH... --db data/abplive.db [--executor local|ray|slurm] [--workers N]
        [--work-dir DIR] [--prefix URL] [--site KEYS] [--since YYYY-MM-DD] [--until YYYY-MM-DD] [--kinds K]

PATH: WARC files, folders of them, or Common Crawl ``warc.paths(.gz)`` listings; local, http(s) or s3. The
sites, window and kinds mean what the spider's ``-a`` arguments mean. Started again with the same work folder,
it redoes no finished task and stores nothing twice; files an earlier backfill stored are not read again.
Exit status: 0, every file stored; 1, some file could not be read (each named); 2, nothing could start.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from crawler.backfill.files import InputError, warc_inputs
from crawler.backfill.ingest import Totals, forget_shard, ingest_shard, pending_shards
from crawler.backfill.scan import selection
from crawler.backfill.shards import LOGS, finished_shards
from crawler.clock import CrawlClock
from crawler.reporting.progress import Progress
from crawler.reporting.words import counted
from crawler.storage.backfill_files import stored_files
from crawler.storage.schema import StoreError, open_database

FILES = "files.json"
SELECTION = ("site", "since", "until", "kinds")
# Seconds between two looks for finished shards while stage 1 runs.
POLL = 0.1


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    clock = CrawlClock()
    arguments = {name: value for name in SELECTION if (value := getattr(args, name))}
    try:
        selection(arguments, clock.today())
        db = open_database(args.db)
    except (ValueError, StoreError) as exc:
        print(f"backfill: {exc}", file=sys.stderr)
        return 2
    work_dir = args.work_dir or args.db.with_name(args.db.name + ".backfill")
    stored = stored_files(db)
    try:
        named = warc_inputs(args.paths, args.prefix)
    except InputError as exc:
        print(f"backfill: {exc}", file=sys.stderr)
        return 2
    if all(path in stored for path in named):
        articles = counted(sum(stored[path] or 0 for path in named), "article")
        print(f"backfill: every file is stored already: {counted(len(named), 'file')}, {articles}")
        return 0
    files = _job_files(work_dir, named, stored)
    try:
        from crawler.backfill.pipeline import ScanWarcFiles, executor, forget_completion
    except ImportError as exc:
        print(
            f"backfill: {exc.name} is missing: pip install -c requirements.lock -e '.[cluster]'",
            file=sys.stderr,
        )
        return 2
    step = ScanWarcFiles(files, arguments, clock.today(), str(work_dir))
    slurm = {"partition": args.slurm_partition, "time": args.slurm_time, "venv_path": sys.prefix}
    local = {"local_tasks": args.local_tasks, "local_rank_offset": args.local_rank_offset}
    engine = None
    if args.stage != "ingest":
        engine = executor(args.executor, step, args.workers, work_dir, slurm, local)
    writer = db if args.stage != "scan" else None
    totals = _run(engine, writer, work_dir, files, clock, waits_for_cluster=args.executor == "slurm")
    if writer is None:
        shards = len(finished_shards(work_dir))
        print(f"backfill: {shards} of {len(files)} files scanned; store them with --stage ingest")
        return 0
    for file, error in totals.failed.items():
        # Read again by the next run, whole this time perhaps: its task, its shard and its mark forgotten.
        forget_completion(work_dir, files.index(file))
        forget_shard(work_dir, files.index(file))
        print(f"backfill: could not read {file}: {error}", file=sys.stderr)
    print(f"backfill: {_summary(totals)}")
    return 1 if totals.failed else 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=" ".join(__doc__.split("\n\n")[0].split()))
    parser.add_argument("paths", nargs="+", metavar="PATH")
    parser.add_argument("--db", type=Path, default=Path("data/abplive.db"))
    parser.add_argument("--executor", choices=("local", "ray", "slurm"), default="local")
    parser.add_argument("--workers", type=int, default=_cores(), help="tasks at once (default: every core)")
    parser.add_argument("--work-dir", type=Path, help="shards and task markers (default: DB.backfill/)")
    parser.add_argument("--prefix", help="what a listing's relative entries are resolved against")
    for name in SELECTION:
        parser.add_argument(f"--{name}", help=f"as the spider's -a {name}")
    parser.add_argument(
        "--stage", choices=("all", "scan", "ingest"), default="all",
        help="scan: stage 1 only (a machine of several sharing the work folder); ingest: store what is there",
    )  # fmt: skip
    parser.add_argument("--local-tasks", type=int, default=-1, help="local: how many of the tasks run here")
    parser.add_argument("--local-rank-offset", type=int, default=0, help="local: the first task run here")
    parser.add_argument("--slurm-partition", default="normal")
    parser.add_argument("--slurm-time", default="24:00:00", help="a Slurm task's time limit")
    return parser


def _cores() -> int:
    return len(os.sched_getaffinity(0))


def _job_files(work_dir: Path, named: list[str], stored: dict[str, int]) -> list[str]:
    """The job's files, one task each, kept in the work folder so that a relaunch numbers them alike (its
    finished tasks are known by number): an earlier job's list, then every file named now that the archive
    has not stored whole and the list lacks (a new file in a folder, a file named alone)."""
    record = work_dir / FILES
    files = json.loads(record.read_text(encoding="utf-8")) if record.is_file() else []
    listed = set(files)
    added = [path for path in named if path not in stored and path not in listed]
    if added or not record.is_file():
        work_dir.mkdir(parents=True, exist_ok=True)
        record.write_text(json.dumps(files + added, indent=1), encoding="utf-8")
    return files + added


def _run(
    engine: Any, db: Any, work_dir: Path, files: list[str], clock: CrawlClock, waits_for_cluster: bool
) -> Totals:
    """Stage 1 on its executor, stage 2 here meanwhile: each finished shard is stored as it appears."""
    failure: list[BaseException] = []

    def stage_one() -> None:
        try:
            if engine is not None:
                engine.run()
        except BaseException as exc:  # reported below, after what finished is stored
            failure.append(exc)

    runner = threading.Thread(target=stage_one, name="backfill-stage-1", daemon=True)
    totals, started = Totals(), time.monotonic()
    with (
        _engine_output_to(work_dir / LOGS / "executor.log") as terminal,
        Progress("backfill", len(files), "file", stream=terminal) as progress,
    ):
        runner.start()
        while True:
            running = runner.is_alive() or (
                waits_for_cluster and engine is not None and not _all_complete(engine)
            )
            for shard in pending_shards(work_dir, len(files), finished=not running) if db else ():
                ingest_shard(db, work_dir, shard, totals, clock)
                seconds = max(time.monotonic() - started, 1e-9)
                progress.update(
                    1, MB=round(totals.bytes / 1e6), MBps=round(totals.bytes / 1e6 / seconds, 1),
                    found=sum(n for k, n in totals.pages.items() if k.startswith("found/")),
                    stored=sum(totals.stored.values()),
                )  # fmt: skip
            if not running:
                break
            time.sleep(POLL)
    if failure:
        raise failure[0]
    return totals


@contextlib.contextmanager
def _engine_output_to(log: Path) -> Iterator[TextIO]:
    """The executor's own output (datatrove's task logs, Ray's) into ``log``, this process's standard error
    and the processes it starts included; what a person reads (the progress) to the terminal as before."""
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "ab") as sink:
        os.dup2(sink.fileno(), 2)
    terminal = os.fdopen(os.dup(saved), "w", buffering=1)
    try:
        yield terminal
    finally:
        sys.stderr.flush()
        os.dup2(saved, 2)
        os.close(saved)
        terminal.close()


def _all_complete(engine: Any) -> bool:
    return not engine.get_incomplete_ranks(skip_completed=True)


def _summary(totals: Totals) -> str:
    stored = ", ".join(f"{count:,} {outcome}" for outcome, count in sorted(totals.stored.items()) if count)
    pages = ", ".join(f"{count:,} {kind}" for kind, count in sorted(totals.pages.items()))
    return (
        f"{counted(totals.files, 'file')}, {totals.bytes / 1e6:,.0f} MB, "
        f"{counted(totals.records, 'record')} read; articles: "
        f"{stored or 'none stored'}; by kind: {pages or 'nothing'}"
        + (f"; {counted(len(totals.failed), 'file')} could not be read" if totals.failed else "")
    )


if __name__ == "__main__":
    raise SystemExit(main())
