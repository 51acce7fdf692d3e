"""What an export reads from the archive: its groups (site and month of publication), a group's rows with
their text, through the newest-first index (no sort, no scan of the table per group), and what changed since
an earlier export."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from crawler.storage.article_texts import TABLE as TEXTS
from crawler.storage.articles import newest_first

# The month an article belongs to: of its publication, else of when it was first seen (as newest_first).
MONTH = "coalesce(substr(articles.published_at, 1, 7), substr(articles.first_seen_at, 1, 7), '1970-01')"
CHUNK = 2_000


@dataclass(frozen=True, order=True)
class Group:
    """One site's articles of one month: the unit an export writes (``<site>-<month>-<n>.parquet``)."""

    site: str
    month: str

    @property
    def name(self) -> str:
        return f"{self.site}-{self.month}"


def groups(conn: sqlite3.Connection) -> dict[Group, str]:
    """Every group of the archive's live articles, with its site's language."""
    rows = conn.execute(
        f"select site, {MONTH}, max(language) from articles where removed = 0 group by site, {MONTH}"
    )
    return {Group(site, month): language for site, month, language in rows}


def changed_groups(conn: sqlite3.Connection, since: str) -> set[Group]:
    """The groups with an article new, edited or removed since ``since`` (an archive time)."""
    rows = conn.execute(
        f"select distinct site, {MONTH} from articles where last_changed_at > ? "
        f"union select distinct site, {MONTH} from articles where removed_at > ?",
        [since, since],
    )
    return {Group(site, month) for site, month in rows}


def change_mark(conn: sqlite3.Connection) -> str:
    """The latest change the archive holds: an export is up to date with it."""
    (changed,) = conn.execute("select max(last_changed_at) from articles").fetchone()
    (removed,) = conn.execute("select max(removed_at) from articles where removed_at is not null").fetchone()
    return max(changed or "", removed or "")


def group_rows(conn: sqlite3.Connection, group: Group, versions: bool) -> Iterator[dict[str, Any]]:
    """The group's live articles with their text, newest first; with ``versions``, each earlier version
    after its article, as a row of its own."""
    conn.row_factory = sqlite3.Row
    query = _group_query(conn, group, f"articles.*, {TEXTS}.summary, {TEXTS}.body")
    while chunk := query.fetchmany(CHUNK):
        rows = [dict(row) for row in chunk]
        yield from rows if not versions else _with_versions(conn, rows)


def group_texts(conn: sqlite3.Connection, group: Group, versions: bool) -> Iterator[tuple[str, str | None]]:
    """(key, body) of the group's rows as ``group_rows`` gives them, reading nothing else: the key is the URL
    for an article's latest version, ``URL#version`` for an earlier one (with ``versions``)."""
    query = _group_query(conn, group, f"articles.url, articles.version_count, {TEXTS}.body")
    while chunk := query.fetchmany(CHUNK):
        edited = [url for url, count, _ in chunk if versions and (count or 1) > 1]
        earlier: dict[str, list[tuple[int, str | None]]] = {}
        for first in range(0, len(edited), 500):
            part = edited[first : first + 500]
            for url, version, body in conn.execute(
                f"select url, version, body from article_versions where url in ({','.join('?' * len(part))}) "
                "order by url, version",
                part,
            ):
                earlier.setdefault(url, []).append((version, body))
        for url, count, body in chunk:
            yield url, body
            for version, text in earlier.get(url, []):
                if version < (count or 1):
                    yield f"{url}#{version}", text


def _group_query(conn: sqlite3.Connection, group: Group, columns: str) -> sqlite3.Cursor:
    """``columns`` of the group's live articles joined to their text, newest first, through the
    newest-first index."""
    low, high = _newest_first_bounds(group.month)
    where = f"articles.site = ? and articles.newest_first between ? and ? and {MONTH} = ? and removed = 0"
    return conn.execute(
        f"select {columns} from articles left join {TEXTS} on {TEXTS}.id = articles.rowid "
        f"where {where} order by newest_first, url",
        [group.site, low, high, group.month],
    )


def _with_versions(conn: sqlite3.Connection, rows: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    edited = [row["url"] for row in rows if (row["version_count"] or 1) > 1]
    earlier: dict[str, list[dict[str, Any]]] = {}
    if edited:
        marks = ",".join("?" * len(edited))
        for version in conn.execute(
            f"select * from article_versions where url in ({marks}) order by url, version", edited
        ):
            earlier.setdefault(version["url"], []).append(dict(version))
    for row in rows:
        yield row
        for version in earlier.get(row["url"], []):
            if version["version"] < (row["version_count"] or 1):
                yield row | version | {"version": version["version"]}


def _newest_first_bounds(month: str) -> tuple[float, float]:
    """The ``newest_first`` range that holds a month (a day's margin each side: the key is in UTC, the
    month in the page's own time)."""
    first = date.fromisoformat(f"{month}-01")
    following = (first + timedelta(days=32)).replace(day=1)
    after, before = following + timedelta(days=2), first - timedelta(days=2)
    return newest_first(after.isoformat(), None), newest_first(before.isoformat(), None)


def texts_of(conn: sqlite3.Connection, urls: list[str]) -> Iterator[tuple[str, str, str, str]]:
    """(url, language, content_hash, body) of these articles, read in chunks."""
    for first in range(0, len(urls), CHUNK):
        chunk = urls[first : first + CHUNK]
        yield from conn.execute(
            f"select articles.url, articles.language, articles.content_hash, {TEXTS}.body from articles "
            f"left join {TEXTS} on {TEXTS}.id = articles.rowid "
            f"where articles.url in ({','.join('?' * len(chunk))})",
            chunk,
        )
