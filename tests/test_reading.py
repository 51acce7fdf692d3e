"""The archive's reading pages: their pure helpers, and the pages as Datasette serves them."""

from __future__ import annotations

import asyncio
import re
from datetime import date
from pathlib import Path
from urllib.parse import quote

import pytest
from datasette.utils import tilde_encode

from crawler.cli.serve import archive_datasette
from crawler.reading.dates import readable_time
from crawler.reading.text import highlight, paragraphs, section_label, tag_list
from crawler.reading.timeline import source_label, timeline
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


@pytest.mark.parametrize(
    ("section", "label"),
    [("India", "India"), ("news/delhi-ncr", "Delhi NCR"), ("photo-gallery/entertainment", "Entertainment"),
     ("district", "District"), ("andhra-pradesh", "Andhra Pradesh"), ("", ""), (None, "")],
)  # fmt: skip
def test_sections_read_one_way_whatever_the_page_gave(section: str | None, label: str) -> None:
    assert section_label(section) == label


def test_the_front_page_names_sites_by_brand_and_language_and_marks_each_headline_s_language(
    archive,  # noqa: F811
) -> None:
    db, _ = archive
    html = page(db, f"/{db.stem}")
    newest = html[html.index("Newest articles") : html.index("<details")]
    headlines = re.findall(r'<a class="headline"( lang="(\w+)")?', newest)
    assert headlines and all(language for _, language in headlines)
    assert 'lang="mr"' in newest and 'lang="hi"' in newest
    assert 'title="abplive-mr">ABP Majha (Marathi)</a>' in newest  # the key one click (and a hover) away
    assert "abplive-hi ·" not in newest and "news/" not in re.sub(r'href="[^"]*"', "", newest)
    choices = html[html.index('<select name="site"') : html.index("</select>")]
    assert (
        '<option value="abplive-pa">ABP Sanjha (Punjabi)</option>' in choices
        and choices.count("<option") == 9
    )


def test_every_site_filter_is_a_choice_of_sites(archive) -> None:  # noqa: F811
    db, _ = archive
    results = page(db, f"/{db.stem}/search?q={quote('कांग्रेस')}&site=abplive-hi")
    assert '<option value="abplive-hi" selected>ABP News (Hindi)</option>' in results
    assert 'class="snippet" lang="hi"' in results
    trends = page(db, f"/{db.stem}/-/trends?site=abplive-mr")
    assert '<option value="abplive-mr" selected>ABP Majha (Marathi)</option>' in trends
    # Datasette draws other canned queries' parameters as text fields: a script makes site a choice.
    latest = page(db, f"/{db.stem}/latest_articles")
    assert 'input[type="text"][name="site"]' in latest and '"ABP Desam (Telugu)"' in latest


def test_a_search_result_links_to_the_stored_article_which_reads_as_paragraphs(archive) -> None:  # noqa: F811
    db, origin = archive
    html = page(db, f"/{db.stem}/search?q={quote('कांग्रेस')}")
    assert "<mark>कांग्रेस</mark>" in html
    link = html.split('class="headline" lang="hi" href="', 1)[1].split('"', 1)[
        0
    ]  # a headline says its language
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
    assert "ABP News (Hindi): 5" not in html  # the two old articles are outside the last 30 days
    assert "ABP News (Hindi): 3" in html and "ABP Majha (Marathi): 1" in html
    term = page(db, f"/{db.stem}/-/trends?q={quote('कांग्रेस')}")
    assert "ABP News (Hindi): 1" in term and "ABP Majha (Marathi):" not in term
    # A stray quote is no FTS syntax error: the word is charted; a spelling variant charts the same articles.
    stray_quote = quote('"कांग्रेस')
    unbalanced = page(db, f"/{db.stem}/-/trends?q={stray_quote}")
    assert "cannot chart" not in unbalanced and "ABP News (Hindi): 1" in unbalanced


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


