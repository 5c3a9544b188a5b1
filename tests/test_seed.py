"""The first golden test: the seed article (../shared/seed) rendered as an article-platform page."""

from __future__ import annotations

import parsel
from conftest import FIXTURES

from govnews.demo.seed_article import load_seed, parse_seed_export
from govnews.extraction.text import normalize_space

from support.golden import load_cases

SEED_TEXT = (FIXTURES / "seed" / "quanchenglu-2023-02-14.txt").read_text("utf-8")
SEED = parse_seed_export(SEED_TEXT)
CASE = next(c for c in load_cases(FIXTURES / "golden") if c.name == "seed-quanchenglu")


def test_bundled_seed_is_the_shared_seed():
    assert load_seed() == SEED


def test_page_carries_the_seed_body_exactly():
    assert SEED.body_html in CASE.page.body.decode("utf-8")


def test_seed_record():
    record = CASE.extract()
    expected_paragraphs = [normalize_space(t) for t in (
        "".join(p.xpath(".//text()").getall()) for p in parsel.Selector(SEED.body_html).css("p.ql-block")
    )]
    assert record["title"] == SEED.title
    assert record["title"].startswith("【笃行实干抓落实 踔厉奋发谱新篇】")
    assert record["author"] == "泉城路" == SEED.author
    assert record["paragraphs"] == expected_paragraphs and len(expected_paragraphs) == 6
    assert "回顾过去，街道爬坡过坎" in record["paragraphs"][3].replace(",", "，")  # bold runs stay in place
    assert record["tags"] == list(SEED.tags)
    assert record["tags"] == ["街道", "落实", "泉城路", "工作", "招商", "重点", "短板", "商圈", "各项", "全面"]
    assert record["published"] == "2023-02-14"
    assert record["published_source"] == "body"
    assert record["published_raw"] == "2月14日"
    assert "published_year_inferred:named_in_text" in record["warnings"]
