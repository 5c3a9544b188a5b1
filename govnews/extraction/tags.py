"""Keywords: jieba TF-IDF over title and body (the record's ``tags``) and what the page declares (``page_tags``).

``tags`` are defined as jieba's ``extract_tags`` (its TF-IDF over jieba's segmentation). jieba segments in
pure Python, about 4 ms per thousand characters: more than the rest of extraction on a long page. The words
come from jieba-rs instead (``rjieba``, the same dictionary and HMM, compiled), and jieba's own TF-IDF weighs
them, so ``tags`` stay exactly what jieba gives; tests/test_tags.py checks that on every real page.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from functools import cache

TAG_COUNT = 10
_NUMERIC = re.compile(r"^[\d.,．，%％]+$")
# Tokens on which jieba-rs and jieba agree: a run of Han characters, a run of ASCII letters and digits, one
# character. They differ on Latin-and-digit runs joined by ``-``, ``.`` or ``+`` (``SK-II``, ``1.8T``,
# ``0314-7566207``, ``www.example.com``): jieba-rs keeps them whole, jieba splits them at the punctuation.
_AGREED = re.compile(r"[\u4e00-\u9fd5]+|[a-zA-Z0-9]+|.", re.S)


class AgreedSegmenter:
    """jieba's segmentation of a text, computed by jieba-rs; tokens where the two differ go through jieba."""

    def __init__(self) -> None:
        import jieba
        import rjieba

        jieba.setLogLevel(logging.WARNING)
        self._fast_cut = rjieba.cut
        self._jieba = jieba.dt

    def cut(self, sentence: str) -> Iterator[str]:
        for token in self._fast_cut(sentence, hmm=True):
            if _AGREED.fullmatch(token):
                yield token
            else:
                yield from self._jieba.cut(token)


@cache
def _extractor():
    from jieba.analyse.tfidf import TFIDF

    tfidf = TFIDF()
    tfidf.tokenizer = AgreedSegmenter()  # jieba's TF-IDF reads words from its public ``tokenizer``
    return tfidf.extract_tags


def warm_up() -> None:
    """Load the dictionaries and the IDF table now (once per process), not on the first article."""
    import jieba

    _extractor()
    jieba.initialize()


def keyword_tags(title: str | None, paragraphs: list[str]) -> list[str]:
    """The top ten TF-IDF keywords of the title followed by the paragraphs, numbers left out."""
    text = "\n".join(([title] if title else []) + paragraphs)
    if not text.strip():
        return []
    ranked = _extractor()(text, topK=None)
    return [t for t in ranked if not _NUMERIC.match(t)][:TAG_COUNT]
