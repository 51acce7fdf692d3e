"""The archive's reading pages: their pure helpers, and the pages as Datasette serves them."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest

from crawler.cli.serve import archive_datasette
from crawler.reading.text import highlight, paragraphs, tag_list
from crawler.reading.trends import days_ending, per_day_svg
from crawler.storage.articles import upsert_articles
from crawler.storage.schema import open_database
from tests.test_datasette import SONIA, archive  # noqa: F401 - the module-scoped crawl fixture


def test_a_passage_is_escaped_and_only_its_match_is_marked() -> None:
    html = str(highlight("…<script>alert(1)</script> «कांग्रेस» नेता…"))
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "<mark>कांग्रेस</mark> नेता" in html


def test_paragraphs_and_tags() -> None:
    assert paragraphs("पहला पैरा.\n\nदूसरा पैरा.\n\n") == ["पहला पैरा.", "दूसरा पैरा."]
    assert paragraphs(None) == []
    assert tag_list('["राज्य", "ABP"]') == ["राज्य", "ABP"]
    assert tag_list("not json") == [] and tag_list('{"a": 1}') == [] and tag_list(None) == []


def test_the_chart_has_a_line_and_a_total_per_series() -> None:
    days = days_ending(date(2026, 11, 25), 3)
    assert days == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]
    svg = str(per_day_svg({"abplive-hi": {"2026-11-25": 4}, "<b>": {"2026-11-24": 1}}, days, "a <title>"))
    assert svg.count("<polyline") == 2
    assert "abplive-hi: 4" in svg and "&lt;b&gt;: 1" in svg and "<title>a &lt;title&gt;</title>" in svg
    assert "2026-11-23" in svg and "2026-11-25" in svg


def page(db: Path, path: str) -> str:
    async def fetch() -> str:
        datasette = archive_datasette(db)
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text[:500]
        return response.text

    return asyncio.run(fetch())


def test_the_front_page_puts_search_and_newest_headlines_first(archive) -> None:  # noqa: F811
    db, _ = archive
    html = page(db, f"/{db.stem}")
    search, newest, dictionary = (
        html.index(marker) for marker in ("archive-search", "Newest articles", "<details")
    )
    assert search < newest < dictionary
    assert "सोनिया गांधी का कांग्रेस नेताओं को संदेश" in html[newest:dictionary]
    assert "राज्य सरकारची शेतकऱ्यांसाठी नवी योजना" in html[newest:dictionary]  # every site's newest


def test_a_search_result_links_to_the_stored_article_which_reads_as_paragraphs(archive) -> None:  # noqa: F811
    db, origin = archive
    html = page(db, f"/{db.stem}/search?q={quote('कांग्रेस')}")
    assert "<mark>कांग्रेस</mark>" in html
    link = html.split('class="headline" href="', 1)[1].split('"', 1)[0]
    assert link.startswith(f"/{db.stem}/articles/")
    article = page(db, link)
    assert "<h1>सोनिया गांधी का कांग्रेस नेताओं को संदेश, पार्टी की आवाज को अपनी आवाज बनाएं</h1>" in article
    assert article.count("<p>") >= 3 and f'href="{origin}{SONIA}"' in article  # the original page
    assert "The raw row" in article


def test_an_empty_search_page_is_a_form_not_an_error(archive) -> None:  # noqa: F811
    db, _ = archive
    assert "Search the archive" in page(db, f"/{db.stem}/search")


def test_the_trends_page_charts_every_site_and_a_search_term(archive) -> None:  # noqa: F811
    db, _ = archive
    html = page(db, f"/{db.stem}/-/trends?days=30")
    assert "abplive-hi: 5" not in html  # the two old articles are outside the last 30 days
    assert "abplive-hi: 3" in html and "abplive-mr: 1" in html
    term = page(db, f"/{db.stem}/-/trends?q={quote('कांग्रेस')}")
    assert "abplive-hi: 1" in term and "abplive-mr:" not in term
    # A stray quote is no FTS syntax error: the word is charted; a spelling variant charts the same articles.
    stray_quote = quote('"कांग्रेस')
    unbalanced = page(db, f"/{db.stem}/-/trends?q={stray_quote}")
    assert "cannot chart" not in unbalanced and "abplive-hi: 1" in unbalanced


@pytest.fixture(scope="module")
def common_word_archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """10,050 articles with one word, the 50 stored first saying it most (bm25's best matches)."""
    db_path = tmp_path_factory.mktemp("common") / "common.db"
    db = open_database(db_path)
    rows = [
        {
            "url": f"https://www.abplive.com/news/india/story-{n}",
            "site": "abplive-hi",
            "language": "hi",
            "title": f"खबर {n}",
            "body": "सरकार " * 5 if n < 50 else f"राज्य सरकार ने योजना {n} शुरू की, कहा मंत्री ने.",
            "content_hash": str(n),
        }
        for n in range(10_050)
    ]
    for first in range(0, len(rows), 1_000):
        upsert_articles(db, rows[first : first + 1_000], [])
    db.close()
    return db_path


def test_a_common_word_is_ranked_among_its_newest_matches_and_says_so(common_word_archive: Path) -> None:
    html = page(common_word_archive, f"/common/search?q={quote('सरकार')}")
    assert "100+ articles, best match first among the 10,000 most recently stored of 10,050 matching" in html
    shown = {int(number) for number in re.findall(r"story-(\d+)", html)}
    # The 50 oldest, however well they match, are outside the window.
    assert len(shown) == 100 and min(shown) >= 50
