"""``tags`` are jieba's TF-IDF keywords: the faster segmenter must give exactly what jieba gives.

The reference is the definition itself: ``jieba.cut`` and ``jieba.analyse.extract_tags`` as shipped, on every
real page of the development corpus and every golden page (their title and paragraphs, as extracted).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from functools import cache

import jieba
import jieba.analyse
import pytest
import rjieba
from conftest import FIXTURES

from govnews.extraction import extract_article
from govnews.extraction.tags import AgreedSegmenter, _TfIdf, keyword_tags, warm_up

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


def jiebas_counts(text: str) -> list[tuple[str, int]]:
    """jieba's words with their counts, in order of first occurrence (the order its ranking breaks ties by)."""
    return list(Counter(jieba.cut(text)).items())


@pytest.mark.parametrize("name", NAMES)
def test_word_counts_are_jiebas(name):
    text = _joined(name)
    assert list(AgreedSegmenter().word_counts(text).items()) == jiebas_counts(text)


@pytest.mark.parametrize("text", DISAGREEING)
def test_runs_jieba_rs_keeps_whole_are_split_as_jieba_splits_them(text):
    assert rjieba.cut(text, hmm=True) != list(jieba.cut(text))  # the case the fallback exists for
    assert list(AgreedSegmenter().word_counts(text).items()) == jiebas_counts(text)


def test_pieces_of_a_split_token_count_where_they_first_occur():
    # "13" first occurs inside "13-15", before it stands alone; "15" occurs only inside the two runs
    text = "年龄13-15岁的学生，13岁，再说13-15"
    assert list(AgreedSegmenter().word_counts(text).items()) == jiebas_counts(text)


# Split tokens, their pieces and the pieces on their own, in every order and number.
FRAGMENTS = [*DISAGREEING, "13-15", "13", "15", "SK", "II", "1.8", "T", "www", ".", "-", "2005-06-01", "10.5%", "%",
             "岁", "学生", "，", "\n", " ", "宝来"]


def test_word_counts_are_jiebas_on_mixed_tokens():
    rnd = random.Random(20261201)
    texts = ["".join(rnd.choice(FRAGMENTS) for _ in range(rnd.randint(1, 25))) for _ in range(1000)]
    segmenter = AgreedSegmenter()
    assert [list(segmenter.word_counts(t).items()) for t in texts] == [jiebas_counts(t) for t in texts]


def test_ties_keep_jiebas_order():
    # words jieba's IDF table does not hold all weigh the same: jieba ranks them in order of first occurrence
    text = " ".join(f"zq{chr(ord('a') + i)}x" for i in range(15))
    expected = [t for t in jieba.analyse.extract_tags(text, topK=None) if not NUMBER.fullmatch(t)]
    assert keyword_tags(None, [text]) == expected[:10] == [f"zq{chr(ord('a') + i)}x" for i in range(10)]


COMMON = ["我们", "他们", "进行", "工作", "一个", "没有", "这个", "就是", "自己", "可以", "这些", "已经"]
RARE = ["蝾螈", "鼯鼠", "犰狳", "穿山甲"]  # high IDF


@pytest.mark.parametrize(("repeats", "singles_weighed"), [(2, True), (8, False)])
def test_words_seen_once_are_weighed_only_when_they_could_rank(monkeypatch, repeats, singles_weighed):
    # twice: a rare word seen once outweighs the common ones; eight times: no word seen once can reach them
    text = " ".join(COMMON * repeats + RARE)
    weighed: list[int] = []
    real = _TfIdf._weights
    monkeypatch.setattr(_TfIdf, "_weights", lambda self, kept, total, at_least: weighed.append(at_least) or real(self, kept, total, at_least))
    tags = keyword_tags(None, [text])
    assert tags == jieba.analyse.extract_tags(text, topK=10)
    assert (1 in weighed) is singles_weighed
    assert set(RARE) <= set(tags) if singles_weighed else not set(RARE) & set(tags)


def test_empty_text_has_no_tags():
    assert keyword_tags(None, []) == []
    assert keyword_tags("", ["  "]) == []


def test_a_nul_in_the_text_does_not_blur_the_tokens():
    text = "宝来1.8T运动版\x00联系电话：0314-7566207"
    assert list(AgreedSegmenter().word_counts(text).items()) == jiebas_counts(text)
