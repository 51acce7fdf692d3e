"""Scrapyd, end to end: a real Scrapyd on 127.0.0.1, the project deployed with scrapyd-deploy from its
scrapy.cfg, a crawl scheduled with spider arguments and settings, a crawl cancelled, the archive read."""

from __future__ import annotations

import configparser
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from tests.clock import PINNED_SETTING
from tests.crawlrun import REPO, stored_articles
from tests.localsite import LocalSite

BIN = Path(sys.executable).parent
PROJECT = "abplive-crawler"
DAY = date(2026, 11, 25)
# What scrapyd-deploy packs: the project as a user checks it out (tracked files, no tests).
PACKED = ("crawler", "spiders", "pipelines", "scrapy.cfg", "pyproject.toml", "README.md")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def api(base: str, path: str, data: list[tuple[str, str]] | None = None) -> dict[str, Any]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    with urllib.request.urlopen(base + path, data=body, timeout=30) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def scrapyd(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    """Scrapyd with a temporary config on a free port, and the project deployed to it."""
    root = tmp_path_factory.mktemp("scrapyd")
    port = free_port()
    config = configparser.ConfigParser()
    config["scrapyd"] = {
        "bind_address": "127.0.0.1", "http_port": str(port), "poll_interval": "0.5", "max_proc": "4",
        "eggs_dir": str(root / "eggs"), "logs_dir": str(root / "logs"), "dbs_dir": str(root / "dbs"),
        "items_dir": "",
    }  # fmt: skip
    with open(root / "scrapyd.conf", "w") as conf:
        config.write(conf)
    server = subprocess.Popen(
        [str(BIN / "scrapyd")], cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                api(base, "/daemonstatus.json")
                break
            except OSError:
                assert time.monotonic() < deadline, "scrapyd did not start"
                time.sleep(0.2)
        # Deployed from a checkout of the project, with scrapy.cfg's target pointed at this Scrapyd:
        # scrapyd-deploy writes setup.py and build/ where it runs, which must not be the repository.
        checkout = root / "checkout"
        checkout.mkdir()
        for name in PACKED:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, checkout / name, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                shutil.copy(source, checkout / name)
        cfg = configparser.ConfigParser()
        cfg.read(checkout / "scrapy.cfg")
        cfg["deploy"]["url"] = base + "/"
        with open(checkout / "scrapy.cfg", "w") as out:
            cfg.write(out)
        deploy = subprocess.run(
            [str(BIN / "scrapyd-deploy")],
            cwd=checkout,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        assert deploy.returncode == 0, deploy.stdout + deploy.stderr
        assert json.loads(deploy.stdout.strip().splitlines()[-1])["status"] == "ok", deploy.stdout
        yield SimpleNamespace(base=base, root=root)
    finally:
        server.terminate()
        server.wait(timeout=30)


def schedule(scrapyd: SimpleNamespace, db: Path, site: LocalSite, *settings: str) -> str:
    data = [
        ("project", PROJECT), ("spider", "abplive"), ("base_url", site.origin), ("since", DAY.isoformat()),
        ("until", DAY.isoformat()), ("setting", f"SQLITE_PATH={db}"),
        ("setting", "AUTOTHROTTLE_ENABLED=False"), ("setting", "SPIDERMON_ENABLED=False"),
        *(("setting", f"{name}={value}") for name, value in PINNED_SETTING.items()),
        *(("setting", setting) for setting in settings),
    ]  # fmt: skip
    answer = api(scrapyd.base, "/schedule.json", data)
    assert answer["status"] == "ok", answer
    return answer["jobid"]


def wait_for(scrapyd: SimpleNamespace, job: str, state: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while True:
        jobs = api(scrapyd.base, f"/listjobs.json?project={PROJECT}")
        if any(entry["id"] == job for entry in jobs[state]):
            return
        assert time.monotonic() < deadline, f"job {job} not {state}: {jobs}"
        time.sleep(0.3)


def crawl_row(db: Path) -> dict[str, Any]:
    with sqlite3.connect(db) as conn:
        conn.row_factory = sqlite3.Row
        return dict(conn.execute("select * from crawls").fetchone())


def test_a_scheduled_crawl_stores_the_articles(scrapyd: SimpleNamespace, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with LocalSite() as site:
        paths = site.add_synthetic_articles(12, DAY, f"{DAY}T10:00:00+05:30")
        job = schedule(scrapyd, db, site)
        wait_for(scrapyd, job, "finished")
    assert {url.removeprefix(site.origin) for url in stored_articles(db)} >= set(paths)
    row = crawl_row(db)
    assert row["finish_reason"] == "finished" and row["articles_new"] >= 12
    assert json.loads(row["arguments"])["_job"] == job


def test_a_cancelled_job_stores_what_it_scraped_and_says_cancelled(
    scrapyd: SimpleNamespace, tmp_path: Path
) -> None:
    db = tmp_path / "a.db"
    with LocalSite(delay=0.3) as site:
        paths = site.add_synthetic_articles(60, DAY, f"{DAY}T10:00:00+05:30")
        # Batches larger than the crawl: nothing reaches the database before the job closes.
        job = schedule(scrapyd, db, site, "CONCURRENT_REQUESTS=2", "SQLITE_BATCH_SIZE=1000")
        wait_for(scrapyd, job, "running")
        deadline = time.monotonic() + 60
        while sum(site.requests.count(path) for path in paths) < 5:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        assert api(scrapyd.base, "/cancel.json", [("project", PROJECT), ("job", job)])["status"] == "ok"
        wait_for(scrapyd, job, "finished")
    row = crawl_row(db)
    assert row["finish_reason"] == "cancelled"
    scraped = json.loads(row["stats"])["item_scraped_count"]
    assert 0 < scraped < 60 and len(stored_articles(db)) == scraped


def test_two_jobs_on_one_database_never_write_at_once(scrapyd: SimpleNamespace, tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    with LocalSite(delay=0.2) as site:
        paths = site.add_synthetic_articles(30, DAY, f"{DAY}T10:00:00+05:30")
        first = schedule(scrapyd, db, site, "CONCURRENT_REQUESTS=2")
        wait_for(scrapyd, first, "running")
        deadline = time.monotonic() + 60
        while sum(site.requests.count(path) for path in paths) < 2:
            assert time.monotonic() < deadline
            time.sleep(0.1)
        second = schedule(scrapyd, db, site)
        wait_for(scrapyd, second, "finished")
        wait_for(scrapyd, first, "finished")
    log = (scrapyd.root / "logs" / PROJECT / "abplive" / f"{second}.log").read_text()
    assert f"another crawl is writing {db.resolve()}; not starting a second one" in log
    with sqlite3.connect(db) as conn:
        assert conn.execute("select count(*) from crawls").fetchone()[0] == 1
