"""The store, on both backends: SQLite (a file in tmp_path) and PostgreSQL (a real server, a fresh database per test)."""

from __future__ import annotations

import copy
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

import pytest
from conftest import FIXTURES

from govnews.extraction import content_hash
from govnews.record.ids import article_id, canonicalize
from govnews.record.item import RECORD_FIELDS
from govnews.store import Outcome, StoreError, open_store
from govnews.store.migrations import LATEST_VERSION

from support.golden import load_cases

BASE = json.loads((FIXTURES / "golden" / "trs-xingfu-article" / "expected.json").read_text("utf-8"))
T1, T2, T3 = "2026-11-27T08:00:00Z", "2026-11-27T12:00:00Z", "2026-11-28T08:00:00Z"
TABLES = {"schema_migrations", "runs", "site_counts", "articles", "versions", "urls", "lock_owner",
          "signatures", "signature_bands"}


def make(url: str, *, site: str | None = "xingfu", body: str = "正文", title: str = "幸福街道开展垃圾分类宣传活动",
         published: str | None = "2023-02-14T10:30+08:00") -> dict:
    """A record as extraction makes it (the golden TRS record), for another URL, site, body or date."""
    record = copy.deepcopy(BASE)
    record.update(url=url, canonical_url=canonicalize(url), id=article_id(url), site=site, published=published,
                  title=title, paragraphs=[body])
    record["content_hash"] = content_hash(title, [body])
    return record


# --- fixtures -------------------------------------------------------------------------------------------
@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.e2e)])
def backend(request) -> str:
    return request.param


@pytest.fixture
def db(backend, request, tmp_path) -> str | None:
    """What open_store is given: None (SQLite at OUT/govnews.db) or a fresh database's URL."""
    return request.getfixturevalue("pg_url") if backend == "postgres" else None


@pytest.fixture
def opener(db, tmp_path):
    """Opens stores on the test's database (as many as a test wants); closes them afterwards."""
    opened = []

    def open_(**kwargs):
        store = open_store(db, tmp_path / "out", **kwargs)
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()


@pytest.fixture
def store(opener):
    return opener()


def query(store, sql, params=()):
    with store._tx(write=False):
        return store._query(sql, params)


