"""Rendering with real Chromium, offline: opt-in, only where needed, nothing started by default."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tests.crawlrun import REPO, crawl_command, run_crawl, stored_articles
from tests.localsite import LocalSite
from tests.processes import descendants

INJECTED = "/news/india/script-injected-body-story-1500001"
EXPANDER = "/news/india/read-full-article-expander-story-1500002"
NEVER_FETCHED_BY_THE_BROWSER = [
    "/static/lead.jpg",
    "/static/injected.jpg",
    "/static/rest.jpg",
    "/static/font.woff2",
    "/ads/ad.js",  # a third-party script: another host
]


def crawl_watching_processes(site: LocalSite, db: Path, render: str) -> SimpleNamespace:
    """Run a crawl of the render-test listing, sampling the processes it starts until it exits."""
    start = len(site.requests)
    command = crawl_command(
        "-a", f"base_url={site.origin}", "-a", "sections=news/render-test", "-a", "pages=1",
        "-a", "since=2026-11-20", "-a", f"render={render}", "-s", f"SQLITE_PATH={db}",
    )  # fmt: skip
    process = subprocess.Popen(
        command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    started: set[str] = set()
    while process.poll() is None:
        started |= descendants(process.pid)
        time.sleep(0.02)
    stderr = process.stderr.read() if process.stderr else ""
    assert process.returncode == 0, stderr[-3000:]
    return SimpleNamespace(
        started=started, stderr=stderr, requests=site.requests[start:], articles=stored_articles(db)
    )


@pytest.fixture(scope="module")
def crawls(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    folder = tmp_path_factory.mktemp("render")
    with LocalSite() as site:
        none = crawl_watching_processes(site, folder / "none.db", "none")
        auto = crawl_watching_processes(site, folder / "auto.db", "auto")
    return SimpleNamespace(origin=site.origin, none=none, auto=auto)


def test_without_rendering_the_injected_body_is_missing(crawls) -> None:
    assert crawls.origin + INJECTED not in crawls.none.articles
    assert "Dropped: no_body: " + crawls.origin + INJECTED in crawls.none.stderr
    partial = crawls.none.articles[crawls.origin + EXPANDER]["body"]
    assert partial == "शुरुआती पैरा: खबर का पहला हिस्सा सर्वर से आता है."


def test_auto_rendering_stores_full_clean_bodies(crawls) -> None:
    injected = crawls.auto.articles[crawls.origin + INJECTED]["body"]
    assert injected == (
        "पहला पैरा: यह पाठ पेज लोड होने के बाद स्क्रिप्ट से जोड़ा गया.\n\nदूसरा पैरा: ब्राउज़र के बिना यह खबर खाली दिखती है."
    )
    expanded = crawls.auto.articles[crawls.origin + EXPANDER]["body"]
    assert expanded == (
        "शुरुआती पैरा: खबर का पहला हिस्सा सर्वर से आता है.\n\n"
        "बाकी पैरा: बटन दबाने पर यह हिस्सा दूसरे पते से लोड होता है.\n\n"
        "आखिरी पैरा: अब पूरी खबर दिखती है."
    )
    assert "'abplive/render/pages'" in crawls.auto.stderr
    assert "abplive/render/failed" not in crawls.auto.stderr


def test_auto_renders_only_pages_that_need_it(crawls) -> None:
    # The three pages whose plain HTML lacks a body or hides it behind an expander; the rest stay plain.
    assert "'abplive/render/retried': 3" in crawls.auto.stderr
    assert "'abplive/render/pages': 3" in crawls.auto.stderr


def test_no_browser_or_driver_without_rendering(crawls) -> None:
    assert not {name for name in crawls.none.started if name.startswith(("node", "chrom", "headless"))}
    assert "playwright/" not in crawls.none.stderr
    # The same sampling does see them when rendering is on: the check above can fail.
    assert any(name.startswith(("node", "chrom", "headless")) for name in crawls.auto.started)


def test_rendering_blocks_images_fonts_and_third_party_scripts(crawls) -> None:
    assert "/fragments/expander-story-rest" in crawls.auto.requests  # the browser really ran the page
    for path in NEVER_FETCHED_BY_THE_BROWSER:
        assert path not in crawls.auto.requests, path


def test_render_all_renders_without_a_plain_fetch_first(tmp_path: Path) -> None:
    with LocalSite() as site:
        result = run_crawl(
            "-a", f"url={site.origin}{INJECTED}", "-a", "render=all", "-s", f"SQLITE_PATH={tmp_path}/a.db"
        )
        requests = list(site.requests)
    assert result.returncode == 0, result.stderr[-2000:]
    assert requests.count(INJECTED) == 1
    assert "'abplive/render/pages': 1" in result.stderr
    assert "दूसरा पैरा" in stored_articles(tmp_path / "a.db")[site.origin + INJECTED]["body"]


def test_missing_browser_is_a_one_line_startup_error(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "CHROMIUM_PATH": str(tmp_path / "no-chromium"),
        "PLAYWRIGHT_BROWSERS_PATH": str(tmp_path),
    }
    result = run_crawl("-a", "render=auto", "-s", f"SQLITE_PATH={tmp_path}/a.db", env=env)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("abplive: -a render=auto: rendering needs Chromium and none was found")
    assert "apt-get install chromium" in last
    assert "Traceback" not in result.stderr
