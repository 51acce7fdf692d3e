"""Datasette over a database made by a real crawl of the local site: search, canned queries, facets."""

from __future__ import annotations

import asyncio
import re
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from crawler.cli import serve
from crawler.cli.serve import archive_datasette
from tests.crawlrun import REPO, run_crawl, stored_articles
from tests.localsite import LocalSite

SONIA = "/news/india/sonia-gandhi-message-congress-leaders-social-media-1398123"
KOHLI = "/sports/cricket/virat-kohli-century-india-beat-australia-1398555"  # has "के गुरु से", not कांग्रेस
OLD_ARTICLES = (
    "/news/world/us-coronavirus-trump-economy-reopen-1412345",
    "/news/india/old-archive-story-from-2019-1100001",
)


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("datasette") / "archive.db"
    with LocalSite() as site, LocalSite(site="abplive-mr") as marathi:
        args = ("-a", f"base_url={site.origin}", "-a", "sections=news/india", "-a", "since=2026-11-20")
        runs = [run_crawl(*args, "-s", f"SQLITE_PATH={db}")]
        for old in OLD_ARTICLES:  # outside the window: stored by naming them
            runs.append(run_crawl("-a", f"url={site.origin}{old}", "-s", f"SQLITE_PATH={db}"))
        # A second site in the same archive: the canned queries' :site keeps one site's articles.
        mr = ("-a", "site=abplive-mr", "-a", f"base_url={marathi.origin}", "-a", "since=2026-11-20")
        runs.append(run_crawl(*mr, "-s", f"SQLITE_PATH={db}"))
    for result in runs:
        assert result.returncode == 0, result.stderr[-2000:]
    return db, site.origin


def get_json(db: Path, path: str) -> Any:
    async def fetch() -> Any:
        datasette = archive_datasette(db)
        response = await datasette.client.get(path)
        assert response.status_code == 200, response.text[:500]
        return response.json()

    return asyncio.run(fetch())


def test_search_matches_the_hindi_word_not_its_letters(archive) -> None:
    db, origin = archive
    rows = get_json(db, "/archive/articles.json?_search=कांग्रेस&_shape=array")
    containing = {
        url
        for url, row in stored_articles(db).items()
        if any("कांग्रेस" in (row[f] or "") for f in ("title", "summary", "body"))
    }
    assert {row["url"] for row in rows} == containing == {origin + SONIA}
    assert origin + KOHLI in stored_articles(db)  # present, shares the letters, not found


def test_default_sort_is_newest_first_and_facets_appear(archive) -> None:
    db, _ = archive
    data = get_json(db, "/archive/articles.json")
    published = [row[data["columns"].index("published_at")] for row in data["rows"]]
    assert published == sorted(published, reverse=True)
    assert len(published) == 6
    # The default facets: index-only counts (each is a query on every page view).
    assert set(data["facet_results"]) == {"site", "kind"}
    sites = data["facet_results"]["site"]["results"]
    assert {item["value"]: item["count"] for item in sites} == {"abplive-hi": 5, "abplive-mr": 1}
    days = get_json(db, "/archive/articles.json?_facet=published_date")["facet_results"]["published_date"]
    assert {item["value"]: item["count"] for item in days["results"]}["2026-11-25"] == 3  # on demand


def test_canned_search_ranks_and_snippets(archive) -> None:
    db, origin = archive
    rows = get_json(db, "/archive/search.json?q=कांग्रेस&_shape=array")
    assert [row["url"] for row in rows] == [origin + SONIA]
    assert "«कांग्रेस»" in rows[0]["snippet"]
    prefix = get_json(db, "/archive/search.json?q=कांग्रे*&_shape=array")
    assert [row["url"] for row in prefix] == [origin + SONIA]
    assert [row["url"] for row in get_json(db, "/archive/search.json?q=गुरु&_shape=array")] == [origin + KOHLI]


def test_canned_search_keeps_one_site_when_asked(archive) -> None:
    db, _ = archive
    word = "शेतकऱ्यांसाठी"  # in the Marathi golden page's headline
    [row] = get_json(db, f"/archive/search.json?q={word}&_shape=array")
    assert get_json(db, f"/archive/search.json?q={word}&site=abplive-mr&_shape=array") == [row]
    assert get_json(db, f"/archive/search.json?q={word}&site=abplive-hi&_shape=array") == []


