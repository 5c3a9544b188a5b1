"""Scheduled, incremental runs on the demo portal: what a second run fetches, day 1 → day 2, the lock,
kill -9 and resume, and exports from the store."""

from __future__ import annotations

import csv
import glob
import json
import os
import re
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.runs import clock
from govnews.store import open_store

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

TODAY = clock.china_today()
CRAWL = [sys.executable, "-m", "govnews", "crawl", "--no-delay", "--progress", "off"]


def crawl(portal: DemoPortal, out: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    before = set((out / "runs").iterdir()) if (out / "runs").exists() else set()
    env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, **(env or {}))
    sites = [] if "--site" in extra else ["--site", "demo-*"]
    result = subprocess.run([*CRAWL, *sites, "--out", str(out), *extra], env=env, capture_output=True, text=True, timeout=600)
    new = sorted(set((out / "runs").iterdir()) - before)
    return result, (new[-1] if new else max((out / "runs").iterdir()))


def feed(run: Path) -> list[dict]:
    return [json.loads(line) for line in (run / "articles.jsonl").read_text("utf-8").splitlines()]


def manifest(run: Path) -> dict:
    return json.loads((run / "manifest.json").read_text("utf-8"))


def first_listing_paths(world: DemoWorld, base: str) -> set[str]:
    return {world.listing_urls(site, base)[0].removeprefix(base) for site in world.site_ids()}


def challenged_on_first_pages(world: DemoWorld, base: str) -> set[str]:
    """Article pages that answered with a challenge (never fetched, so asked for again whenever a walked
    listing page shows them) and that a site's first listing page shows."""
    challenged = {a.path for s in world.site_ids() for a in world.articles(s) if a.status == 412}
    shown: set[str] = set()
    for site in world.site_ids():
        first = world.listing_urls(site, base)[0]
        _, _, body = world.handle("GET", first.removeprefix(base), {}, b"")
        links = {urlsplit(urljoin(first, href.decode())).path for href in re.findall(rb'href="([^"]+)"', body)}
        shown |= challenged & links
    return shown


