"""The archive as a dataset: Parquet shards that ``datasets``, DuckDB and pandas load as they are, duplicates
marked (planted ones with small edits found, articles sharing boilerplate kept apart), languages checked, a
card, and an incremental second export."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest

from crawler.export import fingerprints as fingerprints_module
from crawler.export.columns import article_id
from crawler.export.dedup import fingerprints
from crawler.export.fingerprints import STATE_FILE, _kept
from crawler.export.parquet import _write_part
from crawler.export.parquet import export as export_in_process
from crawler.export.source import Group, Part
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database
from tests.crawlrun import REPO, run_crawl
from tests.localsite import LocalSite

WORDS = ("सरकार किसान योजना राज्य मंत्री बैठक फैसला अदालत चुनाव पार्टी नेता शहर पुलिस मामला जांच रिपोर्ट "
         "बारिश मौसम खेत फसल बाजार कीमत लोग सड़क पानी बिजली स्कूल छात्र परीक्षा नतीजे").split()  # fmt: skip
BOILERPLATE = "एबीपी न्यूज़ पर पढ़ें देश दुनिया की ताज़ा खबरें। हमें फॉलो करें। " * 6


def story(seed: int, words: int = 160) -> str:
    rng = random.Random(seed)
    return " ".join(rng.choice(WORDS) + str(rng.randint(0, 40)) for _ in range(words))


def row(url: str, body: str, site: str = "abplive-hi", published: str = "2026-11-20T10:00:00+05:30") -> dict:
    language = {"abplive-hi": "hi", "abplive-en": "en", "abplive-mr": "mr"}[site]
    return {
        "url": url, "site": site, "language": language, "title": f"शीर्षक {url[-6:]}", "body": body,
        "published_at": published, "published_date": published[:10],
        "crawled_at": "2026-11-25T05:00:00+00:00",
        "content_hash": hashlib.sha1(body.encode()).hexdigest(), "word_count": len(body.split()),
        "tags": '["देश"]', "source": "live", "kind": "article",
    }  # fmt: skip


def edited(text: str, changes: int, seed: int) -> str:
    words, rng = text.split(), random.Random(seed)
    for _ in range(changes):
        words[rng.randrange(len(words))] = "बदला"
    return " ".join(words)


URL = "https://www.abplive.com/news/india/story-{}"


@pytest.fixture
def archive(tmp_path: Path) -> Path:
    db_path = tmp_path / "a.db"
    db = open_database(db_path)
    rows = [
        row(URL.format(1), story(1), published="2026-11-20T09:00:00+05:30"),  # the original
        # republished with two words changed
        row(URL.format(2), edited(story(1), 2, 2), published="2026-11-20T11:00:00+05:30"),
        row(URL.format(3), story(1), published="2026-11-21T08:00:00+05:30"),  # an exact copy
        row(URL.format(4), story(4) + " " + BOILERPLATE),  # two different stories sharing boilerplate
        row(URL.format(5), story(5) + " " + BOILERPLATE),
        row(URL.format(6), "The government announced a new scheme for farmers today. " * 8),  # English
        row(URL.format(7), "खबर"),  # a mostly empty body
        row(URL.format(8), story(8), published="2026-10-02T10:00:00+05:30"),  # another month
        row("https://marathi.abplive.com/news/mumbai-10", "मुंबईत आज मोठा पाऊस झाला आणि शाळांना सुट्टी. " * 10,
            site="abplive-mr"),
    ]  # fmt: skip
    upsert_articles(db, rows, [])
    db.close()
    return db_path


def export(db: Path, out: Path, *options: str) -> subprocess.CompletedProcess[str]:
    """The export as a user runs it; in one process unless ``options`` ask for workers (starting them takes
    seconds; one test compares their output with one process's)."""
    workers = () if "--workers" in options else ("--workers", "1")
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli.export", str(db), "--format", "parquet", "--out", str(out),
         *workers, *options],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-3000:]
    return result


def rows_of(out: Path) -> dict[str, dict[str, Any]]:
    table = pq.read_table(out / "data").to_pylist()
    return {row["url"]: row for row in table}


