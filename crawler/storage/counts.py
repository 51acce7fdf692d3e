"""Counts the archive keeps as it is written: ``authors`` (one row per site and byline: its number of
articles, first and latest day) and ``sections`` (per site and section: its number of articles). The store
counts each batch's new articles in (``count_new``); triggers on ``articles`` follow every edit that moves
an article to another byline, section, site or day and every delete, whoever makes it.

The reader's pages that count the whole archive or a site by author, section or site (the front page's
per-site counts, the articles table's facets, the canned ``articles_by_author``) read these few thousand rows;
counting them from ``articles`` walks an index of every article (0.2–0.8 s at a million articles,
docs/benchmarks.md). An article without a byline (or section) counts under a null, as ``group by`` counts it.
"""

from __future__ import annotations

from typing import Any

from sqlite_utils import Database

# Table -> the articles column it counts per site.
KEPT_COUNTS = {"authors": "author", "sections": "section"}
# Tables that also keep each row's first and latest day: read again, when an article holding one is counted
# out, through the (author, published_date, site) index.
WITH_DAYS = {"authors"}


def _create(table: str, column: str) -> list[str]:
    days = ", first_day text, latest_day text" if table in WITH_DAYS else ""
    # A unique index, not a primary key: SQL treats each null as distinct, so the triggers find a site's
    # null row with ``is`` and keep one row for it.
    return [
        f"create table if not exists {table} (site text, {column} text, articles integer not null{days})",
        f"create unique index if not exists {table}_site_{column} on {table} (site, {column})",
    ]


def _columns(table: str, column: str) -> str:
    return f"site, {column}, articles" + (", first_day, latest_day" if table in WITH_DAYS else "")


def _count_in(table: str, column: str, site: str, value: str, n: str, first: str, latest: str) -> str:
    """Statements counting ``n`` articles of a site's byline (or section) in, their days from ``first`` to
    ``latest``: SQL expressions, a row's (``new.site``) or parameters (``:site``)."""
    key = f"site is {site} and {column} is {value}"
    sets, values = f"articles = articles + {n}", f"{site}, {value}, {n}"
    if table in WITH_DAYS:
        sets += (
            f", first_day = min(coalesce(first_day, {first}), coalesce({first}, first_day))"
            f", latest_day = max(coalesce(latest_day, {latest}), coalesce({latest}, latest_day))"
        )
        values += f", {first}, {latest}"
    return f"""
    update {table} set {sets} where {key};
    insert into {table} ({_columns(table, column)})
    select {values} where not exists (select 1 from {table} where {key});
    """


def _row_in(table: str, column: str, row: str) -> str:
    day = f"{row}.published_date"
    return _count_in(table, column, f"{row}.site", f"{row}.{column}", "1", day, day)


def _count_out(table: str, column: str, row: str) -> str:
    """Statements counting the article ``row`` out: the last article of a site's byline takes its row with
    it; the first or latest day is read again when the row held it."""
    key = f"site is {row}.site and {column} is {row}.{column}"
    out = f"""
    delete from {table} where {key} and articles <= 1;
    update {table} set articles = articles - 1 where {key};
    """
    if table not in WITH_DAYS:
        return out
    same = f"from articles where {column} is {row}.{column} and site is {row}.site"
    return f"""{out}
    update {table} set
        first_day = (select min(published_date) {same}), latest_day = (select max(published_date) {same})
    where {key} and ({row}.published_date = first_day or {row}.published_date = latest_day);
    """


def _triggers(table: str, column: str) -> dict[str, str]:
    moved = f"old.site is not new.site or old.{column} is not new.{column}"
    if table in WITH_DAYS:
        moved += " or old.published_date is not new.published_date"
    return {
        f"{table}_article_deleted": f"after delete on articles begin {_count_out(table, column, 'old')} end",
        # The store's upsert of an edited article sets every column: the when clause keeps it free.
        f"{table}_article_moved": (
            f"after update on articles when {moved} "
            f"begin {_count_out(table, column, 'old')} {_row_in(table, column, 'new')} end"
        ),
    }


def count_new(db: Database, rows: list[dict[str, Any]]) -> None:
    """Count articles just inserted into ``articles`` in (inside the caller's transaction): their sites'
    bylines and sections, a statement pair per one of them. Not a trigger: any trigger on ``articles``
    makes each insert keep a statement journal of the ~20 index pages it changes, spilled to a temporary
    file (a no-op trigger alone took an insert into a 50,000-article archive from 56 to 120 µs)."""
    for table, column in KEPT_COUNTS.items():
        groups: dict[tuple[Any, Any], dict[str, Any]] = {}
        for row in rows:
            day = row.get("published_date")
            group = groups.setdefault(
                (row.get("site"), row.get(column)),
                {"site": row.get("site"), "value": row.get(column), "n": 0, "first": day, "latest": day},
            )
            group["n"] += 1
            if day is not None:
                group["first"] = min(group["first"] or day, day)
                group["latest"] = max(group["latest"] or day, day)
        statements = _count_in(table, column, ":site", ":value", ":n", ":first", ":latest")
        params = list(groups.values())
        for statement in statements.split(";"):
            if statement.strip():
                db.conn.executemany(statement, params)


def ensure_counts_schema(db: Database) -> None:
    """The tables and their triggers; an archive that lacks a table has it counted from ``articles`` once
    (6 s at a million articles), in the transaction that creates its triggers."""
    for table, column in KEPT_COUNTS.items():
        with db.conn:
            new = not db.table(table).exists()
            for statement in _create(table, column):
                db.execute(statement)
            if new:
                days = ", min(published_date), max(published_date)" if table in WITH_DAYS else ""
                db.execute(
                    f"insert into {table} ({_columns(table, column)}) "
                    f"select site, {column}, count(*){days} from articles group by site, {column}"
                )
            # Archives written at 64fe9be counted new rows by a trigger too.
            db.execute(f"drop trigger if exists {table}_article_added")
            for name, body in _triggers(table, column).items():
                db.execute(f"create trigger if not exists {name} {body}")
