"""Keywords: jieba TF-IDF over title and body (the record's ``tags``) and what the page declares (``page_tags``).

``tags`` are defined as jieba's ``extract_tags`` (its TF-IDF over jieba's segmentation). jieba segments in
pure Python, about 4 ms per thousand characters: more than the rest of extraction on a long page. The words
come from jieba-rs instead (``rjieba``, the same dictionary and HMM, compiled) and are counted in C; they are
weighed and ranked exactly as jieba's TF-IDF does it, with jieba's IDF table and stop words, so ``tags`` stay
exactly what jieba gives: tests/test_tags.py checks that on every real and golden page.
"""

from __future__ import annotations

import heapq
import logging
import re
from collections import Counter
from functools import cache

TAG_COUNT = 10
_NUMERIC = re.compile(r"^[\d.,．，%％]+$")
# Tokens on which jieba-rs and jieba agree: a run of Han characters, a run of ASCII letters and digits, one
# character. They differ on Latin-and-digit runs joined by ``-``, ``.`` or ``+`` (``SK-II``, ``1.8T``,
# ``0314-7566207``, ``www.example.com``): jieba-rs keeps them whole, jieba splits them at the punctuation.
# The distinct tokens are matched joined by NULs, in one regex pass.
_SEP = "\0"
_DISAGREEING = re.compile(
    r"(?:^|(?<=\0))(?![\u4e00-\u9fd5]+(?:\0|$))(?![a-zA-Z0-9]+(?:\0|$))[^\0]{2,}"
)


class AgreedSegmenter:
    """How often jieba's segmentation of a text holds each word, counted from jieba-rs's segmentation: the tokens
    on which the two differ go through jieba."""

    def __init__(self) -> None:
        import jieba
        import rjieba

        jieba.setLogLevel(logging.WARNING)
        self._fast_cut = rjieba.cut
        self._jieba = jieba.dt

    def word_counts(self, text: str) -> dict[str, int]:
        """Each word of ``jieba.cut(text)`` with its number of occurrences, in order of first occurrence.

        Counting happens on the distinct tokens (``Counter``, in C). A token that jieba splits counts once for
        each of its pieces, which take its place in the order: that is where those pieces first occur, unless
        they occur earlier on their own. The runs of tokens between split ones are copied whole, in C.
        """
        counts = Counter(self._fast_cut(text, hmm=True))
        positions = self._disagreeing(list(counts), text)
        if not positions:
            return counts
        items = list(counts.items())
        words: dict[str, int] = {}
        pieces: Counter[str] = Counter()
        start = 0
        for i in positions:
            words.update(items[start:i])  # a word met before as a piece keeps its place and takes this count
            token, count = items[i]
            for piece in self._jieba.cut(token):
                words.setdefault(piece, 0)
                pieces[piece] += count
            start = i + 1
        words.update(items[start:])
        for piece, count in pieces.items():
            words[piece] += count
        return words

    @staticmethod
    def _disagreeing(tokens: list[str], text: str) -> list[int]:
        """The positions of the tokens jieba would split differently."""
        if _SEP in text:  # a NUL in the text would blur the tokens' boundaries
            return [i for i, t in enumerate(tokens) if _DISAGREEING.fullmatch(t)]
        joined = _SEP.join(tokens)
        positions: list[int] = []
        index = offset = 0
        for found in _DISAGREEING.finditer(joined):
            index += joined.count(_SEP, offset, found.start())
            offset = found.start()
            positions.append(index)
        return positions


class _TfIdf:
    """jieba's TF-IDF (``TFIDF.extract_tags``), on counted words, with jieba's own IDF table and stop words.

    jieba counts the words one by one in Python and ranks every one of them: on a long page several times
    the cost of the segmentation. Here the distinct words are weighed as jieba weighs them (occurrences times
    IDF over the occurrences of every kept word) and the best are picked as ``sorted(..., reverse=True)``
    orders them (by weight, ties in order of first occurrence), so the ranking is jieba's to the last bit.
    """

    def __init__(self) -> None:
        from jieba.analyse.tfidf import TFIDF

        tfidf = TFIDF()
        self._idf: dict[str, float] = tfidf.idf_freq
        self._median_idf: float = tfidf.median_idf
        self._stop_words: set[str] = tfidf.stop_words
        self._max_idf: float = max(self._idf.values(), default=self._median_idf)

    def best(self, counts: dict[str, int], count: int) -> list[str]:
        """The ``count`` highest-weighted words that are not numbers."""
        stop_words = self._stop_words
        # jieba's own test of a word: two characters or more once stripped, not a stop word
        kept = {w: n for w, n in counts.items() if len(w) > 1 and len(w.strip()) > 1 and w.lower() not in stop_words}
        if not kept:
            return []
        total = sum(kept.values())
        # Most words occur once, and looking each one up in the IDF table is most of the cost. When the words
        # that occur more often already fill the list with weights above what any single occurrence can reach
        # (the highest IDF), words seen once cannot enter the list nor tie with it, and are never looked up.
        repeated = self._weights(kept, total, at_least=2)
        if len(repeated) >= count and heapq.nlargest(count, repeated.values())[-1] > self._max_idf / total:
            weights = repeated
        else:
            weights = self._weights(kept, total, at_least=1)
        return heapq.nlargest(count, weights, key=weights.__getitem__)

    def _weights(self, kept: dict[str, int], total: int, at_least: int) -> dict[str, float]:
        """jieba's weight of each word that occurs ``at_least`` times and is not a number, in the same order."""
        idf, median_idf = self._idf, self._median_idf
        return {w: n * (idf.get(w, median_idf) / total) for w, n in kept.items() if n >= at_least and not _NUMERIC.match(w)}


@cache
def _segmenter() -> AgreedSegmenter:
    return AgreedSegmenter()


@cache
def _tfidf() -> _TfIdf:
    return _TfIdf()


def warm_up() -> None:
    """Load the dictionaries and the IDF table now (once per process), not on the first article."""
    import jieba

    _tfidf()
    _segmenter()
    jieba.initialize()


def keyword_tags(title: str | None, paragraphs: list[str]) -> list[str]:
    """The top ten TF-IDF keywords of the title followed by the paragraphs, numbers left out."""
    text = "\n".join(([title] if title else []) + paragraphs)
    if not text.strip():
        return []
    return _tfidf().best(_segmenter().word_counts(text), TAG_COUNT)
