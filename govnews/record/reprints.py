"""Reprint detection across sites: MinHash signatures of character shingles, found through LSH bands.

Chinese has no spaces, so texts are cut into overlapping character n-grams (shingles), never
whitespace tokens. One-permutation MinHash (one hash per shingle, split into bins, empty bins
filled from their neighbours) keeps a signature cheap: about a millisecond per article.
Signatures agreeing in one of the bands (4 bins each) are candidates; the share of equal bins
estimates the Jaccard similarity of the two shingle sets.
"""

from __future__ import annotations

import hashlib
import re
import struct
from collections.abc import Sequence

from .cleaning import nfkc

SHINGLE = 8
BINS = 128
ROWS_PER_BAND = 4
BANDS = BINS // ROWS_PER_BAND
_EMPTY = (1 << 64) - 1
_BIN_BITS = 7  # log2(BINS)
_NOISE = re.compile(r"[\W_]+", re.UNICODE)
_PACK = struct.Struct(f">{BINS}Q")
# Measured on the demo portal's reprints (benchmarks/measure_reprints.py): see the README.
REPRINT_THRESHOLD = 0.7


def normalise(title: str | None, paragraphs: Sequence[str]) -> str:
    """Letters and digits only, NFKC-folded and lower-cased: punctuation and spacing never matter."""
    text = nfkc("".join([title or "", *paragraphs])).lower()
    return _NOISE.sub("", text)


def _hash64(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def signature(title: str | None, paragraphs: Sequence[str]) -> tuple[int, ...] | None:
    """The MinHash signature of an article's text, or None when it is too short to compare."""
    text = normalise(title, paragraphs)
    if len(text) < SHINGLE * 4:
        return None
    mins = [_EMPTY] * BINS
    for i in range(len(text) - SHINGLE + 1):
        h = _hash64(text[i : i + SHINGLE])
        b, value = h & (BINS - 1), h >> _BIN_BITS
        if value < mins[b]:
            mins[b] = value
    return _densify(mins)


def _densify(mins: list[int]) -> tuple[int, ...]:
    """Fill empty bins from the next non-empty one (rotation), offset so borrowed values stay distinct."""
    filled = list(mins)
    for b in range(BINS):
        if mins[b] != _EMPTY:
            continue
        for step in range(1, BINS):
            source = mins[(b + step) % BINS]
            if source != _EMPTY:
                filled[b] = (source + step * 0x9E3779B97F4A7C15) & ((1 << 57) - 1)
                break
    return tuple(filled)


def similarity(a: Sequence[int], b: Sequence[int]) -> float:
    """Estimated Jaccard similarity of the two texts' shingle sets."""
    return sum(x == y for x, y in zip(a, b, strict=True)) / BINS


def bands(sig: Sequence[int]) -> list[int]:
    """One 63-bit value per band (fits a signed BIGINT), for indexed candidate lookup."""
    return [
        _hash64(f"{i}:" + ",".join(map(str, sig[i * ROWS_PER_BAND : (i + 1) * ROWS_PER_BAND]))) >> 1
        for i in range(BANDS)
    ]


def pack(sig: Sequence[int]) -> bytes:
    return _PACK.pack(*sig)


def unpack(data: bytes) -> tuple[int, ...]:
    return _PACK.unpack(data)
