"""An export of the archive as Parquet shards, ``DIR/data/<language>/<site>-<YYYY-MM>-<n>.parquet``, and
again into the same folder incrementally: only the groups (a site's month) with a new, edited or removed
article, or whose duplicate marks changed, are written again; removed articles are listed in
``DIR/tombstones.parquet``; the card (``DIR/README.md``) is made anew from the counts of every group."""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, as_completed, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from crawler.export.card import write_card
from crawler.export.columns import SCHEMA, article_id, dataset_table, language_text, row_id
from crawler.export.fingerprints import RowMarks, row_marks
from crawler.export.language import detect
from crawler.export.source import ROW_COLUMNS, Group, Part, change_mark, changed_groups, groups, part_rows
from crawler.export.workers import worker_pool
from crawler.reporting.progress import Progress

ROW_GROUP = 10_000  # rows a row group holds: what a reader takes at once
STATE = ".state"
STATE_JSON = "export.json"  # DIR/.state/export.json: what the last whole export wrote, and since when
_VERSION, _COUNT, _TITLE, _BODY, _LANGUAGE = (
    ROW_COLUMNS.index(name) for name in ("version", "version_count", "title", "body", "language")
)


@dataclass
class Result:
    rows: int = 0
    shards: int = 0
    groups: int = 0
    removed: int = 0
    duplicates: int = 0  # rows in a cluster of two or more, but its first
    mismatched: int = 0  # rows whose text is not their site's language
    seconds: float = 0.0
    counts: dict[str, dict[str, Any]] = field(default_factory=dict)  # group name -> its card figures


def export(
    db: Path, out: Path, versions: bool = False, drop_duplicates: bool = False, workers: int = 1
) -> Result:
    """Export the archive at ``db`` into ``out`` (incrementally when ``out`` holds an export made with the
    same options), fingerprinting texts and writing groups with ``workers`` processes."""
    started = time.perf_counter()
    claim_folder(out)
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    state = _load_state(out)
    options = {"versions": versions, "drop_duplicates": drop_duplicates}
    full = state is None or state.get("options") != options
    present = groups(conn)
    dirty = set(present) if full else changed_groups(conn, state["since"]) & set(present)
    gone = set() if full else {name for name in state["groups"] if name not in {g.name for g in present}}
    marks = row_marks(db, conn, out / STATE, versions, fresh=full, workers=workers)
    dirty |= {group for group in present if group.name in marks.changed_groups}
    result = Result(counts={} if full else {k: v for k, v in state["groups"].items() if k not in gone})
    for path in _own_shards(out):
        # Left by an interrupted export (.partial), or of an export made anew: the user's files stay.
        if full or path.suffix == ".partial":
            path.unlink()
    for name in gone:
        _remove_group_files(out, name)
    parts = {group: marks.parts(group) for group in sorted(dirty)}
    # Each part's marks are looked up as it is handed out: all of them at once hold every row's key.
    work = ((part, present[group], marks.of_rows(rows)) for group, its in parts.items() for part, rows in its)
    unwritten = {group: len(its) for group, its in parts.items()}
    so_far: dict[Group, dict[str, Any]] = {}
    with Progress("export", len(dirty), "group") as progress:
        for part, written in _written(db, out, work, versions, drop_duplicates, workers):
            group = part.group
            so_far[group] = _added(so_far[group], written) if group in so_far else written
            unwritten[group] -= 1
            if unwritten[group]:
                continue
            figures = so_far.pop(group)
            _put_in_place(out, group, present[group], len(parts[group]))
            result.counts[group.name] = figures
            result.rows += figures["rows"]
            result.shards += figures["shards"]
            result.duplicates += figures["duplicates"]
            result.mismatched += figures["mismatched"]
            progress.update(1, rows=result.rows, shards=result.shards)
    result.groups = len(dirty)
    result.removed = _write_tombstones(conn, out)
    write_card(out, result.counts, options)
    _save_state(out, {"since": change_mark(conn), "options": options, "groups": result.counts})
    conn.close()
    result.seconds = time.perf_counter() - started
    return result


Work = Iterable[tuple[Part, str, dict[str, RowMarks]]]  # each part, its site's language, its rows' marks


