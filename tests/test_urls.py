"""Canonical URLs and record ids."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from govnews.record.ids import article_id, canonicalize, http_url_problem, join_url


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


def test_a_link_no_parser_can_split_joins_to_nothing():
    assert join_url("http://x.gov.cn/a/", " b.html ") == "http://x.gov.cn/a/b.html"
    assert join_url("http://x.gov.cn/a/", "http://[::1/x.png") is None


# Pages do carry such links (a template's typo, an unclosed IPv6 bracket): a record or a listing must come out,
# without them, not a ValueError from urllib.
_BAD = "http://[::1/x"


def test_extraction_leaves_out_links_it_cannot_split():
    from govnews.extraction import Page, extract_article

    body = ("<html><head><base href='http://[::1'><title>t</title></head><body><h1>某某街道开展活动</h1>"
            "<div class='article_content'><p>正文第一段，内容足够长的一段文字，写着街道的工作。</p>"
            f"<img src='{_BAD}.png'><img src='/ok.png'><p><a href='{_BAD}.pdf'>附件一.pdf</a></p>"
            "<p><a href='/files/ok.pdf'>附件二.pdf</a></p></div></body></html>")
    record = extract_article(Page(body.encode(), "http://x.gov.cn/art/1.html", datetime(2026, 1, 1, tzinfo=UTC)))
    assert record["title"] == "某某街道开展活动"
    assert [i["url"] for i in record["images"]] == ["http://x.gov.cn/ok.png"]
    assert [a["url"] for a in record["attachments"]] == ["http://x.gov.cn/files/ok.pdf"]


def test_a_listing_keeps_its_other_entries_and_next_page():
    from govnews.listing import ListingPage
    from govnews.listing.detect import inspect_listing

    items = "".join(f"<li><a href='/art/{n}.html'>街道新闻标题第{n}条</a><span>2026-01-0{n}</span></li>" for n in range(1, 6))
    body = (f"<html><body><ul class='list'><li><a href='{_BAD}.html'>坏链接的一条新闻标题</a><span>2026-01-09</span></li>"
            f"{items}</ul><a href='{_BAD}/next'>下一页</a><a href='list_1.html'>下一页</a></body></html>")
    view = inspect_listing(ListingPage("http://x.gov.cn/list.html", body.encode(), {}, None), datetime(2026, 2, 1, tzinfo=UTC))
    assert [e.url for e in view.entries] == [f"http://x.gov.cn/art/{n}.html" for n in range(1, 6)]
    assert view.next is not None and view.next.url == "http://x.gov.cn/list_1.html"
