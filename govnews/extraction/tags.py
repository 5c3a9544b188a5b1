"""Keywords: jieba TF-IDF over title and body (the record's ``tags``) and what the page declares (``page_tags``).

``tags`` are defined as jieba's ``extract_tags`` (its TF-IDF over jieba's segmentation). jieba segments in
pure Python, about 4 ms per thousand characters: more than the rest of extraction on a long page. The words
come from jieba-rs instead (``rjieba``, the same dictionary and HMM, compiled), and jieba's own TF-IDF weighs
them, so ``tags`` stay exactly what jieba gives; tests/test_tags.py checks that on every real page.
"""

from __future__ import annotations

import logging
import re
from functools import cache
from itertools import islice

TAG_COUNT = 10
_NUMERIC = re.compile(r"^[\d.,．，%％]+$")
# Tokens on which jieba-rs and jieba agree: a run of Han characters, a run of ASCII letters and digits, one
# character. They differ on Latin-and-digit runs joined by ``-``, ``.`` or ``+`` (``SK-II``, ``1.8T``,
# ``0314-7566207``, ``www.example.com``): jieba-rs keeps them whole, jieba splits them at the punctuation.
# Tokens are matched joined by NULs, in one regex pass: a loop over every token costs half the segmentation.
_SEP = "\0"
_DISAGREEING = re.compile(
    r"(?:^|(?<=\0))(?![\u4e00-\u9fd5]+(?:\0|$))(?![a-zA-Z0-9]+(?:\0|$))[^\0]{2,}"
)
_LONG = re.compile(r"[^\0]{2,}")


class AgreedSegmenter:
    """jieba's segmentation of a text, computed by jieba-rs; tokens where the two differ go through jieba."""

    def __init__(self) -> None:
        import jieba
        import rjieba

        jieba.setLogLevel(logging.WARNING)
        self._fast_cut = rjieba.cut
        self._jieba = jieba.dt

    def cut(self, sentence: str) -> list[str]:
        tokens: list[str] = self._fast_cut(sentence, hmm=True)
        if _SEP in sentence:  # a NUL in the text would blur the tokens' boundaries
            return [w for t in tokens for w in (self._jieba.cut(t) if _DISAGREEING.fullmatch(t) else (t,))]
        joined = _SEP.join(tokens)
        words: list[str] = []
        start = 0
        for found in _DISAGREEING.finditer(joined):
            if agreed := joined[start : found.start()].strip(_SEP):
                words += agreed.split(_SEP)
            words += self._jieba.cut(found.group())
            start = found.end()
        if start == 0:
            return tokens
        if agreed := joined[start:].strip(_SEP):
            words += agreed.split(_SEP)
        return words


class _KeywordCandidates:
    """What jieba's TF-IDF reads from its tokenizer: the segmentation, less the one-character tokens that its
    own first test (``len(w.strip()) < 2``) drops anyway."""

    def __init__(self, segmenter: AgreedSegmenter) -> None:
        self._segmenter = segmenter

    def cut(self, sentence: str) -> list[str]:
        return _LONG.findall(_SEP.join(self._segmenter.cut(sentence)))


@cache
def _extractor():
    from jieba.analyse.tfidf import TFIDF

    tfidf = TFIDF()
    tfidf.tokenizer = _KeywordCandidates(AgreedSegmenter())  # jieba's TF-IDF reads its public ``tokenizer``
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
    return list(islice((t for t in ranked if not _NUMERIC.match(t)), TAG_COUNT))
