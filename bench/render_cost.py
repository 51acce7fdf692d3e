"""Benchmark: cost of a rendered article page against a plain fetch, on the same local pages.

    python -m bench.render_cost [--pages 60]

Serves ``--pages`` synthetic articles from the test site on 127.0.0.1, crawls them once with
``-a render=none`` and once with ``-a render=all`` (Chromium), and reports wall time per article page and the
peak memory of the crawl's process tree. Writes ``bench/results/render_cost.json``.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
import time
from datetime import date
from pathlib import Path

from tests.crawlrun import crawl_command, stored_articles
from tests.localsite import LocalSite

REPO = Path(__file__).resolve().parent.parent


def tree_rss_mb(pid: int) -> float:
    """Resident memory of ``pid`` and every process below it, in MB."""
    output = subprocess.run(["ps", "-e", "-o", "pid=,ppid=,rss="], capture_output=True, text=True).stdout
    rows = [tuple(map(int, line.split())) for line in output.splitlines() if line.strip()]
    tree, grew = {pid}, True
    while grew:
        children = {p for p, parent, _ in rows if parent in tree} - tree
        tree |= children
        grew = bool(children)
    return sum(rss for p, _, rss in rows if p in tree) / 1024


def crawl(site: LocalSite, render: str, folder: Path) -> dict[str, float]:
    db = folder / f"{render}.db"
    command = crawl_command(
        "-a", f"base_url={site.origin}", "-a", "since=2026-11-25", "-a", "until=2026-11-25",
        "-a", f"render={render}", "-s", f"SQLITE_PATH={db}", "-s", "LOG_LEVEL=WARNING",
        "-s", "ABPLIVE_RENDER_MAX_PAGES=4",
    )  # fmt: skip
    started = time.perf_counter()
    process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while process.poll() is None:
        peak = max(peak, tree_rss_mb(process.pid))
        time.sleep(0.1)
    elapsed = time.perf_counter() - started
    stored = len(stored_articles(db))
    return {"seconds": round(elapsed, 2), "articles": stored, "peak_rss_mb": round(peak)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=60)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, LocalSite() as site:
        site.add_synthetic_articles(
            args.pages, date(2026, 11, 25), "2026-11-25T10:00:00+05:30", paragraphs=20
        )
        plain = crawl(site, "none", Path(tmp))
        rendered = crawl(site, "all", Path(tmp))
    result = {
        "pages": args.pages,
        "plain": plain,
        "rendered": rendered,
        "plain_ms_per_page": round(1000 * plain["seconds"] / plain["articles"], 1),
        "rendered_ms_per_page": round(1000 * rendered["seconds"] / rendered["articles"], 1),
    }
    result["extra_ms_per_rendered_page"] = round(
        result["rendered_ms_per_page"] - result["plain_ms_per_page"], 1
    )
    print(json.dumps(result, indent=2))
    out = REPO / "bench" / "results" / "render_cost.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
