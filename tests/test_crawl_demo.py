"""End to end, offline: `govnews crawl` over the bundled demo portal on 127.0.0.1."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.record.schema import record_errors
from govnews.runs import clock
from govnews.store import open_store

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

BLOCKED = {
    "demo-blocked-ruishu": "ruishu", "demo-blocked-jsl": "jsl", "demo-blocked-waf": "waf_403",
    "demo-blocked-challenge": "aliyun_waf", "demo-blocked-empty": "empty_listing",
}
GBK_ONLY = "镕喆堃燊珺"


def run_govnews(*args: str, env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", *args], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    world = DemoWorld(clock.china_today(), 2)
    out = tmp_path_factory.mktemp("demo-crawl")
    with DemoPortal(world) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
        result = run_govnews("crawl", "--site", "demo-*", "--out", str(out), "--no-delay", "--progress", "off", env=env)
        requests = list(portal.requests)
        base = portal.base_url
    runs = list((out / "runs").iterdir())
    assert len(runs) == 1, result.stderr
    records = [json.loads(line) for line in (runs[0] / "articles.jsonl").read_text("utf-8").splitlines()]
    manifest = json.loads((runs[0] / "manifest.json").read_text("utf-8"))
    store = open_store(None, out)
    urls = {r["url"]: store.article_urls(r["id"]) for r in records}
    store.close()
    return {"world": world, "base": base, "result": result, "records": records, "manifest": manifest,
            "requests": requests, "run": runs[0], "article_urls": urls}


def _by_site(records):
    sites: dict[str, dict[str, dict]] = {}
    for r in records:
        sites.setdefault(r["site"], {})[r["url"]] = r
    return sites


def test_exit_status_says_some_sites_were_blocked(crawl):
    assert crawl["result"].returncode == 1, crawl["result"].stderr
    assert "Traceback" not in crawl["result"].stderr


def test_the_run_log_is_clean(crawl):
    log = (crawl["run"] / "crawl.log").read_text("utf-8")
    assert "Spider closed (finished)" in log
    for bad in ("Traceback", "DeprecationWarning", "ERROR"):
        assert bad not in log, bad


def test_exactly_the_expected_articles_per_site(crawl):
    """Every expected URL is recorded: in the feed, or attached to its twin (one article, two URLs)."""
    world, base, sites = crawl["world"], crawl["base"], _by_site(crawl["records"])
    for site in world.site_ids():
        recorded = {u for url in sites.get(site, {}) for u in crawl["article_urls"][url]}
        assert recorded == world.expected_urls(site, base), site
    assert len(crawl["records"]) == len({r["url"] for r in crawl["records"]})
    twins = {url: urls for url, urls in crawl["article_urls"].items() if len(urls) > 1}
    xingfu = crawl["manifest"]["sites"]["demo-trs-xingfu"]
    assert len(twins) == 1 and (xingfu["duplicate_urls"], xingfu["unchanged"]) == (1, 0)


def test_records_carry_what_readers_see(crawl):
    world, base, sites = crawl["world"], crawl["base"], _by_site(crawl["records"])
    checked = 0
    for site in world.site_ids():
        for article in world.articles(site):
            if not article.expected:
                continue
            url = base + article.path
            record = sites[site].get(url) or next(r for u, r in sites[site].items() if url in crawl["article_urls"][u])
            assert record["title"] == article.title, article.path
            assert record["published"] == article.published, article.path
            assert record["source"] == article.source, article.path
            assert record["author"] == article.author, article.path
            assert record["paragraphs"] == list(article.paragraphs), article.path
            if record["url"] == url:  # (the twin's relative links resolve under its own folder)
                assert [(i["url"], i["caption"]) for i in record["images"]] == [(base + p, c) for p, c in article.images]
                assert [(a["url"], a["name"]) for a in record["attachments"]] == [(base + p, n) for p, n in article.attachments]
            checked += 1
    assert checked == len(crawl["records"]) + 1  # the twin URL is checked against its article


def test_records_are_valid_and_labelled(crawl):
    world = crawl["world"]
    for record in crawl["records"]:
        assert record_errors(record) == []
        assert record["site"] in world.site_ids()
        assert record["region"]["province"]


def test_nothing_from_blocked_pages(crawl):
    manifest = crawl["manifest"]
    sites = _by_site(crawl["records"])
    for site, kind in BLOCKED.items():
        assert site not in sites
        summary = manifest["sites"][site]
        assert summary["blocked"] >= 1 and summary["articles"] == 0
        assert any(kind in kinds for kinds in summary["blocked_columns"].values()), (site, summary)
    heping = manifest["sites"]["demo-trs-heping"]
    assert heping["blocked"] == 1 and "ruishu" in next(iter(heping["blocked_columns"].values()))
    assert "was blocked" in crawl["result"].stdout and "not the same as no new posts" in crawl["result"].stdout


def test_every_listing_page_of_every_kind_was_walked(crawl):
    world, base = crawl["world"], crawl["base"]
    asked = {(r.method, r.path) for r in crawl["requests"]}
    for site in world.site_ids():
        for url in world.listing_urls(site, base):
            parts = urlsplit(url)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            assert any(p == path for _, p in asked), (site, url)


def test_polite_requests(crawl):
    paths = [r.path for r in crawl["requests"]]
    assert "/robots.txt" in paths
    assert not any(p.startswith("/trs/private/") for p in paths)
    agents = {r.headers.get("User-Agent", "") for r in crawl["requests"]}
    assert all(a.startswith("govnews/") and "+http" in a for a in agents)
    assert not any("/col/col1229001/index_1.html" in p for p in paths)  # Hanweb is never paged like TRS


def test_gbk_text_intact(crawl):
    changle = [r for r in crawl["records"] if r["site"] == "demo-gbk-changle"]
    text = "".join(r["title"] + "".join(r["paragraphs"]) for r in changle)
    assert any(ch in text for ch in GBK_ONLY)
    assert not any(w.startswith("garbled_text") for r in changle for w in r["warnings"])
    assert any(any(w.startswith("charset_mismatch") for w in r["warnings"]) for r in changle)


def test_seed_article_on_the_platform(crawl):
    seed = next(r for r in crawl["records"] if r["url"].endswith("/mp/4kq7znm2"))
    assert seed["author"] == "泉城路"
    assert seed["tags"] == ["街道", "落实", "泉城路", "工作", "招商", "重点", "短板", "商圈", "各项", "全面"]
    assert (seed["published"], seed["published_source"]) == ("2023-02-14T11:05:00+08:00", "listing")


def test_manifest_counts(crawl):
    manifest = crawl["manifest"]
    assert manifest["run_id"] == crawl["run"].name
    totals = manifest["totals"]
    assert totals["articles"] == totals["new"] + totals["duplicate_urls"] == len(crawl["records"]) + 1  # + the twin URL
    assert totals["unchanged"] == 0  # a first run into an empty store
    assert totals["new"] == len(crawl["records"]) and totals["updated"] == totals["gone"] == 0
    assert totals["listing_pages"] >= sum(len(crawl["world"].listing_urls(s, crawl["base"])) for s in crawl["world"].site_ids())
    assert totals["errors"] == 0
    assert set(manifest) >= {"run_id", "started_at", "finished_at", "sites", "totals"}


def test_demo_command(tmp_path):
    result = run_govnews("demo", "--out", str(tmp_path), "--progress", "off", env=dict(os.environ))
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[1].split()[:2] == ["site", "listing"]
    assert any(line.startswith("demo-trs-xingfu ") for line in lines)
    assert (tmp_path / "runs").is_dir() and len(list((tmp_path / "runs").iterdir())) == 1
