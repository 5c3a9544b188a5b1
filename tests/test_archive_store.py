"""The store's side of the archive (migration 4), on SQLite and on a real PostgreSQL server: the payload index
behind revisit records, and run kinds (a reparse run is never resumed as a crawl)."""

from __future__ import annotations

import pytest

from govnews.store import StoredCapture, open_store
from govnews.store.migrations import LATEST_VERSION

T1, T2 = "2026-11-27T08:00:00Z", "2026-11-28T08:00:00Z"


@pytest.fixture(params=["sqlite", "postgres"])
def opener(request, tmp_path):
    db = request.getfixturevalue("pg_url") if request.param == "postgres" else None
    opened = []

    def open_():
        store = open_store(db, tmp_path / "out")
        opened.append(store)
        return store

    yield open_
    for store in opened:
        store.close()


def capture(n: int, digest: str = "sha1:AAAA", run: str = "r1", warc: str = "runs/r1/pages-00000.warc.gz",
            date: str = "2026-11-27T08:00:00.000001Z") -> StoredCapture:
    return StoredCapture(f"<urn:uuid:00000000-0000-0000-0000-{n:012d}>", digest, run, warc, n * 1000,
                         f"http://example.gov.cn/{n}.html", date)


def test_payloads_are_found_by_digest_first_capture_first(opener):
    store = opener()
    assert store.capture_of_payload("sha1:AAAA") is None
    later = capture(2, date="2026-11-28T08:00:00.000000Z", run="r2", warc="runs/r2/pages-00000.warc.gz")
    first = capture(1)
    store.add_capture(later)
    store.add_capture(first)
    store.add_capture(first)  # written once, however often it is offered
    store.add_capture(capture(3, digest="sha1:BBBB"))
    assert store.capture_of_payload("sha1:AAAA") == first
    assert store.capture_of_payload("sha1:BBBB").offset == 3000
    assert store.captures_by_id([first.record_id, later.record_id, "<urn:uuid:missing>"]) == {
        first.record_id: first, later.record_id: later}


def test_a_repaired_file_forgets_the_records_it_lost(opener):
    store = opener()
    for n in (1, 2, 3):
        store.add_capture(capture(n, digest=f"sha1:{n}"))
    store.add_capture(capture(4, digest="sha1:4", warc="runs/r1/pages-00001.warc.gz"))
    assert store.forget_captures_after("runs/r1/pages-00000.warc.gz", 2000) == 2
    assert store.capture_of_payload("sha1:1") is not None
    assert store.capture_of_payload("sha1:2") is None and store.capture_of_payload("sha1:3") is None
    assert store.capture_of_payload("sha1:4") is not None  # another file keeps its records


def test_a_reparse_run_is_never_resumed_as_a_crawl(opener):
    store = opener()
    store.begin_run("c1", T1, "0.1.0", "p", ["a"])
    store.finish_run("c1", T1, "finished")
    store.begin_run("r1", T2, "0.1.0", "p", ["a"], kind="reparse")  # killed: never finished
    assert store.unfinished_run() is None
    assert store.unfinished_run(kind="reparse").run_id == "r1"
    assert {r.run_id: r.kind for r in store.runs()} == {"c1": "crawl", "r1": "reparse"}
    with pytest.raises(ValueError, match="crawl or a reparse"):
        store.begin_run("x", T2, "0.1.0", "p", ["a"], kind="replay")


def test_a_store_of_schema_3_is_migrated_its_runs_become_crawls(opener):
    old = opener()
    old.begin_run("c1", T1, "0.1.0", "p", ["a"])
    with old._tx(write=True):  # back to a version-3 store
        old._exec("DROP TABLE captures")
        old._exec("ALTER TABLE runs DROP COLUMN kind")
        old._exec("DELETE FROM schema_migrations WHERE version >= 4")
    assert old.schema_version() == 3
    old.close()
    store = opener()
    assert store.schema_version() == LATEST_VERSION >= 4
    assert "captures" in store._tables() and [r.kind for r in store.runs()] == ["crawl"]
    assert store.unfinished_run().run_id == "c1"  # the interrupted crawl is still resumed
    store.add_capture(capture(1))
    assert store.capture_of_payload("sha1:AAAA") == capture(1)
