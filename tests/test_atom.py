"""Atom feeds of the latest postings, read back with a real feed parser and with xml.etree."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path
from xml.etree import ElementTree as ET

import feedparser
import pytest

from govnews.monitor import atom
from govnews.monitor.atom import SiteInfo, rfc3339, write_feeds

NS = {"a": "http://www.w3.org/2005/Atom"}
RFC3339_CN = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$")
SPECIAL = "“平安&和谐” <b>社区</b> 'A' & \"B\" <script>alert(1)</script>"
SITES = {
    "demo-xingfu": SiteInfo("demo-xingfu", "幸福街道办事处", "https://www.example.gov.cn/xf/"),
    "demo-hanweb": SiteInfo("demo-hanweb", "汉维街道"),
}


def record(site, n, published, title=None, **extra):
    rid = hashlib.sha256(f"{site}/{n}".encode()).hexdigest()[:16]
    base = {
        "schema_version": 1, "id": rid, "url": f"https://{site}.example.gov.cn/art/{n}.html",
        "canonical_url": f"https://{site}.example.gov.cn/art/{n}.html", "site": site, "site_name": SITES[site].name,
        "column": "街道动态", "title": title or f"{site} 第{n}条", "published": published,
        "source": None, "author": None, "paragraphs": [f"第{n}条的第一段。", "第二段 <i>&</i> 结束。"],
        "images": [], "attachments": [], "tags": ["街道", "社区"], "fetched_at": "2026-11-27T08:00:00Z",
    }
    base.update(extra)
    return base


@pytest.fixture
def records():
    xingfu = [
        record("demo-xingfu", 1, "2026-11-27T10:30+08:00", SPECIAL, source="幸福街道党工委",
               attachments=[{"url": "https://demo-xingfu.example.gov.cn/f/a.pdf", "name": "附件1.pdf"}]),
        record("demo-xingfu", 2, "2026-11-26", tags=["垃圾分类", "宣传"]),
        record("demo-xingfu", 3, None, paragraphs=[]),
        record("demo-xingfu", 4, "2026-11-25T09:00:05+08:00", title=None, paragraphs=["控制\x01字符\x0b已清除"]),
    ]
    xingfu[3]["title"] = None
    hanweb = [record("demo-hanweb", n, f"2026-{9 + n // 28:02d}-{1 + n % 28:02d}") for n in range(60)]
    hanweb.reverse()  # given newest first; the feed keeps that order
    return {"demo-xingfu": xingfu, "demo-hanweb": hanweb}


@pytest.fixture
def feeds(tmp_path, records):
    paths = write_feeds(tmp_path, SITES, records, "2026-11-27T08:16:40Z", run_id="20261127T081500Z")
    return tmp_path, paths


def test_writes_one_feed_per_site_and_all(feeds):
    out, paths = feeds
    assert [p.name for p in paths] == ["demo-xingfu.xml", "demo-hanweb.xml", "all.xml"]
    assert all(p.parent == out / "feeds" and p.is_file() for p in paths)
    assert sorted(os.listdir(out / "feeds")) == ["all.xml", "demo-hanweb.xml", "demo-xingfu.xml"]  # no temp files
    assert all(p.stat().st_mode & 0o044 == 0o044 for p in paths)  # readable by a web server


def test_feed_parser_reads_every_feed_cleanly(feeds):
    _, paths = feeds
    for path in paths:
        parsed = feedparser.parse(str(path))
        assert not parsed.bozo, (path.name, parsed.get("bozo_exception"))
        assert parsed.version == "atom10"
        assert parsed.feed.id.startswith("tag:govnews,2026:feed:")
        assert parsed.feed.updated == "2026-11-27T16:16:40+08:00"
        rels = {link.rel: link.href for link in parsed.feed.links}
        assert set(rels) == {"self", "alternate"} and rels["self"].endswith(path.name)


def test_site_feed_entries(feeds, records):
    out, _ = feeds
    parsed = feedparser.parse(str(out / "feeds" / "demo-xingfu.xml"))
    assert parsed.feed.title == "幸福街道办事处" and parsed.feed.id == "tag:govnews,2026:feed:site:demo-xingfu"
    assert {link.rel: link.href for link in parsed.feed.links}["alternate"] == "https://www.example.gov.cn/xf/"
    entries = parsed.entries
    assert [e.id for e in entries] == [f"tag:govnews,2026:article:{r['id']}" for r in
                                       [records["demo-xingfu"][i] for i in (0, 1, 3, 2)]]  # undated last
    first = entries[0]
    assert first.title == SPECIAL and first.title_detail.type == "text/plain"
    assert first.link == "https://demo-xingfu.example.gov.cn/art/1.html"
    assert first.published == "2026-11-27T10:30:00+08:00"
    assert first.updated == "2026-11-27T16:00:00+08:00"  # fetched 08:00 UTC
    assert first.author == "幸福街道党工委"
    assert first.summary == "第1条的第一段。"
    content = first.content[0]
    assert content.type == "text/html"
    assert "<p>第二段 &lt;i&gt;&amp;&lt;/i&gt; 结束。</p>" in content.value
    assert '<a href="https://demo-xingfu.example.gov.cn/f/a.pdf">附件1.pdf</a>' in content.value
    assert [t.term for t in first.tags] == ["街道", "社区"]
    second = entries[1]
    assert second.published == "2026-11-26T00:00:00+08:00"  # a bare day is midnight China time
    assert second.author == "幸福街道办事处"  # no source: the site's name
    assert [t.term for t in second.tags] == ["垃圾分类", "宣传"]
    untitled = entries[2]
    assert untitled.title == "(untitled)" and untitled.summary == "控制字符已清除"
    undated = entries[3]
    assert "published" not in undated and undated.updated == "2026-11-27T16:00:00+08:00"
    assert "summary" not in undated


def test_at_most_fifty_newest_entries(feeds, records):
    out, _ = feeds
    hanweb = feedparser.parse(str(out / "feeds" / "demo-hanweb.xml"))
    assert len(hanweb.entries) == 50
    published = [e.published for e in hanweb.entries]
    assert published == sorted(published, reverse=True)
    assert hanweb.entries[0].id == f"tag:govnews,2026:article:{records['demo-hanweb'][0]['id']}"
    assert {link.rel: link.href for link in hanweb.feed.links}["alternate"] == "https://demo-hanweb.example.gov.cn/"
    everything = feedparser.parse(str(out / "feeds" / "all.xml"))
    assert len(everything.entries) == 50
    assert everything.entries[0].title == SPECIAL
    assert {link.rel: link.href for link in everything.feed.links}["alternate"] == "../runs/20261127T081500Z/report.html"
    ids = [e.id for e in everything.entries]
    assert len(set(ids)) == 50


def test_xml_structure_follows_rfc_4287(feeds):
    _, paths = feeds
    for path in paths:
        raw = path.read_bytes()
        assert raw.startswith(b"<?xml version='1.0' encoding='utf-8'?>")
        assert "平安".encode() in raw or path.name == "demo-hanweb.xml"
        root = ET.parse(path).getroot()
        assert root.tag == "{http://www.w3.org/2005/Atom}feed"
        for name in ("id", "title", "updated", "author/a:name"):
            assert len(root.findall(f"a:{name}", NS)) == 1, name
        assert RFC3339_CN.match(root.find("a:updated", NS).text)
        assert len(root.findall("a:link[@rel='self']", NS)) == 1
        assert len(root.findall("a:link[@rel='alternate']", NS)) == 1
        for entry in root.findall("a:entry", NS):
            for name in ("id", "title", "updated", "link", "author/a:name"):
                assert len(entry.findall(f"a:{name}", NS)) == 1, name
            assert entry.find("a:id", NS).text.startswith("tag:govnews,2026:article:")
            assert RFC3339_CN.match(entry.find("a:updated", NS).text)
            published = entry.find("a:published", NS)
            assert published is None or RFC3339_CN.match(published.text)
            content = entry.find("a:content", NS)
            assert content is None or content.get("type") == "html"


def test_dates_become_rfc3339_china_time():
    assert rfc3339("2026-11-26") == "2026-11-26T00:00:00+08:00"
    assert rfc3339("2026-11-27T10:30+08:00") == "2026-11-27T10:30:00+08:00"
    assert rfc3339("2026-11-27T10:30:15+08:00") == "2026-11-27T10:30:15+08:00"
    assert rfc3339("2026-11-27T20:00:00Z") == "2026-11-28T04:00:00+08:00"
    assert rfc3339(None) is None and rfc3339("3天前") is None


def test_rewrite_is_atomic(tmp_path, records, monkeypatch):
    write_feeds(tmp_path, SITES, records, "2026-11-27T08:16:40Z")
    before = (tmp_path / "feeds" / "all.xml").read_bytes()

    def crash(src, dst):
        raise OSError("disk full")

    monkeypatch.setattr(atom.os, "replace", crash)
    with pytest.raises(OSError):
        write_feeds(tmp_path, SITES, {"demo-xingfu": []}, "2026-11-28T08:00:00Z")
    assert (tmp_path / "feeds" / "all.xml").read_bytes() == before
    assert sorted(p.name for p in (tmp_path / "feeds").iterdir()) == ["all.xml", "demo-hanweb.xml", "demo-xingfu.xml"]
    monkeypatch.undo()
    write_feeds(tmp_path, SITES, {"demo-xingfu": records["demo-xingfu"][:1]}, "2026-11-28T08:00:00Z")
    parsed = feedparser.parse(str(tmp_path / "feeds" / "demo-hanweb.xml"))
    assert not parsed.bozo and parsed.entries == [] and parsed.feed.updated == "2026-11-28T16:00:00+08:00"


def test_base_url_makes_links_absolute(tmp_path, records):
    paths = write_feeds(tmp_path, SITES, records, "2026-11-27T08:16:40Z", base_url="https://feeds.example.org/govnews/")
    parsed = feedparser.parse(str(paths[-1]))
    links = {link.rel: link.href for link in parsed.feed.links}
    assert links == {"self": "https://feeds.example.org/govnews/feeds/all.xml",
                     "alternate": "https://feeds.example.org/govnews/"}


def test_site_without_profile_gets_a_feed(tmp_path, records):
    paths = write_feeds(Path(tmp_path), {}, {"demo-xingfu": records["demo-xingfu"]}, "2026-11-27T08:16:40Z")
    parsed = feedparser.parse(str(paths[0]))
    assert paths[0].name == "demo-xingfu.xml" and parsed.feed.title == "幸福街道办事处" and not parsed.bozo
