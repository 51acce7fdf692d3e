"""Duplicates marked, not deleted: exact (the same clean body) and near (MinHash over word 5-grams after the
search normaliser's folding, Jaccard at least 0.8), among the articles of one language, whatever their site.

MinHash with rensa (Rust; datasketch's pure-Python MinHash was ~20× slower than rensa's one-text form), its
batch form over shingles hashed here (~0.3 ms an article in all, a third of hashing shingle strings), 64
permutations; locality-sensitive hashing in 8 bands of 8 (a pair at Jaccard 0.8 shares a band with
probability 0.98, one at 0.5 with 0.03); each candidate pair is confirmed on its signatures' agreement.
Signatures are kept between exports (``.state``), so an incremental export reads the text of new and
edited articles only.
"""

from __future__ import annotations

import hashlib

import numpy as np
from rensa import RMinHash

from crawler.search.normalise import normalise

PERMUTATIONS = 64
# The signatures' make: kept signatures of another make are computed again (2: shingles hashed word by word).
SIGNATURE_VERSION = "2"
BANDS = 8
SHINGLE = 5
THRESHOLD = 0.8
_SEED = 1


def fingerprints(bodies: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Each body's exact hash (64 bits) and its MinHash signature over folded word 5-grams (``uint32``,
    ``PERMUTATIONS`` a row): rensa hashes a whole batch's shingles at once."""
    exact = np.zeros(len(bodies), dtype=np.uint64)
    shingles: list[np.ndarray] = []
    for position, body in enumerate(bodies):
        text = body or ""
        exact[position] = _hash(text)
        shingles.append(_shingles(np.fromiter(map(_WORD_HASHES.__getitem__, text.split()), np.uint64)))
    offsets = np.zeros(len(bodies) + 1, dtype=np.uint64)
    np.cumsum([len(row) for row in shingles], out=offsets[1:])
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(
        np.concatenate(shingles) if shingles else np.zeros(0, np.uint64), offsets, PERMUTATIONS, _SEED
    )
    signatures = np.array(matrix.to_rows(), dtype=np.uint32).reshape(len(bodies), PERMUTATIONS)
    return exact, signatures


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")


# Odd 64-bit constants: a shingle's hash is its words' hashes, each times the constant of its place, XORed
# (order matters; arithmetic wraps at 64 bits, as NumPy's uint64 does).
_PLACES = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)


def _shingles(words: np.ndarray) -> np.ndarray:
    """The hashes of a text's word 5-grams; a text of fewer words is one shingle."""
    count = len(words)
    if count < SHINGLE:
        if not count:
            return np.zeros(1, np.uint64)
        return np.bitwise_xor.reduce(words * _PLACES[:count], keepdims=True)
    shingles = words[: count - SHINGLE + 1] * _PLACES[0]
    for place in range(1, SHINGLE):
        shingles ^= words[place : count - SHINGLE + 1 + place] * _PLACES[place]
    return shingles


class _WordHashes(dict[str, int]):
    """Each word met, folded by the search normaliser (its rules keep within a word) and hashed; emptied
    when it holds ``MAX_WORDS`` (memory stays flat over any number of texts)."""

    MAX_WORDS = 500_000

    def __missing__(self, word: str) -> int:
        if len(self) >= self.MAX_WORDS:
            self.clear()
        hashed = self[word] = _hash(normalise.__wrapped__(word))
        return hashed


_WORD_HASHES = _WordHashes()


def clusters(
    languages: np.ndarray, exact: np.ndarray, signatures: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Each row's cluster, as the index of its first row, and the cluster's size. Rows are in one cluster
    when their bodies are equal or near (``THRESHOLD``), in one language (``languages``: a code a row). In
    rows ordered by publication, a cluster's first row is its earliest published."""
    count = len(languages)
    parent = np.arange(count)

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return int(i)

    codes = languages.astype(np.uint32).reshape(count, 1)
    rows_per_band = PERMUTATIONS // BANDS
    for band in range(-1, BANDS):  # -1: the exact hashes; then each band of the signatures
        columns = (
            exact.view(np.uint32).reshape(count, 2)
            if band < 0
            else signatures[:, band * rows_per_band : (band + 1) * rows_per_band]
        )
        key = np.ascontiguousarray(np.hstack([columns, codes]))
        void = key.view(np.dtype((np.void, key.dtype.itemsize * key.shape[1]))).ravel()
        order = np.argsort(void, kind="stable")
        ordered = void[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        sizes = np.diff(np.r_[starts, count])
        for start, size in zip(starts[sizes > 1], sizes[sizes > 1], strict=True):
            members = order[start : start + size]
            first = members[0]
            for other in members[1:]:
                if band < 0 or (signatures[first] == signatures[other]).mean() >= THRESHOLD:
                    ra, rb = root(first), root(other)
                    if ra != rb:
                        parent[max(ra, rb)] = min(ra, rb)
    roots = np.fromiter((root(i) for i in range(count)), dtype=np.int64, count=count)
    return roots, np.bincount(roots, minlength=count)[roots].astype(np.int32)
