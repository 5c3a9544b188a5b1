"""The WARC archive of real crawls of the demo portal, checked with warcio's own reader and checker: every response
the portal sent is in it, every record's capture re-extracts to that record, an incremental run writes revisit
records, a crawl without archive writes none; reparse from the archive; WARC files of other tools parsed."""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from warcio.archiveiterator import ArchiveIterator

from govnews.archive.reader import read_payload, warc_datetime
from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.extraction import ListingHints, Page, extract_article
from govnews.profiles import select_profiles
from govnews.record.schema import record_errors
from govnews.runs import clock
from govnews.store import open_store

TODAY = clock.china_today()
MAX_BYTES = 300_000  # small files, so that a demo crawl rotates several times
FIRST, SECOND = "2026-11-27T08:00:00Z", "2026-11-27T09:00:00Z"  # one China day, two runs an hour apart
BREADCRUMB = "当前位置：首页 >> 新闻动态 >> 正文"  # what the vsb demo template shows above every article

pytestmark = pytest.mark.e2e  # crawls, reparse and wget in other processes


def govnews(*args: str, env: dict[str, str] | None = None, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govnews", *args], env=dict(os.environ, **(env or {})),
                          capture_output=True, text=True, timeout=timeout)


def crawl(portal: DemoPortal, out: Path, now: str, *extra: str,
          max_bytes: int = MAX_BYTES) -> tuple[subprocess.CompletedProcess, list[tuple[str, str]]]:
    mark = len(portal.requests)
    sites = [] if "--site" in extra else ["--site", "demo-*"]
    result = govnews("crawl", *sites, "--out", str(out), "--no-delay", "--progress", "off", *extra,
                     env={"GOVNEWS_DEMO_URL": portal.base_url, "GOVNEWS_ARCHIVE_MAX_BYTES": str(max_bytes),
                          clock.ENV_VAR: now})
    assert "Traceback" not in result.stderr, result.stderr
    return result, [(r.method, r.path) for r in portal.requests[mark:]]


@dataclass
class Rec:
    """One WARC record as warcio reads it back, digests checked."""

    file: Path
    offset: int
    type: str
    headers: dict[str, str]
    http: Any
    payload: bytes
    meta: dict[str, Any] | None = None

    def h(self, name: str) -> str | None:
        return self.headers.get(name)


def read_warc(path: Path) -> list[Rec]:
    records = []
    with open(path, "rb") as handle:
        iterator = ArchiveIterator(handle, check_digests=True)
        for record in iterator:
            payload = record.content_stream().read()
            assert record.digest_checker.passed is not False, (path, record.digest_checker.problems)
            meta = json.loads(payload) if record.rec_type == "metadata" else None
            records.append(Rec(path, iterator.get_record_offset(), record.rec_type, dict(record.rec_headers.headers),
                               record.http_headers, payload, meta))
            assert record.rec_headers.protocol == "WARC/1.1"
    return records


@dataclass
class Run:
    folder: Path
    feed: list[dict]
    manifest: dict
    asked: list[tuple[str, str]]
    records: list[Rec] = field(default_factory=list)

    @property
    def warcs(self) -> list[Path]:
        return sorted(self.folder.glob("pages-*.warc.gz"))

    def by_id(self) -> dict[str, Rec]:
        return {r.h("WARC-Record-ID"): r for r in self.records}

    def meta_of(self, record_id: str) -> dict | None:
        return next((r.meta for r in self.records if r.type == "metadata" and r.h("WARC-Concurrent-To") == record_id), None)


def load_run(folder: Path, asked: list[tuple[str, str]]) -> Run:
    feed = [json.loads(line) for line in (folder / "articles.jsonl").read_text("utf-8").splitlines()]
    run = Run(folder, feed, json.loads((folder / "manifest.json").read_text("utf-8")), asked)
    run.records = [r for path in run.warcs for r in read_warc(path)]
    return run


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    """Day 1 of the demo portal crawled twice, an hour apart, into one output folder."""
    out = tmp_path_factory.mktemp("archive")
    world = DemoWorld(TODAY, 1)
    with DemoPortal(world) as portal:
        _, first_asked = crawl(portal, out, FIRST)
        first_folder = sorted((out / "runs").iterdir())[-1]
        _, second_asked = crawl(portal, out, SECOND)
        second_folder = sorted((out / "runs").iterdir())[-1]
        base = portal.base_url
    assert first_folder != second_folder
    return {"out": out, "world": world, "base": base, "first": load_run(first_folder, first_asked),
            "second": load_run(second_folder, second_asked)}


