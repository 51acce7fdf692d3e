"""A person's view: Datasette in headless Chromium, a Hindi query typed into the search box."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright

from crawler.browser import CHROMIUM_ARGS, INSTALL_HINT, find_chromium
from tests.crawlrun import REPO
from tests.test_datasette import SONIA, archive  # noqa: F401 - the module-scoped crawl fixture

ARTIFACTS = REPO / "tests" / "artifacts"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def served(archive):  # noqa: F811
    db, origin = archive
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "crawler.serve", str(db), "--port", str(port)],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            assert server.poll() is None, server.stderr.read().decode()
            assert time.monotonic() < deadline, "datasette did not start in 30 s"
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/{Path(db).stem}", origin
    server.terminate()
    server.wait(timeout=10)


def test_hindi_search_from_the_search_box(served) -> None:
    base, origin = served
    chromium = find_chromium()
    assert chromium, f"no Chromium for the browser test: {INSTALL_HINT}"
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
        page = browser.new_page()
        page.goto(f"{base}/articles")
        assert "One row per article, keyed by its canonical URL" in page.inner_text("body")
        page.fill("input[name=_search]", "कांग्रेस")
        page.press("input[name=_search]", "Enter")
        page.wait_for_load_state("load")
        page.screenshot(path=str(ARTIFACTS / "datasette-search.png"), full_page=True)
        text = page.inner_text("body")
        browser.close()
    assert "_search=" in page.url
    assert "सोनिया गांधी का कांग्रेस नेताओं को संदेश" in text
    assert "1 row where search matches" in text
    assert "विराट कोहली का शतक" not in text  # shares the letters of the word, not the word
    assert (origin + SONIA) in text
