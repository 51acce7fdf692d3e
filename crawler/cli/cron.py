"""The cron entry point: one run at a time, a log file per run, and an exit status that means something.

``scrapy crawl`` exits 0 even when callbacks fail; this wrapper reads the run's row in the ``crawls`` table
and exits non-zero when the run did not do its job. Usage (``scripts/cron.sh`` calls it from the repo root)::

    python -m crawler.cli.cron [--db data/abplive.db] [--logs logs] [--keep-logs 200]
                               [--warc DIR | --no-warc] [--backup DIR [--keep-backups 7]]
                               [-- crawl arguments]

Every download is kept as fetched in WARC files (docs/captures.md), by default in ``warc/`` beside the
database; ``--no-warc`` switches that off.
"""

from __future__ import annotations

import argparse
import fcntl
import signal
import subprocess
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from crawler.cli.backup import BackupError, backup
from crawler.components.dblock import lock_path
from crawler.reporting.summary import ALREADY_RUNNING, OK, RUN_FAILED, Verdict, judge
from crawler.storage.crawls import read_crawl

REPO = Path(__file__).resolve().parents[2]

# How the store's stop reasons read in a log (pipelines.store.UNWRITABLE, with spaces).
STORE_STOPS = ("disk full", "database gone", "database read only", "database unwritable")


def _stopped_by_store(log_file: Path) -> str | None:
    """Why the store stopped the crawl, as its log says (``disk full`` …), or None."""
    try:
        log = log_file.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return None
    return next((reason for reason in STORE_STOPS if f"{reason}: " in log), None)


def prune_logs(logs: Path, keep: int) -> None:
    for old in sorted(logs.glob("crawl-*.log"))[:-keep]:
        old.unlink(missing_ok=True)


def run(
    db: Path, logs: Path, keep_logs: int, crawl_args: list[str], warc: Path | None = None,
    backups: Path | None = None, keep_backups: int = 7,
) -> int:  # fmt: skip
    db.parent.mkdir(parents=True, exist_ok=True)
    logs.mkdir(parents=True, exist_ok=True)
    # One lock per database file, however its path is spelled (a symlink, a relative path).
    db = db.resolve()
    with open(lock_path(db), "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            print(f"abplive cron: another crawl is writing {db}; not starting a second one", file=sys.stderr)
            return ALREADY_RUNNING
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        crawl_id = f"{stamp}-{uuid.uuid4().hex[:8]}"
        log_file = logs / f"crawl-{stamp}-{crawl_id[-8:]}.log"
        command = [
            sys.executable, "-m", "scrapy", "crawl", "abplive",
            "-s", f"SQLITE_PATH={db}", "-s", f"CRAWL_ID={crawl_id}",
            # This wrapper holds the database's lock for the crawl (the crawl would otherwise take it).
            "-s", "ABPLIVE_DB_LOCK=False",
            "-s", f"LOG_FILE={log_file.resolve()}",
            *(["-s", f"ABPLIVE_WARC_DIR={warc.resolve()}"] if warc else []),
            *crawl_args,
        ]  # fmt: skip
        # The crawl shares the lock (an flock belongs to the open file, which the child inherits): should this
        # wrapper be killed outright, the lock is held until the crawl, the writer, has ended too.
        crawl = subprocess.Popen(command, cwd=REPO, pass_fds=(lock.fileno(),))
        # cron's timeout, a reboot or Ctrl-C: pass the signal on, so Scrapy closes gracefully and stores all.
        for signum in (signal.SIGTERM, signal.SIGINT, signal.SIGHUP):
            signal.signal(signum, lambda number, _frame: crawl.send_signal(number))
        returncode = crawl.wait()
        verdict = judge(returncode, read_crawl(db, crawl_id))
        stopped = _stopped_by_store(log_file) if verdict.status != OK else None
        if stopped and stopped not in verdict.message:
            # The database refused the run's own record too: its log says what happened.
            verdict = Verdict(RUN_FAILED, f"{stopped}: the database could not be written ({verdict.message})")
    prune_logs(logs, keep_logs)
    if backups is not None and db.is_file():
        try:
            made = backup(db, backups, keep_backups)
            verdict = Verdict(verdict.status, f"{verdict.message}; backed up to {made.path}")
        except BackupError as exc:
            verdict = Verdict(RUN_FAILED, f"{verdict.message}; the backup failed: {exc}")
    stream = sys.stdout if verdict.status == OK else sys.stderr
    print(f"abplive cron {crawl_id}: {verdict.message} (log: {log_file})", file=stream)
    return verdict.status


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Run one locked, logged crawl for cron")
    parser.add_argument("--db", type=Path, default=Path("data/abplive.db"))
    parser.add_argument("--logs", type=Path, default=Path("logs"))
    parser.add_argument("--keep-logs", type=int, default=200, help="newest run logs kept (default 200)")
    parser.add_argument("--backup", type=Path, help="after the run, a verified backup into this folder")
    parser.add_argument("--keep-backups", type=int, default=7, help="newest backups kept (default 7)")
    captures = parser.add_mutually_exclusive_group()
    captures.add_argument("--warc", type=Path, help="WARC captures folder (default: warc/ beside --db)")
    captures.add_argument("--no-warc", action="store_true", help="keep no captures")
    parser.add_argument("crawl_args", nargs=argparse.REMAINDER, help="after --: arguments for scrapy crawl")
    args = parser.parse_args(argv)
    crawl_args = args.crawl_args[1:] if args.crawl_args[:1] == ["--"] else args.crawl_args
    warc = None if args.no_warc else (args.warc or args.db.parent / "warc")
    return run(
        args.db, args.logs, max(args.keep_logs, 1), crawl_args, warc, args.backup, max(args.keep_backups, 1)
    )


if __name__ == "__main__":
    raise SystemExit(main())
