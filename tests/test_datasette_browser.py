"""A person's view: Datasette in headless Chromium, a Hindi query typed into the search box."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

from crawler.components.browser import CHROMIUM_ARGS, INSTALL_HINT, find_chromium
from tests.crawlrun import REPO
from tests.processes import descendants
from tests.test_datasette import SONIA, archive  # noqa: F401 - the module-scoped crawl fixture

ARTIFACTS = REPO / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_serve(db: Path, port: int, tmp: Path | None = None) -> subprocess.Popen[bytes]:
    """``python -m crawler.cli.serve`` on ``port``, returned once Datasette answers there."""
    env = {**os.environ, "TMPDIR": str(tmp)} if tmp else None
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.cli.serve", str(db), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        env=env,
    )
    deadline = time.monotonic() + 30
    while not answers(port):
        assert server.poll() is None, server.stderr.read().decode()
        assert time.monotonic() < deadline, "datasette did not start in 30 s"
        time.sleep(0.2)
    return server


def answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


@pytest.fixture(scope="module")
def served(archive):  # noqa: F811
    db, origin = archive
    server = start_serve(db, port := free_port())
    yield f"http://127.0.0.1:{port}/{Path(db).stem}", origin
    server.terminate()
    server.wait(timeout=10)


def test_stopping_the_launcher_stops_datasette_and_removes_its_metadata_file(archive, tmp_path) -> None:  # noqa: F811
    db, _ = archive
    server = start_serve(db, port := free_port(), tmp_path)
    [metadata] = tmp_path.iterdir()
    assert metadata.name.startswith("datasette-metadata-")
    assert descendants(server.pid), "the launcher runs Datasette as its child"
    server.send_signal(signal.SIGTERM)
    assert server.wait(timeout=10) == 0
    deadline = time.monotonic() + 10
    while answers(port) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not answers(port), "Datasette still serves after its launcher was stopped"
    assert list(tmp_path.iterdir()) == []


@contextlib.contextmanager
def chromium_page() -> Iterator[Page]:
    """A page in the installed Chromium (headless), 1200 × 900; screenshots go to ``ARTIFACTS``."""
    chromium = find_chromium()
    assert chromium, f"no Chromium for the browser test: {INSTALL_HINT}"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        try:
            yield browser.new_page(viewport={"width": 1200, "height": 900})
        finally:
            browser.close()


def test_hindi_search_from_the_search_box(served) -> None:
    base, origin = served
    with chromium_page() as page:
        page.goto(f"{base}/articles")
        assert "One row per article, keyed by its canonical URL" in page.inner_text("body")
        page.fill("input[name=_search]", "कांग्रेस")
        page.press("input[name=_search]", "Enter")
        page.wait_for_load_state("load")
        page.screenshot(path=str(ARTIFACTS / "datasette-search.png"), full_page=True)
        text = page.inner_text("body")
    assert "_search=" in page.url
    assert "सोनिया गांधी का कांग्रेस नेताओं को संदेश" in text
    assert "1 row where search matches" in text
    assert "विराट कोहली का शतक" not in text  # shares the letters of the word, not the word
    assert (origin + SONIA) in text


def test_the_launcher_turns_off_facet_suggestions_and_shows_every_day(served) -> None:
    """They cost a query per column on every table page (1.9 of 2.1 s at 20,000 articles)."""
    base, _ = served
    root = base.rsplit("/", 1)[0]
    with urllib.request.urlopen(f"{root}/-/settings.json", timeout=10) as response:
        settings = json.loads(response.read())
    assert settings["suggest_facets"] is False
    assert settings["max_returned_rows"] >= 6 * 366  # articles per day: every day of years of archive
    with urllib.request.urlopen(f"{base}/articles.json", timeout=10) as response:
        assert json.loads(response.read())["suggested_facets"] == []


def test_a_reader_searches_from_the_front_page_reads_the_article_and_sees_the_trend(served) -> None:
    """The reading pages as a person meets them, each screenshot kept in tests/artifacts/ for a look."""
    base, origin = served
    with chromium_page() as page:
        page.goto(base)
        page.screenshot(path=str(ARTIFACTS / "reading-front-page.png"))
        # The first screen: the search box and the newest headlines, not a data dictionary.
        assert page.locator("form.archive-search input[name=q]").is_visible()
        first_headline = page.locator("ol.headlines a.headline").first
        assert first_headline.is_visible() and first_headline.bounding_box()["y"] < 900
        assert (
            first_headline.inner_text() == "सोनिया गांधी का कांग्रेस नेताओं को संदेश, पार्टी की आवाज को अपनी आवाज बनाएं"
        )
        page.fill("form.archive-search input[name=q]", "कांग्रेस")
        page.press("form.archive-search input[name=q]", "Enter")
        page.wait_for_load_state("load")
        page.screenshot(path=str(ARTIFACTS / "reading-search.png"))
        marks = page.locator("ol.results mark").all_inner_texts()
        assert marks and set(marks) == {"कांग्रेस"}  # the whole word, highlighted
        assert not page.locator("details.raw-query").get_attribute("open")  # the SQL waits behind a toggle
        page.locator("ol.results a.headline").first.click()
        page.wait_for_load_state("load")
        page.screenshot(path=str(ARTIFACTS / "reading-article.png"), full_page=True)
        article = page.locator("article.archived-article")
        assert "सोनिया गांधी का कांग्रेस नेताओं को संदेश" in article.locator("h1").inner_text()
        body = article.locator("div.body p").all_inner_texts()
        assert len(body) >= 3 and all(paragraph.strip() for paragraph in body)
        assert article.locator("a", has_text="Original page").get_attribute("href") == origin + SONIA
        page.goto(f"{base}/-/trends?days=30")
        page.screenshot(path=str(ARTIFACTS / "reading-trends.png"))
        legend = page.locator("figure.trend-chart").inner_text()
        lines = page.locator("figure.trend-chart svg polyline").count()
        # Any canned query's site parameter is a choice of the eight sites, by brand and language.
        page.goto(f"{base}/latest_articles?site=abplive-mr")
        choice = page.locator("form select[name=site]")
        options, chosen = choice.locator("option").count(), choice.input_value()
    assert lines == 2 and "ABP News (Hindi): 3" in legend and "ABP Majha (Marathi): 1" in legend  # every site
    assert options == 9 and chosen == "abplive-mr"