def test_duplicates_are_marked_and_boilerplate_does_not_make_a_duplicate(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "dataset"
    export(archive, out)
    rows = rows_of(out)
    original = article_id(URL.format(1))
    for n in (1, 2, 3):
        assert rows[URL.format(n)]["duplicate_cluster"] == original  # the earliest published represents it
        assert rows[URL.format(n)]["duplicate_cluster_size"] == 3
    for n in (4, 5, 8):
        assert rows[URL.format(n)]["duplicate_cluster_size"] == 1
    assert rows[URL.format(4)]["duplicate_cluster"] == rows[URL.format(4)]["id"]


def test_drop_duplicates_keeps_the_earliest_of_each_cluster(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    export(archive, out, "--drop-duplicates")
    urls = set(rows_of(out))
    assert URL.format(1) in urls and not {URL.format(2), URL.format(3)} & urls and len(urls) == 7


def test_other_languages_are_flagged_not_dropped_short_texts_of_the_site_s_kept(
    archive: Path, tmp_path: Path
) -> None:
    """An English story on the Hindi site is flagged and exported; a title and a one-word body in Hindi are
    Hindi (texts with no letters at all are flagged: tests/test_language.py)."""
    out = tmp_path / "dataset"
    export(archive, out)
    rows = rows_of(out)
    english, short = rows[URL.format(6)], rows[URL.format(7)]
    assert english["language_detected"] == "en" and english["language_mismatch"]
    assert short["language_detected"] == "hi" and not short["language_mismatch"]
    assert rows[URL.format(1)]["language_detected"] == "hi" and not rows[URL.format(1)]["language_mismatch"]
    marathi = rows["https://marathi.abplive.com/news/mumbai-10"]
    assert marathi["language_detected"] == "mr" and not marathi["language_mismatch"]


def test_shards_by_language_site_and_month_with_a_card(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    export(archive, out)
    shards = sorted(str(path.relative_to(out)) for path in (out / "data").rglob("*.parquet"))
    assert shards == [
        "data/hi/abplive-hi-2026-10-0.parquet", "data/hi/abplive-hi-2026-11-0.parquet",
        "data/mr/abplive-mr-2026-11-0.parquet",
    ]  # fmt: skip
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "- config_name: hi" in card and "- config_name: all" in card and "| hi | abplive-hi | 8 |" in card
    metadata = pq.ParquetFile(out / shards[1]).metadata
    assert metadata.row_group(0).column(0).compression == "ZSTD"


def test_a_second_export_writes_only_what_changed(archive: Path, tmp_path: Path) -> None:
    out = tmp_path / "dataset"
    export(archive, out)
    shards = {path: path.stat().st_mtime_ns for path in (out / "data").rglob("*.parquet")}
    db = open_database(archive)
    new = row(URL.format(9), story(9), published="2026-11-22T10:00:00+05:30")
    changed = row(URL.format(4), story(44), published="2026-11-20T10:00:00+05:30") | {
        "crawled_at": "2026-11-26T05:00:00+00:00"
    }
    gone = {
        "url": URL.format(5),
        "reason": "gone",
        "crawled_at": "2026-11-26T06:00:00Z",
        "published_at": None,
    }
    upsert_articles(db, [new, changed], [gone])
    db.close()
    export(archive, out)
    after = {path: path.stat().st_mtime_ns for path in (out / "data").rglob("*.parquet")}
    november = out / "data/hi/abplive-hi-2026-11-0.parquet"
    assert after[november] != shards[november]  # rewritten: a new, an edited and a removed article
    assert all(after[path] == when for path, when in shards.items() if path != november)
    rows = rows_of(out)
    assert URL.format(9) in rows and URL.format(5) not in rows and rows[URL.format(4)]["version_count"] == 2
    tombstones = pq.read_table(out / "tombstones.parquet").to_pylist()
    assert [stone["url"] for stone in tombstones] == [URL.format(5)]
    assert "| hi | abplive-hi | 8 |" in (out / "README.md").read_text(encoding="utf-8")  # 8 - 1 + 1


def test_versions_add_every_earlier_version_as_a_row(archive: Path, tmp_path: Path) -> None:
    db = open_database(archive)
    upsert_articles(db, [row(URL.format(8), story(88), published="2026-10-02T10:00:00+05:30")], [])
    db.close()
    out = tmp_path / "dataset"
    export(archive, out, "--versions")
    rows = pq.read_table(out / "data").to_pylist()
    versions = sorted((row["version"], row["id"]) for row in rows if row["url"] == URL.format(8))
    base = article_id(URL.format(8))
    assert versions == [(1, f"{base}-v1"), (2, base)]


def test_datasets_duckdb_and_pandas_load_a_crawls_export(tmp_path: Path) -> None:
    db, out = tmp_path / "crawl.db", tmp_path / "dataset"
    with LocalSite() as site:
        crawl = run_crawl(
            "-a", f"base_url={site.origin}", "-a", "since=2026-11-20", "-s", f"SQLITE_PATH={db}"
        )
    assert crawl.returncode == 0, crawl.stderr[-2000:]
    export(db, out)
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select count(*) from articles where removed = 0").fetchone()[0]
    code = f"""
import datasets, duckdb, pandas
hindi = datasets.load_dataset({str(out)!r}, "hi", split="train")
everything = datasets.load_dataset({str(out)!r}, "all", split="train")
counted = duckdb.sql("select count(*) from '{out}/data/*/*.parquet'").fetchall()[0][0]
frame = pandas.read_parquet({str(out / "data")!r})
print(hindi.num_rows, everything.num_rows, counted, len(frame), sorted(hindi.features))
"""
    env = os.environ | {
        "HF_HUB_OFFLINE": "1",
        "HF_DATASETS_CACHE": str(tmp_path / "hf"),
        "HF_HOME": str(tmp_path),
    }
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=300
    )
    assert loaded.returncode == 0, loaded.stderr[-3000:]
    hindi, everything, counted, frame, features = loaded.stdout.split(maxsplit=4)
    assert int(hindi) == int(everything) == int(counted) == int(frame) == stored > 0
    assert "'duplicate_cluster'" in features and "'language_detected'" in features


def test_one_process_and_several_write_the_same_export(archive: Path, tmp_path: Path) -> None:
    """Fingerprints and shards made by worker processes are the ones a single process makes."""
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    export(archive, alone, "--workers", "1")
    export(archive, shared, "--workers", "3")
    assert sorted(p.relative_to(alone) for p in alone.rglob("*.parquet")) == sorted(
        p.relative_to(shared) for p in shared.rglob("*.parquet")
    )
    for path in alone.rglob("*.parquet"):
        assert pq.read_table(path).equals(pq.read_table(shared / path.relative_to(alone))), path
    assert (alone / "README.md").read_text() == (shared / "README.md").read_text()


def test_a_bad_worker_count_is_one_line() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli.export", "x.db", "--format", "parquet", "--workers", "0"],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert "--workers: expected a whole number of at least 1, not '0'" in result.stderr
    assert "Traceback" not in result.stderr


def test_signatures_estimate_jaccard_and_do_not_depend_on_the_batch() -> None:
    texts = [story(1), edited(story(1), 2, 2), story(4) + " " + BOILERPLATE, "", "दो शब्द"]
    exact, signatures = fingerprints([text.encode() for text in texts])
    alone = [fingerprints([text.encode()]) for text in texts]
    assert all((signatures[n] == alone[n][1][0]).all() and exact[n] == alone[n][0][0] for n in range(5))

    def shingles(text: str) -> set[tuple[str, ...]]:
        words = text.split()
        return {tuple(words[i : i + 5]) for i in range(len(words) - 4)}

    truth = len(shingles(texts[0]) & shingles(texts[1])) / len(shingles(texts[0]) | shingles(texts[1]))
    assert abs((signatures[0] == signatures[1]).mean() - truth) < 0.15
    assert (signatures[0] == signatures[2]).mean() < 0.2 and exact[0] != exact[1]


@pytest.mark.parametrize("make", ["signature_version", "language_check_version"])
def test_kept_fingerprints_or_language_answers_of_another_make_are_not_used(
    archive: Path, tmp_path: Path, make: str
) -> None:
    out = tmp_path / "dataset"
    export(archive, out)
    state = out / ".state" / STATE_FILE
    assert _kept(state) is not None
    table = pq.read_table(state)
    pq.write_table(table.replace_schema_metadata(table.schema.metadata | {make.encode(): b"1"}), state)
    assert _kept(state) is None


def test_rows_stored_after_the_marks_were_made_are_written_checked(archive: Path, tmp_path: Path) -> None:
    """A row the marks do not hold (a crawl stored it while the export ran) is written as its own cluster,
    its language checked where it is written."""
    conn = sqlite3.connect(archive)
    part = Part(Group("abplive-hi", "2026-11"))
    figures = _write_part(conn, tmp_path, part, "hi", versions=False, drop=False, marks={})
    shard = tmp_path / "data" / "hi" / "abplive-hi-2026-11-0.parquet.partial"
    rows = {row["url"]: row for row in pq.read_table(shard).to_pylist()}
    assert figures["rows"] == len(rows) == 7
    assert rows[URL.format(3)]["duplicate_cluster"] == article_id(URL.format(3))
    assert rows[URL.format(6)]["language_detected"] == "en" and rows[URL.format(6)]["language_mismatch"]
    assert rows[URL.format(1)]["language_detected"] == "hi" and not rows[URL.format(1)]["language_mismatch"]


def test_a_folder_holding_a_user_s_files_is_refused_in_one_line_and_left_as_it_was(
    archive: Path, tmp_path: Path
) -> None:
    out = tmp_path / "mine"
    (out / "data" / "hi").mkdir(parents=True)
    (out / "README.md").write_text("my notes")
    (out / "data" / "hi" / "mine.parquet").write_bytes(b"PAR1 mine")
    before = {path: path.read_bytes() for path in out.rglob("*") if path.is_file()}
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli.export", str(archive), "--format", "parquet", "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    assert result.stderr.startswith(
        f"export: {out} holds files that no export of this crawler wrote (README.md"
    )
    assert {path: path.read_bytes() for path in out.rglob("*") if path.is_file()} == before


def test_in_its_own_folder_the_export_touches_only_its_own_files_and_completes_an_interrupted_run(
    archive: Path, tmp_path: Path
) -> None:
    """A file the user put in the export's folder survives an export made anew (other options); an export
    interrupted before its end (no state saved, a shard half-written) is known as one and completed."""
    out = tmp_path / "dataset"
    export(archive, out)
    shards = sorted(path.relative_to(out) for path in (out / "data").rglob("*.parquet"))
    mine = out / "data" / "hi" / "mine.parquet"
    mine.write_bytes(b"PAR1 mine")
    export(archive, out, "--versions")  # other options: everything written anew
    assert mine.read_bytes() == b"PAR1 mine"
    (out / ".state" / "export.json").unlink()  # as if killed before its end
    half = out / "data" / "hi" / "abplive-hi-2026-11-0.parquet.partial"
    half.write_bytes(b"half")
    export(archive, out)
    assert not half.exists() and mine.read_bytes() == b"PAR1 mine"
    assert sorted(p.relative_to(out) for p in (out / "data").rglob("*.parquet") if p != mine) == shards
    assert "0 site-months written" in export(archive, out).stderr  # and incremental again


def test_the_export_s_workers_die_with_it(tmp_path: Path) -> None:
    """kill -9 of a process whose pool (the one the export's fingerprinting and writing use) has a worker in
    the middle of a long task: the worker is gone within 15 s (without the watch it runs on to its task's
    end, then waits)."""
    script = (
        "import time\n"
        "from crawler.export.workers import worker_pool\n"
        "pool = worker_pool(1)\n"
        "print(pool.submit(__import__('os').getpid).result(), flush=True)\n"
        "pool.submit(time.sleep, 600)\n"
        "time.sleep(600)\n"
    )
    # Both of the export's pools (fingerprinting, writing) are this one.
    for module in ("fingerprints", "parquet"):
        source = (REPO / "crawler" / "export" / f"{module}.py").read_text(encoding="utf-8")
        assert "worker_pool(" in source and "ProcessPoolExecutor(" not in source
    parent = subprocess.Popen([sys.executable, "-c", script], cwd=REPO, stdout=subprocess.PIPE, text=True)
    try:
        assert parent.stdout is not None
        worker = int(parent.stdout.readline())
        time.sleep(1)  # the worker is in its sleep
        assert Path(f"/proc/{worker}").exists()
        os.kill(parent.pid, signal.SIGKILL)
        parent.wait()
        deadline = time.monotonic() + 15
        while Path(f"/proc/{worker}").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = (
            Path(f"/proc/{worker}/status").exists()
            and "zombie" not in Path(f"/proc/{worker}/status").read_text()
        )
        if alive:
            os.kill(worker, signal.SIGKILL)
        assert not alive
    finally:
        parent.kill()


def test_a_large_site_month_is_written_in_parts_as_it_is_whole(
    archive: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With parts of two rows, each part its own shard: the same rows with the same marks as whole groups
    give, an article and its earlier versions in one shard, and again incrementally after an edit."""
    db = open_database(archive)
    upsert_articles(db, [row(URL.format(1), story(11), published="2026-11-20T09:00:00+05:30")], [])
    db.close()
    whole, parted = tmp_path / "whole", tmp_path / "parted"
    export_in_process(archive, whole, versions=True)
    monkeypatch.setattr(fingerprints_module, "PART_ROWS", 2)
    result = export_in_process(archive, parted, versions=True)

    def rows_by_shard(out: Path) -> dict[str, list[dict[str, Any]]]:
        return {
            path.name: pq.read_table(path).to_pylist() for path in sorted((out / "data").rglob("*.parquet"))
        }

    def marked(out: Path) -> set[tuple[Any, ...]]:
        return {
            (row["id"], row["duplicate_cluster"], row["duplicate_cluster_size"], row["language_detected"])
            for rows in rows_by_shard(out).values() for row in rows
        }  # fmt: skip

    assert marked(parted) == marked(whole) and len(marked(whole)) == 10
    shards = rows_by_shard(parted)
    assert "abplive-hi-2026-11-3.parquet" in shards and result.shards == len(shards)
    assert all(len(rows) <= 3 for rows in shards.values())
    with_versions = [rows for rows in shards.values() if any(row["url"] == URL.format(1) for row in rows)]
    assert len(with_versions) == 1 and len(with_versions[0]) >= 2
    db = open_database(archive)
    upsert_articles(db, [row(URL.format(5), story(15))], [])
    db.close()
    export_in_process(archive, whole, versions=True)
    export_in_process(archive, parted, versions=True)
    assert marked(parted) == marked(whole)
