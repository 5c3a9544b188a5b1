"""``tags`` are jieba's TF-IDF keywords: the faster segmenter must give exactly what jieba gives.

The reference is the definition itself: ``jieba.cut`` and ``jieba.analyse.extract_tags`` as shipped, on every
real page of the development corpus and every golden page (their title and paragraphs, as extracted).
"""

from __future__ import annotations

import re
from functools import cache

import jieba
import jieba.analyse
import pytest
import rjieba
from conftest import FIXTURES

from govnews.extraction import extract_article
from govnews.extraction.tags import AgreedSegmenter, keyword_tags, warm_up

from support.corpus import load_real_pages
from support.golden import load_cases

NUMBER = re.compile(r"[\d.,．，%％]+")  # numbers are not tags (the seed's definition)
# jieba-rs keeps these whole and jieba splits them at the punctuation (seen on the cwced pages).
DISAGREEING = ["SK-II紧肤抗皱", "联系电话：0314-7566207", "宝来1.8T运动版", "www.taobao.com", "self-esteem", "13-15岁"]


# Real pages and golden cases by name (reading them is cheap; extracting them happens once, when a test asks).
PAGES = {page.name: page.page for page in load_real_pages()}
CASES = {case.name: case for case in load_cases(FIXTURES / "golden")}
NAMES = sorted(PAGES.keys() | CASES.keys())


@cache
def _title_and_paragraphs(name: str) -> tuple[str | None, list[str]]:
    warm_up()
    record = extract_article(PAGES[name]) if name in PAGES else CASES[name].extract()
    return record["title"], record["paragraphs"]


def _joined(name: str) -> str:
    title, paragraphs = _title_and_paragraphs(name)
    return "\n".join(([title] if title else []) + paragraphs)


@pytest.mark.parametrize("name", NAMES)
def test_tags_are_jiebas_tfidf_keywords(name):
    title, paragraphs = _title_and_paragraphs(name)
    expected = [t for t in jieba.analyse.extract_tags(_joined(name), topK=None) if not NUMBER.fullmatch(t)]
    assert keyword_tags(title, paragraphs) == expected[:10]


@pytest.mark.parametrize("name", NAMES)
def test_segmentation_is_jiebas(name):
    text = _joined(name)
    assert list(AgreedSegmenter().cut(text)) == list(jieba.cut(text))


@pytest.mark.parametrize("text", DISAGREEING)
def test_runs_jieba_rs_keeps_whole_are_split_as_jieba_splits_them(text):
    assert rjieba.cut(text, hmm=True) != list(jieba.cut(text))  # the case the fallback exists for
    assert list(AgreedSegmenter().cut(text)) == list(jieba.cut(text))


def test_empty_text_has_no_tags():
    assert keyword_tags(None, []) == []
    assert keyword_tags("", ["  "]) == []


def test_a_nul_in_the_text_does_not_blur_the_tokens():
    text = "宝来1.8T运动版\x00联系电话：0314-7566207"
    assert AgreedSegmenter().cut(text) == list(jieba.cut(text))
