"""Live blogs kept entry by entry as they grow; galleries and videos by kind; the -a kinds switch."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from datasette.utils import tilde_encode

from crawler.cli.serve import archive_datasette
from crawler.extraction.article import extract_article
from crawler.extraction.liveblog import live_blog
from crawler.markup.htmltree import parse_document
from crawler.options import parse_options
from crawler.sites import SITES
from crawler.storage.articles import upsert_articles
from crawler.storage.known_urls import KnownArticles
from crawler.storage.schema import open_database
from tests.crawlrun import run_crawl, stored_articles
from tests.golden import golden_case
from tests.localsite import LIVE_ORIGIN, LocalSite, golden_url

HI = SITES["abplive-hi"]
REALPAGES = Path(__file__).resolve().parents[2] / "shared" / "realpages"
BLOG_PATH = "/news/india/assembly-session-live-updates-3100500"


def test_a_real_live_blog_is_read_entry_by_entry_with_its_own_metadata() -> None:
    """The real live blog among the shared pages (JSON-LD, bodies with HTML entities): a generic case."""
    page = REALPAGES / "uk-Express" / "page.html"
    expected = json.loads((REALPAGES / "uk-Express" / "expected.json").read_text(encoding="utf-8"))
    article = extract_article(expected["url"], page.read_text(encoding="utf-8"), SITES["abplive-en"])
    assert article.kind == "liveblog" and article.extraction == "liveblog-jsonld"
    # The page's own headline, not its newest update's (trafilatura's mistake).
    assert article.title == expected["title"] and article.title != article.live_entries[0]["headline"]
    assert article.coverage_start == "2024-07-18T07:06:00+01:00"
    assert article.coverage_end == "2024-07-19T11:48:00+01:00"
    entries = article.live_entries
    assert len(entries) == 9 and len({e["entry_id"] for e in entries}) == 9
    assert entries[0]["entry_id"] == "live-1924698-qq0im"  # the update's #fragment
    assert entries[0]["headline"].startswith("The only person Prince Harry")
    assert all("&#" not in e["body"] and "&quot;" not in e["body"] for e in entries)
    assert "Meghan Markle's mum" in entries[0]["body"]
    assert all(datetime.fromisoformat(e["published_at"]).tzinfo for e in entries)


def test_a_page_without_live_blog_data_is_not_a_live_blog() -> None:
    assert live_blog(parse_document(b"<html><body><h1>x</h1></body></html>"), HI) is None


def test_kinds_can_be_switched_off() -> None:
    options = parse_options({"kinds": "article,liveblog"}, today=datetime(2026, 12, 3).date(), default_days=2)
    assert options.kinds == ("article", "liveblog")
    with pytest.raises(ValueError, match="-a kinds=podcast: expected one or more of article, liveblog"):
        parse_options({"kinds": "podcast"}, today=datetime(2026, 12, 3).date(), default_days=2)


def blog_row(title: str, entries: list[tuple[str, str, str]], at: str, **extra: Any) -> dict[str, Any]:
    """A live blog as the store gets it; ``entries``: (id, headline, body), newest first."""
    return {
        "url": "https://www.abplive.com" + BLOG_PATH, "site": "abplive-hi", "language": "hi",
        "kind": "liveblog", "title": title, "summary": None, "body": "विधानसभा सत्र का लाइव ब्लॉग.",
        "published_at": "2026-12-03T09:00:00+05:30", "content_hash": title, "crawled_at": at,
        "live_entries": [
            {"entry_id": i, "published_at": f"2026-12-03T{9 + int(i[1:])}:00:00+05:30", "headline": h,
             "body": b}
            for i, h, b in entries
        ],
    } | extra  # fmt: skip


def entries(db: Any) -> dict[str, tuple]:
    rows = db.execute("select entry_id, headline, body, shown, version_count from live_entries order by 1")
    return {row[0]: row[1:] for row in rows}


def test_entries_accumulate_edits_keep_their_earlier_text_and_dropped_ones_stay(tmp_path: Path) -> None:
    db = open_database(tmp_path / "a.db")
    upsert_articles(
        db,
        [blog_row("LIVE: सत्र", [("e2", "दूसरा", "बी"), ("e1", "पहला", "ए")], "2026-12-03T05:00:00+00:00")],
        [],
    )
    edited = [("e3", "तीसरा", "सी"), ("e2", "दूसरा", "बी, सुधार के साथ"), ("e1", "पहला", "ए")]
    upsert_articles(db, [blog_row("LIVE: सत्र जारी", edited, "2026-12-03T06:00:00+00:00")], [])
    dropped = [("e4", "चौथा", "डी"), ("e3", "तीसरा", "सी"), ("e2", "दूसरा", "बी, सुधार के साथ")]
    upsert_articles(db, [blog_row("LIVE: सत्र जारी", dropped, "2026-12-03T07:00:00+00:00")], [])
    assert entries(db) == {
        "e1": ("पहला", "ए", 0, 1),  # no longer on the page, kept
        "e2": ("दूसरा", "बी, सुधार के साथ", 1, 2),
        "e3": ("तीसरा", "सी", 1, 1),
        "e4": ("चौथा", "डी", 1, 1),
    }
    versions = db.execute("select entry_id, version, body, captured_at from live_entry_versions").fetchall()
    assert versions == [("e2", 1, "बी", "2026-12-03T05:00:00+00:00")]
    assert db.execute("select count(*), kind, version_count, live from articles").fetchone() == (
        1,
        "liveblog",
        2,
        1,
    )
    # The retitling is a version of the one article, not a new one.
    assert [t for (t,) in db.execute("select title from article_versions order by version")] == [
        "LIVE: सत्र",
        "LIVE: सत्र जारी",
    ]


@pytest.mark.parametrize(
    ("title", "coverage_end", "at", "live"),
    [
        ("LIVE: सत्र", None, "2026-12-03T05:00:00+00:00", 1),
        ("HIGHLIGHTS: सत्र", None, "2026-12-03T05:00:00+00:00", 0),
        ("LIVE: सत्र", "2026-12-03T10:00:00+05:30", "2026-12-03T05:00:00+00:00", 0),  # coverage has ended
    ],
)
def test_a_live_blog_is_live_until_it_closes(tmp_path: Path, title, coverage_end, at, live) -> None:
    db = open_database(tmp_path / "a.db")
    upsert_articles(db, [blog_row(title, [("e1", "पहला", "ए")], at, coverage_end=coverage_end)], [])
    assert db.execute("select live from articles").fetchone()[0] == live


def test_a_replayed_older_capture_adds_its_entries_but_not_its_state(tmp_path: Path) -> None:
    """A capture from before the latest visit (a replay): its entries join the archive, but the blog stays
    as its latest visit left it (closed here) and nothing the latest visit shows is marked dropped."""
    db = open_database(tmp_path / "a.db")
    closed = [("e2", "दूसरा", "बी"), ("e1", "पहला", "ए")]
    upsert_articles(db, [blog_row("HIGHLIGHTS: सत्र", closed, "2026-12-03T10:00:00+00:00")], [])
    older = blog_row("LIVE: सत्र", [("e0", "शुरुआत", "शून्य")], "2026-12-03T04:00:00+00:00")
    upsert_articles(db, [older], [])
    assert db.execute("select live, entries_changed_at from articles").fetchone() == (
        0,
        "2026-12-03T10:00:00+00:00",
    )
    assert {entry_id: row[2] for entry_id, row in entries(db).items()} == {"e0": 1, "e1": 1, "e2": 1}


def test_a_live_blog_quiet_for_a_day_closes_and_only_live_ones_are_revisited(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = open_database(path)
    same = [("e1", "पहला", "ए")]
    upsert_articles(db, [blog_row("LIVE: सत्र", same, "2026-12-03T05:00:00+00:00")], [])
    known = KnownArticles(path, None)
    site = ["abplive-hi"]
    assert known.due_live_blogs(datetime.fromisoformat("2026-12-03T05:10:00+00:00"), 15, 10, site) == []
    due = known.due_live_blogs(datetime.fromisoformat("2026-12-03T05:20:00+00:00"), 15, 10, site)
    assert [blog["url"] for blog in due] == ["https://www.abplive.com" + BLOG_PATH]
    upsert_articles(db, [blog_row("LIVE: सत्र", same, "2026-12-03T20:00:00+00:00")], [])
    assert db.execute("select live from articles").fetchone()[0] == 1  # quiet for 15 hours: still live
    upsert_articles(
        db,
        [],
        [],
        [{"url": "https://www.abplive.com" + BLOG_PATH, "crawled_at": "2026-12-04T05:30:00+00:00"}],
    )
    assert db.execute("select live from articles").fetchone()[0] == 0  # a 304 a day after its last entry
    assert known.due_live_blogs(datetime.fromisoformat("2026-12-05T00:00:00+00:00"), 15, 10, site) == []
    known.close()


def blog_page(origin: str, title: str, updates: list[tuple[str, str, str, str]]) -> str:
    """A live blog page marked up with JSON-LD; ``updates``: (id, time, headline, body), newest first."""
    data = {
        "@context": "https://schema.org", "@type": "LiveBlogPosting", "headline": title,
        "datePublished": "2026-12-03T09:00:00+05:30", "coverageStartTime": "2026-12-03T09:00:00+05:30",
        "liveBlogUpdate": [
            {"@type": "BlogPosting", "url": f"{origin}{BLOG_PATH}#{i}", "datePublished": t, "headline": h,
             "articleBody": b}
            for i, t, h, b in updates
        ],
    }  # fmt: skip
    return (
        f'<html lang="hi"><head><meta charset="utf-8"><title>{title}</title>'
        f'<link rel="canonical" href="{origin}{BLOG_PATH}">'
        f'<script type="application/ld+json">{json.dumps(data, ensure_ascii=False)}</script>'
        f'</head><body><h1 class="abp-article-title">{title}</h1>'
        '<h2 class="abp-article-slug">विधानसभा का शीतकालीन सत्र.</h2><div class="abp-story-article">'
        "<p>विधानसभा के शीतकालीन सत्र का आज दूसरा दिन है और कई विधेयक पेश होंगे.</p></div></body></html>"
    )


def test_a_growing_live_blog_crawled_three_times_keeps_every_entry(tmp_path: Path) -> None:
    """Three states between runs: entries added, one edited, the oldest dropped from the page; the archive
    holds the union, the edited entry's earlier text, and one row for the blog."""
    db = tmp_path / "a.db"
    first = ("u1", "2026-12-03T09:05:00+05:30", "सत्र शुरू", "अध्यक्ष ने कार्यवाही शुरू की.")
    second = ("u2", "2026-12-03T10:10:00", "विपक्ष का हंगामा", "विपक्ष ने &quot;महंगाई&quot; पर हंगामा किया.")
    second_edited = (*second[:3], "विपक्ष ने महंगाई पर हंगामा किया और सदन से बाहर चला गया.")
    third = ("u3", "2026-12-03T11:15:00+05:30", "विधेयक पेश", "सरकार ने दो विधेयक पेश किए.")
    states = [
        ("LIVE: विधानसभा सत्र", [second, first]),
        ("LIVE: विधानसभा में हंगामा", [third, second_edited, first]),
        ("LIVE: विधानसभा में हंगामा", [third, second_edited]),
    ]
    with LocalSite() as site:
        for title, updates in states:
            site.serve(BLOG_PATH, blog_page(site.origin, title, updates))
            run = run_crawl("-a", f"url={site.origin}{BLOG_PATH}", "-a", f"base_url={site.origin}",
                            "-s", f"SQLITE_PATH={db}")  # fmt: skip
            assert run.returncode == 0, run.stderr[-3000:]
    [blog] = stored_articles(db).values()
    assert blog["kind"] == "liveblog" and blog["title"] == "LIVE: विधानसभा में हंगामा" and blog["live"] == 1
    assert blog["body"] == "विधानसभा के शीतकालीन सत्र का आज दूसरा दिन है और कई विधेयक पेश होंगे."
    with sqlite3.connect(db) as conn:
        stored = {
            row[0]: row[1:]
            for row in conn.execute("select entry_id, published_at, headline, body, shown from live_entries")
        }
        versions = conn.execute("select entry_id, version, body from live_entry_versions").fetchall()
    assert stored == {
        "u1": ("2026-12-03T09:05:00+05:30", "सत्र शुरू", "अध्यक्ष ने कार्यवाही शुरू की.", 0),
        "u2": ("2026-12-03T10:10:00+05:30", "विपक्ष का हंगामा", second_edited[3], 1),
        "u3": ("2026-12-03T11:15:00+05:30", "विधेयक पेश", "सरकार ने दो विधेयक पेश किए.", 1),
    }
    assert versions == [("u2", 1, 'विपक्ष ने "महंगाई" पर हंगामा किया.')]  # entities decoded


