"""The backfill against the raw speed of the WARC readers, on CC-NEWS-like files.

Writes (once; kept in ``--folder``) CC-NEWS-like files of ``--responses`` responses each (request records
between them, 2 % ABP articles of several sites and both templates, other hosts' ~90 KB pages compressing
about 3:1, a gzip member a record) and prints, in one run, on the first file: FastWARC's and warcio's raw
scan (every record's headers read, payloads skipped; MB/s and records/s) and the project's whole process
(``python -m crawler.cli.backfill``: Python's and Scrapy's start, reading, extraction, storing); the same
without datatrove (the scan and the ingest called directly: the engine's cost); the replay path
(``scrapy crawl abplive -a warc=``); two files with both cores against one; a local Ray; and the peak memory
of one worker over one file and over six. Run: ``python -m bench.backfill`` (``make bench-backfill``).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from fastwarc.warc import ArchiveIterator as FastIterator
from warcio.archiveiterator import ArchiveIterator as WarcioIterator

from tests.ccnews import write_ccnews

REPO = Path(__file__).resolve().parent.parent
DIRECT = """
import sys
from pathlib import Path
from datetime import date
from crawler.backfill.ingest import Totals, ingest_shard, pending_shards
from crawler.backfill.scan import scan_file, selection
from crawler.clock import CrawlClock
from crawler.storage.schema import open_database
work, db = Path(sys.argv[2]), open_database(sys.argv[3])
scan_file(sys.argv[1], selection({"site": "all"}, date.today()), work, 0)
for shard in pending_shards(work, 1, finished=True):
    ingest_shard(db, work, shard, Totals(), CrawlClock())
"""


def files(folder: Path, responses: int, count: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(count):
        path = folder / f"CC-NEWS-2025030{n + 1}100000-{responses:06d}-0000{n}.warc.gz"
        if not path.exists():
            print(f"writing {path} …", flush=True)
            write_ccnews(path.with_suffix(".partial"), responses, 0.02, seed=n + 1)
            path.with_suffix(".partial").rename(path)
        made.append(path)
    return made


def raw_fastwarc(path: Path) -> tuple[float, int]:
    started, records = time.perf_counter(), 0
    with open(path, "rb") as stream:
        for _ in FastIterator(stream, parse_http=False, strict_mode=False):
            records += 1
    return time.perf_counter() - started, records


def raw_warcio(path: Path) -> tuple[float, int]:
    started, records = time.perf_counter(), 0
    with open(path, "rb") as stream:
        for _ in WarcioIterator(stream):
            records += 1
    return time.perf_counter() - started, records


def whole_process(command: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds of a command, and the peak memory (KB) of the largest process it ran."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {result.stderr[-2000:]}")
    return seconds, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)


def backfill(paths: list[Path], workers: int, scratch: Path, executor: str = "local") -> tuple[float, int]:
    run = Path(tempfile.mkdtemp(dir=scratch))
    env = os.environ | {"RAY_DISABLE_USAGE_STATS": "1"}
    return whole_process(
        [sys.executable, "-m", "crawler.cli.backfill", *map(str, paths), "--db", str(run / "b.db"),
         "--site", "all", "--workers", str(workers), "--executor", executor],
        env,
    )  # fmt: skip


def rate(megabytes: float, seconds: float) -> float:
    return round(megabytes / seconds, 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--responses", type=int, default=20_000)
    parser.add_argument("--folder", type=Path, default=Path("/tmp/backfill-bench"))
    parser.add_argument("--no-ray", action="store_true", help="leave out the local Ray run")
    args = parser.parse_args()
    first, second = files(args.folder, args.responses, 2)
    mb = first.stat().st_size / 1e6
    result: dict[str, Any] = {"file_mb": round(mb, 1), "responses": args.responses}
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        fast, records = raw_fastwarc(first)
        slow, _ = raw_warcio(first)
        result["records"] = records
        result["fastwarc_raw"] = {"mb_s": rate(mb, fast), "records_s": round(records / fast)}
        result["warcio_raw"] = {"mb_s": rate(mb, slow), "records_s": round(records / slow)}
        one, _ = backfill([first], 1, scratch)
        result["project_one_file"] = {"seconds": round(one, 2), "mb_s": rate(mb, one)}
        result["project_against_fastwarc"] = round(fast / one, 2)
        work = Path(tempfile.mkdtemp(dir=scratch))
        direct, _ = whole_process(
            [sys.executable, "-c", DIRECT, str(first), str(work / "w"), str(work / "d.db")]
        )
        result["without_datatrove"] = {"seconds": round(direct, 2), "mb_s": rate(mb, direct)}
        result["datatrove_overhead"] = round(one / direct - 1, 3)
        replay_db = scratch / "replay.db"
        replay, _ = whole_process(
            [sys.executable, "-m", "scrapy", "crawl", "abplive", "-a", f"warc={first}", "-a", "site=all",
             "-s", f"SQLITE_PATH={replay_db}", "-s", "LOG_LEVEL=WARNING", "-s", "SPIDERMON_ENABLED=False"]
        )  # fmt: skip
        result["replay_path"] = {"seconds": round(replay, 2), "mb_s": rate(mb, replay)}
        both_mb = mb + second.stat().st_size / 1e6
        two, _ = backfill([first, second], 2, scratch)
        result["project_two_files_two_cores"] = {"seconds": round(two, 2), "mb_s": rate(both_mb, two)}
        result["two_cores_against_one"] = round(rate(both_mb, two) / rate(mb, one), 2)
        if not args.no_ray:
            ray, _ = backfill([first, second], 2, scratch, "ray")
            result["ray_two_files"] = {"seconds": round(ray, 2), "mb_s": rate(both_mb, ray)}
        copies = scratch / "six"
        copies.mkdir()
        for n in range(6):
            os.symlink(first, copies / f"CC-NEWS-2025030{n + 1}000000-0000{n}.warc.gz")
        _, peak_one = backfill([first], 1, scratch)
        _, peak_six = backfill(sorted(copies.iterdir()), 1, scratch)
        result["peak_rss_mb"] = {"one_file": round(peak_one / 1024), "six_files": round(peak_six / 1024)}
        shutil.rmtree(copies)
    print(json.dumps(result, indent=2))
    out = REPO / "bench" / "results" / "backfill.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