# --- schema ---------------------------------------------------------------------------------------------
def test_schema_is_created_on_open_and_reopen_is_idempotent(opener, backend):
    first = opener()
    assert first.backend == backend
    assert TABLES <= first._tables()
    rows = query(first, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version")
    assert [r[0] for r in rows] == list(range(1, LATEST_VERSION + 1)) and first.schema_version() == LATEST_VERSION
    first.close()
    again = opener()
    assert query(again, "SELECT version, name, applied_at FROM schema_migrations ORDER BY version") == rows


def test_an_older_store_is_migrated_and_keeps_its_data(opener):
    old = opener()
    old.begin_run("r1", T1, "0.1.0", "p", ["xingfu"])
    record = make("http://www.example.gov.cn/a/1.html")
    old.record_article(record, "r1", T1)
    with old._tx(write=True):  # turn it back into a version-1 store
        old._exec("DROP TABLE signature_bands")
        old._exec("DROP TABLE signatures")
        old._exec("ALTER TABLE articles DROP COLUMN duplicate_of")
        old._exec("DROP TABLE listing_entries")
        old._exec("DELETE FROM schema_migrations WHERE version >= 2")
    assert old.schema_version() == 1 and "duplicate_of" not in old._columns("articles")
    old.close()
    store = opener()
    assert store.schema_version() == LATEST_VERSION
    assert "duplicate_of" in store._columns("articles") and {"signatures", "signature_bands", "listing_entries"} <= store._tables()
    assert store.article(record["id"])["content_hash"] == record["content_hash"]
    assert store.article(record["id"])["duplicate_of"] is None
    store.add_signature(record["id"], "xingfu", [1, 2], b"sig")
    assert store.signature_candidates([1, 9], exclude_site="other") == [(record["id"], "xingfu", b"sig")]


def test_a_store_newer_than_govnews_is_refused(opener):
    store = opener()
    with store._tx(write=True):
        store._exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (99, 'future', ?)", (T1,))
    store.close()
    with pytest.raises(StoreError, match="schema version 99 is newer"):
        opener()


def test_sqlite_runs_in_wal_mode(tmp_path):
    store = open_store(None, tmp_path)
    try:
        assert (tmp_path / "govnews.db").is_file()
        assert query(store, "PRAGMA journal_mode") == [("wal",)]
        assert query(store, "PRAGMA synchronous") == [(1,)]  # NORMAL
    finally:
        store.close()


def test_sqlite_urls_and_paths(tmp_path):
    path = tmp_path / "sub" / "x.db"
    for db in (f"sqlite:///{path}", str(path)):
        store = open_store(db, tmp_path / "unused")
        assert store.backend == "sqlite" and store.path == path
        store.close()
    assert path.is_file() and not (tmp_path / "unused").exists()


# --- articles -----------------------------------------------------------------------------------------------
def test_new_unchanged_updated(store):
    store.begin_run("r1", T1, "0.1.0", "p", ["xingfu"])
    first = make("http://www.example.gov.cn/a/1.html", body="第一版")
    assert store.record_article(first, "r1", T1) == Outcome("new", first["id"], None)
    assert store.record_article(first, "r2", T2) == Outcome("unchanged", first["id"], None)
    [version] = store.article_versions(first["id"])
    assert (version.first_seen, version.last_seen, version.first_run) == (T1, T2, "r1")

    edited = make("http://www.example.gov.cn/a/1.html", body="第二版")
    assert store.record_article(edited, "r3", T3) == Outcome("updated", first["id"], first["content_hash"])
    versions = store.article_versions(first["id"])
    assert [v.content_hash for v in versions] == [first["content_hash"], edited["content_hash"]]
    assert versions[0].record["paragraphs"] == ["第一版"] and versions[1].first_run == "r3"
    current = store.article(first["id"])
    assert current["paragraphs"] == ["第二版"] and current["content_hash"] == edited["content_hash"]
    assert store.article("0000000000000000") is None


def test_a_reverted_edit_is_an_update(store):
    original = make("http://www.example.gov.cn/a/2.html", body="原文")
    edited = make("http://www.example.gov.cn/a/2.html", body="改过")
    assert store.record_article(original, "r1", T1).kind == "new"
    assert store.record_article(edited, "r2", T2).kind == "updated"
    reverted = store.record_article(original, "r3", T3)
    assert reverted == Outcome("updated", original["id"], edited["content_hash"])
    assert [v.content_hash for v in store.article_versions(original["id"])] == [
        original["content_hash"], edited["content_hash"], original["content_hash"]]
    assert store.article(original["id"])["content_hash"] == original["content_hash"]
    [(kind, record)] = list(store.records_changed_in_run("r3"))
    assert (kind, record["id"], record["content_hash"]) == ("updated", original["id"], original["content_hash"])


def test_same_content_under_another_url_of_the_same_site_is_one_article(store):
    first = make("http://www.example.gov.cn/a/3.html", body="同一篇")
    copy_ = make("http://www.example.gov.cn/jddt/3.html", body="同一篇")
    assert store.record_article(first, "r1", T1).kind == "new"
    assert store.record_article(copy_, "r1", T2) == Outcome("duplicate_url", first["id"], None)
    assert store.article_urls(first["id"]) == [first["url"], copy_["url"]]
    assert store.article(copy_["id"]) is None
    assert store.url_info(copy_["url"]).article_id == first["id"]
    assert len(store.article_versions(first["id"])) == 1
    assert [kind for kind, _ in store.records_changed_in_run("r1")] == ["new"]


def test_same_content_on_another_site_is_a_new_article(store):
    here = make("http://www.example.gov.cn/a/4.html", site="xingfu", body="转载")
    there = make("http://other.example.gov.cn/b/4.html", site="other", body="转载")
    store.record_article(here, "r1", T1)
    assert store.record_article(there, "r1", T1) == Outcome("new", there["id"], None)
    assert store.article_urls(there["id"]) == [there["url"]]


def test_one_call_is_one_transaction(store, monkeypatch):
    record = make("http://www.example.gov.cn/a/5.html")

    def fail(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(store, "_upsert_url", fail)
    with pytest.raises(RuntimeError):
        store.record_article(record, "r1", T1)
    monkeypatch.undo()
    assert store.article(record["id"]) is None and store.article_versions(record["id"]) == []
    assert store.record_article(record, "r1", T1).kind == "new"


def test_a_real_record_round_trips_with_its_field_order(store):
    case = next(c for c in load_cases(FIXTURES / "golden") if c.name == "seed-quanchenglu")
    record = case.extract()
    store.record_article(record, "r1", T1)
    stored = store.article(record["id"])
    expected = {**record, "duplicate_of": None}  # the store's link, in its place among the fields
    assert list(stored) == [*RECORD_FIELDS, *([] if "duplicate_of" in RECORD_FIELDS else ["duplicate_of"])]
    assert json.dumps(stored, ensure_ascii=False) == json.dumps(expected, ensure_ascii=False)  # nested order too
    assert list(store.records_changed_in_run("r1")) == [("new", expected)]
    assert store.article_versions(record["id"])[0].record == record


def test_records_changed_in_run(store):
    a, b = make("http://www.example.gov.cn/a/10.html", body="甲"), make("http://www.example.gov.cn/a/11.html", body="乙")
    store.record_article(a, "r1", T1)
    store.record_article(b, "r1", T1)
    b2 = make(b["url"], body="乙改")
    c = make("http://www.example.gov.cn/a/12.html", body="丙")
    store.record_article(a, "r2", T2)  # unchanged: not a change
    store.record_article(b2, "r2", T2)
    store.record_article(c, "r2", T2)
    assert [(k, r["id"]) for k, r in store.records_changed_in_run("r1")] == [("new", a["id"]), ("new", b["id"])]
    changed = list(store.records_changed_in_run("r2"))
    assert [(k, r["id"]) for k, r in changed] == [("updated", b["id"]), ("new", c["id"])]
    assert changed[0][1]["paragraphs"] == ["乙改"]
    assert list(store.records_changed_in_run("r2", batch=1)) == changed  # read in batches, same order
    assert [store.count_changed_in_run(r) for r in ("r1", "r2", "nope")] == [2, 2, 0]
    assert list(store.records_changed_in_run("nope")) == []


def test_iter_records_filters_and_order(store):
    rows = [("b", "2024-03-01", "1"), ("a", "2024-01-05T09:00+08:00", "2"), ("a", "2024-02-01", "3"),
            ("a", None, "4"), ("b", "2023-12-31", "5"), ("c", "2024-02-10", "6")]
    for site, published, n in rows:
        store.record_article(make(f"http://{site}.example.cn/{n}.html", site=site, body=n, published=published), "r1", T1)
    order = [(r["site"], r["published"]) for r in store.iter_records()]
    assert order == [("a", "2024-02-01"), ("a", "2024-01-05T09:00+08:00"), ("a", None),
                     ("b", "2024-03-01"), ("b", "2023-12-31"), ("c", "2024-02-10")]
    since = [(r["site"], r["published"]) for r in store.iter_records(since=date(2024, 1, 5))]
    assert since == [("a", "2024-02-01"), ("a", "2024-01-05T09:00+08:00"), ("b", "2024-03-01"), ("c", "2024-02-10")]
    assert [r["site"] for r in store.iter_records(sites=["c", "b"])] == ["b", "b", "c"]
    assert [r["published"] for r in store.iter_records(since=date(2024, 2, 1), sites=["a"])] == ["2024-02-01"]
    assert list(store.iter_records(sites=[])) == []
    assert all("duplicate_of" in r for r in store.iter_records())


def test_iter_records_orders_same_day_by_id(store):
    records = [make(f"http://www.example.gov.cn/same/{n}.html", body=str(n), published="2024-05-01") for n in range(7)]
    for record in records:
        store.record_article(record, "r1", T1)
    assert [r["id"] for r in store.iter_records()] == sorted(r["id"] for r in records)


def test_duplicate_of_round_trip(store):
    original = make("http://a.example.cn/1.html", site="a", body="原创")
    reprint = make("http://b.example.cn/1.html", site="b", body="原创 转载")
    store.record_article(original, "r1", T1)
    store.record_article(reprint, "r1", T1)
    store.set_duplicate_of(reprint["id"], original["id"])
    assert store.article(reprint["id"])["duplicate_of"] == original["id"]
    assert store.article(original["id"])["duplicate_of"] is None
    assert {r["id"]: r["duplicate_of"] for r in store.iter_records()} == {
        original["id"]: None, reprint["id"]: original["id"]}
    assert [r["duplicate_of"] for _, r in store.records_changed_in_run("r1")] == [None, original["id"]]
    store.set_duplicate_of(reprint["id"], None)
    assert store.article(reprint["id"])["duplicate_of"] is None
    with pytest.raises(KeyError):
        store.set_duplicate_of("ffffffffffffffff", original["id"])


# --- URLs -------------------------------------------------------------------------------------------------
def test_mark_url_and_url_info(store):
    assert store.url_info("http://x.example.cn/list/") is None
    store.mark_url("http://x.example.cn/list/", kind="listing", status="200", site="x", run_id="r1", seen_at=T1)
    store.mark_url("http://x.example.cn/list/", kind="blocked", status="ruishu", site=None, run_id="r2", seen_at=T2)
    row = store.url_info("http://x.example.cn/list/")
    assert (row.kind, row.last_status, row.site, row.article_id, row.published) == ("blocked", "ruishu", "x", None, None)
    assert (row.first_seen, row.last_seen, row.first_run, row.last_run) == (T1, T2, "r1", "r2")
    with pytest.raises(ValueError):
        store.mark_url("http://x.example.cn/", kind="weird", status="200", site="x", run_id="r1", seen_at=T1)
    record = make("http://www.example.gov.cn/a/20.html", published="2023-02-14")
    store.record_article(record, "r1", T1)
    row = store.url_info(record["url"])
    assert (row.kind, row.last_status, row.site, row.article_id, row.published) == (
        "article", "200", "xingfu", record["id"], "2023-02-14")


def test_known_urls_in_chunks(store):
    known = [f"http://x.example.cn/k/{n}.html" for n in range(1200)]
    store.mark_urls(known, kind="listing", status="200", site="x", run_id="r1", seen_at=T1)
    store.mark_url("http://x.example.cn/art.html", kind="article", status="200", site="x", run_id="r1", seen_at=T1,
                   article_id="abcdef0123456789")
    wanted = known[::2] + [f"http://x.example.cn/unknown/{n}" for n in range(600)] + ["http://x.example.cn/art.html"]
    found = store.known_urls(iter(wanted))
    assert set(found) == set(known[::2]) | {"http://x.example.cn/art.html"}
    assert found["http://x.example.cn/art.html"].article_id == "abcdef0123456789"
    assert found[known[0]].kind == "listing" and found[known[0]].first_run == "r1"
    assert store.known_urls([]) == {}


def test_mark_gone_and_gone_in_run(store):
    record = make("http://www.example.gov.cn/a/30.html", body="将被删除")
    copy_ = make("http://www.example.gov.cn/b/30.html", body="将被删除")
    store.record_article(record, "r1", T1)
    store.record_article(copy_, "r1", T1)
    assert store.mark_gone(record["url"], "404", "r2", T2) is None  # another URL still shows it
    assert store.recent_article_urls("xingfu", date(2023, 1, 1)) == [copy_["url"]]
    assert store.gone_in_run("r2") == []
    assert store.mark_gone(copy_["url"], "410", "r2", T2) == record["id"]
    gone = store.gone_in_run("r2")
    assert [r["id"] for r in gone] == [record["id"]] and gone[0]["duplicate_of"] is None
    row = store.url_info(copy_["url"])
    assert (row.kind, row.last_status, row.last_run, row.article_id) == ("gone", "410", "r2", record["id"])
    assert store.mark_gone(copy_["url"], "404", "r3", T3) is None  # already gone
    assert store.gone_in_run("r3") == []
    assert store.recent_article_urls("xingfu", date(2023, 1, 1)) == []
    assert store.mark_gone("http://never.example.cn/", "404", "r3", T3) is None
    assert store.url_info("http://never.example.cn/").kind == "gone"
    # it comes back: live again
    assert store.record_article(record, "r4", T3).kind == "unchanged"
    assert store.recent_article_urls("xingfu", date(2023, 1, 1)) == [record["url"]]
    assert store.gone_in_run("r2") == []


def test_recent_article_urls(store):
    for n, (site, published) in enumerate([("a", "2024-05-02"), ("a", "2024-05-01T08:00+08:00"), ("a", "2024-04-30"),
                                           ("a", None), ("b", "2024-05-03")]):
        store.record_article(make(f"http://{site}.example.cn/{n}.html", site=site, body=str(n), published=published),
                             "r1", T1)
    assert store.recent_article_urls("a", date(2024, 5, 1)) == ["http://a.example.cn/0.html", "http://a.example.cn/1.html"]
    assert store.recent_article_urls("b", date(2024, 5, 4)) == []
    assert store.recent_article_urls("zzz", date(2000, 1, 1)) == []


# --- runs -----------------------------------------------------------------------------------------------------
def test_runs_begin_finish_and_unfinished(store):
    assert store.unfinished_run() is None and store.runs() == []
    store.begin_run("20261127T080000Z", T1, "0.1.0", "hash1", ["a", "b"])
    store.begin_run("20261127T080000Z", T1, "0.1.0", "hash1", ["a", "b"])  # resumed: the same run
    [run] = store.runs()
    assert (run.run_id, run.status, run.finished_at, run.sites) == ("20261127T080000Z", "running", None, ["a", "b"])
    assert store.unfinished_run() == run
    store.finish_run("20261127T080000Z", T2, "interrupted")
    assert store.unfinished_run() is None
    store.begin_run("20261127T120000Z", T2, "0.1.1", "hash2", ["a"])
    store.begin_run("20261128T080000Z", T3, "0.1.1", "hash2", ["街道"])
    assert store.unfinished_run().run_id == "20261128T080000Z"
    store.finish_run("20261128T080000Z", T3, "finished")
    assert store.unfinished_run().run_id == "20261127T120000Z"
    runs = store.runs()
    assert [r.run_id for r in runs] == ["20261128T080000Z", "20261127T120000Z", "20261127T080000Z"]
    assert (runs[0].status, runs[0].finished_at, runs[0].sites, runs[0].version) == ("finished", T3, ["街道"], "0.1.1")
    assert [r.run_id for r in store.runs(limit=1)] == ["20261128T080000Z"]
    with pytest.raises(ValueError):
        store.finish_run("20261127T120000Z", T3, "done")
    with pytest.raises(ValueError):
        store.finish_run("no-such-run", T3, "failed")


def test_site_counts_add_up(store):
    store.begin_run("r1", T1, "0.1.0", "p", ["a", "b"])
    store.add_site_counts("r1", "a", {"listing_pages": 2, "article_pages": 10, "new": 8, "unchanged": 2})
    store.add_site_counts("r1", "a", {"listing_pages": 1, "new": 1, "errors": 1})  # the resumed part
    store.add_site_counts("r1", "b", {"blocked": 1})
    store.add_site_counts("r2", "a", {"new": 100})
    counts = store.site_counts("r1")
    assert counts["a"] == {"listing_pages": 3, "article_pages": 10, "new": 9, "updated": 0, "unchanged": 2,
                           "blocked": 0, "errors": 1, "gone": 0}
    assert counts["b"]["blocked"] == 1 and sum(counts["b"].values()) == 1
    assert list(counts) == ["a", "b"] and store.site_counts("nope") == {}


# --- signatures -------------------------------------------------------------------------------------------
def test_signature_candidates(store):
    big = 2**64 - 5  # unsigned 64-bit band values are kept apart from small ones
    store.add_signature("a1", "a", [10, 20, 30, big], b"\x01\x02")
    store.add_signature("b1", "b", [10, 99, 98, 97], b"\x03")
    store.add_signature("b2", "b", [20, 10, 0, 0], b"\x04")  # the same values at other band indexes
    store.add_signature("c1", "c", [0, 0, 0, big], b"\x05")
    assert store.signature_candidates([10, 5, 5, 5], exclude_site="a") == [("b1", "b", b"\x03")]
    assert store.signature_candidates([10, 20, 5, 5], exclude_site="b") == [("a1", "a", b"\x01\x02")]
    assert store.signature_candidates([1, 2, 3, big], exclude_site="x") == [
        ("a1", "a", b"\x01\x02"), ("c1", "c", b"\x05")]
    assert store.signature_candidates([7, 7, 7, 7], exclude_site="x") == []
    store.add_signature("a1", "a", [11, 21, 31, 41], b"\x09")  # replaces the old bands
    assert store.signature_candidates([10, 20, 30, big], exclude_site="x") == [
        ("b1", "b", b"\x03"), ("c1", "c", b"\x05")]
    assert store.signature_candidates([5, 21, 5, 5], exclude_site="x") == [("a1", "a", b"\x09")]
    assert store.signature_candidates([], exclude_site="x") == []


# --- the lock --------------------------------------------------------------------------------------------------
def test_a_second_store_cannot_take_the_lock(opener):
    first, second = opener(), opener()
    assert first.lock_holder() is None
    assert first.try_lock("govnews crawl pid 1 run r1")
    assert first.try_lock("again")  # already ours
    assert not second.try_lock("govnews crawl pid 2")
    assert second.lock_holder() == "govnews crawl pid 1 run r1"
    first.release_lock()
    assert second.lock_holder() is None
    assert second.try_lock("govnews crawl pid 2")
    assert first.lock_holder() == "govnews crawl pid 2" and not first.try_lock("pid 1 again")
    second.close()  # closing releases too
    assert first.try_lock("pid 1 again")


CHILD = """
import sys, time
from govnews.store import open_store
store = open_store(sys.argv[1] or None, sys.argv[2])
assert store.try_lock("child holder")
print("locked", flush=True)
time.sleep(120)
"""


def test_a_lock_held_by_a_killed_process_is_free(opener, db, tmp_path):
    child = subprocess.Popen([sys.executable, "-c", CHILD, db or "", str(tmp_path / "out")], stdout=subprocess.PIPE,
                             text=True, cwd=Path(__file__).parent.parent)
    try:
        assert child.stdout.readline().strip() == "locked"
        store = opener()
        assert not store.try_lock("parent") and store.lock_holder() == "child holder"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
        child.stdout.close()
    deadline = time.monotonic() + 10  # a PostgreSQL server notices the dead client's session promptly
    while not store.try_lock("parent") and time.monotonic() < deadline:
        time.sleep(0.05)
    assert store.lock_holder() == "parent"


# --- errors ------------------------------------------------------------------------------------------------
def _one_line_error(excinfo, *names):
    message = str(excinfo.value)
    assert "\n" not in message and message
    for name in names:
        assert name in message, message
    return message


def test_unreachable_postgresql_is_a_store_error(tmp_path):
    with pytest.raises(StoreError) as excinfo:
        open_store("postgresql://govnews:secret@127.0.0.1:1/news", tmp_path, timeout=2)
    message = _one_line_error(excinfo, "127.0.0.1:1/news")
    assert "secret" not in message


def test_malformed_postgresql_url_is_a_store_error(tmp_path):
    with pytest.raises(StoreError) as excinfo:
        open_store("postgresql://127.0.0.1:notaport/news", tmp_path)
    _one_line_error(excinfo, "postgresql://127.0.0.1:notaport/news")


def test_missing_psycopg_is_a_store_error(tmp_path, monkeypatch):
    monkeypatch.setitem(sys.modules, "psycopg", None)
    with pytest.raises(StoreError) as excinfo:
        open_store("postgresql://127.0.0.1:5432/news", tmp_path)
    _one_line_error(excinfo, "psycopg", "127.0.0.1:5432/news")


def test_unwritable_sqlite_path_is_a_store_error(tmp_path):
    (tmp_path / "a-file").write_text("not a folder")
    for db in (str(tmp_path / "a-file" / "govnews.db"), str(tmp_path)):
        with pytest.raises(StoreError) as excinfo:
            open_store(db, tmp_path)
        _one_line_error(excinfo, db)
    with pytest.raises(StoreError) as excinfo:
        open_store(None, tmp_path / "a-file")
    _one_line_error(excinfo, str(tmp_path / "a-file" / "govnews.db"))


def test_corrupt_sqlite_file_is_a_store_error(tmp_path):
    path = tmp_path / "govnews.db"
    path.write_bytes(b"this is not a database, just some bytes" * 100)
    with pytest.raises(StoreError) as excinfo:
        open_store(None, tmp_path)
    _one_line_error(excinfo, str(path), "not a database")


def test_sqlite_store_locked_by_another_writer_is_a_store_error(tmp_path):
    store = open_store(None, tmp_path, timeout=0.2)
    other = sqlite3.connect(tmp_path / "govnews.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        started = time.monotonic()
        with pytest.raises(StoreError) as excinfo:
            store.record_article(make("http://www.example.gov.cn/a/40.html"), "r1", T1)
        assert time.monotonic() - started >= 0.15
        _one_line_error(excinfo, str(tmp_path / "govnews.db"), "locked")
        other.execute("ROLLBACK")
        assert store.record_article(make("http://www.example.gov.cn/a/40.html"), "r1", T1).kind == "new"
    finally:
        other.close()
        store.close()


def test_closed_store_is_a_store_error(store):
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.url_info("http://x.example.cn/")


def test_postgresql_is_installed_for_these_tests():
    from support.pgserver import NOT_INSTALLED, find_binaries

    assert find_binaries() is not None, NOT_INSTALLED


def test_listing_membership_and_delisting(store):
    """An entry that leaves its listing within the days the walked pages covered is reported once."""
    store.note_listing("xingfu", "街道动态", "r1", [("u/pin", "2020-01-01", True), ("u/a", "2026-11-25", False),
                                                   ("u/b", "2026-11-20", False), ("u/c", "2026-10-01", False)])
    # r2 walked only the first page: it shows a new entry, a, and not b; c lies beyond what was walked.
    store.note_listing("xingfu", "街道动态", "r2", [("u/pin", "2020-01-01", True), ("u/new", "2026-11-27", False),
                                                   ("u/a", "2026-11-25", False), ("u/d", "2026-11-10", False)])
    assert store.walked_columns("r2") == [("xingfu", "街道动态")]
    assert store.delist("xingfu", "街道动态", "r2") == ["u/b"]
    assert store.delisted_in_run("r2") == [("xingfu", "街道动态", "u/b")]
    assert store.delist("xingfu", "街道动态", "r2") == []  # reported once
    store.note_listing("xingfu", "街道动态", "r3", [("u/b", "2026-11-20", False)])  # it came back
    assert store.delisted_in_run("r2") == []
