"""Datasette plugin (loaded by ``make serve`` with ``--plugins-dir``): the archive's reading pages.

The front page's newest articles and per-site counts, the filters the article and search templates use, and
``/<database>/-/trends``, articles per day per site (or per search term) as a static SVG chart. Every query
reads an index (see ``crawler/storage/archive.py``), so the pages stay fast at a million articles.
"""

from __future__ import annotations

import sqlite3
from datetime import date
from typing import Any

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from crawler.reading.text import highlight, paragraphs, tag_list
from crawler.reading.trends import days_ending, per_day_svg
from crawler.search.query import match_expression, parse_query
from crawler.storage.search_vocabulary import search_match

NEWEST = 20
TREND_DAYS = (30, 90, 365)
DEFAULT_DAYS = 90

NEWEST_SQL = """select url, title, summary, site, section, published_at from articles
order by newest_first, url limit :limit"""
PER_SITE_SQL = "select site, count(*) as articles from articles group by site order by articles desc"
PER_DAY_SQL = """select published_date, site, count(*) from articles
where published_date >= :first and (:site = '' or site = :site) {match}
group by published_date, site"""
# The unary + keeps SQLite from looking up every match's row (1.0 s for a word in 250,000 articles): the
# matches' rowids are gathered once and the day's covering index is read against them.
MATCH_SQL = "and +rowid in (select rowid from articles_fts where articles_fts match abplive_match(:q))"


@hookimpl(trylast=True)
def prepare_connection(conn: sqlite3.Connection) -> None:
    """``abplive_match(q)``: any typed text as an FTS5 query, each word expanded to its indexed spellings
    (``crawler.search``), for the search results page, its JSON and trends. The articles table's own search
    box matches words as typed and links to the results page (expanded there, a word in a quarter of a
    million articles took 2.0 s instead of 1.0: Datasette counts matches row by row; make bench-archive);
    Datasette's ``escape_fts`` is replaced (trylast: after its own) so that any text is a query there too."""

    def match(text: str | None) -> str:
        return search_match(conn, text)

    conn.create_function("abplive_match", 1, match)
    conn.create_function("escape_fts", 1, as_typed)


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


@hookimpl
def extra_template_vars(template: str, database: str | None, datasette: Any) -> Any:
    if template != "database.html" or not database:
        return {}

    async def front_page() -> dict[str, Any]:
        db = datasette.get_database(database)
        if not await db.table_exists("articles"):
            return {"archive": None}
        newest = await db.execute(NEWEST_SQL, {"limit": NEWEST})
        sites = await db.execute(PER_SITE_SQL)
        return {"archive": {"newest": list(newest.rows), "sites": list(sites.rows)}}

    return front_page


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/(?P<database>[^/]+)/-/trends$", trends)]


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
        "chart": per_day_svg(dict(sorted(counts.items())), days, title),
        "title": title,
        "error": error,
    }
    return Response.html(await datasette.render_template("trends.html", context, request=request))
