"""Datasette plugin (loaded by ``make serve`` with ``--plugins-dir``): the archive's reading pages.

The front page's newest articles and per-site counts, the article view's text and history (every version,
when and where it was read, what changed), dates as a reader reads them, the articles table's search
box, the filters the article and search templates use, and ``/<database>/-/trends``, articles per day per
site (or per search term) as a static SVG chart. Every query reads an index (see
``crawler/storage/schema.py``) or a bounded set of matches, so the pages stay fast at a million articles.
"""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.filters import FilterArguments
from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Response
from markupsafe import Markup, escape

from crawler.reading.dates import readable_time
from crawler.reading.text import highlight, paragraphs, section_label, tag_list
from crawler.reading.timeline import timeline
from crawler.reading.trends import days_ending, per_day_svg
from crawler.reporting.words import counted
from crawler.search.query import match_expression, parse_query
from crawler.sites import SITES
from crawler.storage.article_texts import FTS_TABLE
from crawler.storage.article_texts import TABLE as TEXTS
from crawler.storage.search_vocabulary import search_match

NEWEST = 20
TREND_DAYS = (30, 90, 365)
DEFAULT_DAYS = 90

NEWEST_SQL = f"""select newest.url, newest.title, {TEXTS}.summary, newest.site, newest.section,
newest.published_at, newest.language from (
  select rowid, url, title, site, section, published_at, language from articles
  order by newest_first, url limit :limit
) as newest left join {TEXTS} on {TEXTS}.id = newest.rowid"""
# Per site from the kept counts (crawler.storage.counts), else (an archive served read-only since before
# they were kept) from every article.
PER_SITE_SQL = "select site, sum(articles) as articles from sections group by site order by articles desc"
PER_SITE_COUNTED_SQL = "select site, count(*) as articles from articles group by site order by articles desc"
PER_DAY_SQL = """select published_date, site, count(*) from articles
where published_date >= :first and (:site = '' or site = :site) {match}
group by published_date, site"""
# An article's versions, oldest first (the primary key's index: url, version).
VERSIONS_SQL = """select url, version, captured_at, source, capture_id, words_added, words_removed,
previous_title, diff from article_versions where url = :url order by version"""
# The articles table's search box: the newest matches only. Counting, sorting and faceting every match of a
# word in 250,000 articles costs one row look-up each (0.5 s a query at 1,000,000 articles, whatever the row's
# size); FTS5 reads its newest matches first and stops (make bench-archive).
TABLE_SEARCH_MATCHES = 10_000
TABLE_SEARCH_SQL = (
    f"rowid in (select rowid from {FTS_TABLE} where {FTS_TABLE} match abplive_match(:search) "
    f"order by rowid desc limit {TABLE_SEARCH_MATCHES})"
)
MATCHES_SQL = f"select count(*) from {FTS_TABLE} where {FTS_TABLE} match abplive_match(:search)"
TEXT_SQL = f"select summary, body from {TEXTS} where id = (select rowid from articles where url = :url)"
# A live blog's entries, newest first (the primary key's index: url, entry_id).
ENTRIES_SQL = """select entry_id, published_at, headline, body, shown, version_count from live_entries
where url = :url order by published_at desc, first_seen_at desc"""
# The unary + keeps SQLite from looking up every match's row (1.0 s for a word in 250,000 articles): the
# matches' rowids are gathered once and the day's covering index is read against them.
MATCH_SQL = f"and +rowid in (select rowid from {FTS_TABLE} where {FTS_TABLE} match abplive_match(:q))"


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    """``abplive_match(q)``: any typed text as an FTS5 query, each word expanded to its indexed spellings
    (``crawler.search``), for every search: the results page, its JSON, trends and the articles table's box.
    Datasette's ``escape_fts`` is replaced (trylast: after its own) so that any text is a query in the
    search box of any other full-text indexed table too (words as typed)."""
    expanded: dict[str, tuple[int, str]] = {}

    def match(text: str | None) -> str:
        # A page runs several queries with one search (rows, count, facets): expanded once while the
        # database is unchanged (data_version moves with every commit of another connection).
        (version,) = conn.execute("pragma data_version").fetchone()
        key = text or ""
        if key not in expanded or expanded[key][0] != version:
            if len(expanded) > 256:
                expanded.clear()
            expanded[key] = (version, search_match(conn, text))
        return expanded[key][1]

    conn.create_function("abplive_match", 1, match)
    conn.create_function("escape_fts", 1, as_typed)


