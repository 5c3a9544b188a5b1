"""The fast selector path must select exactly what parsel's CSS engine selects."""

from __future__ import annotations

import parsel
import pytest
from conftest import FIXTURES

from govnews.extraction.document import Document
from govnews.extraction.selectors import parse_simple
from govnews.profiles.families import FAMILIES, load_family

from support.golden import load_cases

CASES = load_cases(FIXTURES / "golden")
SELECTORS = sorted({s for f in FAMILIES for values in load_family(f).article.values() for s in values if parse_simple(s)})
EXTRA = ["div.info", "#zoom p", "[class*=attach] a", "[id^=vsb_content]", "a[rel=tag]", "td.title", "li a", "*", "p[style]"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_index_agrees_with_parsel(case):
    doc = Document(case.page)
    reference = parsel.Selector(root=doc.root, type="html")
    for selector in SELECTORS + EXTRA:
        assert parse_simple(selector) is not None, selector
        fast = doc.query(selector)
        slow = [s.root for s in reference.css(selector)]
        assert fast == slow, selector


def test_complex_selectors_fall_back_to_parsel():
    assert parse_simple("div > p") is None
    assert parse_simple("p:first-child") is None
    assert parse_simple("a::attr(href)") is None
    doc = Document(CASES[0].page)
    assert doc.query("//title/text()") and isinstance(doc.query("//title/text()")[0], str)
