"""Canonical URLs and record ids."""

from __future__ import annotations

import pytest

from govnews.record.ids import article_id, canonicalize


@pytest.mark.parametrize(("url", "canonical"), [
    ("HTTP://WWW.Example.GOV.cn:80/jddt/index.html#top", "http://www.example.gov.cn/jddt/"),
    ("https://x.gov.cn/jddt/index_0.shtml", "https://x.gov.cn/jddt/"),
    ("https://x.gov.cn/a/t20230214_1.html?utm_source=wx&spm=1.2", "https://x.gov.cn/a/t20230214_1.html"),
    ("https://x.gov.cn/content.aspx?id=1004&from=timeline", "https://x.gov.cn/content.aspx?id=1004"),
    ("https://x.gov.cn/list.jsp?page=2&columnid=33", "https://x.gov.cn/list.jsp?columnid=33&page=2"),
])
def test_canonicalize(url, canonical):
    assert canonicalize(url) == canonical


def test_id_bearing_parameters_make_two_articles():
    assert article_id("https://x.gov.cn/content.aspx?id=1004") != article_id("https://x.gov.cn/content.aspx?id=1005")


def test_scheme_and_tracking_do_not_change_the_id():
    a = article_id("http://x.gov.cn/a/t20230214_1.html")
    assert a == article_id("https://x.gov.cn/a/t20230214_1.html?utm_medium=share#p2")
    assert len(a) == 16 and int(a, 16) >= 0
