"""Where the crawl's time goes beside the bare spider's: both crawl the same generated pages (``make bench``'s
site), sampled by py-spy (every thread's stack 250 times a second, at a cost the crawl does not feel), and
each sample is counted to the component of the code it was in.

    python -m bench.crawl_profile [--pages 2000] [--keep DIR]    (make bench-crawl-profile)

The reactor's thread, where Scrapy's work is done, is told apart from the others (the store writes its
batches in a worker thread, on the other core). Prints a table in seconds of samples and writes
``bench/results/crawl-profile.json``; ``--keep`` keeps the raw stacks (``bare.txt``, ``full.txt``, py-spy's
collapsed format, for a flame graph).
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import sqlite3
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from bench.run import DAY, NETWORK, REPO, BenchSite, run_measured
from tests import sitegen
from tests.crawlrun import crawl_command

RATE = 250  # samples a second
# Component -> what its code's file path (or a built-in's name) contains; the first that matches wins.
COMPONENTS = (
    ("extraction", ("crawler/extraction/", "crawler/markup/", "crawler/sites/")),
    ("cleaning", ("crawler/cleaning/", "pipelines/clean")),
    ("store", ("crawler/storage/", "pipelines/store", "sqlite_utils/")),
    ("other pipelines", ("pipelines/", "crawler/validation", "itemadapter/")),
    ("discovery and routing", ("crawler/discovery/", "spiders/", "crawler/options", "crawler/clock")),
    ("the project's components", ("crawler/", "bench/bare_spider")),
    ("parsel and lxml", ("parsel/", "lxml/", "cssselect/", "w3lib/")),
    ("Scrapy", ("scrapy/",)),
    ("Twisted and asyncio", ("twisted/", "asyncio/", "selectors")),
)
# A collapsed stack: "thread (0x7f…);function (file:line);… count".
_LINE = re.compile(r"^(?P<stack>.*) (?P<count>\d+)$")
_THREAD = re.compile(r"^thread \((?P<ident>\w+)\)")
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::\d+)?\)$")


def component(stack: list[str]) -> str:
    """The component of the innermost frame of the project's, a library's or Python's own code that names
    one, else "other" (the standard library and the interpreter)."""
    for frame in reversed(stack):
        match = _FRAME.match(frame)
        where = match["file"] if match else frame
        for name, marks in COMPONENTS:
            if any(mark in where for mark in marks):
                return name
    return "other"


def by_component(collapsed: Path) -> dict[str, dict[str, float]]:
    """Seconds of samples per component, for the reactor's thread (Python's main thread) and the others."""
    threads: dict[str, Counter[str]] = {}
    main = None
    for line in collapsed.read_text().splitlines():
        match = _LINE.match(line)
        if not match:
            continue
        thread, *stack = match["stack"].split(";")
        ident = _THREAD.match(thread)["ident"]
        main = ident if thread.endswith(": MainThread") else main
        threads.setdefault(ident, Counter())[component(stack)] += int(match["count"])
    reactor = threads.pop(main, Counter()) if main else Counter()
    rest = sum(threads.values(), Counter())
    return {
        name: {key: round(count / RATE, 2) for key, count in counts.most_common()}
        for name, counts in (("reactor thread", reactor), ("other threads", rest))
    }


def sampled(command: list[str], out: Path, cwd: Path) -> tuple[float, float]:
    """``command`` run under py-spy: its wall seconds and peak RSS (MB, py-spy's own included)."""
    spy = [str(Path(sys.executable).parent / "py-spy"), "record", "--format", "raw", "--threads",
           "--rate", str(RATE), "--nonblocking", "-o", str(out), "--"]  # fmt: skip
    return run_measured([*spy, *command], cwd)


def profile_both(count: int, folder: Path) -> dict[str, Any]:
    with BenchSite(count) as site:
        urls = folder / "urls.txt"
        urls.write_text("\n".join(site.origin + sitegen.article_path(n) for n in range(1, count + 1)))
        spider = str(REPO / "bench" / "bare_spider.py")
        bare = [sys.executable, "-m", "scrapy", "runspider", spider, "-a", f"urls={urls}",
                "-a", f"stats={folder / 'bare.json'}", "-s", "LOG_LEVEL=INFO", *NETWORK]  # fmt: skip
        bare_seconds, _ = sampled(bare, folder / "bare.txt", folder)
        db = folder / "full.db"
        full = crawl_command(
            "-a", f"base_url={site.origin}", "-a", f"since={site.first_day}", "-a", f"until={DAY}",
            "-s", f"SQLITE_PATH={db}", "-s", "CRAWL_ID=bench", "-s", "LOG_LEVEL=INFO", *NETWORK,
        )  # fmt: skip
        full_seconds, _ = sampled(full, folder / "full.txt", REPO)
    bare_stats = json.loads((folder / "bare.json").read_text())
    with sqlite3.connect(db) as conn:
        full_stats = json.loads(conn.execute("select stats from crawls where id = 'bench'").fetchone()[0])
    bare_rate = bare_stats["response_received_count"] / bare_stats["elapsed_time_seconds"]
    full_rate = full_stats["abplive/pages/articles"] / full_stats["elapsed_time_seconds"]
    return {
        "pages": count,
        "ratio": round(full_rate / bare_rate, 3),
        "bare": {"pages_per_s": round(bare_rate, 1), "process_seconds": round(bare_seconds, 1),
                 "crawl_seconds": round(bare_stats["elapsed_time_seconds"], 2),
                 "samples": by_component(folder / "bare.txt")},
        "full": {"pages_per_s": round(full_rate, 1), "process_seconds": round(full_seconds, 1),
                 "crawl_seconds": round(full_stats["elapsed_time_seconds"], 2),
                 "samples": by_component(folder / "full.txt")},
    }  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pages", type=int, default=2000)
    parser.add_argument("--keep", type=Path, help="keep the two runs' stacks (bare.txt, full.txt) here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="crawl-profile-") as folder:
        result = profile_both(args.pages, Path(folder))
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            for name in ("bare.txt", "full.txt"):
                shutil.copy(Path(folder) / name, args.keep / name)
    print(f"{args.pages:,} pages: full/bare {result['ratio']}")
    for name in ("bare", "full"):
        run = result[name]
        print(f"  {name}: {run['pages_per_s']} pages/s, crawl {run['crawl_seconds']} s "
              f"(process {run['process_seconds']} s)")  # fmt: skip
    for thread in ("reactor thread", "other threads"):
        bare, full = (result[run]["samples"][thread] for run in ("bare", "full"))
        print(f"  {thread + ', seconds sampled':34} {'bare':>6} {'full':>6}")
        for name in dict.fromkeys([*full, *bare]):
            print(f"    {name:32} {bare.get(name, 0.0):6.2f} {full.get(name, 0.0):6.2f}")
    out = REPO / "bench" / "results" / "crawl-profile.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
