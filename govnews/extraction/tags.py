"""Keywords: jieba TF-IDF over title and body (the record's ``tags``) and what the page declares (``page_tags``)."""

from __future__ import annotations

import logging
import re
from functools import cache

TAG_COUNT = 10
_NUMERIC = re.compile(r"^[\d.,．，%％]+$")


@cache
def _extractor():
    import jieba
    import jieba.analyse

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.analyse.extract_tags


def warm_up() -> None:
    """Load jieba's dictionary now (once per process), not on the first article."""
    _extractor()


def keyword_tags(title: str | None, paragraphs: list[str]) -> list[str]:
    """The top ten TF-IDF keywords of the title followed by the paragraphs, numbers left out."""
    text = "\n".join(([title] if title else []) + paragraphs)
    if not text.strip():
        return []
    ranked = _extractor()(text, topK=None)
    return [t for t in ranked if not _NUMERIC.match(t)][:TAG_COUNT]