def warcio_check(*paths: Path) -> subprocess.CompletedProcess:
    """warcio's own checker (``warcio check -v``): every digest recomputed."""
    return subprocess.run([sys.executable, "-c", "import sys; from warcio.cli import main; main(sys.argv[1:])", "check", "-v",
                           *map(str, paths)], capture_output=True, text=True, timeout=300)


# --- the archive of a crawl -----------------------------------------------------------------------------
def test_warc_files_pass_warcios_checker_and_rotate(runs):
    first = runs["first"]
    assert len(first.warcs) >= 3 and [p.name for p in first.warcs][:2] == ["pages-00000.warc.gz", "pages-00001.warc.gz"]
    checked = warcio_check(*first.warcs, *runs["second"].warcs)
    assert checked.returncode == 0, checked.stdout
    assert "digest pass" in checked.stdout and "fail" not in checked.stdout
    for path in first.warcs[:-1]:  # rotated once past the size: by at most one exchange
        assert MAX_BYTES <= path.stat().st_size < MAX_BYTES + 100_000
    assert first.manifest["archive"] == [p.name for p in first.warcs]


def test_each_file_begins_with_a_warcinfo_naming_govnews_and_the_run(runs):
    run = runs["first"]
    for path in run.warcs:
        info = read_warc(path)[0]
        assert info.type == "warcinfo" and info.h("WARC-Filename") == path.name
        fields = dict(line.split(": ", 1) for line in info.payload.decode().splitlines())
        assert fields["software"] == "govnews/0.1.0" and fields["isPartOf"] == f"govnews run {run.folder.name}"
        assert fields["format"] == "WARC File Format 1.1" and fields["http-header-user-agent"].startswith("govnews/")
    metadata = [r for r in run.records if r.type == "metadata"]
    assert metadata and all(r.h("WARC-Target-URI") is None for r in metadata)  # replay tools index no metadata as a page
    assert all(r.h("Content-Type") == "application/json" and r.h("WARC-Concurrent-To") for r in metadata)
    infos = {r.h("WARC-Record-ID") for r in run.records if r.type == "warcinfo"}
    assert all(r.h("WARC-Warcinfo-ID") in infos for r in run.records if r.type != "warcinfo")


def test_every_response_the_portal_sent_is_archived_as_sent(runs):
    """robots.txt, listing pages and API answers, articles, challenges, 404s: one request record each."""
    for run in (runs["first"], runs["second"]):
        archived = []
        for record in run.records:
            if record.type == "request":
                line = record.http.protocol + " " + record.http.statusline  # "GET /path HTTP/1.1"
                method, target, _ = line.split(" ")
                archived.append((method, target))
        assert Counter(archived) == Counter(run.asked)
        statuses = {r.http.get_statuscode() for r in run.records if r.type in ("response", "revisit")}
        assert {"200", "403", "412", "521"} <= statuses  # challenges and errors are archived too
    first = runs["first"]
    fetches = {r.h("WARC-Record-ID"): r for r in first.records if r.type in ("response", "revisit")}
    for record in first.records:
        if record.type == "request":
            response = fetches[record.h("WARC-Concurrent-To")]
            assert record.h("WARC-Target-URI") == response.h("WARC-Target-URI")
            assert record.h("WARC-Date") == response.h("WARC-Date")
    for response in fetches.values():
        assert response.h("WARC-Date") and response.h("WARC-Target-URI") and response.h("WARC-Payload-Digest")
        assert response.http.get_header("Server") == "nginx"  # the portal's headers, as received


