"""Benchmark: the incremental known-URL check against a database of N stored articles (default 1,000,000).

    python -m bench.known_urls [--rows 1000000] [--lookups 100000] [--db /tmp/known-bench.db]

Fills a database built by the real schema (full-text triggers included) with synthetic rows, then times
``KnownArticles.needs_fetch`` for URLs half stored, half new, each with a sitemap lastmod. Prints a table and
writes ``bench/results/known_urls.json``.
"""

from __future__ import annotations

import argparse
import json
import platform
import random
import resource
import statistics
import time
from pathlib import Path

from crawler.storage.known_urls import KnownArticles
from crawler.storage.schema import open_database

URL = "https://www.abplive.com/news/india/benchmark-story-{n}-{n}"


def fill(db_path: Path, rows: int) -> float:
    db = open_database(db_path)
    started = time.perf_counter()
    batch = 10_000
    for first in range(0, rows, batch):
        with db.conn:
            db.conn.executemany(
                "insert into articles (url, site, language, title, body, published_at, published_date,"
                " modified_at, crawled_at, content_hash) values (?, 'abplive-hi', 'hi', ?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        URL.format(n=n),
                        f"खबर {n}",
                        f"खबर संख्या {n} का छोटा पाठ.",
                        "2026-11-25T10:00:00+05:30",
                        "2026-11-25",
                        "2026-11-25T10:30:00+05:30",
                        "2026-11-25T06:00:00+00:00",
                        f"{n:016x}",
                    )
                    for n in range(first, min(first + batch, rows))
                ],
            )
    db.close()
    return time.perf_counter() - started


def measure(db_path: Path, rows: int, lookups: int) -> dict[str, float]:
    known = KnownArticles(db_path, since=None)
    rng = random.Random(42)
    # Half stored (some with a newer lastmod, so they must be refetched), half never seen.
    urls = [URL.format(n=rng.randrange(rows) if i % 2 else rows + i) for i in range(lookups)]
    lastmods = [
        "2026-11-26T09:00:00+05:30" if i % 10 == 1 else "2026-11-25T10:30:00+05:30" for i in range(lookups)
    ]
    timings = []
    started = time.perf_counter()
    for url, lastmod in zip(urls, lastmods, strict=True):
        t = time.perf_counter_ns()
        known.needs_fetch(url, lastmod)
        timings.append((time.perf_counter_ns() - t) / 1000)
    total = time.perf_counter() - started
    known.close()
    timings.sort()
    return {
        "lookup_us_median": round(statistics.median(timings), 1),
        "lookup_us_p95": round(timings[int(len(timings) * 0.95)], 1),
        "lookups_per_s": round(lookups / total),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--lookups", type=int, default=100_000)
    parser.add_argument("--db", type=Path, default=Path("/tmp/known-bench.db"))
    args = parser.parse_args()
    for suffix in ("", "-wal", "-shm"):
        Path(f"{args.db}{suffix}").unlink(missing_ok=True)
    fill_seconds = fill(args.db, args.rows)
    result = {
        "rows": args.rows,
        "lookups": args.lookups,
        "fill_seconds": round(fill_seconds, 1),
        **measure(args.db, args.rows, args.lookups),
        "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "db_mb": round(args.db.stat().st_size / 2**20, 1),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
    }
    for key, value in result.items():
        print(f"{key:>18}  {value}")
    out = Path(__file__).parent / "results" / "known_urls.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
