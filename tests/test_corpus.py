"""Real government pages against the values a reader sees on them (tests/fixtures/corpus/manifest.jsonl)."""

from __future__ import annotations

import json
from urllib.parse import urljoin

import pytest
from conftest import FIXTURES

from support.golden import load_cases

MANIFEST = {m["file"]: m for m in map(json.loads, (FIXTURES / "corpus" / "manifest.jsonl").read_text("utf-8").splitlines())}
CASES = {c.meta["corpus"]: c for c in load_cases(FIXTURES / "golden") if "corpus" in c.meta}
ARTICLES = sorted(f for f, m in MANIFEST.items() if m["kind"] == "article")


def test_every_corpus_article_has_a_case():
    assert sorted(CASES) == ARTICLES


def _check(record: dict, expected: dict, url: str) -> None:
    assert record["title"] == expected["title"]
    published = expected["published"] or expected.get("meta", {}).get("PubDate")
    if published:
        assert record["published"].removesuffix("+08:00") == published.replace(" ", "T")
    assert record["source"] == expected["source"]
    assert record["author"] == expected["author"]
    paragraphs = record["paragraphs"]
    if expected["paragraph_count_approx"]:
        # Ambiguous structure (sections built from spans and <br>): every section must be there.
        assert len(paragraphs) >= expected["paragraph_count"]
    else:
        assert len(paragraphs) == expected["paragraph_count"]
    if expected["first_paragraph"]:
        assert paragraphs[0].startswith(expected["first_paragraph"])
        assert paragraphs[-1].endswith(expected["last_paragraph"])
    assert record["page_tags"] == expected["tags"]
    for href in expected.get("attachments", []):
        assert urljoin(url, href) in [a["url"] for a in record["attachments"]]


# Every page without a profile (the generic path), and again with its site's profile where one exists.
RUNS = [(name, False) for name in ARTICLES] + [(name, True) for name in ARTICLES if CASES[name].meta.get("site")]


@pytest.mark.parametrize(("name", "with_profile"), RUNS, ids=[f"{n}-{'profile' if p else 'generic'}" for n, p in RUNS])
def test_corpus_article(name, with_profile):
    from govnews.extraction import extract_article

    case = CASES[name]
    record = extract_article(case.page, case.profile if with_profile else None)
    _check(record, MANIFEST[name]["expected"], case.meta["url"])


def test_migrated_article_with_empty_body_says_so():
    record = CASES["pingtan-article-009.html"].extract()
    assert record["paragraphs"] == [] and "empty_body" in record["warnings"]
    assert record["author"] is None  # meta Author is the CMS account 管理员


def test_metadata_only_author_is_not_the_author():
    record = CASES["pingtan-article-013.html"].extract()
    assert record["author"] is None


def test_ccgp_sections_all_present():
    paragraphs = CASES["ccgp-hebei-article-006.html"].extract()["paragraphs"]
    for numeral in "一二三四五六七八九十":
        assert any(p.startswith(f"{numeral}、") for p in paragraphs), numeral
