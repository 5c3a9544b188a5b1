"""The record's cleaning processors: what a 来源 or author value keeps of its edges."""

from __future__ import annotations

import random
import re
import unicodedata

import pytest

from govnews.record.cleaning import clean_author, clean_source, nfkc, normalize_space


@pytest.mark.parametrize(("raw", "author"), [
    ("周思博 (Joel Spolsky)", "周思博 (Joel Spolsky)"),  # a name with its alias keeps the brackets
    ("作者：李明（笔名 木子）", "李明（笔名 木子）"),
    ("（记者 张三 李四）", "张三 李四"),  # an in-text credit loses the brackets around it
    ("记者：王五】", "王五"),
    ("责任编辑：赵六", None),
    ("管理员", None),
])
def test_author_edges(raw, author):
    assert clean_author(raw) == author


@pytest.mark.parametrize(("raw", "source"), [
    ("来源：新华网】", "新华网"),
    ("来源：泉城路街道（办事处）", "泉城路街道（办事处）"),
    ("信息来源： ", None),
])
def test_source_edges(raw, source):
    assert clean_source(raw) == source


# NFKC must stay exactly unicodedata's: content_hash and reprint fingerprints are stored, and any difference
# would report unchanged articles as edited.
def _every_code_point() -> str:
    return "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)


def test_nfkc_is_unicodedatas_on_every_code_point():
    text = _every_code_point()
    assert nfkc(text) == unicodedata.normalize("NFKC", text)
    assert [nfkc(c) for c in text[::7]] == [unicodedata.normalize("NFKC", c) for c in text[::7]]


# Where composition matters: Latin letters with combining marks in any order, Hangul jamo, full-width forms,
# ligatures and Han with ideographic punctuation.
_COMPOSING = [chr(c) for c in [*range(0x41, 0x7B), *range(0xC0, 0x180), *range(0x300, 0x350), *range(0x1100, 0x1200),
                                *range(0xAC00, 0xAC20), *range(0xFF01, 0xFF60), *range(0xFB00, 0xFB07), *range(0x3000, 0x3020),
                                *range(0x4E00, 0x4E10), 0x2126, 0x212B, 0x1E9B, 0x0F73, 0x0CD5, 0x09BE]]


def test_nfkc_is_unicodedatas_where_characters_compose():
    rnd = random.Random(20261201)
    samples = ["".join(rnd.choice(_COMPOSING) for _ in range(rnd.randint(1, 6))) for _ in range(30_000)]
    assert [nfkc(s) for s in samples] == [unicodedata.normalize("NFKC", s) for s in samples]


def test_normalize_space_collapses_every_whitespace_re_knows():
    spaces = [c for c in _every_code_point() if re.fullmatch(r"\s", c)]
    text = "\u200b 标题" + "".join(f"{s}字{s}{s}\ufeff" for s in spaces) + " \u3000"
    assert normalize_space(text) == re.sub(r"\s+", " ", re.sub("[\u200b\u200c\u200d\u2060\ufeff]", "", text)).strip()
    assert "\u3000" in spaces and "\xa0" in spaces
