"""The project benchmark: crawl throughput and memory against bare Scrapy, extraction speed and quality
against trafilatura, and store throughput — in one run, on generated ~50 KB pages served from 127.0.0.1.

    python -m bench.run [--pages 2000,20000] [--rounds 5] [--sample 300]    (make bench; N=500: quick)

Prints a table and writes ``bench/results/latest.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import trafilatura

from bench.quality import precision_recall_f1
from crawler.cleaning.rules import content_hash
from crawler.extraction.article import extract_article
from crawler.sites import DEFAULT_SITE, SITES
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database
from pipelines.clean import CleanPipeline
from tests import sitegen
from tests.crawlrun import crawl_command
from tests.localsite import LocalSite

REPO = Path(__file__).resolve().parent.parent

DAY = date(2026, 11, 25)
# ABP's daily Hindi sitemaps list about 300–500 articles (shared/abplive-markup.md): N pages span N/500 days.
PER_DAY = 500
SITE = SITES[DEFAULT_SITE]
ARTICLE = re.compile(r"^/news/india/synthetic-story-number-(\d+)-\d+$")
# Same network settings for both crawls: what is compared is the work per page, not politeness.
NETWORK = [
    "-s",
    "AUTOTHROTTLE_ENABLED=False",
    "-s",
    "CONCURRENT_REQUESTS=16",
    "-s",
    "CONCURRENT_REQUESTS_PER_DOMAIN=16",
]


class BenchSite(LocalSite):
    """The local site with ``count`` generated articles, made on request (20,000 would not fit in memory),
    listed in daily sitemaps of ``PER_DAY`` articles, the newest day being ``DAY``."""

    def __init__(self, count: int) -> None:
        super().__init__()
        self.count = count
        self.serve("/robots.txt", "User-agent: *\nAllow: /\n", "text/plain")
        self.serve("/", "<html><body></body></html>")
        for first in range(1, count + 1, PER_DAY):
            day = self.day_of(first)
            sitemap = sitegen.daily_sitemap(
                self.origin, range(first, min(first + PER_DAY, count + 1)), day.isoformat()
            )
            self.serve(day.strftime("/news-%d-%m-%Y.xml"), sitemap, "application/xml")

    @property
    def first_day(self) -> date:
        return self.day_of(self.count)

    @staticmethod
    def day_of(number: int) -> date:
        return DAY - timedelta(days=(number - 1) // PER_DAY)

    def response_for(self, path: str) -> tuple[int, bytes, str]:
        match = ARTICLE.match(path)
        if match and 1 <= (number := int(match[1])) <= self.count:
            html = sitegen.realistic_article_html(self.origin, number, self.day_of(number))
            return 200, html.encode(), "text/html; charset=utf-8"
        return super().response_for(path)


def run_measured(command: list[str], cwd: Path) -> tuple[float, float]:
    """Run a command; its wall seconds and peak RSS in MB (from the kernel's accounting of that child)."""
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode:
        raise SystemExit(f"bench: {' '.join(command[:6])} … exited {process.returncode}")
    return time.perf_counter() - started, usage.ru_maxrss / 1024


def crawl_throughput(count: int, folder: Path, rounds: int) -> dict[str, Any]:
    """Bare and full crawls of the same pages, alternated ``rounds`` times: this machine's speed drifts by
    ±10 % over minutes, so each round's ratio compares runs made side by side, and the median is reported."""
    runs = []
    with BenchSite(count) as site:
        urls = folder / "urls.txt"
        urls.write_text("\n".join(site.origin + sitegen.article_path(n) for n in range(1, count + 1)))
        for round_number in range(rounds):
            bare_stats = folder / "bare.json"
            spider = str(REPO / "bench" / "bare_spider.py")
            bare = [sys.executable, "-m", "scrapy", "runspider", spider, "-a", f"urls={urls}",
                    "-a", f"stats={bare_stats}", "-s", "LOG_LEVEL=INFO", *NETWORK]  # fmt: skip
            _, bare_rss = run_measured(bare, folder)  # outside the project: plain Scrapy settings
            db = folder / f"full-{count}-{round_number}.db"  # a fresh archive: every page is new
            full = crawl_command(
                "-a", f"base_url={site.origin}", "-a", f"since={site.first_day}", "-a", f"until={DAY}",
                "-s", f"SQLITE_PATH={db}", "-s", "CRAWL_ID=bench", "-s", "LOG_LEVEL=INFO", *NETWORK,
            )  # fmt: skip
            _, full_rss = run_measured(full, REPO)
            bare_run = json.loads(bare_stats.read_text())
            with sqlite3.connect(db) as conn:
                stats = conn.execute("select stats from crawls where id = 'bench'").fetchone()[0]
                full_run = json.loads(stats)
                stored = conn.execute("select count(*) from articles").fetchone()[0]
            bare_rate = bare_run["response_received_count"] / bare_run["elapsed_time_seconds"]
            full_rate = full_run["abplive/pages/articles"] / full_run["elapsed_time_seconds"]
            runs.append(
                {"ratio": full_rate / bare_rate, "bare": bare_rate, "full": full_rate,
                 "bare_rss": bare_rss, "full_rss": full_rss, "stored": stored}
            )  # fmt: skip
    median = sorted(runs, key=lambda run: run["ratio"])[len(runs) // 2]
    return {
        "pages": count,
        "stored": min(run["stored"] for run in runs),
        "bare_pages_per_s": round(median["bare"], 1),
        "full_pages_per_s": round(median["full"], 1),
        "crawl_ratio": round(median["ratio"], 3),
        "crawl_ratios": [round(run["ratio"], 3) for run in runs],
        # Peaks: the highest of the rounds.
        "rss_mb_bare": round(max(run["bare_rss"] for run in runs), 1),
        "rss_mb_full": round(max(run["full_rss"] for run in runs), 1),
        "rss_mb_full_rounds": [round(run["full_rss"], 1) for run in runs],
    }


def capture_and_replay(count: int, folder: Path, rounds: int) -> dict[str, Any]:
    """What keeping every download in WARC files costs a crawl, and how fast the files replay: the full crawl
    without and with ``ABPLIVE_WARC_DIR`` alternated ``rounds`` times (median ratio), then each round's
    captures replayed (``-a warc=``) into a fresh archive with the site stopped."""
    runs = []
    for round_number in range(rounds):
        rates = {}
        warcs = folder / f"warc-{round_number}"
        with BenchSite(count) as site:
            for mode in ("plain", "capture"):
                db = folder / f"{mode}-{count}-{round_number}.db"
                capture = ["-s", f"ABPLIVE_WARC_DIR={warcs}"] if mode == "capture" else []
                command = crawl_command(
                    "-a", f"base_url={site.origin}", "-a", f"since={site.first_day}", "-a", f"until={DAY}",
                    "-s", f"SQLITE_PATH={db}", "-s", "CRAWL_ID=bench", "-s", "LOG_LEVEL=INFO", *NETWORK,
                    *capture,
                )  # fmt: skip
                run_measured(command, REPO)
                rates[mode] = _article_rate(db)
            origin = site.origin
        replay_db = folder / f"replay-{count}-{round_number}.db"
        command = crawl_command(
            "-a", f"base_url={origin}", "-a", f"since={BenchSite.day_of(count)}", "-a", f"warc={warcs}",
            "-s", f"SQLITE_PATH={replay_db}", "-s", "CRAWL_ID=bench", "-s", "LOG_LEVEL=INFO",
        )  # fmt: skip
        run_measured(command, REPO)
        with sqlite3.connect(replay_db) as conn:
            stored = conn.execute("select count(*) from articles").fetchone()[0]
        warc_bytes = sum(path.stat().st_size for path in warcs.iterdir())
        runs.append({**rates, "replay": _article_rate(replay_db), "stored": stored, "warc_bytes": warc_bytes})
    median = sorted(runs, key=lambda run: run["capture"] / run["plain"])[len(runs) // 2]
    return {
        "pages": count,
        "plain_pages_per_s": round(median["plain"], 1),
        "capture_pages_per_s": round(median["capture"], 1),
        "capture_ratio": round(median["capture"] / median["plain"], 3),
        "capture_ratios": [round(run["capture"] / run["plain"], 3) for run in runs],
        "replay_pages_per_s": round(median["replay"], 1),
        "replay_vs_live": round(median["replay"] / median["plain"], 2),
        "replay_stored": median["stored"],
        "warc_bytes_per_article": round(median["warc_bytes"] / max(median["stored"], 1)),
    }


def _article_rate(db: Path) -> float:
    with sqlite3.connect(db) as conn:
        stats = json.loads(conn.execute("select stats from crawls where id = 'bench'").fetchone()[0])
    return stats["abplive/pages/articles"] / stats["elapsed_time_seconds"]


def project_extract(url: str, html: bytes) -> str:
    return CleanPipeline().process_item(extract_article(url, html, SITE)).body


def trafilatura_extract(url: str, html: bytes) -> str:
    document = trafilatura.bare_extraction(html, url=url, with_metadata=True)
    return document.text if document is not None and document.text else ""


# Each extractor's timings (ms) and outputs, page by page.
Runs = dict[str, tuple[list[float], list[str]]]


def timed(extractors: dict[str, Any], pages: list[tuple[str, bytes]]) -> Runs:
    """Each extractor's time (ms) and output for every page. The extractors take turns page by page, so a
    drift of the machine's speed (±10 % over minutes here) weighs on all of them alike."""
    results: Runs = {name: ([], []) for name in extractors}
    for url, html in pages:
        for name, extract in extractors.items():
            started = time.perf_counter()
            output = extract(url, html)
            results[name][0].append((time.perf_counter() - started) * 1000)
            results[name][1].append(output)
    return results


def extraction_and_quality(sample: int) -> dict[str, Any]:
    origin = "https://www.abplive.com"
    # As a response body: the crawl hands UTF-8 pages to the extractor as bytes, trafilatura takes bytes too.
    pages = [
        (origin + sitegen.article_path(n), sitegen.realistic_article_html(origin, n, DAY).encode())
        for n in range(1, sample + 1)
    ]
    truths = ["\n\n".join(sitegen.article_body(n, 12)) for n in range(1, sample + 1)]
    result: dict[str, Any] = {"sample": sample}
    runs = timed({"project": project_extract, "trafilatura": trafilatura_extract}, pages)
    for name, (timings, outputs) in runs.items():
        f1s = [precision_recall_f1(out, truth)[2] for out, truth in zip(outputs, truths, strict=True)]
        timings.sort()
        key = "extract" if name == "project" else "trafilatura"
        result[f"{key}_ms_median"] = round(statistics.median(timings), 2)
        result[f"{key}_ms_p95"] = round(timings[int(len(timings) * 0.95)], 2)
        result[f"f1_{name}"] = round(statistics.mean(f1s), 4)
        result[f"exact_{name}"] = round(
            sum(out.split() == truth.split() for out, truth in zip(outputs, truths, strict=True)) / sample, 4
        )
        result[f"clutter_{name}"] = sum(
            out.count(fragment) for out in outputs for fragment in sitegen.CLUTTER_FRAGMENTS
        )
    result["speedup_vs_trafilatura"] = round(result["trafilatura_ms_median"] / result["extract_ms_median"], 1)
    return result


def store_throughput(rows: int, folder: Path) -> dict[str, Any]:
    """Articles upserted per second with full-text indexing; then what a new version of an edited article
    costs on disk (every tenth article gets a changed paragraph)."""
    path = folder / "store.db"
    db = open_database(path)
    batch = 100  # SQLITE_BATCH_SIZE
    body = "\n\n".join(sitegen.article_body(1, 12))  # ~4 KB of Hindi
    started = time.perf_counter()
    for first in range(0, rows, batch):
        upsert_articles(db, [store_row(n, body) for n in range(first, min(first + batch, rows))], [])
    seconds = time.perf_counter() - started
    db.execute("vacuum")
    before = path.stat().st_size
    edited_body = body.replace("अहम फैसले", "कई अहम और बड़े फैसले", 1)
    edited = list(range(0, rows, 10))
    for first in range(0, len(edited), batch):
        upsert_articles(db, [store_row(n, edited_body) for n in edited[first : first + batch]], [])
    db.execute("vacuum")
    versions_bytes = path.stat().st_size - before
    db.close()
    return {
        "store_rows": rows,
        "store_rows_per_s": round(rows / seconds),
        "version_body_bytes": len(body.encode()),
        "bytes_per_new_version": round(versions_bytes / len(edited)),
    }


def store_row(n: int, body: str) -> dict[str, Any]:
    return {"url": f"https://www.abplive.com/news/india/s-{n}", "site": "abplive-hi", "language": "hi",
            "title": f"खबर {n}", "body": body, "published_at": "2026-11-25T10:00:00+05:30",
            "published_date": "2026-11-25", "crawled_at": "2026-11-25T11:00:00+00:00",
            "content_hash": content_hash(f"खबर {n}", None, body)}  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--pages", default="2000,20000", help="crawl sizes, comma-separated (first is headline)"
    )
    parser.add_argument("--rounds", type=int, default=5, help="bare/full crawl pairs per size (median)")
    parser.add_argument("--sample", type=int, default=300, help="pages for the extraction comparison")
    parser.add_argument("--store-rows", type=int, default=20000)
    args = parser.parse_args()
    sizes = [int(n) for n in args.pages.split(",")]
    with tempfile.TemporaryDirectory() as tmp:
        crawls = [crawl_throughput(n, Path(tmp), args.rounds) for n in sizes]
        captures = capture_and_replay(sizes[0], Path(tmp), max(args.rounds // 2, 1) + 1)
        extraction = extraction_and_quality(min(args.sample, sizes[0]))
        store = store_throughput(args.store_rows, Path(tmp))
    result = {
        "pages": sizes[0],
        "crawl_ratio": crawls[0]["crawl_ratio"],
        "rss_mb_full": max(c["rss_mb_full"] for c in crawls),
        **{k: v for k, v in extraction.items()},
        **store,
        "crawls": crawls,
        "captures": captures,
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "processor": platform.machine(),
        },
    }
    for crawl in crawls:
        print(
            f"crawl {crawl['pages']:>6} pages: "
            f"bare {crawl['bare_pages_per_s']:>7} p/s {crawl['rss_mb_bare']:>6} MB | "
            f"full {crawl['full_pages_per_s']:>7} p/s {crawl['rss_mb_full']:>6} MB "
            f"(rounds {crawl['rss_mb_full_rounds']}) | "
            f"ratio {crawl['crawl_ratio']} (median of {crawl['crawl_ratios']})"
        )
    print(
        f"captures at {captures['pages']} pages: crawl {captures['plain_pages_per_s']} -> "
        f"{captures['capture_pages_per_s']} p/s with WARC capture (ratio {captures['capture_ratio']}, rounds "
        f"{captures['capture_ratios']}); {captures['warc_bytes_per_article']} bytes of WARC per article; "
        f"replay {captures['replay_pages_per_s']} p/s = {captures['replay_vs_live']}x the live crawl "
        f"({captures['replay_stored']} stored)"
    )
    print(
        f"extract+clean ms median/p95: project {result['extract_ms_median']}/{result['extract_ms_p95']}, "
        f"trafilatura {result['trafilatura_ms_median']}/{result['trafilatura_ms_p95']} "
        f"-> {result['speedup_vs_trafilatura']}x faster"
    )
    print(
        f"quality F1 / exact / clutter: project {result['f1_project']} / {result['exact_project']} / "
        f"{result['clutter_project']}, "
        f"trafilatura {result['f1_trafilatura']} / {result['exact_trafilatura']} / "
        f"{result['clutter_trafilatura']}"
    )
    print(
        f"store: {result['store_rows_per_s']} articles/s upserted with FTS triggers; a new version of an "
        f"edited article: {result['bytes_per_new_version']} bytes (its body: {result['version_body_bytes']})"
    )
    out = REPO / "bench" / "results" / "latest.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
