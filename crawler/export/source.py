"""What an export reads from the archive: its groups (site and month of publication), a part of a group's
rows with their text, through the newest-first index (no sort, no scan of the table per group), and what
changed since an earlier export."""

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
CHUNK = 2_000  # rows read at once (~16 MB of text for ~2,600-character Devanagari bodies)
PART_ROWS = 100_000  # rows a part holds, about (an article's versions are never parted): one shard of a group


@dataclass(frozen=True, order=True)
class Group:
    """One site's articles of one month: the unit an export writes (``<site>-<month>-<n>.parquet``)."""

    site: str
    month: str

    @property
    def name(self) -> str:
        return f"{self.site}-{self.month}"


Bound = tuple[float, str]  # an article's place in a group's order: (newest_first, url)


@dataclass(frozen=True, order=True)
class Part:
    """A run of a group's rows in its newest-first order: those after ``after`` up to ``upto`` (None: from the
    group's start, to its end); the unit a worker reads, and shard ``<site>-<month>-<number>``. A group of at
    most ``PART_ROWS`` rows is one part."""

    group: Group
    number: int = 0
    after: Bound | None = None
    upto: Bound | None = None


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


# What a group's rows are read as, in this order: the dataset's columns less those the export adds.
ROW_COLUMNS = (
    "url", "site", "language", "kind", "title", "summary", "body", "author", "section", "tags",
    "published_at", "modified_at", "first_seen_at", "version", "version_count", "word_count", "content_hash",
    "source", "capture_id",
)  # fmt: skip
_SELECT = (
    f"articles.url, site, language, kind, articles.title, {TEXTS}.summary, cast({TEXTS}.body as blob), "
    "author, section, tags, published_at, modified_at, first_seen_at, coalesce(version_count, 1), "
    "coalesce(version_count, 1), word_count, content_hash, source, capture_id"
)
# What an earlier version has of its own (the rest is its article's).
_OF_VERSION = ("title", "summary", "body", "modified_at", "content_hash", "source", "capture_id")
_OF_VERSION_SELECT = ", ".join("cast(body as blob)" if name == "body" else name for name in _OF_VERSION)
_PLACES = [ROW_COLUMNS.index(name) for name in _OF_VERSION]
_URL, _BODY, _VERSION, _COUNT, _WORDS = (
    ROW_COLUMNS.index(name) for name in ("url", "body", "version", "version_count", "word_count")
)


def part_rows(conn: sqlite3.Connection, part: Part, versions: bool) -> Iterator[list[tuple[Any, ...]]]:
    """The part's live articles with their text, newest first, a chunk at a time, as tuples of
    ``ROW_COLUMNS`` (``version`` is the latest's: ``version_count``; the body as UTF-8 bytes, for Arrow to
    take as they are); with ``versions``, each earlier version after its article, as a row of its own."""
    query = _part_query(conn, part, _SELECT)
    while chunk := query.fetchmany(CHUNK):
        yield chunk if not versions else list(_with_versions(conn, chunk))


def part_texts(
    conn: sqlite3.Connection, part: Part, versions: bool
) -> Iterator[tuple[str, str | None, bytes | None]]:
    """(key, title, body as UTF-8) of the part's rows as ``part_rows`` gives them, reading nothing else: the
    key is the URL for an article's latest version, ``URL#version`` for an earlier one (with ``versions``).
    Bodies are read as bytes (SQLite's cast, no copy): no string object is made for them."""
    columns = f"articles.url, coalesce(version_count, 1), articles.title, cast({TEXTS}.body as blob)"
    query = _part_query(conn, part, columns)
    while chunk := query.fetchmany(CHUNK):
        edited = [url for url, count, _, _ in chunk if versions and count > 1]
        earlier = _earlier(conn, edited, "title, cast(body as blob)")
        for url, count, title, body in chunk:
            yield url, title, body
            yield from ((f"{url}#{n}", *own) for n, *own in earlier.get(url, []) if n < count)


def _with_versions(conn: sqlite3.Connection, rows: list[tuple[Any, ...]]) -> Iterator[tuple[Any, ...]]:
    earlier = _earlier(conn, [row[_URL] for row in rows if row[_COUNT] > 1], _OF_VERSION_SELECT)
    for row in rows:
        yield row
        for version, *own in earlier.get(row[_URL], []):
            if version < row[_COUNT]:
                values = list(row)
                for place, value in zip(_PLACES, own, strict=True):
                    values[place] = value
                values[_VERSION], values[_WORDS] = version, len((values[_BODY] or b"").decode().split())
                yield tuple(values)


def _earlier(conn: sqlite3.Connection, urls: list[str], columns: str) -> dict[str, list[tuple[Any, ...]]]:
    """URL -> (version, *columns) of each of its rows in ``article_versions``, oldest first."""
    found: dict[str, list[tuple[Any, ...]]] = {}
    for first in range(0, len(urls), 500):
        part = urls[first : first + 500]
        marks = ",".join("?" * len(part))
        query = f"select url, version, {columns} from article_versions where url in ({marks})"
        for url, *values in conn.execute(f"{query} order by url, version", part):
            found.setdefault(url, []).append(tuple(values))
    return found


def _part_query(conn: sqlite3.Connection, part: Part, columns: str) -> sqlite3.Cursor:
    """``columns`` of the part's live articles joined to their text, newest first, through the
    newest-first index."""
    low, high = _newest_first_bounds(part.group.month)
    where = f"articles.site = ? and articles.newest_first between ? and ? and {MONTH} = ? and removed = 0"
    values: list[Any] = [part.group.site, low, high, part.group.month]
    if part.after is not None:
        where += " and (articles.newest_first, articles.url) > (?, ?)"
        values += part.after
    if part.upto is not None:
        where += " and (articles.newest_first, articles.url) <= (?, ?)"
        values += part.upto
    return conn.execute(
        f"select {columns} from articles left join {TEXTS} on {TEXTS}.id = articles.rowid "
        f"where {where} order by newest_first, url",
        values,
    )


def _newest_first_bounds(month: str) -> tuple[float, float]:
    """The ``newest_first`` range that holds a month (a day's margin each side: the key is in UTC, the
    month in the page's own time)."""
    first = date.fromisoformat(f"{month}-01")
    following = (first + timedelta(days=32)).replace(day=1)
    after, before = following + timedelta(days=2), first - timedelta(days=2)
    return newest_first(after.isoformat(), None), newest_first(before.isoformat(), None)