@hookimpl(trylast=True)
def filters_from_request(request: Any, database: str, table: str, datasette: Any) -> Any:
    """The articles table's search box (``?_search=``): every spelling and inflection, the newest
    ``TABLE_SEARCH_MATCHES`` matches (the description says so when there are more). Its text is in
    ``article_texts``, so Datasette's own search does not apply to it; trylast: this box is shown."""
    if table != "articles":
        return None
    search = request.args.get("_search", "").strip()

    async def inner() -> FilterArguments:
        context = {"supports_search": True, "search": search}
        if not search:
            return FilterArguments([], extra_context=context)
        db = datasette.get_database(database)
        try:
            (matches,) = (await db.execute(MATCHES_SQL, {"search": search})).first()
        except QueryInterrupted:
            matches = None
        if matches is not None and matches <= TABLE_SEARCH_MATCHES:
            description = f'search matches "{search}" in every spelling'
        else:
            of = f"{matches:,}" if matches is not None else "very many"
            description = (
                f'search matches "{search}" in every spelling: the newest {TABLE_SEARCH_MATCHES:,} of {of}'
                " matches (the search page ranks them all)"
            )
        return FilterArguments([TABLE_SEARCH_SQL], {"search": search}, [description], context)

    return inner


def as_typed(text: str | None) -> str:
    """Any typed text as a valid FTS5 query of the words as typed (no other spellings)."""
    return match_expression(parse_query(text or ""), lambda word: ())


def search_note(text: str | None) -> str:
    """What the search left out of a typed query, for the results page ('' when nothing)."""
    return parse_query(text or "").note


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.filters["highlight"] = highlight
    env.filters["paragraphs"] = paragraphs
    env.filters["tag_list"] = tag_list
    env.filters["tilde"] = tilde_encode
    env.filters["search_note"] = search_note
    env.filters["when"] = when
    env.filters["site_label"] = site_label
    env.filters["site_language"] = site_language
    env.filters["section_label"] = section_label
    env.filters["counted"] = counted
    env.globals["site_choices"] = [(key, site.label) for key, site in SITES.items()]


@hookimpl
def extra_body_script(template: str) -> str:
    """On a canned query's page (Datasette draws its parameters as text fields), the ``site`` parameter
    becomes a choice of the eight sites by brand and language; without JavaScript it stays a text field."""
    if template != "query.html":
        return ""
    choices = json.dumps([["", "all sites"], *([key, site.label] for key, site in SITES.items())])
    return f"""document.querySelectorAll('form input[type="text"][name="site"]').forEach(function (field) {{
  var select = document.createElement("select");
  select.name = "site"; select.id = field.id; select.setAttribute("aria-label", "Site");
  {choices}.forEach(function (choice) {{
    var option = new Option(choice[1], choice[0], false, choice[0] === field.value);
    select.add(option);
  }});
  field.replaceWith(select);
}});"""


def site_label(key: str | None) -> str:
    """A site key as its brand and language ("ABP Sanjha (Punjabi)"); an unknown key as it is."""
    site = SITES.get(key or "")
    return site.label if site else key or ""


def site_language(key: str | None) -> str:
    """The language a site writes (the ``lang`` of its headlines and snippets)."""
    site = SITES.get(key or "")
    return site.language if site else ""