@pytest.mark.parametrize(
    ("value", "language", "readable"),
    [
        ("2026-11-25T10:15:00+05:30", "en", "25 Nov 2026, 10:15 IST"),
        ("2026-11-25T04:45:00Z", "hi", "25 नवंबर 2026, 10:15 IST"),  # stored in UTC, read in IST
        ("2026-11-25T10:15:00", "mr", "25 नोव्हेंबर 2026, 10:15 IST"),  # naive: the page's own clock
        ("2026-11-25T10:15:00+05:30", "bn", "25 নভেম্বর 2026, 10:15 IST"),
        ("2026-11-25T10:15:00+05:30", "gu", "25 નવેમ્બર 2026, 10:15 IST"),
        ("2026-11-25T10:15:00+05:30", "pa", "25 ਨਵੰਬਰ 2026, 10:15 IST"),
        ("2026-11-25T10:15:00+05:30", "ta", "25 நவம்பர் 2026, 10:15 IST"),
        ("2026-11-25T10:15:00+05:30", "te", "25 నవంబర్ 2026, 10:15 IST"),
        ("2026-11-25", "hi", "25 नवंबर 2026"),
        ("2026-11-25T10:15:00+05:30", "xx", "25 Nov 2026, 10:15 IST"),  # no such language: English
        ("yesterday", "hi", "yesterday"),  # not a date: as stored
        ("2026-13-45", "en", "2026-13-45"),
        (None, "en", ""),
    ],
)
def test_dates_read_as_a_person_reads_them(value: str | None, language: str, readable: str) -> None:
    assert readable_time(value, language) == readable


def test_a_timeline_names_each_versions_source_and_marks_its_changes_escaped() -> None:
    versions = timeline(
        [
            {"version": 2, "captured_at": "2026-11-21T05:00:00Z", "source": "live", "words_added": 1,
             "words_removed": 1, "diff": "… सरकार ने [-घोषणा-] {+<b>फैसला</b>+} किया …"},
            {"version": 1, "captured_at": "2026-11-19T05:00:00Z", "source": "/data/CC-NEWS-20261119.warc.gz"},
        ],
        "hi",
    )  # fmt: skip
    assert [v.number for v in versions] == [1, 2]
    assert [v.source for v in versions] == ["CC-NEWS capture (CC-NEWS-20261119.warc.gz)", "live crawl"]
    assert versions[1].when == "21 नवंबर 2026, 10:30 IST"
    assert versions[1].diff_html == "… सरकार ने <del>घोषणा</del> <ins>&lt;b&gt;फैसला&lt;/b&gt;</ins> किया …"
    assert source_label("crawl-20261120.warc.gz") == "WARC replay (crawl-20261120.warc.gz)"
    assert source_label(None) == "live crawl"


def test_the_article_page_shows_its_history_with_readable_dates(tmp_path: Path) -> None:
    """Three versions of one story — a CC-NEWS capture from before the first crawl, the first live crawl and
    an edit — on the article's own page, oldest first, each with its time, source and what changed."""
    db_path = tmp_path / "history.db"
    db = open_database(db_path)
    url = "https://www.abplive.com/news/india/budget-story-2850001"
    base = {"url": url, "site": "abplive-hi", "language": "hi", "title": "बजट पर फैसला",
            "published_at": "2026-11-19T09:00:00+05:30"}  # fmt: skip
    live = [
        base
        | {
            "body": "सरकार ने आज बजट पर बड़ी घोषणा की.",
            "content_hash": "a",
            "crawled_at": "2026-11-20T05:00:00Z",
        },
        base
        | {
            "body": "सरकार ने आज बजट पर बड़ा फैसला किया.",
            "content_hash": "b",
            "crawled_at": "2026-11-21T05:00:00Z",
        },
    ]
    for row in live:
        upsert_articles(db, [row], [])
    replayed = base | {
        "body": "सरकार आज बजट पेश करेगी.", "content_hash": "c", "crawled_at": "2026-11-19T04:00:00Z",
        "source": "CC-NEWS-20261119040000-00001.warc.gz", "capture_id": "<urn:uuid:1>",
    }  # fmt: skip
    upsert_articles(db, [replayed], [])
    db.close()
    html = page(db_path, f"/{db_path.stem}/articles/{tilde_encode(url)}")
    history = html[html.index('class="history"') :]
    assert "History: 3 versions" in history
    marks = (
        "CC-NEWS capture",
        "first seen",
        "live crawl",
        "<del>बड़ी घोषणा की.</del> <ins>बड़ा फैसला किया.</ins>",
    )
    order = [history.index(text) for text in marks]
    assert order == sorted(order)
    assert "19 नवंबर 2026, 09:30 IST" in history and "21 नवंबर 2026, 10:30 IST" in history
    assert '<time datetime="2026-11-21T05:00:00Z"' in history  # the raw value is kept
    assert 'published <time datetime="2026-11-19T09:00:00+05:30"' in html
    assert "the capture</a>" in history  # the replayed version links to its capture