def _written(
    db: Path, out: Path, work: Work, versions: bool, drop: bool, workers: int
) -> Iterator[tuple[Part, dict[str, Any]]]:
    """(part, its figures) as each part's shard is written, by ``workers`` processes (one: this one)."""
    if workers <= 1:
        _open_source(db)
        for part, language, marks in work:
            yield part, _write_part(_SOURCE[0], out, part, language, versions, drop, marks)
        return
    with worker_pool(workers, _open_source, (db,)) as pool:
        pending: dict[Future[dict[str, Any]], Part] = {}
        for part, language, marks in work:
            pending[pool.submit(_write_in_worker, out, part, language, versions, drop, marks)] = part
            if len(pending) >= 2 * workers:  # at most two parts a worker in flight: memory stays flat
                done, _ = wait(pending, return_when=FIRST_COMPLETED)
                yield from ((pending.pop(future), future.result()) for future in done)
        for future in as_completed(pending):
            yield pending[future], future.result()


# The archive, read-only, as each writing process opened it.
_SOURCE: list[sqlite3.Connection] = []


def _open_source(db: Path) -> None:
    _SOURCE[:] = [sqlite3.connect(f"file:{db}?mode=ro", uri=True)]


def _write_in_worker(
    out: Path, part: Part, language: str, versions: bool, drop: bool, marks: dict[str, RowMarks]
) -> dict[str, Any]:
    return _write_part(_SOURCE[0], out, part, language, versions, drop, marks)


def _write_part(
    conn: sqlite3.Connection, out: Path, part: Part, language: str, versions: bool, drop: bool,
    marks: dict[str, RowMarks],
) -> dict[str, Any]:  # fmt: skip
    """One part's shard, written under a temporary name (``_put_in_place`` puts a group's in place of its
    old ones), a row group of ``ROW_GROUP`` rows at a time, made of the chunks read (each made Arrow columns
    as it is read: a row group's rows are never held as Python objects all at once); its figures."""
    group = part.group
    folder = out / "data" / language
    folder.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {
        "site": group.site, "language": language, "month": group.month, "rows": 0, "shards": 0,
        "duplicates": 0, "mismatched": 0, "first": None, "last": None,
    }  # fmt: skip
    writer: pq.ParquetWriter | None = None
    tables: list[pa.Table] = []  # read since the last row group was written, as Arrow (the rows let go)

    def write(rows: int) -> None:
        nonlocal writer, tables
        if writer is None:
            path = folder / f"{group.name}-{part.number}.parquet.partial"
            writer, figures["shards"] = pq.ParquetWriter(path, SCHEMA, compression="zstd"), 1
        table = pa.concat_tables(tables)
        writer.write_table(table.slice(0, rows), row_group_size=ROW_GROUP)
        tables = [table.slice(rows)] if rows < table.num_rows else []

    for chunk in part_rows(conn, part, versions):
        table = _marked_table(chunk, marks, drop)
        del chunk  # before the next is read
        if table is not None:
            tables.append(table)
            _count(table, figures)
        if sum(held.num_rows for held in tables) >= ROW_GROUP:
            write(ROW_GROUP)
    if tables:
        write(sum(held.num_rows for held in tables))
    if writer is not None:
        writer.close()
    return figures


def _put_in_place(out: Path, group: Group, language: str, parts: int) -> None:
    """A group's new shards (its parts' written) in place of its old ones."""
    _remove_group_files(out, group.name)
    for number in range(parts):
        path = out / "data" / language / f"{group.name}-{number}.parquet.partial"
        if path.is_file():
            path.replace(path.with_suffix(""))


def _added(figures: dict[str, Any], more: dict[str, Any]) -> dict[str, Any]:
    """A group's figures with another part's added."""
    summed = {name: figures[name] + more[name] for name in ("rows", "shards", "duplicates", "mismatched")}
    ends = {
        "first": min((at for at in (figures["first"], more["first"]) if at), default=None),
        "last": max((at for at in (figures["last"], more["last"]) if at), default=None),
    }
    return figures | summed | ends


def _marked_table(chunk: list[tuple[Any, ...]], marks: dict[str, RowMarks], drop: bool) -> pa.Table | None:
    """A chunk's rows with their id and marks, as the dataset's table (None: every row dropped)."""
    unmarked = _marks_of_rows_new_since(chunk, marks)
    marked = []
    for row in chunk:
        key = _key(row)
        own_id = row_id(key)
        cluster, size, *checked = marks.get(key) or unmarked[key]
        if not drop or cluster == own_id:
            marked.append((own_id, cluster, size, *checked, *row))
    return dataset_table(marked) if marked else None


