"""The Parquet export against pyarrow writing the same rows, read with plain SQL, into the same shards.

On archives of every shape ``bench.archive`` builds (``--shapes``; 1,000,000 articles each by default: the
network's eight sites in many small site-months, one Hindi site in 72 large ones, four sites between; each
built first where missing, ``/tmp/archive-<shape>.db``, the network's being ``make bench-archive``'s
``/tmp/archive-bench.db``), or on one archive (``--db``): the baseline reads every live article with its
text in one ordered query and writes each site's month to its shard with pyarrow (zstd, the same row
groups), nothing else; the project's export (``python -m crawler.cli.export --format parquet``) does that and
finds the duplicates and checks the languages. Both as whole processes, each into a new folder; the ratio of
their rates, the export's peak memory (all its processes together) and how many cores it kept busy (its CPU
time over its wall time) are printed, a shape a line. Run: ``python -m bench.export``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.archive import SHAPES, build

REPO = Path(__file__).resolve().parent.parent
BASELINE = """
import sqlite3, sys
from pathlib import Path
import pyarrow as pa, pyarrow.parquet as pq
db, out = sys.argv[1], Path(sys.argv[2])
conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
columns = ("url", "site", "language", "kind", "title", "summary", "body", "author", "section", "tags",
           "published_at", "modified_at", "first_seen_at", "version_count", "word_count", "content_hash",
           "source", "capture_id")
query = conn.execute(
    "select articles.url, site, language, kind, articles.title, t.summary, t.body, author, section, tags, "
    "published_at, modified_at, first_seen_at, version_count, word_count, content_hash, source, capture_id, "
    "coalesce(substr(published_at, 1, 7), substr(first_seen_at, 1, 7), '1970-01') "
    "from articles left join article_texts t on t.id = articles.rowid where removed = 0 "
    "order by site, newest_first"
)
state = {"writer": None, "path": None, "group": None}
batch, rows = [], 0

def flush():
    if batch:
        table = pa.Table.from_pylist(batch)
        if state["writer"] is None:
            state["writer"] = pq.ParquetWriter(state["path"], table.schema, compression="zstd")
        state["writer"].write_table(table, row_group_size=10_000)
        batch.clear()

while chunk := query.fetchmany(10_000):
    for row in chunk:
        if (row[1], row[-1]) != state["group"]:
            flush()
            if state["writer"] is not None:
                state["writer"].close()
            folder = out / "data" / row[2]
            folder.mkdir(parents=True, exist_ok=True)
            state.update(writer=None, group=(row[1], row[-1]), path=folder / f"{row[1]}-{row[-1]}-0.parquet")
        batch.append(dict(zip(columns, row[:-1])))
        rows += 1
        if len(batch) == 10_000:
            flush()
flush()
if state["writer"] is not None:
    state["writer"].close()
print(rows)
"""


@dataclass
class Run:
    """A whole process as measured: wall seconds, the peak memory (MB) of its largest process, what it
    printed, the peak of the memory of the process and all its workers together (MB: their proportional set
    sizes summed, sampled every 0.2 s, so shared pages are counted once), and its CPU seconds and its
    workers'."""

    seconds: float
    peak_mb: int
    printed: str
    peak_all_mb: int
    cpu_seconds: float