def recent_paths(world: DemoWorld, days: int = 3) -> set[str]:
    """Articles published within the revisit window (the ones a second run fetches again)."""
    since = (world.today - timedelta(days=days)).isoformat()
    return {a.path for s in world.site_ids() for a in world.articles(s) if a.expected and a.published and a.published[:10] >= since}


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Day 1, the same day again, then day 2 — one store, one portal."""
    out = tmp_path_factory.mktemp("incremental")
    day1, day2 = DemoWorld(TODAY, 1), DemoWorld(TODAY, 2)
    with DemoPortal(day1) as portal:
        first, first_run = crawl(portal, out)
        mark = len(portal.requests)
        second, second_run = crawl(portal, out)
        second_requests = portal.requests[mark:]
        portal.world = day2
        mark = len(portal.requests)
        third, third_run = crawl(portal, out)
        third_requests = portal.requests[mark:]
        base = portal.base_url
    return {"out": out, "base": base, "day1": day1, "day2": day2, "results": (first, second, third),
            "runs": (first_run, second_run, third_run), "second_requests": second_requests, "third_requests": third_requests}


def test_first_run_records_everything(runs):
    records = feed(runs["runs"][0])
    expected = sum(len(runs["day1"].expected_urls(s, runs["base"])) for s in runs["day1"].site_ids())
    assert len(records) == expected - 1  # the article listed under two URLs is one article
    first = manifest(runs["runs"][0])
    assert first["totals"]["new"] == len(records)
    # its second URL is counted as what it is, not as an "unchanged" article in a store that was empty
    assert first["totals"]["unchanged"] == 0
    assert first["sites"]["demo-trs-xingfu"]["duplicate_urls"] == first["totals"]["duplicate_urls"] == 1


def test_second_run_fetches_only_first_listing_pages_and_recent_articles(runs):
    world, base = runs["day1"], runs["base"]
    asked = {r.path for r in runs["second_requests"]}
    again = challenged_on_first_pages(world, base)
    assert asked == first_listing_paths(world, base) | recent_paths(world) | again | {"/robots.txt"}
    assert feed(runs["runs"][1]) == []
    totals = manifest(runs["runs"][1])["totals"]
    assert (totals["new"], totals["updated"], totals["gone"]) == (0, 0, 0)
    assert totals["unchanged"] == len(recent_paths(world)) > 0
    assert runs["results"][1].returncode == 1  # the blocked stubs are still blocked


def test_a_challenged_article_is_asked_for_again_whenever_a_walked_listing_shows_it(tmp_path):
    """On 2026-11-30 the demo's 412-challenged article of 和平街道 sits on its first listing page: every run
    walks that page, and as the page behind the challenge was never fetched, every run asks for it again."""
    world = DemoWorld(date(2026, 11, 30), 1)
    env = {clock.ENV_VAR: "2026-11-30T08:00:00Z"}
    with DemoPortal(world) as portal:
        again = challenged_on_first_pages(world, portal.base_url)
        assert again, "the layout this test is about"
        asked_per_run = []
        for _ in range(2):
            mark = len(portal.requests)
            crawl(portal, tmp_path, "--site", "demo-trs-heping", env=env)
            asked_per_run.append({r.path for r in portal.requests[mark:]})
    assert all(again <= asked for asked in asked_per_run)
    assert not (again & recent_paths(world))  # asked for because it was never fetched, not because it is recent


def test_day_two_brings_the_new_the_edited_and_the_removed(runs):
    day1, day2, base = runs["day1"], runs["day2"], runs["base"]
    new = set().union(*(day2.expected_urls(s, base) - day1.expected_urls(s, base) for s in day2.site_ids()))
    removed = [a for s in day2.site_ids() for a in day2.articles(s) if a.status == 404]
    edited = [a for s in day2.site_ids() for a in day2.articles(s)
              if a.expected and any(b.path == a.path and b.paragraphs != a.paragraphs for b in day1.articles(s))]
    assert len(new) >= 4 and len(removed) == 1 and len(edited) == 1
    records = feed(runs["runs"][2])
    assert {r["url"] for r in records} == new | {base + edited[0].path}  # and nothing else
    updated = next(r for r in records if r["url"] == base + edited[0].path)
    assert updated["paragraphs"] == list(edited[0].paragraphs)
    totals = manifest(runs["runs"][2])["totals"]
    assert (totals["new"], totals["updated"], totals["gone"]) == (len(new), 1, 1)
    report = runs["runs"][2] / "report.html"  # the path printed can be opened from where the command ran
    assert f"(report: {report})" in runs["results"][2].stdout and report.exists()
    asked = {r.path for r in runs["third_requests"] if not r.path.startswith(("/trs/jddt/xfjd/index", "/robots"))}
    assert asked <= (first_listing_paths(day2, base) | {u.removeprefix(base) for u in new} | recent_paths(day1)
                     | recent_paths(day2) | challenged_on_first_pages(day2, base))
    store = open_store(None, runs["out"])
    try:
        gone = store.gone_in_run(runs["runs"][2].name)
        assert [g["url"] for g in gone] == [base + removed[0].path]
        versions = store.article_versions(updated["id"])
        assert len(versions) == 2 and versions[-1].content_hash == updated["content_hash"]
    finally:
        store.close()


def test_reprints_are_linked_not_dropped(runs):
    records = feed(runs["runs"][0])
    by_id = {r["id"]: r for r in records}
    linked = [r for r in records if r["duplicate_of"]]
    assert linked, "the district releases reposted by sub-districts"
    for record in linked:
        original = by_id[record["duplicate_of"]]
        assert original["site"] != record["site"]
        assert original["paragraphs"][-1] == record["paragraphs"][-1]  # the same 通稿


def test_the_lock_keeps_a_second_run_out(runs, tmp_path):
    store = open_store(None, runs["out"])
    assert store.try_lock("a test holding the store")
    try:
        with DemoPortal(runs["day2"]) as portal:
            result, _ = crawl(portal, runs["out"])
    finally:
        store.release_lock()
        store.close()
    assert result.returncode == 3
    assert result.stderr.strip().splitlines() == [
        "govnews crawl: another run holds the store (a test holding the store); not starting"]


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    """One uninterrupted crawl of day 2, to compare resumed runs with."""
    out = tmp_path_factory.mktemp("reference")
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        _, run = crawl(portal, out)
    return {(r["site"], r["content_hash"]) for r in feed(run)}  # the twin URLs of one article: either may come first


@pytest.mark.parametrize("kill_after_lines", [0, 1, 40, 160])
def test_killed_with_sigkill_and_resumed(reference, tmp_path, kill_after_lines):
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        portal.latency = 0.05
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
        proc = subprocess.Popen([*CRAWL, "--site", "demo-*", "--out", str(tmp_path)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            parts = glob.glob(str(tmp_path / "runs" / "*" / "articles.jsonl.part"))
            if parts and sum(1 for _ in open(parts[0], "rb")) >= kill_after_lines:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        portal.latency = 0.0
        result, run = crawl(portal, tmp_path)
    assert "resuming the interrupted run" in result.stderr
    assert len(list((tmp_path / "runs").iterdir())) == 1  # one run, resumed in place
    lines = (run / "articles.jsonl").read_text("utf-8").splitlines()
    records = [json.loads(line) for line in lines]
    assert len({r["url"] for r in records}) == len(records)  # nothing written twice
    assert {(r["site"], r["content_hash"]) for r in records} == reference  # nothing lost
    assert manifest(run)["resumed"] is True and manifest(run)["finish_reason"] == "finished"
    assert not (run / "articles.jsonl.part").exists() and not (run / "job").exists()


def test_export(runs, tmp_path):
    env = dict(os.environ)
    out = tmp_path / "all.jsonl"
    done = subprocess.run([sys.executable, "-m", "govnews", "export", "--dir", str(runs["out"]), "--out", str(out)],
                          env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    exported = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    in_feeds = {r["id"] for run in runs["runs"] for r in feed(run)}
    assert {r["id"] for r in exported} == in_feeds
    site = subprocess.run([sys.executable, "-m", "govnews", "export", "--dir", str(runs["out"]), "--site", "demo-gbk-changle",
                           "--format", "csv", "--since", (TODAY - timedelta(days=90)).isoformat()], env=env, capture_output=True, text=True)
    rows = list(csv.DictReader(site.stdout.lstrip("\ufeff").splitlines()))
    assert rows and {r["site"] for r in rows} == {"demo-gbk-changle"}
    assert all(r["published"][:10] >= (TODAY - timedelta(days=90)).isoformat() for r in rows)
    assert json.loads(rows[0]["paragraphs"]) and json.loads(rows[0]["region"])["subdistrict"] == "长乐街道"
    bad = subprocess.run([sys.executable, "-m", "govnews", "export", "--dir", str(runs["out"]), "--since", "last week"],
                         env=env, capture_output=True, text=True)
    assert bad.returncode == 2 and len(bad.stderr.strip().splitlines()) == 1