def when(value: str | None, site_or_language: str = "en") -> Markup:
    """A stored date or time as a reader reads it, in a ``<time>`` element whose title is the raw value
    (the raw row, one click away on an article's page, has it too)."""
    if not value:
        return Markup("")
    site = SITES.get(site_or_language)
    readable = readable_time(value, site.language if site else site_or_language)
    return Markup(f'<time datetime="{escape(value)}" title="{escape(value)}">{escape(readable)}</time>')


@hookimpl
def extra_template_vars(
    template: str, database: str | None, table: str | None, request: Any, datasette: Any
) -> Any:
    if template == "row.html" and table == "articles" and database:
        return _article_text(datasette, database, request)
    if template != "database.html" or not database:
        return {}

    async def front_page() -> dict[str, Any]:
        db = datasette.get_database(database)
        if not await db.table_exists("articles"):
            return {"archive": None}
        newest = await db.execute(NEWEST_SQL, {"limit": NEWEST})
        sites = await db.execute(PER_SITE_SQL if await db.table_exists("sections") else PER_SITE_COUNTED_SQL)
        return {"archive": {"newest": list(newest.rows), "sites": list(sites.rows)}}

    return front_page


def _article_text(datasette: Any, database: str, request: Any) -> Any:
    """The article view's standfirst and body, from ``article_texts``, and a live blog's entries."""

    async def text() -> dict[str, Any]:
        db = datasette.get_database(database)
        url = tilde_decode(request.url_vars.get("pks", ""))
        row = (await db.execute(TEXT_SQL, {"url": url})).first()
        entries = [dict(entry) for entry in (await db.execute(ENTRIES_SQL, {"url": url})).rows]
        versions = [dict(version) for version in (await db.execute(VERSIONS_SQL, {"url": url})).rows]
        language = (await db.execute("select language from articles where url = :url", {"url": url})).first()
        return {
            "text": {"summary": row[0], "body": row[1]} if row else {"summary": None, "body": None},
            "entries": entries,
            "versions": timeline(versions, language[0] if language else "en"),
        }

    return text


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/$", home), (r"^/(?P<database>[^/]+)/-/trends$", trends)]


async def home(datasette: Any, request: Any) -> Response:
    """``/``: the archive's front page when one archive is served; Datasette's list of databases (``/-/``)
    when there are several."""
    archives = [name for name in datasette.databases if not name.startswith("_")]
    return Response.redirect(datasette.urls.database(archives[0]) if len(archives) == 1 else "/-/")


async def trends(datasette: Any, request: Any) -> Response:
    database = request.url_vars["database"]
    db = datasette.get_database(database)
    q, site = request.args.get("q", "").strip(), request.args.get("site", "").strip()
    days_asked = request.args.get("days", "")
    days_wanted = min(max(int(days_asked), 7), max(TREND_DAYS)) if days_asked.isdigit() else DEFAULT_DAYS
    last = (await db.execute("select max(published_date) from articles")).first()[0]
    days = days_ending(date.fromisoformat(last), days_wanted) if last else []
    counts: dict[str, dict[str, int]] = {}
    error = None
    if days:
        sql = PER_DAY_SQL.format(match=MATCH_SQL if q else "")
        try:
            rows = await db.execute(sql, {"first": days[0].isoformat(), "site": site, "q": q})
        except (sqlite3.OperationalError, QueryInterrupted) as exc:
            error = f"cannot chart {q!r}: {exc}"
        else:
            for day, site_key, count in rows.rows:
                counts.setdefault(site_key, {})[day] = count
    title = f"Articles a day matching {q}" if q else "Articles a day"
    context = {
        "database": database,
        "q": q,
        "site": site,
        "days": days_wanted,
        "day_choices": TREND_DAYS,
        "chart": per_day_svg({site_label(key): counts[key] for key in sorted(counts)}, days, title),
        "title": title,
        "error": error,
    }
    return Response.html(await datasette.render_template("trends.html", context, request=request))
