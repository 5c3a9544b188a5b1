"""Monitors on the demo portal: day 1 → day 2 changes, govnews diff, the report in a browser, Atom feeds,
the webhook, and a profile broken on purpose showing up as degraded."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from pathlib import Path

import feedparser
import pytest

from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.monitor.changes import paragraph_diff
from govnews.runs import clock

from support.monitor import ARTIFACTS, page_in_chromium

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

TODAY = clock.china_today()
GUANGMING = Path(__file__).resolve().parent.parent / "govnews" / "profiles" / "sites" / "demo-trs-guangming.toml"


def govnews(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", *args], env=env or dict(os.environ), capture_output=True,
                          text=True, timeout=600)


class _Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        self.server.received.append((self.headers.get("Content-Type"), json.loads(body)))
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def days(tmp_path_factory):
    out = tmp_path_factory.mktemp("monitor")
    receiver = HTTPServer(("127.0.0.1", 0), _Receiver)
    receiver.received = []
    threading.Thread(target=receiver.serve_forever, daemon=True).start()
    day1, day2 = DemoWorld(TODAY, 1), DemoWorld(TODAY, 2)
    runs = []
    with DemoPortal(day1) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
        crawl = ["crawl", "--site", "demo-*", "--out", str(out), "--no-delay", "--progress", "off"]
        runs.append(govnews(*crawl, env=env))
        portal.world = day2
        runs.append(govnews(*crawl, "--notify", f"http://127.0.0.1:{receiver.server_port}/hook", env=env))
        base = portal.base_url
    receiver.shutdown()
    folders = sorted((out / "runs").iterdir())
    return {"out": out, "base": base, "day1": day1, "day2": day2, "results": runs, "runs": folders,
            "received": receiver.received}


def _known_changes(days) -> dict[str, dict]:
    """What the portal changed between the days, as the changes a monitor must see."""
    day1, day2, base = days["day1"], days["day2"], days["base"]
    known: dict[str, dict] = {}
    for site in day2.site_ids():
        before = {a.path: a for a in day1.articles(site)}
        twins = 1 if site == "demo-trs-xingfu" else 0
        for article in day2.articles(site):
            old = before.get(article.path)
            if article.status == 404 and old and old.expected:
                known[base + article.path] = {"kind": "removed", "reason": "http_404"}
            elif article.expected and old is None:
                known[base + article.path] = {"kind": "new"}
            elif article.expected and old and old.paragraphs != article.paragraphs:
                removed, added = paragraph_diff(old.paragraphs, article.paragraphs)
                known[base + article.path] = {"kind": "updated", "removed": list(removed), "added": list(added)}
        assert twins <= 1
    return known


def test_day_two_changes_are_exactly_the_portal_changes(days):
    lines = (days["runs"][1] / "changes.jsonl").read_text("utf-8").splitlines()
    changes = {c["url"]: c for c in map(json.loads, lines)}
    known = _known_changes(days)
    assert set(changes) == set(known)
    assert sorted(k["kind"] for k in known.values()).count("updated") == 1
    for url, expected in known.items():
        change = changes[url]
        assert change["kind"] == expected["kind"]
        assert set(change) == {"kind", "id", "url", "title", "site", "column", "published", "paragraphs_removed",
                               "paragraphs_added", "reason"}
        if expected["kind"] == "updated":
            assert (change["paragraphs_removed"], change["paragraphs_added"]) == (expected["removed"], expected["added"])
            assert change["paragraphs_removed"] and change["paragraphs_added"]
        if expected["kind"] == "removed":
            assert change["reason"] == expected["reason"]


def test_diff_command(days):
    out = str(days["out"])
    jsonl = govnews("diff", "--dir", out, "--format", "jsonl")
    assert jsonl.returncode == 0, jsonl.stderr
    assert jsonl.stdout == (days["runs"][1] / "changes.jsonl").read_text("utf-8")
    first, second = (r.name for r in days["runs"])
    explicit = govnews("diff", "--dir", out, "--from", first, "--to", second, "--site", "demo-trs-xingfu", "--format", "jsonl")
    assert {json.loads(line)["site"] for line in explicit.stdout.splitlines()} == {"demo-trs-xingfu"}
    md = govnews("diff", "--dir", out)
    assert md.returncode == 0 and "demo-trs-xingfu" in md.stdout and "\n- " in md.stdout
    html = govnews("diff", "--dir", out, "--format", "html")
    assert html.stdout.startswith("<!DOCTYPE html>") and "<link" not in html.stdout
    bad = govnews("diff", "--dir", out, "--from", "19990101T000000Z")
    assert bad.returncode == 2 and bad.stderr.strip() == "govnews diff: --from 19990101T000000Z: no such run in the store"


def test_report_of_a_real_run_in_chromium(days):
    path = days["runs"][1] / "report.html"
    assert (days["runs"][1] / "report.md").read_text("utf-8").strip()
    with page_in_chromium(path) as (page, requests, errors, _dialogs):
        rows = page.locator("table.health tbody tr")
        assert rows.count() == len(days["day2"].site_ids())
        charts = page.locator("figure.chart svg")
        assert charts.count() == len(days["day2"].site_ids())
        box = charts.first.bounding_box()
        assert box and box["width"] > 0 and box["height"] > 0
        assert page.locator("rect.bar").count() > 0
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "report-demo.png"), full_page=True)
    assert errors == [] and requests == [path.as_uri()]


def test_atom_feeds_parse(days):
    feeds = days["out"] / "feeds"
    every = feedparser.parse(str(feeds / "all.xml"))
    assert not every.bozo and len(every.entries) == 50
    xingfu = feedparser.parse(str(feeds / "demo-trs-xingfu.xml"))
    assert not xingfu.bozo and xingfu.entries
    assert all(e.link.startswith(days["base"]) for e in xingfu.entries)
    newest = max(a.published or "" for a in days["day2"].articles("demo-trs-xingfu") if a.expected)
    assert xingfu.entries[0].published.startswith(newest[:10])


def test_webhook_received(days):
    assert len(days["received"]) == 1
    content_type, body = days["received"][0]
    assert content_type.startswith("application/json")
    summary = body["govnews"]
    assert summary["run_id"] == days["runs"][1].name
    assert sorted(c["kind"] for c in summary["changes"]) == sorted(k["kind"] for k in _known_changes(days).values())
    assert "demo-blocked-ruishu" in summary["degraded"] and days["runs"][1].name in body["text"]


def test_a_profile_broken_on_purpose_is_degraded(days, tmp_path):
    broken = tmp_path / "profiles"
    broken.mkdir()
    # The site moved its body out of the usual container: the profile now reads the footer.
    (broken / GUANGMING.name).write_text(GUANGMING.read_text("utf-8") + '\n[article]\nbody = ".footer"\n', "utf-8")
    with DemoPortal(days["day2"]) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, GOVNEWS_PROFILES_DIR=str(broken))
        result = govnews("crawl", "--site", "demo-trs-guangming", "--out", str(tmp_path / "out"), "--no-delay",
                         "--progress", "off", "--refresh", "--fail-on-degraded", env=env)
    assert result.returncode == 4, result.stderr
    manifest = json.loads(next((tmp_path / "out" / "runs").iterdir()).joinpath("manifest.json").read_text("utf-8"))
    assert manifest["degraded_sites"] == ["demo-trs-guangming"]
    reasons = manifest["sites"]["demo-trs-guangming"]["degraded_reasons"]
    assert any(r.startswith("paragraphs coverage 0.00") for r in reasons), reasons
    assert "demo-trs-guangming: DEGRADED: paragraphs coverage" in result.stdout


def test_what_the_run_cannot_make_or_send_is_said_on_stderr(tmp_path: Path):
    """The data is stored either way; a report or feed that could not be written, or a webhook that was not
    delivered, is one line on stderr, the exit status 1, and ``after_run_problems`` in the manifest."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "feeds").write_text("a file where the feeds folder goes", "utf-8")
    with DemoPortal(DemoWorld(TODAY, 1)) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
        crawl = ["crawl", "--site", "demo-vsb-qingshan", "--no-delay", "--progress", "off"]
        no_feeds = govnews(*crawl, "--out", str(tmp_path / "a"), env=env)
        no_webhook = govnews(*crawl, "--out", str(tmp_path / "b"), "--notify", "http://127.0.0.1:1/hook", env=env)
    for result, out, expected in ((no_feeds, "a", "report, feeds or notification could not be made"),
                                  (no_webhook, "b", "webhook notification was not delivered")):
        lines = [line for line in result.stderr.splitlines() if line.startswith("govnews crawl: ")]
        assert len(lines) == 1 and expected in lines[0] and "Traceback" not in result.stderr, result.stderr
        assert result.returncode == 1, result.stderr
        run = next((tmp_path / out / "runs").iterdir())
        manifest = json.loads((run / "manifest.json").read_text("utf-8"))
        assert len(manifest["after_run_problems"]) == 1 and expected in manifest["after_run_problems"][0]
        assert (run / "articles.jsonl").read_text("utf-8").strip()  # the data is there
