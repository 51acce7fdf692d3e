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

import numpy as np
from rensa import RMinHash

from crawler.search.normalise import normalise

PERMUTATIONS = 64
BANDS = 8
SHINGLE = 5
THRESHOLD = 0.8
_SEED = 1


def fingerprint(body: str | None) -> tuple[int, list[int]]:
    """The body's exact hash (64 bits) and its MinHash signature over folded word 5-grams."""
    text = body or ""
    # Split at white space and folded word by word through a dictionary of the words met (the normaliser's
    # rules keep within a word): the index's words, punctuation aside, at half the cost of folding the text.
    words = [_FOLDED[word] for word in text.split()]
    # The word 5-grams (the shorter lists stop the zip); a text of fewer words is one shingle.
    shingles = list(map(" ".join, zip(*(words[i:] for i in range(SHINGLE)), strict=False)))
    minhash = RMinHash(num_perm=PERMUTATIONS, seed=_SEED)
    minhash.update(shingles or [" ".join(words)])
    exact = int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "little")
    return exact, minhash.digest()


class _Folded(dict[str, str]):
    """Each word met, folded by the search normaliser; emptied when it holds ``MAX_WORDS`` (memory stays
    flat over any number of texts)."""

    MAX_WORDS = 500_000

    def __missing__(self, word: str) -> str:
        if len(self) >= self.MAX_WORDS:
            self.clear()
        folded = self[word] = normalise.__wrapped__(word)
        return folded


_FOLDED = _Folded()


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