def test_canned_latest_articles(archive) -> None:
    db, _ = archive
    assert len(get_json(db, "/archive/latest_articles.json?_shape=array")) == 6
    rows = get_json(db, "/archive/latest_articles.json?site=abplive-hi&_shape=array")
    assert len(rows) == 5 and {row["site"] for row in rows} == {"abplive-hi"}
    assert [r["published_at"] for r in rows] == sorted((r["published_at"] for r in rows), reverse=True)
    assert rows[-1]["title"].startswith("लोकसभा चुनाव 2019")


def test_canned_articles_per_day(archive) -> None:
    db, _ = archive
    rows = get_json(db, "/archive/articles_per_day.json?site=abplive-hi&_shape=array")
    assert {row["day"]: row["articles"] for row in rows} == {
        "2026-11-25": 2,
        "2026-11-24": 1,
        "2020-05-06": 1,
        "2019-05-23": 1,
    }


def test_canned_articles_by_author(archive) -> None:
    db, _ = archive
    rows = get_json(db, "/archive/articles_by_author.json?site=abplive-hi&_shape=array")
    by_author = {row["author"]: row["articles"] for row in rows}
    assert by_author == {"एबीपी न्यूज़": 3, "शिवाजी सरकार": 1, "अनिल कुमार": 1}
    assert rows[0]["author"] == "एबीपी न्यूज़"


def facet_counts(db: Path, query: str) -> dict[str, dict[Any, int]]:
    results = get_json(
        db, f"/archive/articles.json?{query}&_facet=author&_facet=section"
    )  # site, kind: the defaults
    return {
        name: {item["value"]: item["count"] for item in facet["results"]}
        for name, facet in results["facet_results"].items()
    }


def counted_facets(db: Path, where: str = "") -> dict[str, dict[Any, int]]:
    with sqlite3.connect(db) as conn:
        return {
            column: dict(
                conn.execute(
                    f"select {column}, count(*) from articles "
                    f"where {column} is not null {where} group by {column}"
                ).fetchall()
            )
            for column in ("author", "section", "site", "kind")
        }


@pytest.mark.parametrize(("query", "where"), [("", ""), ("site=abplive-hi", "and site = 'abplive-hi'")])
def test_site_author_and_section_facets_are_read_from_the_kept_counts(
    archive, tmp_path: Path, query: str, where: str
) -> None:
    """The whole table's (or a site's) site, author and section facets count what a count of every article
    gives, read from the counts the archive keeps: on a copy whose kept counts are off by 100 they show
    that; a facet of any other selection (here a section) still counts the articles."""
    db, _ = archive
    assert facet_counts(db, query) == counted_facets(db, where)
    off = tmp_path / "archive.db"
    with sqlite3.connect(db) as source, sqlite3.connect(off) as copy:
        source.backup(copy)
        copy.execute("update authors set articles = articles + 100")
        copy.execute("update sections set articles = articles + 100")
    shown = facet_counts(off, query)
    for column in ("author", "section"):
        assert shown[column] == {
            value: count + 100 for value, count in counted_facets(db, where)[column].items()
        }
    assert shown["kind"] == counted_facets(db, where)["kind"]  # not kept: Datasette's own count
    section = "and section = 'news/india'"
    assert facet_counts(off, "section=news/india")["author"] == counted_facets(db, section)["author"]


def test_column_descriptions_are_served(archive) -> None:
    db, _ = archive
    metadata = get_json(db, "/-/metadata.json")
    tables = metadata["databases"]["archive"]["tables"]
    assert set(tables["articles"]["columns"]) >= {"url", "title", "published_at", "tags"}
    assert set(tables["article_texts"]["columns"]) >= {"summary", "body"}


def test_datasette_reads_while_a_crawl_is_writing(archive) -> None:
    db, origin = archive
    writer = sqlite3.connect(db, isolation_level=None)
    try:
        writer.execute("begin immediate")
        writer.execute("update articles set title = 'अधूरा' where url = ?", (origin + SONIA,))
        rows = get_json(db, "/archive/articles.json?_search=कांग्रेस&_shape=array")
        assert [row["title"] for row in rows] == [
            "सोनिया गांधी का कांग्रेस नेताओं को संदेश, पार्टी की आवाज को अपनी आवाज बनाएं"
        ]
    finally:
        writer.execute("rollback")
        writer.close()


