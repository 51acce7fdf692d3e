"""A history crawl from a local pywb against replaying the same captures' WARC file.

Builds (in a temporary folder) ``--captures`` captures (5,000 by default) of Hindi article pages made from
the golden pages, a URL each for a quarter of them: every URL captured four times over five days, the
second capture an edit, the third the same bytes again (its digest skipped without fetching), the fourth
another edit. The same WARC file is put in a pywb collection (served by pywb's own ``wayback``) and replayed
with ``-a warc=``. Prints, for each whole ``scrapy crawl`` process: seconds, rows stored (articles and their
versions) per second, and bytes fetched (the archive's answers; for the replay, the WARC file's bytes) per
stored row. Run: ``python -m bench.history`` (``make bench-history``); pywb from ``make pywb``.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from tests.webarchive import (
    COLLECTION,
    Capture,
    build_collection,
    edited,
    golden_page,
    running_pywb,
    write_warc,
)

REPO = Path(__file__).resolve().parent.parent
CASES = ("abp-full", "abp-jsonld", "ad-wrappers", "redesign-fallback")
DAYS = ("2026-11-20", "2026-11-21", "2026-11-22", "2026-11-23")


def captures(count: int) -> list[Capture]:
    """``count`` captures: a URL per four, each captured on four days (an edit, a repeat, another edit)."""
    made: list[Capture] = []
    pages = [golden_page("abplive-hi", case) for case in CASES]
    for number in range(count // 4):
        url, page, body = pages[number % len(pages)]
        url = url.split("?", 1)[0].rsplit("-", 1)[0] + f"-{2_000_000 + number}"
        first = edited(page, body, f"({number})")
        edit = edited(first, body, "संशोधित")
        later = edited(edit, body, "फिर संशोधित")
        hour = f"{number % 24:02d}"
        for day, html in zip(DAYS, (first, edit, edit, later), strict=True):
            made.append(Capture(url, f"{day}T{hour}:00:00Z", html))
    return made


def crawl(db: Path, *arguments: str) -> dict[str, Any]:
    """A whole ``scrapy crawl`` process; its seconds, rows stored and stats."""
    command = [
        sys.executable, "-m", "scrapy", "crawl", "abplive", "-a", "site=abplive-hi", *arguments,
        "-s", f"SQLITE_PATH={db}", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING",
        "-s", "ABPLIVE_TODAY=2026-11-26", "-s", "SPIDERMON_ENABLED=False",
    ]  # fmt: skip
    env = os.environ | {"CDXT_DEFAULT_MIN_RETRY_INTERVAL": "0"}
    started = time.perf_counter()
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=env, check=False)
    seconds = time.perf_counter() - started
    if result.returncode != 0:
        raise SystemExit(result.stderr[-3000:])
    with sqlite3.connect(db) as conn:
        (articles,) = conn.execute("select count(*) from articles").fetchone()
        (versions,) = conn.execute("select coalesce(sum(max(version_count, 1)), 0) from articles").fetchone()
        (stats,) = conn.execute("select stats from crawls order by started_at desc").fetchone()
    return {"seconds": seconds, "articles": articles, "rows": versions, "stats": json.loads(stats)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--captures", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2, help="requests at a time to the archive")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-history-") as folder:
        root = Path(folder)
        warc = root / "captures.warc.gz"
        write_warc(warc, captures(args.captures))
        build_collection(root / "pywb", [warc])
        stored_warc = root / "pywb" / "collections" / COLLECTION / "archive" / warc.name
        window = ("-a", f"since={DAYS[0]}", "-a", f"until={DAYS[-1]}")
        with running_pywb(root / "pywb") as base:
            history = crawl(
                root / "history.db", "-a", f"archive={base}", *window,
                "-s", f"ABPLIVE_ARCHIVE_CONCURRENCY={args.concurrency}",
            )  # fmt: skip
        replay = crawl(root / "replay.db", "-a", f"warc={stored_warc}")
        fetched = history["stats"].get("downloader/response_bytes", 0)
        identical = history["stats"].get("abplive/archive/www.abplive.com/identical", 0)
        articles = args.captures // 4
        print(f"{args.captures:,} captures of {articles:,} articles; {identical:,} identical, not fetched")
        for name, run, size in (
            (f"history crawl (-a archive=pywb, {args.concurrency} at a time)", history, fetched),
            ("replay of the same WARC file (-a warc=)", replay, stored_warc.stat().st_size),
        ):
            rate = run["rows"] / run["seconds"]
            print(
                f"{name}: {run['seconds']:.1f} s, {run['articles']:,} articles with {run['rows']:,} versions "
                f"stored, {rate:.1f} rows/s, {size / max(run['rows'], 1) / 1024:.1f} KB read a row"
            )


if __name__ == "__main__":
    main()