def test_every_capture_reextracts_to_its_record(runs):
    """The capture of each record points to a response record whose payload, extracted with the listing hints
    kept beside it, gives the record back (the store's reprint link and the capture aside)."""
    out, first = runs["out"], runs["first"]
    profiles = {p.id: p for p in select_profiles(["demo-*"], demo_url=runs["base"])}
    by_id = first.by_id()
    assert first.feed and all(r["capture"] for r in first.feed)
    for record in first.feed:
        capture = record["capture"]
        assert capture["warc"].startswith(f"runs/{first.folder.name}/pages-")
        response = by_id[capture["record_id"]]
        assert (response.type, response.offset, str(out / capture["warc"])) == ("response", capture["offset"], str(response.file))
        assert response.h("WARC-Target-URI") == record["url"]
        assert warc_datetime(response.h("WARC-Date")).strftime("%Y-%m-%dT%H:%M:%SZ") == record["fetched_at"]
        meta = first.meta_of(capture["record_id"])
        assert meta["kind"] == "article" and meta["site"] == record["site"]
        payload = read_payload(out / capture["warc"], capture["offset"])
        headers = {k: v for k, v in payload.headers}
        page = Page(payload.body, record["url"], warc_datetime(response.h("WARC-Date")), headers, payload.status)
        again = extract_article(page, profiles[record["site"]], ListingHints(**meta["hints"]) if meta.get("hints") else None)
        assert again["content_hash"] == record["content_hash"]
        assert again | {"capture": capture, "duplicate_of": record["duplicate_of"]} == record
        assert record_errors(record) == []


def test_an_incremental_run_writes_revisits_of_unchanged_pages(runs):
    first, second = runs["first"], runs["second"]
    originals = {r.h("WARC-Record-ID"): r for r in first.records if r.type == "response"}
    revisits = [r for r in second.records if r.type == "revisit"]
    article_fetches = second.manifest["totals"]["article_pages"]
    assert article_fetches > 0 and second.feed == []
    assert len(revisits) >= article_fetches  # every unchanged article, and the unchanged listings too
    for revisit in revisits:
        original = originals[revisit.h("WARC-Refers-To")]
        assert revisit.h("WARC-Payload-Digest") == original.h("WARC-Payload-Digest")
        assert revisit.h("WARC-Refers-To-Target-URI") == original.h("WARC-Target-URI")
        assert revisit.h("WARC-Refers-To-Date") == original.h("WARC-Date")
        assert revisit.h("WARC-Profile") == "http://netpreserve.org/warc/1.1/revisit/identical-payload-digest"
        assert revisit.payload == b"" and revisit.http.get_statuscode() == original.http.get_statuscode()
    # what changed is all a second run keeps: its archive is a fraction of the first one's per page
    first_bytes = sum(p.stat().st_size for p in first.warcs) / len(first.asked)
    second_bytes = sum(p.stat().st_size for p in second.warcs) / len(second.asked)
    assert second_bytes < first_bytes / 2, (first_bytes, second_bytes)


def test_the_store_indexes_every_payload_once(runs):
    first = runs["first"]
    store = open_store(None, runs["out"])
    try:
        for response in (r for r in first.records if r.type == "response" and r.payload):
            held = store.capture_of_payload(response.h("WARC-Payload-Digest"))
            assert held is not None and held.run_id == first.folder.name
            if held.record_id == response.h("WARC-Record-ID"):
                assert (held.offset, held.target_uri) == (response.offset, response.h("WARC-Target-URI"))
    finally:
        store.close()
    digests = Counter(r.h("WARC-Payload-Digest") for r in first.records if r.type == "response" and r.payload)
    assert max(digests.values()) == 1  # a payload seen twice in one run is a revisit the second time


def test_no_archive(tmp_path):
    with DemoPortal(DemoWorld(TODAY, 1)) as portal:
        crawl(portal, tmp_path / "flag", FIRST, "--site", "demo-vsb-qingshan", "--no-archive")
        env = {"GOVNEWS_DEMO_URL": portal.base_url, "GOVNEWS_ARCHIVE": "0"}
        by_env = govnews("crawl", "--site", "demo-vsb-qingshan", "--out", str(tmp_path / "env"), "--no-delay", "--progress", "off",
                         env=env)
        assert by_env.returncode == 0, by_env.stderr
    for out in (tmp_path / "flag", tmp_path / "env"):
        (run,) = (out / "runs").iterdir()
        records = [json.loads(line) for line in (run / "articles.jsonl").read_text("utf-8").splitlines()]
        assert records and all(r["capture"] is None for r in records)
        assert not list(run.glob("*.warc*")) and json.loads((run / "manifest.json").read_text("utf-8"))["archive"] == []


