"""The backfill at scale: CC-NEWS-like files read on datatrove's executors (local with two workers, a
local Ray), one writer, the same rows as a replay of the same files; resumable after SIGKILL; a missing
file named."""

from __future__ import annotations

import gzip
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from crawler.backfill.files import warc_inputs
from crawler.backfill.ingest import INGESTED
from crawler.backfill.pipeline import ScanWarcFiles, executor
from crawler.backfill.shards import LOGS
from crawler.storage.article_texts import ARTICLES_WITH_TEXT
from tests.ccnews import write_ccnews
from tests.crawlrun import REPO, run_crawl

FILES = 4


@pytest.fixture(scope="module")
def warcs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ccnews")
    for n in range(FILES):
        write_ccnews(folder / f"CC-NEWS-2025030{n + 1}100000-0000{n}.warc.gz", 120, 0.1, seed=n + 1)
    return folder


@pytest.fixture(scope="module")
def replayed(warcs: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """What ``scrapy crawl abplive -a warc=`` stores of the same files."""
    db = tmp_path_factory.mktemp("replay") / "replay.db"
    result = run_crawl("-a", f"warc={warcs}", "-a", "site=all", "-s", f"SQLITE_PATH={db}")
    assert result.returncode == 0, result.stderr[-3000:]
    return archive(db)


def archive(db: Path) -> dict[str, Any]:
    """Every article with its text, its versions, the captures indexed."""
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return {
            "articles": {row["url"]: dict(row) for row in conn.execute(ARTICLES_WITH_TEXT)},
            "versions": sorted(tuple(row) for row in conn.execute("select * from article_versions")),
            "captures": sorted(tuple(row) for row in conn.execute("select * from captures")),
        }


def backfill(*args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "crawler.cli.backfill", *args], cwd=REPO, capture_output=True, text=True,
        timeout=timeout,
    )  # fmt: skip


def test_two_local_workers_store_what_a_replay_stores(warcs: Path, replayed: dict, tmp_path: Path) -> None:
    db = tmp_path / "b.db"
    result = backfill(str(warcs), "--db", str(db), "--site", "all", "--workers", "2")
    assert result.returncode == 0, result.stderr[-3000:]
    stored = archive(db)
    assert stored["articles"].keys() == replayed["articles"].keys() and len(stored["articles"]) > 20
    for url, row in stored["articles"].items():
        assert row == replayed["articles"][url], url
    assert stored["versions"] == replayed["versions"] and stored["captures"] == replayed["captures"]
    assert f"backfill: {FILES} files," in result.stdout
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from backfill_files where error is null").fetchone()[0] == FILES
    # The same files again, in a new work folder: already stored, nothing is read.
    again = backfill(str(warcs), "--db", str(db), "--site", "all", "--work-dir", str(tmp_path / "second"))
    assert again.returncode == 0 and "every file is stored already" in again.stdout


def test_a_local_ray_stores_what_a_replay_stores(warcs: Path, replayed: dict, tmp_path: Path) -> None:
    db = tmp_path / "ray.db"
    env = {key: value for key, value in os.environ.items() if key != "RAY_ADDRESS"}
    env |= {"RAY_DISABLE_USAGE_STATS": "1", "RAY_USAGE_STATS_ENABLED": "0"}
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli.backfill", str(warcs), "--db", str(db), "--site", "all",
         "--executor", "ray", "--workers", "2"],
        cwd=REPO, capture_output=True, text=True, timeout=600, env=env,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    stored = archive(db)
    assert stored["articles"] == replayed["articles"] and stored["captures"] == replayed["captures"]


