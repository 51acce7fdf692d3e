"""Duplicates marked, not deleted: exact (the same clean body) and near (MinHash over word 5-grams after the
search normaliser's folding, Jaccard at least 0.8), among the articles of one language, whatever their site.

MinHash with rensa (Rust; datasketch's pure-Python MinHash was ~20× slower than rensa's one-text form), its
batch form over shingles hashed here (~0.26 ms a bench article in all, a third of hashing shingle strings), 64
permutations, each kept as its low 16 bits (b-bit minwise hashing, Li and König 2010: two unrelated texts
agree on a value by chance once in 65,536, no change to the 0.8 threshold, and a million signatures take
128 MB instead of 256); locality-sensitive hashing in 8 bands of 8 (a pair at Jaccard 0.8 shares a band with
probability 0.98, one at 0.5 with 0.03); each candidate pair is confirmed on its signatures' agreement.
Signatures are kept between exports (``.state``), so an incremental export reads the text of new and
edited articles only.
"""

from __future__ import annotations

import hashlib
from itertools import repeat

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
from rensa import RMinHash

from crawler.search.normalise import normalise_words

PERMUTATIONS = 64
SIGNATURE_BITS = np.uint16
# The signatures' make: kept signatures of another make are computed again (3: words split at ASCII white
# space, shingles hashed word by word; 4: 16 bits a value).
SIGNATURE_VERSION = "4"
BANDS = 8
SHINGLE = 5
THRESHOLD = 0.8
_SEED = 1


def fingerprints(bodies: list[bytes | None]) -> tuple[np.ndarray, np.ndarray]:
    """Each body's (UTF-8) exact hash (64 bits) and its MinHash signature over folded word 5-grams
    (``SIGNATURE_BITS``, ``PERMUTATIONS`` a row). A batch is split into words (at ASCII white space) by
    Arrow, each distinct word hashed once, the 5-grams of every text combined at once with NumPy, and rensa
    hashes the batch's shingles together."""
    texts = pa.array(bodies, pa.binary()).cast(pa.string()).fill_null("")
    exact = np.fromiter((_digest(body or b"") for body in bodies), np.uint64, len(bodies))
    words = pc.ascii_split_whitespace(texts)
    counts = pc.list_value_length(words).to_numpy(zero_copy_only=False).astype(np.int64)
    encoded = pc.dictionary_encode(words.flatten())
    tokens = _word_hashes(encoded.dictionary.to_pylist())[encoded.indices.to_numpy(zero_copy_only=False)]
    shingles, offsets = _shingles(tokens, counts)
    matrix = RMinHash.digest_matrix_from_flat_token_hashes(shingles, offsets, PERMUTATIONS, _SEED)
    rows = np.array(matrix.to_rows(), dtype=np.uint32).reshape(len(bodies), PERMUTATIONS)
    signatures = rows.astype(SIGNATURE_BITS)  # the low bits
    return exact, signatures


def _digest(data: bytes) -> int:
    return int.from_bytes(hashlib.blake2b(data, digest_size=8).digest(), "little")


# Each word met, folded by the search normaliser and hashed (odd: 0 means not met); emptied when it would hold
# more than _MAX_WORDS (memory stays flat over any number of texts). Words not met yet are folded together,
# in one pass of the normaliser.
_WORD_HASHES: dict[str, int] = {}
_MAX_WORDS = 200_000


def _word_hashes(words: list[str]) -> np.ndarray:
    hashes = np.fromiter(map(_WORD_HASHES.get, words, repeat(0)), np.uint64, len(words))
    missing = np.flatnonzero(hashes == 0)
    if len(missing):
        if len(_WORD_HASHES) + len(missing) > _MAX_WORDS:
            _WORD_HASHES.clear()
        new = [words[index] for index in missing.tolist()]
        found = [_digest(word.encode()) | 1 for word in normalise_words(new)]
        _WORD_HASHES.update(zip(new, found, strict=True))
        hashes[missing] = found
    return hashes


# Odd 64-bit constants: a shingle's hash is its words' hashes, each times the constant of its place, XORed
# (order matters; arithmetic wraps at 64 bits, as NumPy's uint64 does).
_PLACES = np.array(
    [0x9E3779B97F4A7C15, 0xC2B2AE3D27D4EB4F, 0x165667B19E3779F9, 0xD6E8FEB86659FD93, 0xFF51AFD7ED558CCD],
    dtype=np.uint64,
)


def _shingles(tokens: np.ndarray, counts: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hashes of each text's word 5-grams, and where each text's start, from the texts' words one after
    another (``tokens``) and each text's word ``counts``; a text of fewer words is one shingle."""
    starts = np.cumsum(counts) - counts
    per_text = np.maximum(counts - SHINGLE + 1, 1)
    offsets = np.zeros(len(counts) + 1, dtype=np.uint64)
    np.cumsum(per_text, out=offsets[1:])
    shingles = np.zeros(int(offsets[-1]), dtype=np.uint64)
    whole = counts >= SHINGLE
    ends = len(tokens) - SHINGLE + 1  # 5-grams starting at every word, across texts: those inside one kept
    if ends > 0:
        every = tokens[:ends] * _PLACES[0]
        for place in range(1, SHINGLE):
            every ^= tokens[place : ends + place] * _PLACES[place]
        text = np.repeat(np.arange(len(counts)), counts)[:ends]
        inside = np.arange(ends) - starts[text] <= counts[text] - SHINGLE
        shingles[np.repeat(whole, per_text)] = every[inside]
    for short in np.flatnonzero(~whole):
        words = tokens[starts[short] : starts[short] + counts[short]]
        shingles[offsets[short]] = np.bitwise_xor.reduce(words * _PLACES[: len(words)]) if len(words) else 0
    return shingles, offsets


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
