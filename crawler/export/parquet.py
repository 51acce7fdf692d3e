"""An export of the archive as Parquet shards, ``DIR/data/<language>/<site>-<YYYY-MM>-<n>.parquet``, and
again into the same folder incrementally: only the groups (a site's month) with a new, edited or removed
article, or whose duplicate marks changed, are written again; removed articles are listed in
``DIR/tombstones.parquet``; the card (``DIR/README.md``) is made anew from the counts of every group."""

from __future__ import annotations

import json
import shutil
import sqlite3
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from crawler.export.card import write_card
from crawler.export.columns import SCHEMA, article_id, dataset_row
from crawler.export.dedup import PERMUTATIONS, clusters, fingerprint
from crawler.export.language import detect
from crawler.export.source import Group, change_mark, changed_groups, group_rows, groups, texts_of
from crawler.reporting.progress import Progress

SHARD_ROWS = 100_000  # rows a shard holds at most (~100 MB of zstd Parquet for ~3 KB bodies)
ROW_GROUP = 10_000  # rows a row group holds: what a reader takes at once
STATE = ".state"
FINGERPRINTS = pa.schema(
    [("key", pa.string()), ("content_hash", pa.string()), ("exact", pa.uint64()),
     ("signature", pa.list_(pa.uint32(), PERMUTATIONS)), ("cluster", pa.string()), ("size", pa.int32())]
)  # fmt: skip


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


def export(db: Path, out: Path, versions: bool = False, drop_duplicates: bool = False) -> Result:
    started = time.perf_counter()
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    state = _load_state(out)
    options = {"versions": versions, "drop_duplicates": drop_duplicates}
    full = state is None or state.get("options") != options
    present = groups(conn)
    dirty = set(present) if full else changed_groups(conn, state["since"]) & set(present)
    gone = set() if full else {name for name in state["groups"] if name not in {g.name for g in present}}
    marks, changed_marks = _duplicate_marks(conn, out, versions, None if full else state)
    dirty |= {group for group in present if group.name in changed_marks}
    result = Result(counts={} if full else {k: v for k, v in state["groups"].items() if k not in gone})
    if full and (out / "data").exists():
        shutil.rmtree(out / "data")
    for name in gone:
        _remove_group_files(out, name)
    with Progress("export", len(dirty), "group") as progress:
        for group in sorted(dirty):
            figures = _write_group(conn, out, group, present[group], versions, drop_duplicates, marks)
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


def _duplicate_marks(
    conn: sqlite3.Connection, out: Path, versions: bool, state: dict[str, Any] | None
) -> tuple[dict[str, tuple[str, int]], set[str]]:
    """Each row's (cluster id, cluster size), and the groups whose rows' marks changed since the last export.
    Fingerprints are kept between exports: only new and edited texts are read."""
    items = _dedup_items(conn, versions)
    cached = _cached_fingerprints(out) if state is not None else {}
    need = [item for item in items if cached.get(item["key"], (None,))[0] != item["content_hash"]]
    fresh: dict[str, tuple[int, list[int]]] = {}
    with Progress("fingerprints", len(need), "text", unit_scale=True) as progress:
        for key, body in _texts(conn, need):
            fresh[key] = fingerprint(body)
            progress.update(1)
    count = len(items)
    exact = np.zeros(count, dtype=np.uint64)
    signatures = np.zeros((count, PERMUTATIONS), dtype=np.uint32)
    for index, item in enumerate(items):
        found = fresh.get(item["key"]) or cached[item["key"]][1:3]
        exact[index], signatures[index] = found[0], found[1]
    found_clusters = clusters([item["language"] for item in items], exact, signatures,
                              [item["published"] for item in items])  # fmt: skip
    marks = {
        item["key"]: (items[found_clusters.representative[index]]["id"], int(found_clusters.size[index]))
        for index, item in enumerate(items)
    }
    changed = {
        item["group"] for item in items if cached.get(item["key"], (None,) * 5)[3:5] != marks[item["key"]]
    }
    _save_fingerprints(out, items, exact, signatures, marks)
    return marks, changed


def _dedup_items(conn: sqlite3.Connection, versions: bool) -> list[dict[str, Any]]:
    from crawler.export.source import MONTH

    rows = conn.execute(
        f"select url, site, language, content_hash, coalesce(published_at, first_seen_at), {MONTH}, "
        "version_count from articles where removed = 0"
    ).fetchall()
    items = [
        {"key": url, "id": article_id(url), "language": language, "content_hash": content_hash,
         "published": published, "group": f"{site}-{month}", "version": None}
        for url, site, language, content_hash, published, month, _ in rows
    ]  # fmt: skip
    if versions:
        for url, version, site, language, content_hash, published, month in conn.execute(
            f"select v.url, v.version, articles.site, articles.language, v.content_hash, "
            f"coalesce(articles.published_at, articles.first_seen_at), {MONTH} from article_versions v "
            "join articles on articles.url = v.url "
            "where articles.removed = 0 and v.version < articles.version_count"
        ):
            items.append(
                {"key": f"{url}#{version}", "id": f"{article_id(url)}-v{version}", "language": language,
                 "content_hash": content_hash, "published": published, "group": f"{site}-{month}",
                 "version": version}
            )  # fmt: skip
    return items


