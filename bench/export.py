"""The Parquet export against pyarrow writing the same rows, read with plain SQL, into the same shards.

On an archive (by default the 1,000,000 articles ``make bench-archive`` builds): the baseline reads every live
article with its text in one ordered query and writes each site's month to its shard with pyarrow (zstd, the
same row groups), nothing else; the project's export (``python -m crawler.cli.export --format parquet``)
does that and finds the duplicates and checks the languages. Both as whole processes, each into a new
folder; the ratio of their rates and the export's peak memory are printed. Run: ``python -m bench.export``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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


def whole_process(command: list[str]) -> tuple[float, int, str, int]:
    """Wall seconds, the peak memory (MB) of its largest process, what it printed, and the peak of the memory
    of the process and all its workers together (MB: their proportional set sizes summed, sampled every
    0.2 s, so shared pages are counted once)."""
    started = time.perf_counter()
    with tempfile.TemporaryFile("w+") as printed:
        process = subprocess.Popen(
            ["/usr/bin/time", "-f", "%M", *command], cwd=REPO, stdout=printed, stderr=printed, text=True
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
    peak_kb = int(output.strip().splitlines()[-1])
    return seconds, peak_kb // 1024, output, peak_total // 1024


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/archive-bench.db"))
    parser.add_argument("--folder", type=Path, default=Path(tempfile.gettempdir()), help="made if missing")
    args = parser.parse_args()
    if not args.db.is_file():
        parser.error(f"{args.db} does not exist: build the bench archive first (make bench-archive)")
    args.folder.mkdir(parents=True, exist_ok=True)
    result: dict[str, object] = {"db": str(args.db)}
    baseline_out = Path(tempfile.mkdtemp(dir=args.folder))
    export_out = Path(tempfile.mkdtemp(dir=args.folder))
    try:
        seconds, peak, printed, _ = whole_process(
            [sys.executable, "-c", BASELINE, str(args.db), str(baseline_out)]
        )
        rows = int(printed.split()[0])
        result["rows"] = rows
        result["baseline"] = {"seconds": round(seconds), "rows_s": round(rows / seconds), "peak_mb": peak}
        print(f"baseline: {rows:,} rows in {seconds:.0f} s", flush=True)
        command = [sys.executable, "-m", "crawler.cli.export", str(args.db), "--format", "parquet", "--out",
                   str(export_out)]  # fmt: skip
        seconds, peak, printed, peak_total = whole_process(command)
        result["export"] = {"seconds": round(seconds), "rows_s": round(rows / seconds), "peak_mb": peak,
                            "peak_all_processes_mb": peak_total,
                            "said": printed.strip().splitlines()[-2][:300]}  # fmt: skip
        result["export_against_baseline"] = round(result["baseline"]["seconds"] / seconds, 2)
        started = time.perf_counter()
        whole_process(command)
        result["second_export_unchanged_s"] = round(time.perf_counter() - started)
    finally:
        shutil.rmtree(baseline_out, ignore_errors=True)
        shutil.rmtree(export_out, ignore_errors=True)
    print(json.dumps(result, indent=2))
    out = REPO / "bench" / "results" / "export.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
