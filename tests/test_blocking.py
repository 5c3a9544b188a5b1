"""Blocked-page classification, per-host politeness slots and the progress lines."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest

from govnews.crawler.blocking import classify
from govnews.crawler.extensions.progress import LiveProgress
from govnews.crawler.run_setup import download_slots
from govnews.profiles import select_profiles

RUISHU = b"<html><head><meta id='x' content='abc' r='m'><script>$_ts=window['$_ts'];if(!$_ts)$_ts={};$_ts.nsd=1;</script></head></html>"
JSL = b"<script>document.cookie=('__jsl_clearance_s=1');location.href=location.pathname+location.search</script>"
ALIYUN = b"<html><script>var arg1='ABC';</script><!-- aliyun_waf_aa --></html>"
ARTICLE = "<html><body><a href='/x'>x</a><p>正文，内容。</p></body></html>".encode()


@pytest.mark.parametrize(("status", "body", "cookies", "kind"), [
    (412, RUISHU, [b"FSSBBIl1UgzbN7N80S=abc; path=/"], "ruishu"),
    (200, RUISHU, [], "ruishu"),  # a challenge served with 200
    (521, JSL, [b"__jsluid_s=1"], "jsl"),
    (521, b"", [], "jsl"),
    (200, ALIYUN, [], "aliyun_waf"),
    (403, "<h1>您的访问被拒绝</h1> Access Denied".encode(), [], "waf_403"),
    (200, b"<script>wzwschallenge='x'</script>", [], "wzws"),
    (202, b"<html><script>document.cookie='a=b';window.location.reload()</script></html>", [], "challenge"),
])
def test_challenges_are_recognised(status, body, cookies, kind):
    block = classify(status, body, cookies)
    assert block is not None and block.kind == kind


@pytest.mark.parametrize(("status", "body"), [(200, ARTICLE), (404, b"<html>not found</html>"), (500, b"oops")])
def test_content_and_plain_errors_are_not_blocks(status, body):
    assert classify(status, body, []) is None


def test_one_slot_per_host_with_the_strictest_politeness():
    profiles = select_profiles(["demo-trs-xingfu", "pingtan"], demo_url="http://127.0.0.1:9")
    fast = profiles[0].__class__(**{**profiles[0].__dict__, "id": "x", "delay": 0.2, "concurrency": 8})
    slots = download_slots(profiles + [fast])
    assert slots["www.pingtan.gov.cn"] == {"delay": 2.0, "concurrency": 1, "jitter": 0.5}
    assert slots["127.0.0.1"]["delay"] == 1.0 and slots["127.0.0.1"]["concurrency"] == 2


def test_progress_lines():
    stats = {"govnews/site/a-site/listing_pages": 3, "govnews/site/a-site/articles": 24, "govnews/site/b/blocked": 1}
    crawler = SimpleNamespace(stats=SimpleNamespace(get_stats=lambda: stats), spider=SimpleNamespace(run=SimpleNamespace(profiles={"a-site": 1, "b": 2})))
    progress = LiveProgress.__new__(LiveProgress)
    progress.crawler, progress.stream, progress.lines_drawn = crawler, io.StringIO(), 0
    assert progress.lines() == [
        "a-site  listing pages    3  articles   24  blocked    0  errors    0",
        "b       listing pages    0  articles    0  blocked    1  errors    0",
    ]
    progress.draw()
    progress.draw()
    assert progress.stream.getvalue().count("\x1b[2F") == 1  # the second draw rewrites the same two lines