def _texts(conn: sqlite3.Connection, items: list[dict[str, Any]]) -> Any:
    latest = [item["key"] for item in items if item["version"] is None]
    for url, _, _, body in texts_of(conn, latest):
        yield url, body
    for item in (item for item in items if item["version"] is not None):
        url, version = item["key"].rsplit("#", 1)
        (body,) = conn.execute(
            "select body from article_versions where url = ? and version = ?", [url, int(version)]
        ).fetchone()
        yield item["key"], body


def _write_group(
    conn: sqlite3.Connection, out: Path, group: Group, language: str, versions: bool, drop: bool,
    marks: dict[str, tuple[str, int]],
) -> dict[str, Any]:  # fmt: skip
    """One group's shards, written whole under temporary names, then put in place of the old ones."""
    folder = out / "data" / language
    folder.mkdir(parents=True, exist_ok=True)
    figures: dict[str, Any] = {
        "site": group.site, "language": language, "month": group.month, "rows": 0, "shards": 0,
        "duplicates": 0, "mismatched": 0, "first": None, "last": None,
    }  # fmt: skip
    parts: list[Path] = []
    writer: pq.ParquetWriter | None = None
    in_part = 0
    batch: list[dict[str, Any]] = []

    def write(rows: list[dict[str, Any]]) -> None:
        nonlocal writer, in_part
        if writer is None or in_part + len(rows) > SHARD_ROWS:
            if writer is not None:
                writer.close()
            parts.append(folder / f"{group.name}-{len(parts)}.parquet.partial")
            writer, in_part = pq.ParquetWriter(parts[-1], SCHEMA, compression="zstd"), 0
        _add_languages(rows, figures)
        writer.write_table(pa.Table.from_pylist(rows, schema=SCHEMA), row_group_size=ROW_GROUP)
        in_part += len(rows)
        figures["rows"] += len(rows)

    for row in group_rows(conn, group, versions):
        record = dataset_row(row)
        latest = record["version"] == record["version_count"]
        cluster, size = marks.get(
            row["url"] if latest else f"{row['url']}#{record['version']}", (record["id"], 1)
        )
        if drop and cluster != record["id"]:
            continue
        record["duplicate_cluster"], record["duplicate_cluster_size"] = cluster, size
        figures["duplicates"] += cluster != record["id"]
        published = record["published_at"]
        if published:
            figures["first"] = min(figures["first"] or published, published)
            figures["last"] = max(figures["last"] or published, published)
        batch.append(record)
        if len(batch) == ROW_GROUP:
            write(batch)
            batch = []
    if batch:
        write(batch)
    if writer is not None:
        writer.close()
    _remove_group_files(out, group.name)
    for path in parts:
        path.replace(path.with_suffix(""))
    figures["shards"] = len(parts)
    return figures


def _add_languages(rows: list[dict[str, Any]], figures: dict[str, Any]) -> None:
    texts = [f"{row['title'] or ''}\n{row['body'] or ''}" for row in rows]
    for row, found in zip(rows, detect(texts, [row["language"] for row in rows]), strict=True):
        row["language_detected"], row["language_confidence"], row["language_mismatch"] = found
        figures["mismatched"] += found[2]


def _remove_group_files(out: Path, name: str) -> None:
    for path in (out / "data").glob(f"*/{name}-*.parquet"):
        if path.name[len(name) + 1 : -len(".parquet")].isdigit():
            path.unlink()


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
    path = out / STATE / "export.json"
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def _save_state(out: Path, state: dict[str, Any]) -> None:
    (out / STATE).mkdir(parents=True, exist_ok=True)
    (out / STATE / "export.json").write_text(json.dumps(state, indent=1, sort_keys=True), encoding="utf-8")


def _cached_fingerprints(out: Path) -> dict[str, tuple[Any, ...]]:
    path = out / STATE / "fingerprints.parquet"
    if not path.is_file():
        return {}
    table = pq.read_table(path).to_pydict()
    return {
        key: (content_hash, exact, signature, cluster, size)
        for key, content_hash, exact, signature, cluster, size in zip(*table.values(), strict=True)
    }


def _save_fingerprints(
    out: Path, items: list[dict[str, Any]], exact: np.ndarray, signatures: np.ndarray,
    marks: dict[str, tuple[str, int]],
) -> None:  # fmt: skip
    (out / STATE).mkdir(parents=True, exist_ok=True)
    table = pa.table(
        {"key": [item["key"] for item in items], "content_hash": [item["content_hash"] for item in items],
         "exact": pa.array(exact, pa.uint64()),
         "signature": pa.FixedSizeListArray.from_arrays(
             pa.array(signatures.ravel(), pa.uint32()), PERMUTATIONS
         ),
         "cluster": [marks[item["key"]][0] for item in items],
         "size": pa.array([marks[item["key"]][1] for item in items], pa.int32())},
        schema=FINGERPRINTS,
    )  # fmt: skip
    pq.write_table(table, out / STATE / "fingerprints.parquet", compression="zstd")
