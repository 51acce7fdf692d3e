"""The cron entry point and crash safety: one run at a time, honest exit status, nothing lost on signals."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest

from crawler.cli.cron import prune_logs
from crawler.reporting.summary import ALREADY_RUNNING, OK, RUN_FAILED, STARTUP_FAILED, judge
from tests.clock import PINNED
from tests.crawlrun import REPO, stored_articles
from tests.localsite import LocalSite
from tests.processes import alive, children

DAY = date(2026, 11, 25)
ARTICLES = 40
# The synthetic daily sitemap replaces the copy's own; the home page still links two real articles.
STORED = ARTICLES + 2


def crawl_args(site: LocalSite) -> list[str]:
    return [
        "-a", f"base_url={site.origin}", "-a", "since=2026-11-20", "-s", "AUTOTHROTTLE_ENABLED=False", *PINNED
    ]  # fmt: skip


def start_cron(
    db: Path, logs: Path, site: LocalSite, *extra: str, options: tuple[str, ...] = ()
) -> subprocess.Popen[str]:
    command = [sys.executable, "-m", "crawler.cli.cron", "--db", str(db), "--logs", str(logs), *options, "--"]
    return subprocess.Popen(
        [*command, *crawl_args(site), *extra],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def start_scrapy(db: Path, site: LocalSite, *extra: str) -> subprocess.Popen[str]:
    command = [
        sys.executable,
        "-m",
        "scrapy",
        "crawl",
        "abplive",
        *crawl_args(site),
        "-s",
        f"SQLITE_PATH={db}",
    ]
    return subprocess.Popen(
        [*command, *extra], cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )


def wait_for_requests(site: LocalSite, paths: list[str], count: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while sum(site.requests.count(p) for p in paths) < count:
        assert time.monotonic() < deadline, f"fewer than {count} article requests after {timeout} s"
        time.sleep(0.05)


def crawls(db: Path) -> list[dict]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return [dict(row) for row in conn.execute("select * from crawls order by started_at")]


SITE_COUNTS = {"articles_new": 2, "articles_updated": 1, "articles_dropped": 0, "fetch_failures": 3}
DRIFTED = SITE_COUNTS | {"drift_alarm": 1}


def crawl_row(**overrides) -> dict:
    row = {
        "finish_reason": "finished",
        "pages_fetched": 12,
        "articles_new": 3,
        "articles_updated": 0,
        "articles_unchanged": 0,
        "articles_dropped": 1,
        "skipped_known": 0,
        "errors": 0,
        "stats": json.dumps({"abplive/sitemaps/parsed": 2, "abplive/sitemaps/article_urls": 5}),
    }
    return {**row, **overrides}


@pytest.mark.parametrize(
    ("returncode", "row", "status", "message"),
    [
        (0, crawl_row(), OK, "12 pages fetched, 3 new"),
        (0, crawl_row(articles_new=0, skipped_known=5), OK, "5 already known"),
        (1, None, STARTUP_FAILED, "did not start (exit status 1)"),
        (0, None, STARTUP_FAILED, "did not start"),
        (0, crawl_row(finish_reason="shutdown"), RUN_FAILED, "ended early (shutdown)"),
        (0, crawl_row(errors=2), RUN_FAILED, "errors were logged"),
        (0, crawl_row(pages_fetched=0), RUN_FAILED, "nothing could be fetched"),
        (0, crawl_row(stats=json.dumps({"abplive/sitemaps/parsed": 3})), RUN_FAILED, "listed no article"),
        (0, crawl_row(drift_alarm=1), RUN_FAILED, "the site layout may have changed"),
        (
            0,
            crawl_row(drift_alarm=1, sites=json.dumps({"abplive-hi": SITE_COUNTS, "abplive-mr": DRIFTED})),
            RUN_FAILED,
            "may have changed on abplive-mr (see the log; run make canary SITES=abplive-mr)",
        ),
        (
            0,
            crawl_row(sites=json.dumps({"abplive-hi": SITE_COUNTS, "abplive-mr": SITE_COUNTS})),
            OK,
            "per site: abplive-hi 2 new/1 updated/0 dropped/3 failed, abplive-mr 2 new",
        ),
    ],
)
def test_judge(returncode: int, row: dict | None, status: int, message: str) -> None:
    verdict = judge(returncode, row)
    assert verdict.status == status
    assert message in verdict.message


def test_prune_logs_keeps_the_newest(tmp_path: Path) -> None:
    for stamp in ("20261101", "20261102", "20261103"):
        (tmp_path / f"crawl-{stamp}T000000Z-abcd.log").write_text("x")
    prune_logs(tmp_path, 2)
    assert sorted(p.name[6:14] for p in tmp_path.iterdir()) == ["20261102", "20261103"]


def test_a_run_with_backup_ends_with_a_verified_copy(tmp_path: Path) -> None:
    db, logs, backups = tmp_path / "a.db", tmp_path / "logs", tmp_path / "backups"
    with LocalSite() as site:
        site.add_synthetic_articles(ARTICLES, DAY, "2026-11-25T10:00:00+05:30")
        cron = start_cron(db, logs, site, options=("--backup", str(backups), "--keep-backups", "1"))
        out, err = cron.communicate(timeout=120)
    assert cron.returncode == OK, err
    [copy] = backups.iterdir()
    assert f"backed up to {copy}" in out
    with sqlite3.connect(copy) as conn:
        assert conn.execute("select count(*) from articles").fetchone()[0] == len(stored_articles(db))


def test_a_second_plain_crawl_of_one_database_ends_at_once_saying_why(tmp_path: Path) -> None:
    """Not only cron: any two crawls (scrapy crawl, Scrapyd jobs) of one database never write at once."""
    db = tmp_path / "a.db"
    with LocalSite(delay=0.2) as site:
        paths = site.add_synthetic_articles(ARTICLES, DAY, "2026-11-25T10:00:00+05:30")
        first = start_scrapy(db, site, "-s", "CONCURRENT_REQUESTS=2")
        wait_for_requests(site, paths, 2)
        second = start_scrapy(tmp_path / "." / "a.db", site)  # another spelling of the same path
        _, second_err = second.communicate(timeout=60)
        still_running = first.poll() is None
        _, first_err = first.communicate(timeout=120)
    assert still_running
    assert first.returncode == 0, first_err[-2000:]
    assert second.returncode == 1
    assert second_err.strip().splitlines()[-1] == (
        f"abplive: another crawl is writing {db.resolve()}; not starting a second one"
    )
    assert len(crawls(db)) == 1


def test_two_runs_at_once_exactly_one_crawls(tmp_path: Path) -> None:
    db, logs = tmp_path / "a.db", tmp_path / "logs"
    with LocalSite(delay=0.05) as site:
        site.add_synthetic_articles(ARTICLES, DAY, "2026-11-25T10:00:00+05:30")
        first = start_cron(db, logs, site)
        wait_for_requests(site, ["/robots.txt"], 1)
        second = start_cron(db, logs, site)
        _, second_err = second.communicate(timeout=60)
        first_out, first_err = first.communicate(timeout=120)
    assert second.returncode == ALREADY_RUNNING
    assert "another crawl is writing" in second_err
    assert first.returncode == OK, first_err
    assert f"{STORED} new" in first_out
    assert len(crawls(db)) == 1
    assert len(list(logs.glob("crawl-*.log"))) == 1


def test_sigterm_through_cron_stores_every_scraped_item(tmp_path: Path) -> None:
    db, logs = tmp_path / "a.db", tmp_path / "logs"
    with LocalSite(delay=0.2) as site:
        paths = site.add_synthetic_articles(ARTICLES, DAY, "2026-11-25T10:00:00+05:30")
        # A batch larger than the crawl: nothing is written before the spider closes.
        cron = start_cron(db, logs, site, "-s", "SQLITE_BATCH_SIZE=1000", "-s", "CONCURRENT_REQUESTS=2")
        wait_for_requests(site, paths, 6)
        cron.send_signal(signal.SIGTERM)
        _, err = cron.communicate(timeout=120)
    assert cron.returncode == RUN_FAILED
    assert "ended early (shutdown)" in err
    [run] = crawls(db)
    assert run["finish_reason"] == "shutdown"
    scraped = json.loads(run["stats"])["item_scraped_count"]
    assert 0 < scraped < ARTICLES
    assert len(stored_articles(db)) == scraped
    # Captures are on under cron: the run's WARC file, beside the database, closed by the graceful stop.
    warcs = list((tmp_path / "warc").iterdir())
    assert warcs and all(path.name.endswith(".warc.gz") for path in warcs)


def test_sigkill_leaves_a_sound_database_and_the_next_run_completes(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with LocalSite(delay=0.1) as site:
        paths = site.add_synthetic_articles(ARTICLES, DAY, "2026-11-25T10:00:00+05:30")
        crawl = start_scrapy(db, site, "-s", "SQLITE_BATCH_SIZE=3", "-s", "CONCURRENT_REQUESTS=2")
        wait_for_requests(site, paths, 15)
        os.kill(crawl.pid, signal.SIGKILL)
        crawl.wait(timeout=30)
        with sqlite3.connect(db) as conn:
            assert conn.execute("pragma integrity_check").fetchone()[0] == "ok"
        stored_after_kill = len(stored_articles(db))
        assert [run["finish_reason"] for run in crawls(db)] == ["running"]  # the record of a killed run

        rerun = start_scrapy(db, site)
        _, err = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, err[-2000:]
    assert 0 < stored_after_kill < ARTICLES
    assert len(stored_articles(db)) == STORED


def test_jobdir_resumes_a_stopped_crawl_without_fetching_twice(tmp_path: Path) -> None:
    db, jobdir = tmp_path / "a.db", tmp_path / "job"
    with LocalSite(delay=0.1) as site:
        paths = site.add_synthetic_articles(ARTICLES, DAY, "2026-11-25T10:00:00+05:30")
        args = ("-s", f"JOBDIR={jobdir}", "-s", "CONCURRENT_REQUESTS=2")
        first = start_scrapy(db, site, *args)
        wait_for_requests(site, paths, 8)
        first.send_signal(signal.SIGTERM)
        first.communicate(timeout=120)
        resumed = start_scrapy(db, site, *args)
        _, err = resumed.communicate(timeout=120)
    assert resumed.returncode == 0, err[-2000:]
    assert "Resuming crawl" in err
    assert site.requests.count("/news-25-11-2026.xml") == 1  # the queue was resumed, not rebuilt
    assert all(site.requests.count(p) == 1 for p in paths)
    assert len(stored_articles(db)) == STORED


def test_the_lock_outlives_a_killed_wrapper_and_every_spelling_of_the_path(tmp_path: Path) -> None:
    """``kill -9`` of the wrapper leaves its crawl running: that crawl still holds the lock. A symlink to the
    database is the same database, and the same lock."""
    db, logs = tmp_path / "a.db", tmp_path / "logs"
    (tmp_path / "alias.db").symlink_to(db)
    with LocalSite(delay=0.3) as site:  # a crawl of ~6 s: still running when the wrapper is killed
        paths = site.add_synthetic_articles(ARTICLES, DAY, "2026-11-25T10:00:00+05:30")
        wrapper = start_cron(db, logs, site, "-s", "CONCURRENT_REQUESTS=2")
        wait_for_requests(site, paths, 4)
        [crawl] = children(wrapper.pid)
        try:
            through_alias = start_cron(tmp_path / "alias.db", logs, site)
            _, alias_err = through_alias.communicate(timeout=60)
            os.kill(wrapper.pid, signal.SIGKILL)
            wrapper.wait(timeout=30)  # not communicate(): the orphaned crawl keeps the wrapper's pipes open
            assert alive(crawl), "the crawl was expected to outlive its wrapper"
            second = start_cron(db, logs, site)
            _, second_err = second.communicate(timeout=60)
        finally:  # the orphaned crawl is this test's to stop
            if alive(crawl):
                os.kill(crawl, signal.SIGKILL)
    assert through_alias.returncode == ALREADY_RUNNING, alias_err
    assert second.returncode == ALREADY_RUNNING, second_err
    assert "another crawl is writing" in second_err