def whole_process(command: list[str]) -> Run:
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as printed:
        process = subprocess.Popen(
            ["/usr/bin/time", "-f", "%M %U %S", *command], cwd=REPO, stdout=printed, stderr=printed, text=True
        )
        peak_total = 0
        while process.poll() is None:
            peak_total = max(peak_total, _tree_pss_kb(process.pid))
            time.sleep(0.2)
        seconds = time.perf_counter() - started
        printed.seek(0)
        output = printed.read()
    if process.returncode != 0:
        raise SystemExit(f"{command[:4]} failed: {output[-2000:]}")
    peak_kb, user, system = output.strip().splitlines()[-1].split()
    return Run(seconds, int(peak_kb) // 1024, output, peak_total // 1024, float(user) + float(system))


def _tree_pss_kb(root: int) -> int:
    """The proportional set size (kB) of ``root`` and every process below it, from /proc."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(stat.parent.name)] = int(fields[1])
    tree, grew = {root}, True
    while grew:
        below = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= below
        grew = bool(below)
    total = 0
    for pid in tree:
        try:
            rollup = Path(f"/proc/{pid}/smaps_rollup").read_text()
        except OSError:
            continue
        total += sum(int(line.split()[1]) for line in rollup.splitlines() if line.startswith("Pss:"))
    return total


def measure(db: Path, folder: Path) -> dict[str, Any]:
    """The baseline and the export (then an unchanged second export) on the archive at ``db``."""
    result: dict[str, Any] = {"db": str(db)}
    baseline_out = Path(tempfile.mkdtemp(dir=folder))
    export_out = Path(tempfile.mkdtemp(dir=folder))
    try:
        baseline = whole_process([sys.executable, "-c", BASELINE, str(db), str(baseline_out)])
        rows = int(baseline.printed.split()[0])
        result["rows"] = rows
        result["baseline"] = {
            "seconds": round(baseline.seconds), "rows_s": round(rows / baseline.seconds),
            "peak_mb": baseline.peak_mb,
        }  # fmt: skip
        print(f"  baseline: {rows:,} rows in {baseline.seconds:.0f} s", flush=True)
        command = [sys.executable, "-m", "crawler.cli.export", str(db), "--format", "parquet", "--out",
                   str(export_out)]  # fmt: skip
        run = whole_process(command)
        result["export"] = {
            "seconds": round(run.seconds), "rows_s": round(rows / run.seconds), "peak_mb": run.peak_mb,
            "peak_all_processes_mb": run.peak_all_mb, "cores_busy": round(run.cpu_seconds / run.seconds, 2),
            "said": run.printed.strip().splitlines()[-2][:300],
        }  # fmt: skip
        result["export_against_baseline"] = round(baseline.seconds / run.seconds, 2)
        result["second_export_unchanged_s"] = round(whole_process(command).seconds)
    finally:
        shutil.rmtree(baseline_out, ignore_errors=True)
        shutil.rmtree(export_out, ignore_errors=True)
    return result


def archive_of(shape: str) -> Path:
    return Path("/tmp/archive-bench.db") if shape == "network" else Path(f"/tmp/archive-{shape}.db")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="one archive, measured as it is (no shapes)")
    parser.add_argument("--shapes", default=",".join(SHAPES), help=f"of {', '.join(SHAPES)}")
    parser.add_argument(
        "--rows", type=int, default=1_000_000, help="articles of a shape's archive built here"
    )
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()), help="made if missing")
    args = parser.parse_args()
    args.folder.mkdir(parents=True, exist_ok=True)
    if args.db is not None:
        if not args.db.is_file():
            parser.error(f"{args.db} does not exist: build the bench archive first (make bench-archive)")
        archives = {args.db.stem: args.db}
    else:
        shapes = args.shapes.split(",")
        unknown = [shape for shape in shapes if shape not in SHAPES]
        if unknown:
            parser.error(f"no shape {', '.join(unknown)}: the shapes are {', '.join(SHAPES)}")
        archives = {shape: archive_of(shape) for shape in shapes}
    results: dict[str, Any] = {}
    for shape, db in archives.items():
        if not db.is_file():
            print(f"building {args.rows:,} articles of the {shape} shape into {db} …", flush=True)
            build(db, args.rows, SHAPES[shape])
        print(f"{shape}: {db}", flush=True)
        results[shape] = measure(db, args.folder)
    print(json.dumps(results, indent=2))
    print(f"{'shape':<12} {'rows':>10} {'baseline':>9} {'export':>8} {'ratio':>6} {'all MB':>7} {'cores':>6}")
    for shape, result in results.items():
        export, baseline = result["export"], result["baseline"]["seconds"]
        print(
            f"{shape:<12} {result['rows']:>10,} {baseline:>8} s {export['seconds']:>6} s "
            f"{result['export_against_baseline']:>6} {export['peak_all_processes_mb']:>7} "
            f"{export['cores_busy']:>6}"
        )
    out = REPO / "bench" / "results" / "export.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