def test_a_compressed_chunked_page_is_archived_as_sent(tmp_path):
    """gzip and chunked transfer: the response record keeps the gzip bytes and Content-Encoding (recorded before
    Scrapy decompresses), and its payload still re-extracts to the record."""
    from support.faultserver import BAD, BAD_PATH, FaultServer, profile_toml

    (tmp_path / "profiles").mkdir()
    with FaultServer("gzip_chunked") as server:
        (tmp_path / "profiles" / "fault-gzip.toml").write_text(profile_toml("fault-gzip", server.base_url), "utf-8")
        result = govnews("crawl", "--site", "fault-gzip", "--out", str(tmp_path / "out"), "--no-delay", "--progress", "off",
                         env={"GOVNEWS_PROFILES_DIR": str(tmp_path / "profiles")})
        url = server.base_url + BAD_PATH
    assert result.returncode == 0, result.stderr
    (run,) = (tmp_path / "out" / "runs").iterdir()
    record = next(json.loads(line) for line in (run / "articles.jsonl").read_text("utf-8").splitlines()
                  if json.loads(line)["url"] == url)
    assert record["title"] == BAD.title and record["paragraphs"] == list(BAD.paragraphs)
    with open(tmp_path / "out" / record["capture"]["warc"], "rb") as handle:
        handle.seek(record["capture"]["offset"])
        response = next(iter(ArchiveIterator(handle)))
        assert response.http_headers.get_header("Content-Encoding") == "gzip"
        assert response.raw_stream.read(2) == b"\x1f\x8b"  # the payload as sent: still compressed
    assert warcio_check(*run.glob("*.warc.gz")).returncode == 0
    payload = read_payload(tmp_path / "out" / record["capture"]["warc"], record["capture"]["offset"])
    assert BAD.title.encode() in payload.body  # warcio decodes it on reading


# --- kill -9 ---------------------------------------------------------------------------------------------
def readable_records(path: Path) -> list[tuple[int, str, str]]:
    """(offset, type, record id) of the records warcio reads before the file ends or breaks off."""
    found = []
    with open(path, "rb") as handle:
        iterator = ArchiveIterator(handle)
        try:
            for record in iterator:
                record.content_stream().read()
                found.append((iterator.get_record_offset(), record.rec_type, record.rec_headers.get_header("WARC-Record-ID")))
        except Exception:  # a record cut off by the kill: everything before it was read
            pass
    return found