def test_a_run_killed_with_sigkill_resumes_without_duplicates_or_redone_tasks(tmp_path: Path) -> None:
    """Killed once the first file is stored, with the next being read (files big enough to take a while)."""
    warcs = tmp_path / "big"
    warcs.mkdir()
    for n in range(FILES):
        write_ccnews(warcs / f"CC-NEWS-2025030{n + 1}100000-0000{n}.warc.gz", 700, 0.05, seed=n + 1)
    whole = tmp_path / "whole.db"
    assert backfill(str(warcs), "--db", str(whole), "--site", "all").returncode == 0
    db, work = tmp_path / "k.db", tmp_path / "work"
    command = [sys.executable, "-m", "crawler.cli.backfill", str(warcs), "--db", str(db), "--site", "all",
               "--workers", "1", "--work-dir", str(work)]  # fmt: skip
    process = subprocess.Popen(
        command, cwd=REPO, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 120
        while not (work / INGESTED / "00000.jsonl.gz").exists() and time.monotonic() < deadline:
            time.sleep(0.05)
    finally:
        os.killpg(process.pid, signal.SIGKILL)  # the driver and every task it started
        process.wait()
    finished_before = {path.name: path.stat().st_mtime_ns for path in (work / "shards").glob("*.jsonl.gz")}
    assert 1 <= len(finished_before) < FILES
    result = backfill(*command[3:])
    assert result.returncode == 0, result.stderr[-3000:]
    assert archive(db) == archive(whole) and archive(db)["versions"] == []
    after = {path.name: path.stat().st_mtime_ns for path in (work / "shards").glob("*.jsonl.gz")}
    assert all(after[name] == when for name, when in finished_before.items())  # no finished task redone
    assert len(after) == FILES


def test_a_listing_with_a_missing_file_stores_the_rest_and_names_it(warcs: Path, tmp_path: Path) -> None:
    listing = tmp_path / "warc.paths.gz"
    names = [*sorted(path.name for path in warcs.iterdir())[:2], "CC-NEWS-20250309100000-00009.warc.gz"]
    listing.write_bytes(gzip.compress("\n".join(names).encode()))
    db = tmp_path / "m.db"
    result = backfill(str(listing), "--prefix", str(warcs), "--db", str(db), "--site", "all")
    assert result.returncode == 1
    [line] = [line for line in result.stderr.splitlines() if line.startswith("backfill: could not read")]
    assert "CC-NEWS-20250309100000-00009.warc.gz" in line and "No such file" in line
    with sqlite3.connect(db) as conn:
        files = dict(conn.execute("select file, error from backfill_files").fetchall())
        assert conn.execute("select count(*) from articles").fetchone()[0] > 5
    assert [error is None for error in files.values()].count(True) == 2


def test_a_file_cut_in_the_middle_is_read_again_once_mended_and_new_paths_join_the_job(
    warcs: Path, tmp_path: Path
) -> None:
    """A .warc.gz cut in the middle: what it held before the cut is stored, its error recorded, exit 1. Put
    back whole under the same name, the next run stores all of it and clears the error; a file new in the
    folder, and one named alone, are read though the work folder exists; a run with nothing left says so."""
    folder, db = tmp_path / "in", tmp_path / "c.db"
    folder.mkdir()
    first, second, third = sorted(warcs.iterdir())[:3]
    whole = first.read_bytes()
    (folder / first.name).write_bytes(whole[: len(whole) // 2])
    cut = backfill(str(folder), "--db", str(db), "--site", "all")
    assert cut.returncode == 1 and f"backfill: could not read {folder / first.name}" in cut.stderr

    def stored() -> tuple[int, dict[str, Any]]:
        with sqlite3.connect(db) as conn:
            articles = conn.execute("select count(*) from articles").fetchone()[0]
            return articles, dict(conn.execute("select file, error from backfill_files").fetchall())

    partly, files = stored()
    assert partly > 0 and files[str(folder / first.name)] is not None
    (folder / first.name).write_bytes(whole)
    (folder / second.name).write_bytes(second.read_bytes())  # a new file in the folder
    mended = backfill(str(folder), "--db", str(db), "--site", "all")
    assert mended.returncode == 0, mended.stderr[-2000:]
    assert mended.stdout.strip().startswith("backfill: 2 files,")
    articles, files = stored()
    assert files == {str(folder / first.name): None, str(folder / second.name): None}
    alone = backfill(str(third), "--db", str(db), "--site", "all")  # a file named alone
    assert alone.returncode == 0 and alone.stdout.strip().startswith("backfill: 1 file,")
    assert stored()[0] > articles > partly and str(third) in stored()[1]
    again = backfill(str(folder), str(third), "--db", str(db), "--site", "all")
    with sqlite3.connect(db) as conn:
        total = conn.execute("select sum(articles) from backfill_files").fetchone()[0]
    assert again.returncode == 0
    assert again.stdout == f"backfill: every file is stored already: 3 files, {total:,} articles\n"
    whole_db = tmp_path / "whole.db"
    assert (
        backfill(str(first), str(second), str(third), "--db", str(whole_db), "--site", "all").returncode == 0
    )
    assert archive(db)["articles"].keys() == archive(whole_db)["articles"].keys()


def test_another_application_s_database_is_refused_in_one_line_untouched(warcs: Path, tmp_path: Path) -> None:
    db = tmp_path / "app.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table users (id integer primary key, name text)")
    before = db.read_bytes()
    result = backfill(str(warcs), "--db", str(db), "--site", "all")
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert result.stderr.startswith(f"backfill: {db} is not an abplive-crawler archive (its tables: users)")
    assert db.read_bytes() == before and not (tmp_path / "app.db.backfill").exists()


def test_a_bad_argument_is_one_line_and_nothing_starts(warcs: Path, tmp_path: Path) -> None:
    result = backfill(str(warcs), "--db", str(tmp_path / "x.db"), "--kinds", "podcast")
    assert result.returncode == 2 and result.stderr.strip().startswith("backfill: -a kinds=podcast")


def test_inputs_are_files_folders_and_listings_in_date_order(warcs: Path, tmp_path: Path) -> None:
    (tmp_path / "warc.paths").write_text("CC-NEWS-20250101000000-00002.warc.gz\ns3://bucket/x.warc.gz\n")
    found = warc_inputs([str(warcs), str(tmp_path / "warc.paths")], prefix="https://data.example.org/cc")
    assert found[0] == "https://data.example.org/cc/CC-NEWS-20250101000000-00002.warc.gz"
    assert found[1:-1] == sorted(str(path) for path in warcs.iterdir())
    assert found[-1] == "s3://bucket/x.warc.gz"  # no date in its name: last


def test_the_slurm_executor_submits_one_array_task_a_file(
    warcs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """No Slurm here: the job script it would hand sbatch is checked."""
    submitted: list[str] = []

    def sbatch(script: str, retriever: Any, *args: str) -> str:
        submitted.append(script)
        return str(len(submitted))

    monkeypatch.setattr("datatrove.executor.slurm.launch_slurm_job", sbatch)
    files = sorted(str(path) for path in warcs.iterdir())
    step = ScanWarcFiles(files, {"site": "all"}, __import__("datetime").date(2026, 12, 1), str(tmp_path))
    engine = executor("slurm", step, 2, tmp_path, {"partition": "news", "time": "02:00:00"})
    engine.run()
    script = (tmp_path / LOGS / "launch_script.slurm").read_text()
    assert submitted[0] == script
    assert f"#SBATCH --array=0-{FILES - 1}%2" in script and "#SBATCH --partition=news" in script
    assert "#SBATCH --time=02:00:00" in script and "launch_pickled_pipeline" in script


def test_machines_without_a_scheduler_share_the_work_folder_and_one_ingests(
    warcs: Path, replayed: dict, tmp_path: Path
) -> None:
    db, work = tmp_path / "s.db", tmp_path / "shared"
    common = (str(warcs), "--db", str(db), "--site", "all", "--work-dir", str(work))
    for first, count in ((0, 3), (3, FILES - 3)):  # two machines, each its own tasks
        machine = backfill(
            *common, "--stage", "scan", "--local-rank-offset", str(first), "--local-tasks", str(count)
        )
        assert machine.returncode == 0, machine.stderr[-2000:]
    assert not db.exists() or archive(db)["articles"] == {}
    writer = backfill(*common, "--stage", "ingest")
    assert writer.returncode == 0, writer.stderr[-2000:]
    assert archive(db)["articles"] == replayed["articles"]
