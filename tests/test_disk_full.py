"""A disk that fills while a run writes (a small file-size limit on the crawl process): a clear one-line
error, nothing half-written, and the next run recovers everything."""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys

import pytest

from govnews.archive.reader import read_payload
from govnews.demo.server import DemoPortal
from govnews.demo.world import DemoWorld
from govnews.runs import clock

pytestmark = pytest.mark.e2e  # crawls, servers or browsers in other processes

TODAY = clock.china_today()
CRAWL = [sys.executable, "-m", "govnews", "crawl", "--site", "demo-trs-xingfu,demo-trs-district,demo-trs-guangming,demo-vsb-*",
         "--no-delay", "--progress", "off"]


def crawl(env: dict, out, limit_bytes: int | None = None) -> subprocess.CompletedProcess:
    def limit():  # in the child only: every file it writes may grow to limit_bytes, then EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, limit_bytes))

    return subprocess.run([*CRAWL, "--out", str(out)], env=env, capture_output=True, text=True, timeout=600,
                          preexec_fn=limit if limit_bytes else None)


@pytest.fixture(scope="module")
def reference(tmp_path_factory):
    out = tmp_path_factory.mktemp("reference")
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        crawl(dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url), out)
    run = next((out / "runs").iterdir())
    return {(r["site"], r["content_hash"]) for r in map(json.loads, (run / "articles.jsonl").read_text("utf-8").splitlines())}


# SQLite: the database outgrows the limit mid-crawl; PostgreSQL: the run's WARC file does (it grows faster than the feed).
@pytest.mark.parametrize(("backend", "limit"), [("sqlite", 400_000), ("postgres", 60_000)])
def test_full_disk_stops_cleanly_and_the_next_run_recovers(reference, backend, limit, request, tmp_path):
    env = {}
    if backend == "postgres":  # the store is elsewhere: the limit hits the feed itself
        env["GOVNEWS_DB"] = request.getfixturevalue("pg_url")
    out = tmp_path / "out"
    with DemoPortal(DemoWorld(TODAY, 2)) as portal:
        env = dict(os.environ, GOVNEWS_DEMO_URL=portal.base_url, **env)
        full = crawl(env, out, limit_bytes=limit)
        assert full.returncode == 3, full.stderr
        lines = full.stderr.strip().splitlines()
        assert len(lines) == 1 and "stopped" in lines[0] and "the next crawl resumes it" in lines[0], lines
        assert any(why in lines[0] for why in ("File too large", "disk I/O error", "full")), lines[0]
        assert "Traceback" not in full.stderr
        run = next((out / "runs").iterdir())
        assert not (run / "articles.jsonl").exists()  # never a finished feed with lines missing
        again = crawl(env, out)
    assert again.returncode == 0, again.stderr
    assert "resuming the interrupted run" in again.stderr
    assert [p.name for p in (out / "runs").iterdir()] == [run.name]
    records = [json.loads(line) for line in (run / "articles.jsonl").read_text("utf-8").splitlines()]
    assert len(records) == len({r["id"] for r in records})
    assert {(r["site"], r["content_hash"]) for r in records} == reference
    # the archive too: the record cut off by the full disk is gone, every record's page is archived whole
    warcs = [str(p) for p in sorted(run.glob("pages-*.warc.gz"))]
    checked = subprocess.run([sys.executable, "-c", "import sys; from warcio.cli import main; main(sys.argv[1:])", "check",
                              *warcs], capture_output=True, text=True, timeout=300)
    assert warcs and checked.returncode == 0, checked.stdout
    for record in records:
        payload = read_payload(out / record["capture"]["warc"], record["capture"]["offset"])
        assert payload.status == 200 and payload.body