def _marks_of_rows_new_since(rows: list[tuple[Any, ...]], marks: dict[str, RowMarks]) -> dict[str, RowMarks]:
    """The marks of rows stored after the marks were made (a crawl writing meanwhile): each its own cluster,
    its language checked here."""
    new = [row for row in rows if _key(row) not in marks]
    if not new:
        return {}
    texts = [language_text(row[_TITLE], row[_BODY]) for row in new]
    checked = zip(*detect(texts, [row[_LANGUAGE] for row in new]), strict=True)
    return {_key(row): (row_id(_key(row)), 1, *answer) for row, answer in zip(new, checked, strict=True)}


def _key(row: tuple[Any, ...]) -> str:
    return row[0] if row[_VERSION] == row[_COUNT] else f"{row[0]}#{row[_VERSION]}"


def _count(table: pa.Table, figures: dict[str, Any]) -> None:
    """Add a written table's rows, duplicates, rows not in their site's language and publication range."""
    figures["rows"] += table.num_rows
    figures["duplicates"] += pc.sum(pc.not_equal(table["duplicate_cluster"], table["id"])).as_py() or 0
    figures["mismatched"] += pc.sum(table["language_mismatch"]).as_py() or 0
    published = table["published_at"].filter(pc.not_equal(table["published_at"], ""))
    if len(published) and published.null_count < len(published):
        low, high = pc.min_max(published).values()
        figures["first"] = min(figures["first"] or low.as_py(), low.as_py())
        figures["last"] = max(figures["last"] or high.as_py(), high.as_py())


def _remove_group_files(out: Path, name: str) -> None:
    for path in (out / "data").glob(f"*/{name}-*.parquet"):
        if path.name[len(name) + 1 : -len(".parquet")].isdigit():
            path.unlink()


class ExportError(Exception):
    """The export cannot go ahead; the message says why, in one line."""


OWNER = "owner"  # DIR/.state/owner: the folder is an export of this crawler's archive


def claim_folder(out: Path) -> None:
    """Make sure ``out`` is this export's to write: a new or empty folder is marked as an export's (before
    anything else is written, so an interrupted first export is known as one); a folder an export marked
    (or, before the mark, one holding an export's state) is taken as it is; any other is refused with an
    ``ExportError``, nothing written. Inside it, only the export's own files are ever replaced or removed."""
    marker = out / STATE / OWNER
    if marker.is_file():
        return
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out} is a file, not a folder: give --out a new or empty folder")
    if out.is_dir() and not (out / STATE / STATE_JSON).is_file():
        found = sorted(path.name for path in out.iterdir())
        if found:
            shown = ", ".join(found[:4]) + (", …" if len(found) > 4 else "")
            raise ExportError(
                f"{out} holds files that no export of this crawler wrote ({shown}): nothing was written; "
                "give --out a new or empty folder, or the folder of an earlier export"
            )
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.write_text("abplive-crawler export\n", encoding="utf-8")


_SHARD_NAME = re.compile(r"^.+-\d{4}-\d{2}-\d+\.parquet(\.partial)?$")  # <site>-<YYYY-MM>-<n>.parquet


def _own_shards(out: Path) -> list[Path]:
    """The shards (and shards half-written) an export wrote in ``out``'s ``data/<language>/`` folders."""
    return [path for path in (out / "data").glob("*/*.parquet*") if _SHARD_NAME.match(path.name)]


def _write_tombstones(conn: sqlite3.Connection, out: Path) -> int:
    rows = conn.execute("select url, site, removed_at from articles where removed = 1").fetchall()
    table = pa.table(
        {"id": [article_id(url) for url, _, _ in rows], "url": [url for url, _, _ in rows],
         "site": [site for _, site, _ in rows], "removed_at": [at for _, _, at in rows]},
        schema=pa.schema([(name, pa.string()) for name in ("id", "url", "site", "removed_at")]),
    )  # fmt: skip
    pq.write_table(table, out / "tombstones.parquet", compression="zstd")
    return len(rows)


def _load_state(out: Path) -> dict[str, Any] | None:
    path = out / STATE / STATE_JSON
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _save_state(out: Path, state: dict[str, Any]) -> None:
    (out / STATE).mkdir(parents=True, exist_ok=True)
    (out / STATE / STATE_JSON).write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")