def test_the_reader_shows_a_live_blogs_entries_and_the_canned_query_counts_them(tmp_path: Path) -> None:
    path = tmp_path / "a.db"
    db = open_database(path)
    at = ("2026-12-03T05:00:00+00:00", "2026-12-03T06:00:00+00:00")
    upsert_articles(db, [blog_row("LIVE: सत्र", [("e2", "दूसरा", "बी"), ("e1", "पहला", "ए")], at[0])], [])
    upsert_articles(db, [blog_row("LIVE: सत्र", [("e3", "तीसरा", "सी"), ("e2", "दूसरा", "बी2")], at[1])], [])
    db.close()

    async def pages() -> tuple[str, Any, Any]:
        client = archive_datasette(path).client
        row = await client.get(f"/{path.stem}/articles/{tilde_encode('https://www.abplive.com' + BLOG_PATH)}")
        table = await client.get(f"/{path.stem}/articles.json?_facet=kind")
        blogs = await client.get(f"/{path.stem}/live_blogs.json?_shape=array")
        found = await client.get(
            f"/{path.stem}/search_live_entries.json?_shape=array&q=%E0%A4%A4%E0%A5%80%E0%A4%B8%E0%A4%B0%E0%A4%BE"
        )
        return row.text, table.json(), blogs.json(), found.json()

    html, table, blogs, found = asyncio.run(pages())
    # Search finds an entry's text and links to the live blog at that entry.
    assert [hit["entry_url"] for hit in found] == ["https://www.abplive.com" + BLOG_PATH + "#e3"]
    assert html.index("तीसरा") < html.index("दूसरा") < html.index("पहला")  # newest first
    assert "no longer on the page" in html and "edited (2 texts)" in html
    assert {value["value"] for value in table["facet_results"]["kind"]["results"]} == {"liveblog"}
    assert [(b["entries"], b["edited_entries"], b["dropped_from_page"], b["live"]) for b in blogs] == [
        (3, 1, 1, 1)
    ]


