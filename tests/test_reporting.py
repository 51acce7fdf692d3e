"""What a person sees: a crawl's closing summary, one line when no site answered, progress on long work."""

from __future__ import annotations

import io
import json
import os
import pty
import re
import socket
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from crawler import stats as keys
from crawler.reporting.progress import Progress
from crawler.reporting.summary import RUN_FAILED, closing_summary, unreachable
from tests.clock import TODAY
from tests.crawlrun import REPO, crawl_command, run_crawl
from tests.localsite import LocalSite


def free_port() -> int:
    """A port on 127.0.0.1 that nothing listens on: a connection to it is refused."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.mark.parametrize(
    ("origin", "why"),
    [
        (f"http://127.0.0.1:{free_port()}", "127.0.0.1 refused or dropped the connection"),
        ("http://abplive-copy.invalid", "DNS lookup failed for abplive-copy.invalid"),
    ],
    ids=["refused", "no-dns"],
)
def test_a_crawl_that_reaches_no_site_says_why_in_one_line_and_exits_1(
    tmp_path: Path, origin: str, why: str
) -> None:
    result = run_crawl(
        "-a", f"base_url={origin}", "-s", f"SQLITE_PATH={tmp_path / 'a.db'}", "-s", "RETRY_TIMES=0"
    )
    assert result.returncode == RUN_FAILED
    assert result.stderr.rstrip().splitlines()[-1] == (
        f"abplive: no site answered: {why} — no network? `make demo` crawls the local copies"
    )
    assert "Traceback" not in result.stderr


def test_the_traceback_of_a_network_failure_stays_in_the_debug_log(tmp_path: Path) -> None:
    result = run_crawl(
        "-a", f"base_url=http://127.0.0.1:{free_port()}", "-s", f"SQLITE_PATH={tmp_path / 'a.db'}",
        "-s", "RETRY_TIMES=0", "-s", "LOG_LEVEL=DEBUG",
    )  # fmt: skip
    assert "traceback of: Error downloading" in result.stderr and "Traceback" in result.stderr


def test_the_closing_summary_counts_what_the_database_holds(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with LocalSite() as site:
        args = ("-a", f"base_url={site.origin}", "-a", "since=2026-11-20", "-s", f"SQLITE_PATH={db}")
        first = run_crawl(*args)
        second = run_crawl(*args, "-a", "refresh=1")
    with sqlite3.connect(db) as conn:
        stored = conn.execute("select count(*) from articles where site = 'abplive-hi'").fetchone()[0]
    assert stored > 0
    for run, counts in (
        (first, f"{stored} new, 0 updated, 0 unchanged"),
        (second, f"0 new, 0 updated, {stored} unchanged"),
    ):
        lines = run.stderr.rstrip().splitlines()
        site_line = next(line for line in lines if line.startswith("  abplive-hi  "))
        assert site_line.startswith(f"  abplive-hi  {counts}, 0 removed"), run.stderr[-2000:]
        assert lines[-1] == f"  archive: {db} — browse it with `make serve DB={db}`"
    assert first.returncode == 0


def crawl_row(stats: dict, **columns) -> dict:
    return {
        "stats": json.dumps(stats), "sites": json.dumps(columns.pop("sites", {})),
        "finish_reason": "finished",
        "pages_fetched": stats.get("response_received_count", 0), "articles_new": 0, "articles_updated": 0,
        "articles_unchanged": 0, "articles_dropped": 0, "skipped_known": 0, "errors": 0, **columns,
    }  # fmt: skip


def test_unreachable_names_every_host_and_its_reason_but_not_when_anything_answered() -> None:
    failures = {
        keys.FIRST_FAILURE + "www.abplive.com": "dns",
        keys.FIRST_FAILURE + "news.abplive.com": "timeout",
    }
    assert unreachable(failures) == (
        "no site answered: news.abplive.com did not answer in time; DNS lookup failed for www.abplive.com"
        " — no network? `make demo` crawls the local copies"
    )
    assert unreachable(failures | {"response_received_count": 1}) is None
    assert unreachable({keys.FIRST_FAILURE + "www.abplive.com": "http_503"}) == (
        "no site answered: www.abplive.com answered HTTP 503"
    )


def test_closing_summary_lists_sites_failures_and_the_verdict() -> None:
    site = {
        "articles_new": 3, "articles_updated": 1, "articles_unchanged": 2, "articles_removed": 1,
        "articles_dropped": 0, "fetch_failures": 2,
    }  # fmt: skip
    stats = {
        "response_received_count": 9, keys.FAILED + "timeout": 2, keys.DISCOVERY_FAILED + "http_500": 1,
        keys.SITEMAPS_PARSED: 1, keys.SITEMAP_ARTICLE_URLS: 6,
    }  # fmt: skip
    lines = closing_summary(
        crawl_row(stats, sites={"abplive-mr": site, "abplive-hi": site}, errors=1), "d.db"
    )
    assert lines[0].startswith("abplive: finished with problems: errors were logged: 9 pages fetched")
    assert lines[1:3] == [
        "  abplive-hi  3 new, 1 updated, 2 unchanged, 1 removed, 0 dropped, 2 failed",
        "  abplive-mr  3 new, 1 updated, 2 unchanged, 1 removed, 0 dropped, 2 failed",
    ]
    assert lines[3] == "  pages failed: 1 http_500 (discovery), 2 timeout"
    assert lines[4] == "  archive: d.db — browse it with `make serve DB=d.db`"


def crawl_in_a_terminal(*args: str) -> str:
    """What ``scrapy crawl`` writes to a pseudo-terminal (stdout and stderr both on it), and its exit."""
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        crawl_command(*args), cwd=REPO, stdin=follower, stdout=follower, stderr=follower
    )
    os.close(follower)
    output = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the crawl closed the terminal: it has ended
            break
        if not chunk:
            break
        output += chunk
    process.wait(timeout=120)
    os.close(leader)
    return output.decode("utf-8", errors="replace")


def test_a_backfill_shows_one_refreshed_progress_line_on_a_terminal_and_none_in_a_pipe(
    tmp_path: Path,
) -> None:
    with LocalSite() as site:
        args = (
            "-a",
            f"base_url={site.origin}",
            "-a",
            f"since={TODAY - timedelta(days=6)}",
            "-a",
            f"until={TODAY}",
        )
        terminal = crawl_in_a_terminal(*args, "-s", f"SQLITE_PATH={tmp_path / 'tty.db'}")
        piped = run_crawl(*args, "-s", f"SQLITE_PATH={tmp_path / 'pipe.db'}")
    assert re.search(r"\rbackfill: +\d+%\|", terminal), terminal[-3000:]
    assert "7/7 [" in terminal and "stored=" in terminal
    assert piped.returncode == 0
    assert "\r" not in piped.stderr
    # Not a terminal: a plain log line at the end (and one a minute before it).
    assert re.search(r"\[abplive\] INFO: backfill: 100%\|#+\| 7/7 \[.*stored=\d+", piped.stderr), (
        piped.stderr[-2000:]
    )


def test_progress_off_a_terminal_is_a_plain_line_each_interval_and_one_at_the_end() -> None:
    stream = io.StringIO()
    with Progress("export", 200, "row", stream=stream, interval=0) as progress:
        progress.update(50, shards=1)
        progress.set(200, shards=2)
    lines = stream.getvalue().splitlines()
    assert "\r" not in stream.getvalue()
    assert [line.split("|")[0] for line in lines] == ["export:  25%", "export: 100%", "export: 100%"]
    assert lines[-1].endswith("shards=2]") and "200/200 [" in lines[-1]


def test_a_backup_reports_its_progress(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with LocalSite() as site:
        assert (
            run_crawl(
                "-a", f"base_url={site.origin}", "-a", "since=2026-11-20", "-s", f"SQLITE_PATH={db}"
            ).returncode
            == 0
        )
    made = subprocess.run(
        [sys.executable, "-m", "crawler.cli.backup", str(db), str(tmp_path / "backups")],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert re.search(r"^backup of a\.db: 100%\|#+\| \d+/\d+ ", made.stderr, re.M), made.stderr


def test_a_small_count_is_not_scaled_to_14_0_of_14_0() -> None:
    """unit_scale (for texts copied, bytes replayed) scales what reaches thousands: "14/14", "1.50M/1.50M"."""
    for total, shown in ((14, "14/14 ["), (1_500_000, "1.50M/1.50M [")):
        stream = io.StringIO()
        with Progress(
            "texts copied", total, "article", unit_scale=True, stream=stream, interval=0
        ) as progress:
            progress.set(total)
        assert shown in stream.getvalue().splitlines()[-1]
