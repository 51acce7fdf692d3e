"""The archive's history end to end on the local site: edits, takedowns, conditional revisits."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from playwright.sync_api import sync_playwright

from crawler.cli.serve import archive_datasette
from crawler.components.browser import CHROMIUM_ARGS, INSTALL_HINT, find_chromium
from crawler.storage.article_texts import JOIN
from tests.crawlrun import REPO, run_crawl
from tests.hostile import redirect, respond
from tests.localsite import LocalSite
from tests.test_datasette_browser import ARTIFACTS, free_port, start_serve

SONIA = "/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123"
DELHI = "/news/delhi-ncr/delhi-pollution-aqi-severe-1398700"
KOHLI = "/sports/cricket/virat-kohli-century-india-beat-australia-1398555"


def query(db: Path, sql: str, *params: object) -> list[tuple]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    db = tmp_path_factory.mktemp("history") / "a.db"
    with LocalSite() as site:
        args = ("-a", f"base_url={site.origin}", "-a", "sections=news/india", "-a", "since=2026-11-20",
                "-s", f"SQLITE_PATH={db}")  # fmt: skip
        first = run_crawl(*args)
        # The site edits one article without touching its sitemap lastmod, takes one down and redirects one
        # to a listing; a refetch of everything sees all three.
        edited = site.response_for(SONIA)[1].decode().replace("पत्र की कॉपी", "संशोधित पत्र की कॉपी")
        site.serve(SONIA, edited)
        site.behaviours[DELHI] = respond(404, b"not here")
        site.behaviours[KOHLI] = redirect(f"{site.origin}/news/india")
        refetch = run_crawl(*args, "-a", "refresh=1")
        unchanged = run_crawl(*args, "-a", "refresh=1", "-s", "CRAWL_ID=unchanged")

        # A later run revisits the edited article (its 1-hour point passed since its last fetch, as the
        # crawled_at set back says): asked with its ETag, unchanged, it answers 304.
        query(db, "update articles set crawled_at = published_at where url = ?", site.origin + SONIA)
        site.requests.clear()
        revisit = run_crawl(*args, "-s", "CRAWL_ID=revisit")
        yield SimpleNamespace(
            db=db, origin=site.origin, runs=(first, refetch, unchanged, revisit),
            revisit_requests=list(site.requests), not_modified=list(site.not_modified),
        )  # fmt: skip


def test_the_runs_succeed(history) -> None:
    for run in history.runs:
        assert run.returncode == 0, run.stderr[-2000:]


def test_an_edited_article_keeps_both_versions_and_shows_the_latest(history) -> None:
    url = history.origin + SONIA
    versions = query(
        history.db, "select version, body, diff from article_versions where url = ? order by 1", url
    )
    assert [v[0] for v in versions] == [1, 2]
    assert "संशोधित" not in versions[0][1] and "संशोधित" in versions[1][1]
    assert "{+संशोधित+}" in versions[1][2]
    assert query(history.db, "select version_count from articles where url = ?", url) == [(2,)]
    assert "संशोधित" in query(history.db, f"select body from {JOIN} where url = ?", url)[0][0]


def test_an_unchanged_refetch_adds_no_version(history) -> None:
    counts = query(history.db, "select url, count(*) from article_versions group by url")
    assert counts == [(history.origin + SONIA, 2)]  # only the edited one has versions beside its row
    assert query(history.db, "select count(*) from articles where version_count = 1") == [(2,)]
    assert "'abplive/articles/unchanged': 1" in history.runs[2].stderr  # only Sonia is left to refetch


@pytest.mark.parametrize("path", [DELHI, KOHLI], ids=["404", "redirected to a listing"])
def test_a_takedown_marks_the_article_removed_and_keeps_it(history, path: str) -> None:
    [(removed_at, body)] = query(
        history.db, f"select removed_at, body from {JOIN} where url = ?", history.origin + path
    )
    assert removed_at and body
    events = query(history.db, "select event from article_events where url = ?", history.origin + path)
    assert events == [("removed",)]


def test_a_revisit_is_conditional_and_an_unchanged_page_costs_a_304(history) -> None:
    assert history.revisit_requests.count(SONIA) == 1
    assert SONIA in history.not_modified
    assert "'abplive/revisits/not_modified': 1" in history.runs[3].stderr
    crawled_at, published_at = query(
        history.db, "select crawled_at, published_at from articles where url = ?", history.origin + SONIA
    )[0]
    assert crawled_at > published_at  # the revisit is recorded…
    assert query(
        history.db, "select count(*) from article_versions where url = ?", history.origin + SONIA
    ) == [(2,)]


def datasette_json(db: Path, path: str) -> list[dict]:
    datasette = archive_datasette(db)

    async def fetch() -> list[dict]:
        response = await datasette.client.get(f"/{db.stem}/{path}")
        assert response.status_code == 200, response.text[:500]
        return response.json()

    return asyncio.run(fetch())


def test_datasette_lists_edited_and_removed_articles(history) -> None:
    [edited] = datasette_json(history.db, "edited_articles.json?_shape=array")
    assert edited["url"] == history.origin + SONIA and edited["version"] == 2
    assert "{+संशोधित+}" in edited["diff"] and edited["words_added"] == 1
    removed = datasette_json(history.db, "removed_articles.json?_shape=array")
    assert {row["url"] for row in removed} == {history.origin + DELHI, history.origin + KOHLI}
    facets = datasette_json(history.db, "articles.json?_facet=edited&_facet=removed&_size=0")["facet_results"]
    assert {v["value"]: v["count"] for v in facets["removed"]["results"]} == {1: 2, 0: 1}


def test_the_edited_articles_page_shows_a_readable_diff_in_the_browser(history) -> None:
    chromium = find_chromium()
    assert chromium, f"no Chromium for the browser test: {INSTALL_HINT}"
    server = start_serve(history.db, port := free_port())
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=list(CHROMIUM_ARGS))
            page = browser.new_page()
            page.goto(f"http://127.0.0.1:{port}/{history.db.stem}/edited_articles")
            ARTIFACTS.mkdir(exist_ok=True)
            page.screenshot(path=str(ARTIFACTS / "datasette-edited-articles.png"), full_page=True)
            text = page.inner_text("body")
            page.goto(f"http://127.0.0.1:{port}/{history.db.stem}/removed_articles")
            removed_text = page.inner_text("body")
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert "Edited articles" in text and "{+संशोधित+}" in text and "सोनिया गांधी" in text
    assert "Removed articles" in removed_text and "2 rows" in removed_text


def test_the_export_writes_every_article_with_its_versions(history, tmp_path: Path) -> None:
    out = tmp_path / "archive.jsonl"
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli.export", str(history.db), "--out", str(out)],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    articles = {a["url"]: a for a in map(json.loads, out.read_text(encoding="utf-8").splitlines())}
    assert len(articles) == 3
    sonia = articles[history.origin + SONIA]
    assert [v["version"] for v in sonia["versions"]] == [1, 2] and sonia["body"] == sonia["versions"][1][
        "body"
    ]
    assert [e["event"] for e in articles[history.origin + DELHI]["events"]] == ["removed"]
    assert isinstance(sonia["tags"], list)