def test_every_kind_is_discovered_from_a_sitemap_and_each_can_be_switched_off(tmp_path: Path) -> None:
    """A daily sitemap lists an article, a live blog, a gallery and a video (the golden pages): all four are
    stored with their kind; with -a kinds=article,liveblog the gallery and the video are skipped, counted."""
    cases = {
        "article": ("abplive-hi", "abp-jsonld"),
        "liveblog": ("abplive-hi", "liveblog-jsonld"),
        "gallery": ("abplive-hi", "gallery"),
        "video": ("abplive-hi", "video"),
    }
    with LocalSite() as site:
        urls = {kind: golden_url(golden_case(*case)).split("?")[0] for kind, case in cases.items()}
        local = {kind: url.replace(LIVE_ORIGIN, site.origin) for kind, url in urls.items()}
        entries = "".join(f"<url><loc>{url}</loc></url>" for url in local.values())
        sitemap = f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
        site.serve("/robots.txt", f"Sitemap: {site.origin}/kinds.xml\n", "text/plain")
        site.serve("/kinds.xml", sitemap, "application/xml")
        common = (
            "-a",
            f"base_url={site.origin}",
            "-a",
            "sections=none",
            "-a",
            "pages=1",
            "-a",
            "since=2026-11-01",
        )
        every = run_crawl(*common, "-s", f"SQLITE_PATH={tmp_path / 'every.db'}")
        some = run_crawl(*common, "-a", "kinds=article,liveblog", "-s", f"SQLITE_PATH={tmp_path / 'some.db'}")
    assert every.returncode == 0, every.stderr[-3000:]
    stored = stored_articles(tmp_path / "every.db")
    assert {url: stored[url]["kind"] for url in local.values()} == {url: kind for kind, url in local.items()}
    assert some.returncode == 0, some.stderr[-3000:]
    assert {row["kind"] for row in stored_articles(tmp_path / "some.db").values()} <= {"article", "liveblog"}
    assert "'abplive/skipped/gallery': 1" in some.stderr and "'abplive/skipped/video': 1" in some.stderr
