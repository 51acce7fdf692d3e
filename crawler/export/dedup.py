"""Duplicates marked, not deleted: exact (the same clean body) and near (MinHash over word 5-grams after the
search normaliser's folding, Jaccard at least 0.8), among the articles of one language, whatever their site.

MinHash with rensa (Rust, ~40 µs an article here; datasketch's pure-Python MinHash is ~20× slower), 64
permutations; locality-sensitive hashing in 8 bands of 8 (a pair at Jaccard 0.8 shares a band with
probability 0.98, one at 0.5 with 0.03); each candidate pair is confirmed on its signatures' agreement.
Signatures are kept between exports (``.state``), so an incremental export reads the text of new and
edited articles only.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
from rensa import RMinHash

from crawler.search.normalise import normalise, tokens

PERMUTATIONS = 64
BANDS = 8
SHINGLE = 5
THRESHOLD = 0.8
_SEED = 1


def fingerprint(body: str | None) -> tuple[int, list[int]]:
    """The body's exact hash (64 bits) and its MinHash signature over folded word 5-grams."""
    text = body or ""
    words = [normalise(word) for word in tokens(text)]
    shingles = [" ".join(words[i : i + SHINGLE]) for i in range(max(len(words) - SHINGLE + 1, 1))]
    minhash = RMinHash(num_perm=PERMUTATIONS, seed=_SEED)
    minhash.update(shingles or [""])
    exact = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
    return exact, minhash.digest()


@dataclass
class Clusters:
    """Each row's cluster (the index of its earliest published member) and the cluster's size."""

    representative: np.ndarray
    size: np.ndarray


def clusters(
    languages: list[str], exact: np.ndarray, signatures: np.ndarray, published: list[str | None]
) -> Clusters:
    """Rows in the same cluster when their bodies are equal or near (``THRESHOLD``), in one language."""
    count = len(languages)
    parent = np.arange(count)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def join(a: int, b: int) -> None:
        ra, rb = root(a), root(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)

    language_codes = np.unique(np.array(languages, dtype=object).astype(str), return_inverse=True)[1]
    rows_per_band = PERMUTATIONS // BANDS
    keys = [np.ascontiguousarray(np.column_stack([exact.view(np.uint32).reshape(count, 2), language_codes]))]
    keys += [
        np.ascontiguousarray(
            np.column_stack(
                [signatures[:, band * rows_per_band : (band + 1) * rows_per_band], language_codes]
            )
        )
        for band in range(BANDS)
    ]
    for number, key in enumerate(keys):
        void = key.view(np.dtype((np.void, key.dtype.itemsize * key.shape[1]))).ravel()
        order = np.argsort(void, kind="stable")
        ordered = void[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], count]
        for start, end in zip(starts, ends, strict=True):
            if end - start < 2:
                continue
            members = order[start:end]
            first = members[0]
            for other in members[1:]:
                if number == 0 or (signatures[first] == signatures[other]).mean() >= THRESHOLD:
                    join(first, other)
    roots = np.array([root(i) for i in range(count)])
    # The cluster's representative: its earliest published row (no date: last), then the first.
    when = np.array([value or "9999" for value in published], dtype=object)
    representative = np.empty(count, dtype=np.int64)
    for members in _members(roots):
        chosen = min(members, key=lambda i: (when[i], i))
        representative[members] = chosen
    size = np.bincount(roots, minlength=count)[roots]
    return Clusters(representative, size.astype(np.int32))


def _members(roots: np.ndarray) -> list[np.ndarray]:
    order = np.argsort(roots, kind="stable")
    ordered = roots[order]
    starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
    return np.split(order, starts[1:])
