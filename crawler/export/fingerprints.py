"""What the export reads each row's text for, read once: its fingerprint and duplicate mark, and its language
check, kept compact (Arrow and NumPy columns, ~400 bytes a row at a million): the rows in publication order,
their MinHash signatures and language answers (computed for new and edited texts only: the others are kept in
``DIR/.state/fingerprints.parquet``), and the clusters they make. The writers then copy the texts as they are,
reading nothing of them."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator
from concurrent.futures import FIRST_COMPLETED, Future, as_completed, wait
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from crawler.export.columns import language_text, row_id
from crawler.export.dedup import PERMUTATIONS, SIGNATURE_BITS, SIGNATURE_VERSION, clusters, fingerprints
from crawler.export.language import CHECK_VERSION, detect
from crawler.export.parts import split
from crawler.export.source import MONTH, PART_ROWS, Group, Part, part_texts
from crawler.export.workers import worker_pool
from crawler.reporting.progress import Progress

STATE_FILE = "fingerprints.parquet"
_CHUNK = 50_000
_BATCH = 1_000  # texts fingerprinted at once: 2,000 took the four-sites export past 1 GB (1,015 MB)
_VERSION_KEY = b"signature_version"
_CHECK_KEY = b"language_check_version"

# A row's marks, as a writer takes them: (duplicate cluster id, cluster size, language detected, confidence,
# language mismatch).
RowMarks = tuple[str, int, str | None, float, bool]


@dataclass
class Marks:
    """The rows (``keys``: a URL, or ``URL#version``), each row's group, its duplicate mark and its language
    check."""

    keys: pa.Array
    groups: np.ndarray  # index into group_names
    group_names: list[str]
    newest_first: np.ndarray  # each row's place in its group's order (its article's newest_first)
    cluster: pa.Array  # the id of the cluster's earliest published row
    size: np.ndarray
    detected: np.ndarray  # the language detected (objects: a code, or None)
    confidence: np.ndarray
    mismatch: np.ndarray
    changed_groups: set[str]  # groups with a row whose mark is not the last export's

    def parts(self, group: Group) -> list[tuple[Part, np.ndarray]]:
        """The group's parts, each with its rows (indexes into ``keys``)."""
        if group.name not in self.group_names:
            return [(Part(group), np.zeros(0, np.int64))]
        rows = np.flatnonzero(self.groups == self.group_names.index(group.name))
        return split(self.keys, self.newest_first, rows, group, PART_ROWS)

    def of_rows(self, rows: np.ndarray) -> dict[str, RowMarks]:
        """key -> its marks, of these rows."""
        keys, clusters_ = (
            self.keys.take(pa.array(rows)).to_pylist(),
            self.cluster.take(pa.array(rows)).to_pylist(),
        )
        return {
            key: (cluster, size, detected, confidence, mismatch)
            for key, cluster, size, detected, confidence, mismatch in zip(
                keys, clusters_, self.size[rows].tolist(), self.detected[rows].tolist(),
                self.confidence[rows].tolist(), self.mismatch[rows].tolist(), strict=True,
            )
        }  # fmt: skip


def row_marks(
    db: Path, conn: sqlite3.Connection, state_dir: Path, versions: bool, fresh: bool, workers: int = 1
) -> Marks:
    """The marks of every row; ``fresh``: the kept fingerprints are not used (a first or full export). The
    parts of the groups holding a row to fingerprint are read, fingerprinted and their languages checked by
    ``workers`` processes (one: this one), each part by one of them, as the writers read them: the main
    process only gathers the answers."""
    keys, hashes, languages, groups, group_names, group_languages, newest = _rows(conn, versions)
    count = len(keys)
    exact = np.zeros(count, dtype=np.uint64)
    signatures = np.zeros((count, PERMUTATIONS), dtype=SIGNATURE_BITS)
    detected = np.full(count, None, dtype=object)
    confidence = np.zeros(count, dtype=np.float32)
    mismatch = np.zeros(count, dtype=bool)
    kept = None if fresh else _kept(state_dir / STATE_FILE)
    known = np.zeros(count, dtype=bool)
    previous: tuple[pa.Array, np.ndarray] | None = None
    if kept is not None:
        where = pc.index_in(keys, value_set=kept["key"])
        found = where.is_valid().to_numpy(zero_copy_only=False)
        positions = where.fill_null(0).to_numpy(zero_copy_only=False)
        same = pc.equal(kept["content_hash"].take(pa.array(positions)), hashes).fill_null(False)
        known = found & same.to_numpy(zero_copy_only=False)
        taken = positions[known]
        exact[known] = kept["exact"].to_numpy()[taken]
        flat = kept["signature"].combine_chunks().values.to_numpy().reshape(-1, PERMUTATIONS)
        signatures[known] = flat[taken]
        detected[known] = kept["language_detected"].to_numpy(zero_copy_only=False)[taken]
        confidence[known] = kept["language_confidence"].to_numpy(zero_copy_only=False)[taken]
        mismatch[known] = kept["language_mismatch"].to_numpy(zero_copy_only=False)[taken]
        previous = (kept["cluster"].take(pa.array(positions)), kept["size"].to_numpy()[positions])
        previous = (pc.if_else(pa.array(found), previous[0], None), np.where(found, previous[1], -1))
    need = np.flatnonzero(~known)
    by_group = _rows_by_group(groups, len(group_names))
    wanted = {
        part: (group_languages[code], rows)
        for code in np.unique(groups[need]).tolist()
        for part, rows in split(keys, newest, by_group[code], _group(group_names[code]), PART_ROWS)
    }
    with Progress("fingerprints", sum(len(rows) for _, rows in wanted.values()), "text",
                  unit_scale=True) as progress:  # fmt: skip
        work = [(part, language) for part, (language, _) in wanted.items()]
        for found in _fingerprinted(db, work, versions, workers):
            rows = wanted[found.part][1]
            where = pc.index_in(pa.array(found.keys, pa.string()), value_set=keys.take(pa.array(rows)))
            valid = where.is_valid().to_numpy(zero_copy_only=False)
            targets = rows[where.fill_null(0).to_numpy(zero_copy_only=False)[valid]]
            exact[targets], signatures[targets] = found.exact[valid], found.signatures[valid]
            detected[targets] = np.array(found.detected, dtype=object)[valid]
            confidence[targets], mismatch[targets] = found.confidence[valid], found.mismatch[valid]
            progress.update(len(found.keys))
    roots, size = clusters(languages, exact, signatures)
    ids = _row_ids(keys)
    cluster = ids.take(pa.array(roots))
    changed = set(group_names) if previous is None else _changed(previous, cluster, size, groups, group_names)
    state_dir.mkdir(parents=True, exist_ok=True)
    marks = Marks(keys, groups, group_names, newest, cluster, size, detected, confidence, mismatch, changed)
    _write_state(state_dir / STATE_FILE, marks, hashes, exact, signatures)
    return marks


_STATE_SCHEMA = pa.schema(
    [("key", pa.string()), ("content_hash", pa.string()), ("exact", pa.uint64()),
     ("signature", pa.list_(pa.from_numpy_dtype(SIGNATURE_BITS), PERMUTATIONS)), ("cluster", pa.string()),
     ("size", pa.int32()),
     ("language_detected", pa.string()), ("language_confidence", pa.float32()),
     ("language_mismatch", pa.bool_())],
    metadata={_VERSION_KEY: SIGNATURE_VERSION, _CHECK_KEY: CHECK_VERSION},
)  # fmt: skip


def _write_state(
    path: Path, marks: Marks, hashes: pa.Array, exact: np.ndarray, signatures: np.ndarray
) -> None:
    """Every row's fingerprint and mark, for the next export, ``_CHUNK`` rows at a time: no copy of all the
    signatures is made. No dictionary encoding (keys and signatures are unique: trying one took 580 MB for a
    million rows)."""
    with pq.ParquetWriter(path, _STATE_SCHEMA, compression="zstd", use_dictionary=False) as writer:
        for first in range(0, len(marks.keys), _CHUNK):
            rows = slice(first, first + _CHUNK)
            flat = pa.array(signatures[rows].ravel(), pa.from_numpy_dtype(SIGNATURE_BITS))
            columns = [
                marks.keys.slice(first, _CHUNK), hashes.slice(first, _CHUNK),
                pa.array(exact[rows], pa.uint64()), pa.FixedSizeListArray.from_arrays(flat, PERMUTATIONS),
                marks.cluster.slice(first, _CHUNK),
                pa.array(marks.size[rows], pa.int32()), pa.array(marks.detected[rows], pa.string()),
                pa.array(marks.confidence[rows], pa.float32()), pa.array(marks.mismatch[rows], pa.bool_()),
            ]  # fmt: skip
            writer.write_table(pa.Table.from_arrays(columns, schema=_STATE_SCHEMA))


def _kept(path: Path) -> pa.Table | None:
    """The last export's fingerprints and language answers, if both are of this make."""
    if not path.is_file():
        return None
    kept = pq.read_table(path)
    made = kept.schema.metadata or {}
    same = (
        made.get(_VERSION_KEY) == SIGNATURE_VERSION.encode()
        and made.get(_CHECK_KEY) == CHECK_VERSION.encode()
    )
    return kept if same else None


def _changed(
    previous: tuple[pa.Array, np.ndarray], cluster: pa.Array, size: np.ndarray, groups: np.ndarray,
    group_names: list[str],
) -> set[str]:  # fmt: skip
    same_cluster = pc.equal(previous[0], cluster).fill_null(False).to_numpy(zero_copy_only=False)
    differs = ~same_cluster | (previous[1] != size)
    return {group_names[code] for code in np.unique(groups[differs])}


def _rows(
    conn: sqlite3.Connection, versions: bool
) -> tuple[pa.Array, pa.Array, np.ndarray, np.ndarray, list[str], list[str], np.ndarray]:
    """Every live row in publication order (earliest first; undated last): key, content hash, language code,
    group code; the group names and each group's language; each row's newest_first."""
    queries = [
        f"select url, content_hash, language, site || '-' || {MONTH}, newest_first from articles "
        "where removed = 0 "
        "order by coalesce(published_at, first_seen_at) is null, coalesce(published_at, first_seen_at), url"
    ]
    if versions:
        queries.append(
            f"select v.url || '#' || v.version, v.content_hash, articles.language, "
            f"articles.site || '-' || {MONTH}, articles.newest_first "
            "from article_versions v join articles on articles.url = v.url "
            "where articles.removed = 0 and v.version < articles.version_count "
            "order by coalesce(articles.published_at, articles.first_seen_at), v.url, v.version"
        )
    keys, hashes, languages, groups, newest = [], [], [], [], []
    language_codes: dict[str, int] = {}
    group_codes: dict[str, int] = {}
    group_languages: dict[str, str] = {}
    for query in queries:
        cursor = conn.execute(query)
        while chunk := cursor.fetchmany(_CHUNK):
            keys.append(pa.array([row[0] for row in chunk], pa.string()))
            hashes.append(pa.array([row[1] for row in chunk], pa.string()))
            languages.append(
                np.array([language_codes.setdefault(row[2], len(language_codes)) for row in chunk])
            )
            groups.append(np.array([group_codes.setdefault(row[3], len(group_codes)) for row in chunk]))
            group_languages.update((row[3], row[2]) for row in chunk)
            newest.append(np.array([row[4] for row in chunk], dtype=np.float64))
    if not keys:
        empty = pa.array([], pa.string())
        return empty, empty, np.zeros(0, np.int32), np.zeros(0, np.int32), [], [], np.zeros(0)
    return (
        pa.concat_arrays(keys), pa.concat_arrays(hashes), np.concatenate(languages).astype(np.int32),
        np.concatenate(groups).astype(np.int32), list(group_codes), [group_languages[n] for n in group_codes],
        np.concatenate(newest),
    )  # fmt: skip


def _rows_by_group(groups: np.ndarray, count: int) -> list[np.ndarray]:
    """Each group's rows (indexes into the rows), in one sort."""
    order = np.argsort(groups, kind="stable")
    bounds = np.r_[0, np.cumsum(np.bincount(groups, minlength=count))]
    return [order[bounds[code] : bounds[code + 1]] for code in range(count)]


def _fingerprinted(
    db: Path, parts: list[tuple[Part, str]], versions: bool, workers: int
) -> Iterator[Fingerprinted]:
    """Each part (with its site's language) fingerprinted and checked, as it is done, by ``workers``
    processes; at most two parts a worker in flight, so memory stays flat."""
    if workers <= 1:
        yield from (fingerprint_part(db, part, language, versions) for part, language in parts)
        return
    with worker_pool(workers) as pool:
        pending: set[Future[Fingerprinted]] = set()
        for part, language in parts:
            pending.add(pool.submit(fingerprint_part, db, part, language, versions))
            if len(pending) >= 2 * workers:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        yield from (future.result() for future in as_completed(pending))


# The archive, read-only, as each fingerprinting process opened it.
_SOURCES: dict[Path, sqlite3.Connection] = {}


@dataclass
class Fingerprinted:
    """One part's rows as a worker read them: keys, exact hashes, signatures and language answers."""

    part: Part
    keys: list[str]
    exact: np.ndarray
    signatures: np.ndarray
    detected: list[str | None]
    confidence: np.ndarray
    mismatch: np.ndarray


def fingerprint_part(db: Path, part: Part, language: str, versions: bool) -> Fingerprinted:
    """One part's rows (of a site whose language is ``language``), their texts read in the group's order
    (``part_texts``), fingerprinted and their languages checked ``_BATCH`` at a time: what a worker
    computes."""
    if db not in _SOURCES:
        _SOURCES[db] = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    done = Fingerprinted(part, [], np.zeros(0, np.uint64), np.zeros((0, PERMUTATIONS), SIGNATURE_BITS), [],
                         np.zeros(0, np.float32), np.zeros(0, bool))  # fmt: skip
    exact, signatures, confidence, mismatch = (
        [done.exact],
        [done.signatures],
        [done.confidence],
        [done.mismatch],
    )
    texts = part_texts(_SOURCES[db], part, versions)
    while batch := list(itertools.islice(texts, _BATCH)):
        done.keys += [key for key, _, _ in batch]
        batch_exact, batch_signatures = fingerprints([body for _, _, body in batch])
        exact.append(batch_exact)
        signatures.append(batch_signatures)
        found, values, flagged = detect([language_text(t, b) for _, t, b in batch], [language] * len(batch))
        done.detected += found
        confidence.append(np.array(values, dtype=np.float32))
        mismatch.append(np.array(flagged, dtype=bool))
    done.exact, done.signatures = np.concatenate(exact), np.concatenate(signatures)
    done.confidence, done.mismatch = np.concatenate(confidence), np.concatenate(mismatch)
    return done


def _group(name: str) -> Group:
    """The group named ``<site>-<YYYY-MM>``."""
    return Group(site=name[: -len("-YYYY-MM")], month=name[-len("YYYY-MM") :])


def _row_ids(keys: pa.Array) -> pa.Array:
    """Each row's dataset id, made ``_CHUNK`` keys at a time."""
    chunks = [
        pa.array([row_id(key) for key in keys.slice(first, _CHUNK).to_pylist()], pa.string())
        for first in range(0, len(keys), _CHUNK)
    ]
    return pa.concat_arrays(chunks) if chunks else pa.array([], pa.string())