def test_the_address_serve_names_opens_on_the_archive_s_front_page(archive) -> None:
    db, _ = archive

    async def fetch() -> tuple[Any, Any]:
        datasette = archive_datasette(db)
        home = await datasette.client.get("/")
        return home, await datasette.client.get(home.headers["location"])

    home, front = asyncio.run(fetch())
    assert home.status_code == 302 and home.headers["location"] == "/archive"
    assert front.status_code == 200 and 'name="q"' in front.text


def foreign_databases(folder: Path) -> dict[str, Path]:
    """Another application's SQLite database, an empty one and a file of no database at all."""
    paths = {name: folder / f"{name}.db" for name in ("app", "empty", "text")}
    conn = sqlite3.connect(paths["app"])
    conn.execute("create table users (id integer primary key, name text)")
    conn.execute("insert into users values (1, 'a')")
    conn.execute("pragma user_version = 3")
    conn.commit()
    conn.close()
    sqlite3.connect(paths["empty"]).close()
    paths["empty"].write_bytes(b"")
    paths["text"].write_text("not a database")
    return paths


@pytest.mark.parametrize("command", [
    ["crawler.cli.serve", "{db}", "--port", "9"], ["crawler.cli.serve", "{db}", "--port", "9", "--immutable"],
    ["crawler.cli.export", "{db}", "--format", "parquet", "--out", "{tmp}/dataset"],
    ["crawler.cli.export", "{db}"],
    ["crawler.cli.backup", "{db}", "{tmp}/backups"],
], ids=["serve", "serve immutable", "export parquet", "export jsonl", "backup"])  # fmt: skip
def test_a_database_that_is_no_archive_is_refused_in_one_line_byte_for_byte_unchanged(
    tmp_path: Path, command: list[str]
) -> None:
    """The reader, the export and the backup refuse another application's database (and an empty one) in one
    line, exit non-zero, and leave it as it was, byte for byte."""
    for name, db in foreign_databases(tmp_path).items():
        before = db.read_bytes()
        args = [part.format(db=db, tmp=tmp_path) for part in command]
        result = subprocess.run(
            [sys.executable, "-m", *args], cwd=REPO, capture_output=True, text=True, timeout=60
        )
        assert result.returncode != 0 and len(result.stderr.strip().splitlines()) == 1, result.stderr
        reason = {"app": "not an abplive-crawler archive (its tables: users)", "empty": "an empty database",
                  "text": "file is not a database"}[name]  # fmt: skip
        assert reason in result.stderr and "Traceback" not in result.stderr
        assert db.read_bytes() == before
        assert not (tmp_path / "dataset").exists()


@pytest.mark.parametrize("mode", [[], ["--immutable"]])
def test_serving_a_file_that_is_not_a_database_is_one_line(tmp_path: Path, mode: list[str]) -> None:
    (tmp_path / "notes.db").write_text("not a database")
    result = subprocess.run(
        [sys.executable, "-m", "crawler.cli.serve", str(tmp_path / "notes.db"), "--port", "9", *mode],
        cwd=REPO, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    db = tmp_path / "notes.db"
    assert result.stderr == f"serve: cannot use SQLite database {db}: file is not a database\n"


def front_page_sites(db: Path) -> list[tuple[str, str]]:
    """The front page's articles per site."""

    async def fetch() -> str:
        response = await archive_datasette(db).client.get("/archive")
        assert response.status_code == 200, response.text[:500]
        return response.text

    return re.findall(r"<code>(abplive-[a-z]+)</code></td><td>([\d,]+)</td>", asyncio.run(fetch()))


def test_an_older_archive_served_immutable_is_served_as_it_is_and_says_how_to_upgrade(
    archive, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db, _ = archive
    older = tmp_path / "archive.db"
    with sqlite3.connect(db) as source, sqlite3.connect(older) as copy:
        source.backup(copy)
        copy.execute("drop table authors")
        copy.execute("drop table sections")
        copy.execute("pragma user_version = 3")
    before = older.read_bytes()
    commands = []
    monkeypatch.setattr(serve, "run_forwarding_signals", lambda command: commands.append(command) or 0)
    assert serve.main([str(older), "--immutable"]) == 0
    assert "-i" in commands[0] and older.read_bytes() == before
    assert "schema version 3, older than" in capsys.readouterr().err
    # Without the kept counts the front page and the facets count every article, as they did.
    assert front_page_sites(older) == front_page_sites(db) == [("abplive-hi", "5"), ("abplive-mr", "1")]
    assert facet_counts(older, "") == counted_facets(db)
