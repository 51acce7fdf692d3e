"""Backups that restore: taken while a crawl writes, verified, restored, and crawled on from."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import time
from datetime import date
from pathlib import Path

from crawler.cli.backup import backup, main
from tests.crawlrun import REPO, crawl_command, run_crawl
from tests.localsite import LocalSite

DAY = date(2026, 11, 25)
COUNT = 80


def stored(db: Path) -> int:
    """Synthetic articles stored so far (0 while the crawl is still creating the schema)."""
    try:
        with sqlite3.connect(db) as conn:
            return conn.execute("select count(*) from articles where url like '%synthetic%'").fetchone()[0]
    except sqlite3.OperationalError:  # no such table yet, or the schema being written
        return 0


def test_a_backup_taken_during_a_crawl_restores_and_the_crawl_goes_on_from_it(tmp_path: Path) -> None:
    db, backups = tmp_path / "a.db", tmp_path / "backups"
    with LocalSite(delay=0.05) as site:
        site.add_synthetic_articles(COUNT, DAY, f"{DAY}T10:00:00+05:30")
        args = ("-a", f"base_url={site.origin}", "-a", f"since={DAY}", "-a", f"until={DAY}",
                "-s", "SQLITE_BATCH_SIZE=5", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=2")  # fmt: skip
        crawl = subprocess.Popen(
            crawl_command(*args, "-s", f"SQLITE_PATH={db}"), cwd=REPO, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )  # fmt: skip
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and (not db.exists() or stored(db) < 10):
                time.sleep(0.1)
            made = backup(db, backups, keep=2)
            assert crawl.poll() is None, "the crawl should still be writing during the backup"
        finally:
            crawl.wait(timeout=120)
        assert crawl.returncode == 0
        assert 10 <= made.counts["articles"] < stored(db) + 2  # a moment of the crawl, not its end
        # Restored over a lost database, then crawled on: every article ends up stored, once.
        restored = tmp_path / "restored.db"
        shutil.copyfile(made.path, restored)
        with sqlite3.connect(restored) as conn:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        again = run_crawl(*args, "-s", f"SQLITE_PATH={restored}")
    assert again.returncode == 0, again.stderr[-2000:]
    assert stored(restored) == COUNT


def test_backups_are_kept_to_the_newest_and_said_in_one_line(tmp_path: Path, capsys) -> None:
    db = tmp_path / "a.db"
    with sqlite3.connect(db) as conn:
        conn.execute("create table articles (url text primary key)")
        conn.execute("insert into articles values ('u')")
        conn.execute("create table crawls (id text primary key)")
    (tmp_path / "warc").mkdir()
    (tmp_path / "warc" / "ABPLIVE-1-00001.warc.gz").write_bytes(b"x" * 10)
    for _ in range(3):
        assert main([str(db), str(tmp_path / "b"), "--keep", "2"]) == 0
    kept = sorted(path.name for path in (tmp_path / "b").iterdir())
    assert len(kept) == 2 and all(name.startswith("a-") and name.endswith(".db") for name in kept)
    out = capsys.readouterr().out
    assert "integrity ok; 1 article," in out and "WARC captures to copy with it: 1 file, 10 bytes" in out


def test_a_missing_database_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    assert main([str(tmp_path / "none.db"), str(tmp_path / "b")]) == 1
    assert capsys.readouterr().err == f"backup: no archive at {tmp_path / 'none.db'}\n"