@pytest.mark.parametrize("kill_after_lines", [1, 60])
def test_killed_with_sigkill_the_archive_stays_readable_and_the_resumed_run_completes_it(tmp_path, kill_after_lines):
    import glob
    import signal
    import time

    out = tmp_path / "out"
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        portal.latency = 0.05
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url)
        proc = subprocess.Popen([sys.executable, "-m", "govnews", "crawl", "--site", "demo-*", "--out", str(out), "--no-delay",
                                 "--progress", "off"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            parts = glob.glob(str(out / "runs" / "*" / "articles.jsonl.part"))
            if parts and sum(1 for _ in open(parts[0], "rb")) >= kill_after_lines:
                break
            time.sleep(0.005)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        (run,) = (out / "runs").iterdir()
        (warc,) = run.glob("pages-*.warc.gz")
        before = readable_records(warc)
        killed_feed = [json.loads(line) for line in (run / "articles.jsonl.part").read_text("utf-8").splitlines()
                       if line.endswith("}")]
        portal.latency = 0.0
        resumed, _ = crawl(portal, out, FIRST, max_bytes=10**9)
        all_asked = [(r.method, r.path) for r in portal.requests]
    assert "resuming the interrupted run" in resumed.stderr
    assert before and before[0][1] == "warcinfo"  # readable up to the last whole record
    readable_ids = {record_id for _, _, record_id in before}
    assert all(r["capture"]["record_id"] in readable_ids for r in killed_feed)  # what was stored is archived whole
    assert [p.name for p in run.glob("pages-*.warc.gz")] == ["pages-00000.warc.gz"]  # continued, not begun anew
    assert warcio_check(warc).returncode == 0  # the cut-off record is gone
    records = read_warc(warc)
    ids = [r.h("WARC-Record-ID") for r in records]
    assert len(ids) == len(set(ids)) and sum(r.type == "warcinfo" for r in records) == 1
    assert [r.offset for r in records[:len(before)]] == [offset for offset, _, _ in before]  # the first part kept as it was
    archived = Counter()
    for record in records:
        if record.type == "request":
            method, target, _ = (record.http.protocol + " " + record.http.statusline).split(" ")
            archived[(method, target)] += 1
    assert not archived - Counter(all_asked)  # nothing archived that was not fetched
    by_id = {r.h("WARC-Record-ID"): r for r in records}
    feed = [json.loads(line) for line in (run / "articles.jsonl").read_text("utf-8").splitlines()]
    for record in feed:
        response = by_id[record["capture"]["record_id"]]
        assert response.type == "response" and response.offset == record["capture"]["offset"]
        assert response.h("WARC-Target-URI") == record["url"]


# --- reparse ----------------------------------------------------------------------------------------------
def reparse(out: Path, *extra: str, env: dict[str, str] | None = None) -> tuple[subprocess.CompletedProcess, Path]:
    before = set((out / "runs").iterdir())
    result = govnews("reparse", "--dir", str(out), *extra, env=env)
    assert "Traceback" not in result.stderr, result.stderr
    (new,) = set((out / "runs").iterdir()) - before
    return result, new


@pytest.fixture
def copied(runs, tmp_path):
    """The two runs' output folder (store and archive), to reparse without changing the module's runs."""
    out = tmp_path / "out"
    shutil.copytree(runs["out"], out)
    return out


def test_reparse_of_unchanged_runs_changes_nothing(runs, copied):
    first, second = runs["first"].folder.name, runs["second"].folder.name
    result, folder = reparse(copied, "--jobs", "1", env={clock.ENV_VAR: "2026-11-28T08:00:00Z"})
    assert result.returncode == 0, result.stderr
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["kind"] == "reparse" and manifest["reparse"]["runs"] == [first, second]
    totals = manifest["totals"]
    assert (totals["new"], totals["updated"], totals["errors"]) == (0, 0, 0)
    assert totals["unchanged"] == totals["article_pages"] == manifest["reparse"]["pages"] > 0
    assert totals["listing_pages"] == 0 and manifest["archive"] == []  # nothing fetched, nothing archived
    assert (folder / "articles.jsonl").read_text("utf-8") == ""
    assert (folder / "report.html").exists() and "0 updated" in result.stdout


def test_reparse_after_a_profile_change_updates_exactly_what_the_change_touches(runs, copied, tmp_path):
    """A new title rule for one site: every article of that site, and nothing else, gets a new version."""
    world, base, first = runs["world"], runs["base"], runs["first"]
    source = Path(__file__).resolve().parent.parent / "govnews" / "profiles" / "sites" / "demo-vsb-qingshan.toml"
    profiles = tmp_path / "profiles"
    profiles.mkdir()
    (profiles / source.name).write_text(source.read_text("utf-8") + '\n[article]\ntitle = ".dqwz"\n', "utf-8")
    env = {"GOVNEWS_PROFILES_DIR": str(profiles), "GOVNEWS_DEMO_URL": base, clock.ENV_VAR: "2026-11-28T08:00:00Z"}
    result, folder = reparse(copied, "--run", first.folder.name, "--jobs", "2", env=env)
    assert result.returncode == 0, result.stderr
    feed = [json.loads(line) for line in (folder / "articles.jsonl").read_text("utf-8").splitlines()]
    expected = {base + a.path: a for a in world.articles("demo-vsb-qingshan") if a.expected}
    assert {r["url"] for r in feed} == set(expected)
    for record in feed:
        assert record["title"] == BREADCRUMB and record["paragraphs"] == list(expected[record["url"]].paragraphs)
        assert record["capture"]["warc"].startswith(f"runs/{first.folder.name}/")  # the page it was extracted from
    manifest = json.loads((folder / "manifest.json").read_text("utf-8"))
    assert manifest["totals"]["updated"] == len(expected) and manifest["totals"]["new"] == 0
    assert manifest["reparse"]["runs"] == [first.folder.name]
    changes = [json.loads(line) for line in (folder / "changes.jsonl").read_text("utf-8").splitlines()]
    assert sorted(c["url"] for c in changes if c["kind"] == "updated") == sorted(expected)
    diff = govnews("diff", "--dir", str(copied), "--from", runs["second"].folder.name, "--to", folder.name, "--format", "jsonl")
    assert diff.returncode == 0 and len(diff.stdout.splitlines()) == len(expected)
    store = open_store(None, copied)
    try:
        versions = store.article_versions(feed[0]["id"])
        assert [v.first_run for v in versions] == [first.folder.name, folder.name]
        assert store.unfinished_run() is None and store.runs()[0].kind == "reparse"
    finally:
        store.close()
    again, _ = reparse(copied, "--run", first.folder.name, env=env)  # the same code again: nothing left to change
    assert "0 new, 0 updated" in again.stdout


def test_reparse_reports_pages_it_cannot_extract(tmp_path):
    """A PDF served as an article: the crawl counted it not_html, and so does the reparse, naming the page."""
    from support.faultserver import BAD_PATH, FaultServer, profile_toml

    (tmp_path / "profiles").mkdir()
    env = {"GOVNEWS_PROFILES_DIR": str(tmp_path / "profiles")}
    with FaultServer("pdf_as_html") as server:
        (tmp_path / "profiles" / "fault-pdf.toml").write_text(profile_toml("fault-pdf", server.base_url), "utf-8")
        crawled = govnews("crawl", "--site", "fault-pdf", "--out", str(tmp_path / "out"), "--no-delay", "--progress", "off",
                          env=env)
        url = server.base_url + BAD_PATH
    assert crawled.returncode == 1, crawled.stderr
    result, folder = reparse(tmp_path / "out", "--quiet", env=env)
    assert result.returncode == 1 and result.stdout == ""
    assert "fault-pdf: 1 error(s): not_html" in result.stderr
    assert (folder / "reparse.log").read_text("utf-8") == f"fault-pdf: not_html: {url}: a PDF document\n"
    totals = json.loads((folder / "manifest.json").read_text("utf-8"))["totals"]
    assert (totals["article_pages"], totals["unchanged"], totals["errors"]) == (6, 5, 1)


def test_reparse_refuses_a_run_without_archive(copied):
    result = govnews("reparse", "--dir", str(copied), "--run", "20000101T000000Z")
    assert result.returncode == 2 and len(result.stderr.strip().splitlines()) == 1
    assert "--run 20000101T000000Z: no archived pages" in result.stderr


def test_reparse_of_damaged_warc_files_uses_what_is_readable_and_says_what_is_not(runs, copied):
    first = runs["first"].folder.name
    folder = copied / "runs" / first
    cut, noise = sorted(folder.glob("pages-*.warc.gz"))[:2]
    size = cut.stat().st_size
    with open(cut, "r+b") as handle:
        handle.truncate(size // 2)  # inside a record's gzip member, as a copy broken off halfway leaves it
    noise.write_bytes(random.Random(5).randbytes(60_000))
    result, new = reparse(copied, "--run", first, "--jobs", "2", env={clock.ENV_VAR: "2026-11-28T08:00:00Z"})
    assert result.returncode == 1 and result.stderr == ""  # no warcio warnings
    manifest = json.loads((new / "manifest.json").read_text("utf-8"))
    damaged = manifest["reparse"]["unreadable_warcs"]
    assert [line.split(": ")[0] for line in damaged] == [f"runs/{first}/{cut.name}", f"runs/{first}/{noise.name}"]
    assert "the file ends inside a gzip member (cut off)" in damaged[0] and "begins with binary data" in damaged[1]
    assert 0 < manifest["reparse"]["pages"] < sum(1 for r in runs["first"].feed)  # the pages before the damage
    assert "INCOMPLETE: 2 WARC file(s) damaged" in result.stdout.splitlines()[0]
    assert all(f"damaged WARC file: {line}" in result.stdout for line in damaged)
    assert (new / "reparse.log").read_text("utf-8").splitlines()[:2] == damaged


def test_reparse_starts_no_more_processes_than_cpus_files_and_pages(runs, copied, monkeypatch, capsys):
    from argparse import Namespace

    from govnews.archive import reextraction
    from govnews.cli import reparse as reparse_cli

    sizes: list[int] = []
    monkeypatch.setattr(reextraction, "_pool", lambda jobs: sizes.append(jobs) or reextraction._Inline())
    monkeypatch.setenv(clock.ENV_VAR, "2026-11-28T08:00:00Z")
    first = runs["first"]
    args = Namespace(dir=str(copied), runs=[first.folder.name], site=None, db=None, jobs=100_000, quiet=True)
    before = set((copied / "runs").iterdir())
    assert reparse_cli.run(args) == 0
    (folder,) = set((copied / "runs").iterdir()) - before
    pages = json.loads((folder / "manifest.json").read_text("utf-8"))["reparse"]["pages"]
    cpus = len(os.sched_getaffinity(0))
    assert sizes[0] == min(cpus, len(first.warcs)) and min(cpus, pages) <= sizes[1] <= cpus and len(sizes) == 2


# --- WARC files of other tools ---------------------------------------------------------------------------
def _article(world: DemoWorld, site: str):
    return next(a for a in world.articles(site) if a.expected)


def _parse_warc(path: Path, site: str) -> list[dict]:
    result = govnews("parse", "--warc", str(path), "--site", site)
    assert result.returncode == 0, result.stderr
    return [json.loads(line) for line in result.stdout.splitlines()]


def test_parse_warc_of_wget(tmp_path):
    world = DemoWorld(TODAY, 2)
    article = _article(world, "demo-vsb-qingshan")
    with DemoPortal(world) as portal:
        url = portal.base_url + article.path
        done = subprocess.run(["wget", "--quiet", "--warc-file", str(tmp_path / "wget"), "-O", os.devnull, url,
                               portal.base_url + "/robots.txt"], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    records = _parse_warc(tmp_path / "wget.warc.gz", "demo-vsb-qingshan")
    assert [r["url"] for r in records] == [url]  # robots.txt is no HTML page
    record = records[0]
    assert (record["title"], record["paragraphs"], record["published"]) == (article.title, list(article.paragraphs),
                                                                             article.published)
    assert record["capture"]["warc"] == str(tmp_path / "wget.warc.gz") and record["capture"]["offset"] > 0
    assert record_errors(record) == []


def test_parse_warc_of_warcios_capture_http(tmp_path):
    from urllib.request import urlopen

    from warcio.capture_http import capture_http

    world = DemoWorld(TODAY, 2)
    articles = [_article(world, site) for site in ("demo-trs-xingfu", "demo-gbk-changle")]
    path = tmp_path / "captured.warc.gz"
    with DemoPortal(world) as portal, capture_http(str(path), gzip=True, warc_version="1.1"):
        for article in articles:
            with urlopen(portal.base_url + article.path, timeout=10) as answer:
                answer.read()
        with urlopen(portal.base_url + articles[0].path, timeout=10) as answer:  # fetched twice: the same payload
            answer.read()
    first = _parse_warc(path, "demo-trs-xingfu")
    assert [urlsplit(r["url"]).path for r in first] == [articles[0].path, articles[1].path, articles[0].path]
    assert (first[0]["title"], first[0]["paragraphs"]) == (articles[0].title, list(articles[0].paragraphs))
    changle = _parse_warc(path, "demo-gbk-changle")[1]
    assert (changle["title"], changle["paragraphs"]) == (articles[1].title, list(articles[1].paragraphs))
    assert first[0]["content_hash"] == first[2]["content_hash"]


def test_parse_warc_says_what_is_wrong(tmp_path):
    plain = tmp_path / "page.html"
    plain.write_text("<html><body><p>x</p></body></html>", "utf-8")
    result = govnews("parse", "--warc", str(plain), str(tmp_path / "missing.warc.gz"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 2 and any("missing.warc.gz: no such file" in line for line in lines)
    assert any("page.html: not readable" in line for line in lines)
    conflict = govnews("parse", "--warc", str(plain), "--url", "http://example.org/")
    assert conflict.returncode == 2 and "--url cannot go with --warc" in conflict.stderr


def test_a_payload_whose_earlier_file_is_gone_is_archived_again_not_revisited(tmp_path: Path, caplog):
    from govnews.archive.reader import warc_records
    from govnews.archive.writer import Exchange, WarcArchive
    from govnews.store import open_store

    page = Exchange("http://x.gov.cn/art/1.html", "GET", [("Accept", "text/html")], 200,
                    [("Content-Type", "text/html; charset=utf-8")], "<html><body><p>正文</p></body></html>".encode())
    with open_store(None, tmp_path) as store:
        first = WarcArchive(tmp_path, "20261101T000000Z", store)
        first_capture = first.write(page)
        first.close()
        (tmp_path / first_capture.warc).unlink()  # someone cleaned up old runs
        second = WarcArchive(tmp_path, "20261102T000000Z", store)
        again, revisit = second.write(page), second.write(page)
        second.close()
        assert not again.revisit and again.warc.startswith("runs/20261102T000000Z/")
        assert revisit.revisit and (revisit.warc, revisit.offset) == (again.warc, again.offset)  # the new copy
        assert store.capture_of_payload(store.captures_by_id([again.record_id])[again.record_id].payload_digest) \
            .record_id == again.record_id
    types = [record.rec_type for _, record in warc_records(tmp_path / again.warc, again.warc)]
    assert types.count("response") == 1 and types.count("revisit") == 1
    assert "missing" in caplog.text and first_capture.warc in caplog.text
