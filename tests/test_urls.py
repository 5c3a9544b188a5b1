"""Canonical URLs and record ids."""

from __future__ import annotations

import pytest

from govnews.record.ids import article_id, canonicalize, http_url_problem


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


@pytest.mark.parametrize("url", ["http://127.0.0.1:8765/x", "https://www.pingtan.gov.cn/zwgk/?id=1", "http://[::1]:80/x",
                                 "http://localhost:/x", "http://127.0.0.1:65535/"])
def test_fetchable_urls_have_no_problem(url):
    assert http_url_problem(url) is None


@pytest.mark.parametrize(("url", "problem"), [
    ("not a url", "is not an http(s) URL"),
    ("www.x.gov.cn/a.html", "is not an http(s) URL"),
    ("ftp://127.0.0.1/x", "is not an http(s) URL"),
    ("127.0.0.1:18765/x", "is not an http(s) URL"),
    ("http://[::1", "is not a valid URL (a malformed [IPv6] host)"),
    ("http://[not-an-address]/x", "is not a valid URL (a malformed [IPv6] host)"),
    ("http://127.0.0.1:99999/x", "is not a valid URL (its port is not a number from 1 to 65535)"),
    ("http://127.0.0.1:18765a/x", "is not a valid URL (its port is not a number from 1 to 65535)"),
    ("http://127.0.0.1:0/x", "is not a valid URL (its port is not a number from 1 to 65535)"),
    ("http:///x", "is not a valid URL (no host)"),
    ("http://exa mple.gov.cn/", "is not a valid URL (a space in its host)"),
])
def test_each_unfetchable_url_says_why(url, problem):
    assert http_url_problem(url) == f"{url!r} {problem}"
